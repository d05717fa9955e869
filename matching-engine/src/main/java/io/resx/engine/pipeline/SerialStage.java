package io.resx.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.resx.engine.matching.MatchingEngine;
import io.resx.replay.CommandJournal;

/**
 * The whole journaled pipeline on one thread ({@link PipelineLayout#SERIAL}), in the order the parallel layout
 * guarantees: each command journaled, processed, its outcome kept in the {@code events} queue; at a release both
 * queues are flushed, commands first, and only then the outcomes since the last release handed out.
 * <p>
 * A release comes at the end of each Disruptor batch, and at the latest every {@link #MAX_RELEASE} commands:
 * the outcomes wait in their ring slots until they are handed out, so this bounds how long an outcome waits for
 * the rest of its batch and how many slots a release reads back (a slot's command and events are a few
 * kilobytes; what keeps them in cache is mostly the ring's size, {@link PipelineContext#DEFAULT_RING_SIZE}).
 * <p>
 * At each release the slots handed out are given back to the producer at once ({@link #setSequenceCallback}),
 * not at the end of the Disruptor batch: with a small ring the producer, waiting for room, would otherwise refill
 * only after the whole batch, and this stage would then wait for it (on the 2-core VM the stage spent a quarter
 * of its time yielding for input that way; docs/PERFORMANCE.md, "Issue 16, session 7").
 */
final class SerialStage implements EventHandler<CommandSlot>
{
    /** Commands between releases at most. */
    static final int MAX_RELEASE = 64;

    private final CommandJournal journal;
    private final MatchingEngine engine;
    private final EventsThenSink publisher;
    private int sinceRelease;
    private Sequence released = new Sequence(); // replaced by the processor's own sequence before the start

    SerialStage(final CommandJournal journal, final MatchingEngine engine, final EventsThenSink publisher)
    {
        this.journal = journal;
        this.engine = engine;
        this.publisher = publisher;
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        journal.append(slot.command());
        engine.process(slot.command(), slot.events());
        final boolean release = endOfBatch || ++sinceRelease >= MAX_RELEASE;
        if (release)
        {
            journal.flush();
            sinceRelease = 0;
        }
        publisher.onEvent(slot, sequence, release);
        if (release)
        {
            released.set(sequence); // the slots up to here are journaled, processed and handed out: free
        }
    }

    @Override
    public void setSequenceCallback(final Sequence sequenceCallback)
    {
        released = sequenceCallback;
    }
}
