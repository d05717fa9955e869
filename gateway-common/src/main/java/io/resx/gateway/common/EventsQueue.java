package io.resx.gateway.common;

import io.resx.replay.JournalContext;

import java.nio.file.Path;

/**
 * Where a gateway finds the engine's {@code events} queue on its machine: what it rebuilds its state from at start
 * and fills a gap of the live outcome stream from. A gateway names it by this type, not by the journal's own
 * settings, so that only gateway-common reads the queue (ARCHITECTURE.md: gateways depend on protocol and
 * gateway-common).
 */
public final class EventsQueue
{
    private final JournalContext context;

    private EventsQueue(final JournalContext context)
    {
        this.context = context;
    }

    /**
     * @param events the events queue's context ({@link JournalContext#events()}).
     * @return it, for a gateway; null for null (no queue on this machine).
     */
    public static EventsQueue of(final JournalContext events)
    {
        return events == null ? null : new EventsQueue(events);
    }

    /** @return the queue's folder. */
    public Path directory()
    {
        return context.directory();
    }

    /** @return the queue's settings, for the readers in this module. */
    JournalContext context()
    {
        return context;
    }

    @Override
    public String toString()
    {
        return context.directory().toString();
    }
}
