package io.resx.engine.node;

import io.resx.engine.pipeline.CommandFiller;

/** Submits one command to the sequencer, as the engine agent does for the node's own commands. */
public interface CommandSubmitter
{
    /**
     * @param filler fills the ring slot.
     * @param input  the filler's input.
     * @param <A>    input type.
     */
    <A> void submit(CommandFiller<A> filler, A input);
}
