package io.resx.engine.pipeline;

import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;

/**
 * Where the publisher stage sends outcomes: called once per command, in sequence order, only after the
 * command is journaled and processed. Runs on the publisher thread; must not keep references to its
 * arguments after returning, since the slot is reused.
 */
public interface EventSink
{
    /**
     * @param command the command.
     * @param events  what it caused: one ACCEPTED or REJECTED first, then its effects.
     */
    void onOutcome(Command command, EventLog events);

    /** End of a batch of commands the publisher took at once: flush buffered output here. */
    default void endOfBatch()
    {
    }
}
