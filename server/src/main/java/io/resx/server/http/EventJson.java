package io.resx.server.http;

import io.resx.gateway.common.EventVisibility;
import io.resx.gateway.common.Participant;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.ndjson.NdjsonEventWriter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders events as JSON objects with the batch output's {@link NdjsonEventWriter}, so the API, the WebSocket and
 * {@code ./resx batch} print an event the same way. What a participant may see is decided on the typed event
 * ({@link EventVisibility}) before rendering: an event it may not see is not rendered, a trade is rendered with its
 * side only. One per thread (the writer is not thread-safe).
 */
final class EventJson
{
    private final StringWriter text = new StringWriter(1024);
    private final NdjsonEventWriter writer;

    EventJson()
    {
        try
        {
            writer = new NdjsonEventWriter(text);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param events an outcome's events.
     * @return one JSON object per event, in order, whole.
     */
    List<String> render(final EventLog events)
    {
        final List<String> lines = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++)
        {
            lines.add(render(events.get(i), EventVisibility.ALL));
        }
        return lines;
    }

    /**
     * @param events an outcome's events.
     * @param viewer who will see them.
     * @return one JSON object per event the viewer may see, in order, as it may see it.
     */
    List<String> render(final EventLog events, final Participant viewer)
    {
        final List<String> lines = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++)
        {
            final EngineEvent event = events.get(i);
            final EventVisibility visibility = EventVisibility.of(event, viewer);
            if (visibility != EventVisibility.NONE)
            {
                lines.add(render(event, visibility));
            }
        }
        return lines;
    }

    /**
     * @param event      an event.
     * @param visibility what of it to show; not {@link EventVisibility#NONE}.
     * @return it as one JSON object.
     */
    String render(final EngineEvent event, final EventVisibility visibility)
    {
        text.getBuffer().setLength(0);
        try
        {
            writer.write(event, visibility != EventVisibility.SELL_SIDE, visibility != EventVisibility.BUY_SIDE);
            writer.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex); // a StringWriter does not fail
        }
        final StringBuffer buffer = text.getBuffer();
        final int end = buffer.length() > 0 && buffer.charAt(buffer.length() - 1) == '\n' ? buffer.length() - 1 :
            buffer.length();
        return buffer.substring(0, end);
    }
}
