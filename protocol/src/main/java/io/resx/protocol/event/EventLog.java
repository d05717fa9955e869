package io.resx.protocol.event;

import java.util.Arrays;

/**
 * The events one command caused, in order: a pool of {@link EngineEvent}s that belongs to one ring slot and
 * grows only past its high-water mark, so a steady stream of commands allocates nothing.
 */
public final class EventLog
{
    private EngineEvent[] events = new EngineEvent[2];
    private int size;

    /** An empty log. */
    public EventLog()
    {
        for (int i = 0; i < events.length; i++)
        {
            events[i] = new EngineEvent();
        }
    }

    /** Forgets every event; their objects are kept for reuse. */
    public void clear()
    {
        size = 0;
    }

    /**
     * @return the next event slot, to be started with {@link EngineEvent#start}.
     */
    public EngineEvent add()
    {
        if (size == events.length)
        {
            final int oldLength = events.length;
            events = Arrays.copyOf(events, oldLength * 2);
            for (int i = oldLength; i < events.length; i++)
            {
                events[i] = new EngineEvent();
            }
        }
        return events[size++];
    }

    /** @return number of events. */
    public int size()
    {
        return size;
    }

    /**
     * @param index 0-based, below {@link #size()}.
     * @return the event.
     */
    public EngineEvent get(final int index)
    {
        if (index >= size)
        {
            throw new IndexOutOfBoundsException(index);
        }
        return events[index];
    }
}
