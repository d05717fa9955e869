package io.resx.engine.pipeline;

import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;

/**
 * One entry of the ring buffer: a command and the events it caused. Created once per slot when the ring is
 * built and reused for every command that passes through it.
 */
public final class CommandSlot
{
    private final Command command = new Command();
    private final EventLog events = new EventLog();

    /** @return the command, written by the producer, read by the stages. */
    public Command command()
    {
        return command;
    }

    /** @return the events, written by the engine stage, read by the publisher. */
    public EventLog events()
    {
        return events;
    }
}
