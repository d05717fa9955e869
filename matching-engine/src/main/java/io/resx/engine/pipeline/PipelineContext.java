package io.resx.engine.pipeline;

import io.resx.engine.matching.MatchingEngine;
import io.resx.replay.CommandJournal;
import io.resx.replay.EventJournal;
import org.agrona.concurrent.EpochNanoClock;

import java.util.Objects;

/** Configuration of an {@link ExchangePipeline}; every setting has a default except the engine and sink. */
public final class PipelineContext
{
    /**
     * Default ring size: a power of two, small enough that the ring's slots stay in cache. A slot's command and
     * events are a few kilobytes, and the journaled stage reads back every slot of a release: with 4,096 slots
     * (~20 MB) each command's slot came from memory, and the journaled pipeline ran at 117–170 k commands/s; with
     * 256 at 263–290 k/s, the unjournaled one no slower (docs/PERFORMANCE.md "Pipeline layout"). Bursts wait in
     * the gateways' Aeron streams instead, which are made for it.
     */
    public static final int DEFAULT_RING_SIZE = 1 << 8;

    private int ringSize = DEFAULT_RING_SIZE;
    private WaitStrategyKind waitStrategy = WaitStrategyKind.BLOCKING;
    private PipelineLayout layout = PipelineLayout.forThisMachine();
    // nanoTime plus an epoch offset sampled at start: cheap and allocation-free per command.
    /**
     * Time is input: a pipeline given no clock stamps every command with the epoch (before every slot), so a run
     * never depends on the day it happens. A live engine node passes the system clock; replay the journal's stamps.
     */
    private EpochNanoClock clock = () -> 0L;
    private long lastSequence;
    private CommandJournal journal = CommandJournal.NONE;
    private EventJournal events = EventJournal.NONE;
    private MatchingEngine engine;
    private EventSink sink;

    /** @return slots in the ring, a power of two. */
    public int ringSize()
    {
        return ringSize;
    }

    /**
     * @param ringSize slots in the ring, a power of two.
     * @return this context.
     */
    public PipelineContext ringSize(final int ringSize)
    {
        if (Integer.bitCount(ringSize) != 1)
        {
            throw new IllegalArgumentException("ring size must be a power of two: " + ringSize);
        }
        this.ringSize = ringSize;
        return this;
    }

    /** @return how idle stages wait. */
    public WaitStrategyKind waitStrategy()
    {
        return waitStrategy;
    }

    /**
     * @param waitStrategy how idle stages wait.
     * @return this context.
     */
    public PipelineContext waitStrategy(final WaitStrategyKind waitStrategy)
    {
        this.waitStrategy = waitStrategy;
        return this;
    }

    /** @return how the journaled stages are laid on threads (by default what suits this machine's cores). */
    public PipelineLayout layout()
    {
        return layout;
    }

    /**
     * @param layout how the journaled stages are laid on threads; without a journal there is one stage either way.
     * @return this context.
     */
    public PipelineContext layout(final PipelineLayout layout)
    {
        this.layout = Objects.requireNonNull(layout, "layout");
        return this;
    }

    /** @return the sequencer's clock: the only clock in the pipeline. */
    public EpochNanoClock clock()
    {
        return clock;
    }

    /**
     * @param clock the sequencer's clock.
     * @return this context.
     */
    public PipelineContext clock(final EpochNanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /** @return the sequence number before the first command this pipeline will stamp. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /**
     * @param lastSequence sequence number already used (0 for a fresh start; the journal's last on recovery).
     * @return this context.
     */
    public PipelineContext lastSequence(final long lastSequence)
    {
        this.lastSequence = lastSequence;
        return this;
    }

    /** @return the journal stage. */
    public CommandJournal journal()
    {
        return journal;
    }

    /**
     * @param journal the journal stage.
     * @return this context.
     */
    public PipelineContext journal(final CommandJournal journal)
    {
        this.journal = journal;
        return this;
    }

    /** @return the events stage: where the publisher keeps each outcome before it lets it out. */
    public EventJournal events()
    {
        return events;
    }

    /**
     * @param events the {@code events} queue (needs a commands journal: without one nothing is kept).
     * @return this context.
     */
    public PipelineContext events(final EventJournal events)
    {
        this.events = events;
        return this;
    }

    /** @return the engine, owned by the engine stage's thread once the pipeline starts. */
    public MatchingEngine engine()
    {
        return engine;
    }

    /**
     * @param engine the engine.
     * @return this context.
     */
    public PipelineContext engine(final MatchingEngine engine)
    {
        this.engine = engine;
        return this;
    }

    /** @return where outcomes go. */
    public EventSink sink()
    {
        return sink;
    }

    /**
     * @param sink where outcomes go.
     * @return this context.
     */
    public PipelineContext sink(final EventSink sink)
    {
        this.sink = sink;
        return this;
    }
}
