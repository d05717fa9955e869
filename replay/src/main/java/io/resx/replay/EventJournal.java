package io.resx.replay;

import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;

/**
 * The {@code events} stage: keeps each command's outcome. The publisher appends every outcome, flushes at the end
 * of each batch, and only then lets the batch's outcomes out to the gateways.
 */
public interface EventJournal extends AutoCloseable
{
    /** Keeps nothing: for runs whose output is itself the record (batch files, benchmarks, simulations). */
    EventJournal NONE = new EventJournal()
    {
        @Override
        public void append(final Command command, final EventLog events)
        {
        }

        @Override
        public void flush()
        {
        }

        @Override
        public void close()
        {
        }
    };

    /**
     * @param command the command as sequenced.
     * @param events  what it caused.
     */
    void append(Command command, EventLog events);

    /** Makes everything appended so far durable to the configured level; called at the end of each batch. */
    void flush();

    @Override
    void close();
}
