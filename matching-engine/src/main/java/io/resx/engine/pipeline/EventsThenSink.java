package io.resx.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.resx.replay.EventJournal;

/**
 * The publisher stage when there is an {@code events} queue: appends each outcome as it comes, and at the end of
 * the batch (or at a {@link SerialStage}'s release) flushes the queue, then hands the batch's outcomes to the
 * sink. The outcomes are read back from their ring slots, which no producer can reuse before this stage finishes
 * the batch: no copy, no allocation.
 */
final class EventsThenSink implements EventHandler<CommandSlot>
{
    private final EventJournal events;
    private final EventSink sink;
    private RingBuffer<CommandSlot> ring;
    private long batchStart = -1;

    EventsThenSink(final EventJournal events, final EventSink sink)
    {
        this.events = events;
        this.sink = sink;
    }

    /** Set once, right after the Disruptor starts and before any command is sequenced. */
    void ring(final RingBuffer<CommandSlot> ring)
    {
        this.ring = ring;
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (batchStart < 0)
        {
            batchStart = sequence;
        }
        events.append(slot.command(), slot.events());
        if (endOfBatch)
        {
            events.flush();
            for (long s = batchStart; s <= sequence; s++)
            {
                final CommandSlot released = ring.get(s);
                sink.onOutcome(released.command(), released.events());
            }
            sink.endOfBatch();
            batchStart = -1;
        }
    }
}
