package io.resx.engine.node;

import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.pipeline.EventSink;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.pipeline.PipelineLayout;
import io.resx.engine.pipeline.Sequencer;
import io.resx.engine.pipeline.WaitStrategyKind;
import io.resx.engine.recovery.Recovery;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalPosition;
import io.resx.risk.AccountRegistry;
import org.agrona.concurrent.EpochNanoClock;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The engine node: the one place that builds the exchange core, for {@code serve}, {@code batch}, {@code replay}
 * and {@code simulate} alike. Two steps, so a process can read the recovered state before the engine thread owns it:
 * <ol>
 *   <li>{@link #recover}: the {@link StandardEngine} (or the caller's) — new, recovered from a journal it will
 *       append to ({@link JournalStartUp}: {@code commands} and {@code events} brought to the same sequence, the
 *       snapshotter started), or, read-only, rebuilt up to a sequence for a replay;</li>
 *   <li>{@link #start}: the pipeline — sequencer, journal ∥ risk + match, then the publisher that keeps each
 *       outcome in {@code events} before it hands the batch to the sink.</li>
 * </ol>
 * The Aeron input agent ({@link EngineAgent}) and outcome publisher ({@link AeronOutcomePublisher}) of a served
 * node live beside it in this package; {@code serve} wires them to its gateways.
 */
public final class EngineNode implements AutoCloseable
{
    /** How to build a node. Defaults: no journal, the standard engine, a clock at the epoch. */
    public static final class Context
    {
        private JournalContext journal;
        private boolean appending = true;
        private long untilSequence = Long.MAX_VALUE;
        private long snapshotEvery = Long.MAX_VALUE;
        private io.resx.engine.recovery.EngineFactory factory = StandardEngine.FACTORY;
        private EpochNanoClock clock = () -> 0L;
        private int ringSize = PipelineContext.DEFAULT_RING_SIZE;
        private WaitStrategyKind waitStrategy = WaitStrategyKind.BLOCKING;
        private PipelineLayout layout = PipelineLayout.forThisMachine();
        private Consumer<String> notes = line -> { };

        /**
         * @param journal       the journal to recover from and append to (its events queue beside it).
         * @param snapshotEvery commands between snapshots.
         * @return this context.
         */
        public Context appendTo(final JournalContext journal, final long snapshotEvery)
        {
            this.journal = journal;
            this.appending = true;
            this.snapshotEvery = snapshotEvery;
            return this;
        }

        /**
         * @param journal       a journal to rebuild the state from without writing to it (a replay).
         * @param untilSequence the last command applied.
         * @return this context.
         */
        public Context readAt(final JournalContext journal, final long untilSequence)
        {
            this.journal = journal;
            this.appending = false;
            this.untilSequence = untilSequence;
            return this;
        }

        /**
         * @param factory builds the engine (tests and the simulation size it their way).
         * @return this context.
         */
        public Context factory(final io.resx.engine.recovery.EngineFactory factory)
        {
            this.factory = factory;
            return this;
        }

        /**
         * @param clock the sequencer's clock: the only time the engine sees.
         * @return this context.
         */
        public Context clock(final EpochNanoClock clock)
        {
            this.clock = clock;
            return this;
        }

        /**
         * @param ringSize     ring slots, a power of two.
         * @param waitStrategy how the stages wait.
         * @return this context.
         */
        public Context ring(final int ringSize, final WaitStrategyKind waitStrategy)
        {
            this.ringSize = ringSize;
            this.waitStrategy = waitStrategy;
            return this;
        }

        /**
         * @param layout how the journaled stages are laid on threads (default: what suits this machine's cores).
         * @return this context.
         */
        public Context layout(final PipelineLayout layout)
        {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /**
         * @param notes receives what a person should know about recovery, one line each.
         * @return this context.
         */
        public Context notes(final Consumer<String> notes)
        {
            this.notes = notes;
            return this;
        }
    }

    private final Context context;
    private final MatchingEngine engine;
    private final JournalStartUp journal;
    private final JournalPosition position;
    private ExchangePipeline pipeline;

    private EngineNode(final Context context, final MatchingEngine engine, final JournalStartUp journal,
        final JournalPosition position)
    {
        this.context = context;
        this.engine = engine;
        this.journal = journal;
        this.position = position;
    }

    /**
     * @param context how to build it.
     * @return the node, its engine recovered and not yet owned by any thread.
     */
    public static EngineNode recover(final Context context)
    {
        if (context.journal == null)
        {
            return new EngineNode(context, context.factory.create(new AccountRegistry()), null, JournalPosition.START);
        }
        if (context.appending)
        {
            final JournalStartUp started = JournalStartUp.open(context.journal, context.snapshotEvery, context.notes);
            return new EngineNode(context, started.engine(), started, started.recovered().position());
        }
        final Recovery.Recovered state = Recovery.load(context.journal, context.factory, context.untilSequence, false,
            null);
        return new EngineNode(context, state.engine(), null, state.position());
    }

    /** @return the engine: read it only before {@link #start}, afterwards the engine thread owns it. */
    public MatchingEngine engine()
    {
        return engine;
    }

    /** @return the last command recovered (the journal position it came from); START for a new exchange. */
    public JournalPosition position()
    {
        return position;
    }

    /** @return the sequence the sequencer continues after. */
    public long lastSequence()
    {
        return position.sequence();
    }

    /** @return the journal start-up, or null when the node keeps no journal (or only reads one). */
    public JournalStartUp journal()
    {
        return journal;
    }

    /**
     * Starts the pipeline.
     *
     * @param sink receives each outcome, on the publisher thread, once both queues hold it.
     * @return this node.
     */
    public EngineNode start(final EventSink sink)
    {
        final PipelineContext pipelineContext = new PipelineContext()
            .engine(engine)
            .sink(Objects.requireNonNull(sink, "sink"))
            .clock(context.clock)
            .ringSize(context.ringSize)
            .waitStrategy(context.waitStrategy)
            .layout(context.layout)
            .lastSequence(position.sequence());
        if (journal != null)
        {
            pipelineContext.journal(journal.journal()).events(journal.events());
        }
        pipeline = new ExchangePipeline(pipelineContext);
        return this;
    }

    /** @return the pipeline's entrance; single producer. */
    public Sequencer sequencer()
    {
        return pipeline.sequencer();
    }

    /** @return the running pipeline (null before {@link #start}). */
    public ExchangePipeline pipeline()
    {
        return pipeline;
    }

    /** Drains and stops the pipeline (journals flushed and closed), then the snapshotter. */
    @Override
    public void close()
    {
        try
        {
            if (pipeline != null)
            {
                pipeline.close();
            }
        }
        finally
        {
            if (journal != null)
            {
                journal.close();
            }
        }
    }
}
