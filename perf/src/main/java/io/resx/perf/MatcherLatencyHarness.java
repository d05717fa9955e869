package io.resx.perf;

import io.resx.engine.matching.MatchingEngine;
import io.resx.perf.workload.CommandRing;
import io.resx.perf.workload.MixCategory;
import io.resx.perf.workload.MixSpec;
import io.resx.perf.workload.MixWorkload;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import org.HdrHistogram.Histogram;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * Latency of the single-threaded matcher, one {@link MatchingEngine#process} call at a time, on the realistic
 * mix of {@link io.resx.perf.RealisticMixBenchmark}.
 * <p>
 * Each round has two passes over the same number of commands: a throughput pass that times only whole windows
 * of pre-filled commands, and a latency pass that brackets every call with {@link System#nanoTime()} into an
 * HdrHistogram (overall and per {@link MixCategory}). Refilling the window is outside both. The cost of an
 * empty timed bracket is measured and printed so the reader can subtract it. Bytes allocated by this thread
 * and collector runs are printed per round: the engine promises none on the order path.
 * <p>
 * Run: {@code java <flags> -cp perf/target/benchmarks.jar io.resx.perf.MatcherLatencyHarness --rounds 7}; add
 * {@code --risk 1} to run the same mix through the clearing risk stage (risk on vs off is the risk cost).
 */
public final class MatcherLatencyHarness
{
    private static final String USAGE = "MatcherLatencyHarness [--rounds 7] [--round-commands 5000000] " +
        "[--warmup-commands 10000000] [--plan-commands 2000000] [--window 4096] [--risk 0|1]";
    private static final long HIGHEST_NS = 10_000_000_000L;
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private MatcherLatencyHarness()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     */
    public static void main(final String[] args)
    {
        final HarnessArgs options = new HarnessArgs(args, USAGE,
            "rounds", "round-commands", "warmup-commands", "plan-commands", "window", "risk");
        final int rounds = options.intValue("rounds", 7);
        final int window = options.intValue("window", 4_096);
        final long roundCommands = roundUp(options.intValue("round-commands", 5_000_000), window);
        final long warmupCommands = roundUp(options.intValue("warmup-commands", 10_000_000), window);
        final MixWorkload workload = MixWorkload.generate(MixSpec.standard(options.intValue("plan-commands",
            MixSpec.STANDARD_MIX_COMMANDS)));
        System.out.print(workload.describe());
        System.out.println(Environment.describe());

        final boolean withRisk = options.intValue("risk", 0) != 0;
        System.out.println("risk stage: " + (withRisk ? "ClearingRisk (funded accounts)" : "none"));
        final MatchingEngine engine = workload.newFixture(withRisk).engine();
        final CommandRing ring = new CommandRing(workload.plan(), window);
        final EventLog events = new EventLog();
        final Histogram all = new Histogram(HIGHEST_NS, 3);
        final Histogram[] byCategory = new Histogram[MixCategory.values().length];
        for (int c = 0; c < byCategory.length; c++)
        {
            byCategory[c] = new Histogram(HIGHEST_NS, 3);
        }

        final long overheadNs = timerOverheadNs();
        System.out.printf(Locale.ROOT, "empty timed bracket (nanoTime; nanoTime): p50 %d ns — included in every " +
            "latency figure below%n", overheadNs);
        runThroughput(engine, ring, events, warmupCommands);
        runLatency(engine, ring, events, warmupCommands, all, byCategory);

        System.out.printf(Locale.ROOT, "%-6s %12s %8s %8s %8s %8s %10s %12s %6s%n",
            "round", "commands/s", "p50 ns", "p90 ns", "p99 ns", "p99.9 ns", "max ns", "alloc B/cmd", "GCs");
        final double[][] results = new double[rounds][];
        for (int r = 0; r < rounds; r++)
        {
            all.reset();
            Arrays.stream(byCategory).forEach(Histogram::reset);
            final long gcBefore = gcCount();
            final long allocBefore = Environment.allocatedBytes();
            final double throughput = runThroughput(engine, ring, events, roundCommands);
            final int rejects = runLatency(engine, ring, events, roundCommands, all, byCategory);
            final double allocPerCommand = (Environment.allocatedBytes() - allocBefore) / (2.0 * roundCommands);
            final long gcs = gcCount() - gcBefore;
            results[r] = new double[] {throughput, all.getValueAtPercentile(50), all.getValueAtPercentile(90),
                all.getValueAtPercentile(99), all.getValueAtPercentile(99.9), all.getMaxValue(), allocPerCommand, gcs};
            System.out.printf(Locale.ROOT, "%-6d %,12.0f %8.0f %8.0f %8.0f %8.0f %,10.0f %12.2f %6.0f%s%n", r + 1,
                results[r][0], results[r][1], results[r][2], results[r][3], results[r][4], results[r][5],
                results[r][6], results[r][7], rejects == 0 ? "" : "  REJECTS: " + rejects + " (workload bug)");
            if (r == rounds - 1)
            {
                printCategories(byCategory);
            }
        }
        final double[] median = new double[results[0].length];
        for (int column = 0; column < median.length; column++)
        {
            final double[] values = new double[rounds];
            for (int r = 0; r < rounds; r++)
            {
                values[r] = results[r][column];
            }
            Arrays.sort(values);
            median[column] = values[rounds / 2];
        }
        System.out.printf(Locale.ROOT, "%-6s %,12.0f %8.0f %8.0f %8.0f %8.0f %,10.0f %12.2f %6.0f%n", "median",
            median[0], median[1], median[2], median[3], median[4], median[5], median[6], median[7]);
    }

    private static double runThroughput(
        final MatchingEngine engine, final CommandRing ring, final EventLog events, final long commands)
    {
        long elapsedNs = 0;
        for (long done = 0; done < commands; done += ring.size())
        {
            ring.refill();
            final long startNs = System.nanoTime();
            for (int i = 0, n = ring.size(); i < n; i++)
            {
                engine.process(ring.command(i), events);
            }
            elapsedNs += System.nanoTime() - startNs;
        }
        return commands * 1e9 / elapsedNs;
    }

    private static int runLatency(
        final MatchingEngine engine, final CommandRing ring, final EventLog events, final long commands,
        final Histogram all, final Histogram[] byCategory)
    {
        int rejects = 0;
        for (long done = 0; done < commands; done += ring.size())
        {
            ring.refill();
            for (int i = 0, n = ring.size(); i < n; i++)
            {
                final long startNs = System.nanoTime();
                engine.process(ring.command(i), events);
                final long ns = System.nanoTime() - startNs;
                all.recordValue(ns);
                byCategory[ring.category(i)].recordValue(ns);
                if (events.get(0).type() == EventType.REJECTED)
                {
                    rejects++;
                }
            }
        }
        return rejects;
    }

    private static void printCategories(final Histogram[] byCategory)
    {
        System.out.println("last round by kind of command (ns, timer bracket included):");
        System.out.printf(Locale.ROOT, "  %-12s %10s %8s %8s %8s %8s %10s%n",
            "kind", "count", "p50", "p90", "p99", "p99.9", "max");
        for (final MixCategory category : MixCategory.values())
        {
            final Histogram h = byCategory[category.ordinal()];
            if (h.getTotalCount() == 0)
            {
                continue;
            }
            System.out.printf(Locale.ROOT, "  %-12s %,10d", category, h.getTotalCount());
            for (final double p : PERCENTILES)
            {
                System.out.printf(Locale.ROOT, " %8d", h.getValueAtPercentile(p));
            }
            System.out.printf(Locale.ROOT, " %,10d%n", h.getMaxValue());
        }
    }

    private static long timerOverheadNs()
    {
        final Histogram h = new Histogram(HIGHEST_NS, 3);
        for (int i = 0; i < 5_000_000; i++)
        {
            final long startNs = System.nanoTime();
            h.recordValue(System.nanoTime() - startNs);
        }
        return h.getValueAtPercentile(50);
    }

    private static long gcCount()
    {
        long count = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    private static long roundUp(final long value, final int multiple)
    {
        return (value + multiple - 1) / multiple * multiple;
    }
}
