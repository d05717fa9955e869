package io.resx.engine.pipeline;

import io.resx.protocol.command.Command;

/**
 * Writes one input into a ring slot's command, on the producer's thread. A static or long-lived instance,
 * not a capturing lambda per call, keeps publishing allocation-free.
 *
 * @param <A> the input type.
 */
@FunctionalInterface
public interface CommandFiller<A>
{
    /**
     * @param command a reset command to fill.
     * @param input   the input to translate.
     */
    void fill(Command command, A input);
}
