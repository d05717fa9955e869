package io.resx.replay;

import io.resx.protocol.command.Command;

/**
 * The journal stage: makes sequenced commands durable. The pipeline releases a command's outcome only once
 * the journal has passed it, so what a client sees acknowledged is never lost.
 */
public interface CommandJournal extends AutoCloseable
{
    /** Keeps nothing: for runs whose input is itself the record (batch files, benchmarks). */
    CommandJournal NONE = new CommandJournal()
    {
        @Override
        public void append(final Command command)
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
     * Appends one sequenced command.
     *
     * @param command the command, stamped by the sequencer.
     */
    void append(Command command);

    /** Makes everything appended so far durable to the configured level; called at the end of each batch. */
    void flush();

    @Override
    void close();
}
