package io.resx.perf;

import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.EventSink;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.pipeline.Sequencer;
import io.resx.engine.pipeline.WaitStrategyKind;
import io.resx.perf.workload.CommandRing;
import io.resx.perf.workload.MixSpec;
import io.resx.perf.workload.MixWorkload;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.replay.CommandJournal;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of the whole {@link ExchangePipeline}: sequencer, then the journal stage ({@link CommandJournal#NONE})
 * in parallel with the engine stage, then the publisher with a sink that only counts. The realistic mix of
 * {@link RealisticMixBenchmark} is the input.
 * <p>
 * The producer (this thread) submits pre-built commands, copied into ring slots by {@link Command#copyFrom};
 * they come from a window over the plan that the producer refills as it goes, so the refill is part of the
 * producer's measured work (a {@link Command} is about 2 KB, too big to pre-build millions). A round is the time
 * from its first submit until the sink has seen its last outcome. Wait strategies run one after the other, each
 * with a fresh engine, never side by side: idle yielding threads would steal the other pipeline's cores.
 * <p>
 * Run: {@code java <flags> -cp perf/target/benchmarks.jar io.resx.perf.PipelineThroughputHarness --rounds 7}.
 */
public final class PipelineThroughputHarness
{
    private static final String USAGE = "PipelineThroughputHarness [--rounds 7] [--round-commands 5000000] " +
        "[--warmup-commands 10000000] [--plan-commands 2000000] [--wait YIELDING,BLOCKING] [--ring-size 16384] " +
        "[--window 65536]";
    private static final CommandFiller<Command> COPY = (slot, prebuilt) -> slot.copyFrom(prebuilt);

    private PipelineThroughputHarness()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     */
    public static void main(final String[] args)
    {
        final HarnessArgs options = new HarnessArgs(args, USAGE,
            "rounds", "round-commands", "warmup-commands", "plan-commands", "wait", "ring-size", "window");
        final int rounds = options.intValue("rounds", 7);
        final int roundCommands = options.intValue("round-commands", 5_000_000);
        final int warmupCommands = options.intValue("warmup-commands", 10_000_000);
        final int ringSize = options.intValue("ring-size", PipelineContext.DEFAULT_RING_SIZE);
        final int window = options.intValue("window", 65_536);
        final MixWorkload workload = MixWorkload.generate(MixSpec.standard(options.intValue("plan-commands",
            MixSpec.STANDARD_MIX_COMMANDS)));
        System.out.print(workload.describe());
        System.out.println(Environment.describe());
        System.out.printf(Locale.ROOT, "ring %,d slots, producer window %,d commands, journal NONE%n", ringSize,
            window);

        for (final String name : options.stringValue("wait", "YIELDING,BLOCKING").split(","))
        {
            final WaitStrategyKind wait = WaitStrategyKind.valueOf(name.trim());
            final CountingSink sink = new CountingSink();
            final CommandRing source = new CommandRing(workload.plan(), window);
            final PipelineContext context = new PipelineContext()
                .engine(workload.newFixture().engine())
                .sink(sink)
                .journal(CommandJournal.NONE)
                .waitStrategy(wait)
                .ringSize(ringSize);
            final double[] perSecond = new double[rounds];
            try (ExchangePipeline pipeline = new ExchangePipeline(context))
            {
                final Cursor cursor = new Cursor(source);
                runRound(pipeline.sequencer(), cursor, sink, warmupCommands);
                for (int r = 0; r < rounds; r++)
                {
                    perSecond[r] = runRound(pipeline.sequencer(), cursor, sink, roundCommands);
                    System.out.printf(Locale.ROOT, "%-9s round %d: %,12.0f commands/s%n", wait, r + 1, perSecond[r]);
                }
            }
            Arrays.sort(perSecond);
            System.out.printf(Locale.ROOT, "%-9s median %,12.0f commands/s (min %,.0f, max %,.0f)%s%n", wait,
                perSecond[rounds / 2], perSecond[0], perSecond[rounds - 1],
                sink.rejects() == 0 ? "" : "  REJECTS: " + sink.rejects() + " (workload bug)");
        }
    }

    private static double runRound(
        final Sequencer sequencer, final Cursor cursor, final CountingSink sink, final int commands)
    {
        final long target = sink.published() + commands;
        final long startNs = System.nanoTime();
        for (int i = 0; i < commands; i++)
        {
            sequencer.submit(COPY, cursor.next());
        }
        while (sink.published() < target)
        {
            Thread.onSpinWait();
        }
        return commands * 1e9 / (System.nanoTime() - startNs);
    }

    /** The producer's walk over the plan's stream, refilling its window of pre-built commands as it goes. */
    private static final class Cursor
    {
        private final CommandRing ring;
        private int index;

        Cursor(final CommandRing ring)
        {
            this.ring = ring;
            index = ring.size();
        }

        Command next()
        {
            if (index == ring.size())
            {
                ring.refill();
                index = 0;
            }
            return ring.command(index++);
        }
    }

    /** Counts outcomes on the publisher thread and makes the count visible once per batch. */
    private static final class CountingSink implements EventSink
    {
        private final AtomicLong published = new AtomicLong();
        private long count;
        private long rejects;

        @Override
        public void onOutcome(final Command command, final EventLog events)
        {
            count++;
            if (events.get(0).type() == EventType.REJECTED)
            {
                rejects++;
            }
        }

        @Override
        public void endOfBatch()
        {
            published.lazySet(count);
        }

        long published()
        {
            return published.get();
        }

        long rejects()
        {
            return rejects;
        }
    }
}
