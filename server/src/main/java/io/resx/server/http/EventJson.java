package io.resx.server.http;

import io.resx.protocol.event.EventLog;
import io.resx.protocol.ndjson.NdjsonEventWriter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders an outcome's events as JSON objects with the batch output's {@link NdjsonEventWriter}, so the API, the
 * WebSocket and {@code ./resx batch} print an event the same way. One per thread (the writer is not thread-safe).
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
     * @return one JSON object per event, in order.
     */
    List<String> render(final EventLog events)
    {
        text.getBuffer().setLength(0);
        try
        {
            writer.write(events);
            writer.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex); // a StringWriter does not fail
        }
        final List<String> lines = new ArrayList<>(events.size());
        final StringBuffer buffer = text.getBuffer();
        int start = 0;
        for (int i = 0; i < buffer.length(); i++)
        {
            if (buffer.charAt(i) == '\n')
            {
                lines.add(buffer.substring(start, i));
                start = i + 1;
            }
        }
        return lines;
    }
}
