package io.resx.engine.pipeline;

import com.lmax.disruptor.RingBuffer;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.RejectReason;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The pipeline's entrance: gives each command the next sequence number and the sequencer's time, then
 * publishes it to the stages. Sequence numbers are 1-based and gap-free; the journal and replay rely on it.
 * <p>
 * Single producer: one thread submits. Gateways that run on other threads hand their input to that thread.
 */
public final class Sequencer
{
    private final RingBuffer<CommandSlot> ring;
    private final EpochNanoClock clock;
    private long lastSequence;

    Sequencer(final RingBuffer<CommandSlot> ring, final EpochNanoClock clock, final long lastSequence)
    {
        this.ring = ring;
        this.clock = clock;
        this.lastSequence = lastSequence;
    }

    /**
     * Fills, stamps and publishes one command, waiting for a free slot if the ring is full (back-pressure
     * reaches the producer instead of dropping input).
     *
     * @param filler translates the input into the slot's command.
     * @param input  the input.
     * @param <A>    input type.
     * @return the sequence number given to the command.
     */
    public <A> long submit(final CommandFiller<A> filler, final A input)
    {
        final long ringSequence = ring.next();
        final Command command = ring.get(ringSequence).command();
        try
        {
            command.reset();
            filler.fill(command, input);
        }
        catch (final RuntimeException ex)
        {
            // A translator bug must not stall the ring or skip a sequence number: the input becomes a reject.
            command.invalid(RejectReason.MALFORMED, "unreadable input: " + ex);
        }
        finally
        {
            command.stamp(++lastSequence, clock.nanoTime());
            ring.publish(ringSequence);
        }
        return lastSequence;
    }

    /** @return the sequence number given to the latest command. */
    public long lastSequence()
    {
        return lastSequence;
    }
}
