package io.resx.perf.compare;

import io.resx.engine.pipeline.PipelineLayout;
import io.resx.protocol.FixedPoint;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ResX against exchange-core on exchange-core's own benchmark workload, side by side in one run on one machine.
 * <ol>
 *   <li>Loads {@code ../shared/workloads/exchange-core-margin} (relative to the repository root) and translates it
 *   to ResX commands ({@link MarginStream}); starts exchange-core in its own JVM ({@link PeerProcess}).</li>
 *   <li>Throughput: a warm-up round each, then rounds alternating peer, ResX (pipeline with {@code ClearingRisk},
 *   no journal), ResX with risk and the journals named by {@code --journal} (default both queues, as
 *   {@code resx serve} runs), peer with its disk journal; per engine the median and spread of commands/s, and
 *   for each pair (ResX(risk)/peer, ResX(risk+journals)/peer, ResX(risk+journals)/peer(journal)) the ratio per
 *   round and its median. {@code --risk off} runs ResX without risk (a reference).</li>
 *   <li>Books: after every full-stream round every engine's book must equal {@code margin-final-l2.txt}, level
 *   for level (price, size, orders); the run says so, and fails when they do not.</li>
 *   <li>Latency: each engine at fixed offered rates, sends spaced evenly, latency from the planned send time
 *   (no coordinated omission), HdrHistogram percentiles.</li>
 *   <li>Charts (PNG) of throughput per round and latency per rate, and a text summary.</li>
 * </ol>
 * Run with {@code perf/compare.sh} ({@code ./resx bench compare}); {@code --quick} is a smoke run, not a
 * measurement.
 */
public final class Compare
{
    private static final String USAGE = "Compare [--quick] [--rounds 5] [--rates 100000,500000,1000000] " +
        "[--latency-seconds 2] [--journal chronicle] [--layout serial|parallel] [--risk on|off] " +
        "[--peer-journal on|off] [--workload DIR] [--peer-jar JAR] [--out DIR] [--charts DIR]";
    private static final String PEER = "exchange-core";
    private static final String PEER_JOURNAL = "exchange-core+journal";
    private static final String RESX = "ResX";
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};
    private static final String[] PERCENTILE_NAMES = {"p50", "p90", "p99", "p99.9", "p99.99", "max"};

    private Compare()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     * @throws Exception when a run fails or the books disagree.
     */
    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = parse(args);
        final boolean quick = options.containsKey("quick");
        final int rounds = Integer.parseInt(options.getOrDefault("rounds", quick ? "2" : "5"));
        final double latencySeconds = Double.parseDouble(options.getOrDefault("latency-seconds", quick ? "0.5" : "2"));
        final long[] rates = Arrays.stream(options.getOrDefault("rates", quick ? "100000,500000" :
            "100000,500000,1000000").split(",")).mapToLong(r -> Long.parseLong(r.trim().replace("_", ""))).toArray();
        final int benchmarkLimit = quick ? 300_000 : Integer.MAX_VALUE;
        final Path workload = Path.of(options.getOrDefault("workload", "../shared/workloads/exchange-core-margin"));
        final Path peerJar = Path.of(options.getOrDefault("peer-jar",
            "perf/peer-exchange-core/target/peer-exchange-core.jar"));
        final Path out = Path.of(options.getOrDefault("out", "perf/results/compare"));
        final Path charts = Path.of(options.getOrDefault("charts", out.toString()));
        final JournalChoice journal = new JournalChoice(options.getOrDefault("journal", "chronicle"));
        final boolean risk = onOff(options.getOrDefault("risk", "on"), "risk");
        final boolean peerJournal = onOff(options.getOrDefault("peer-journal", "on"), "peer-journal");
        final PipelineLayout layout = PipelineLayout.named("--layout", options.getOrDefault("layout", ""));

        if (!Files.isRegularFile(workload.resolve("margin-benchmark.csv.gz")))
        {
            System.err.println("workload not found: " + workload.toAbsolutePath() + " needs margin-setup.csv, " +
                "margin-fill.csv.gz, margin-benchmark.csv.gz and margin-final-l2.txt (the shared folder next to the " +
                "repository, ../shared/workloads/exchange-core-margin); pass --workload DIR");
            System.exit(2);
        }
        if (!Files.isRegularFile(peerJar))
        {
            System.err.println("peer jar not found: " + peerJar + " (build: mvn -B -ntp -q -pl " +
                "perf/peer-exchange-core,perf -am package -DskipTests)");
            System.exit(2);
        }
        final StringBuilder report = new StringBuilder();
        final Report say = line ->
        {
            System.out.println(line);
            report.append(line).append('\n');
        };
        say.line(quick ? "QUICK SMOKE RUN: short stream, few rounds; the figures are not measurements" :
            "ResX vs exchange-core on exchange-core-margin");
        say.line(describeMachine());

        final long loadStartNs = System.nanoTime();
        final MarginStream stream = MarginStream.load(workload, benchmarkLimit);
        final int benchmarkCommands = stream.size() - stream.fillRows();
        final L2Book expected = L2Book.readDump(workload.resolve("margin-final-l2.txt"));
        say.line(String.format(Locale.ROOT, "workload: %,d fill + %,d benchmark commands, translated in %.1f s; " +
            "every command accepted by ResX; %,d MOVEs to the order's own price", stream.fillRows(),
            benchmarkCommands, (System.nanoTime() - loadStartNs) / 1e9, stream.samePriceMoves()));
        if (!quick)
        {
            final String difference = stream.translatedBook().firstDifference(expected);
            say.line("translation book vs margin-final-l2.txt: " + (difference == null ?
                "same, level for level (" + expected.describe() + ")" : "DIFFERENT: " + difference));
        }

        final ResxRunner resx = new ResxRunner(stream, new JournalChoice("none"), risk, layout);
        final ResxRunner resxJournal = new ResxRunner(stream, journal, risk, layout);
        final String resxName = RESX + (risk ? "(risk)" : "(no risk)");
        final String resxJournalName = RESX + (risk ? "(risk+" : "(no risk, ") + journalLabel(journal) + ")";
        final Map<String, List<Double>> perRound = new LinkedHashMap<>();
        perRound.put(PEER, new ArrayList<>());
        perRound.put(resxName, new ArrayList<>());
        perRound.put(resxJournalName, new ArrayList<>());
        perRound.put(PEER_JOURNAL, new ArrayList<>());
        final List<String> bookProblems = new ArrayList<>();
        final Map<String, Map<String, Double>> latencyUs = new LinkedHashMap<>();
        say.line("ResX: " + (risk ? "ClearingRisk on every command, every account funded (" +
            MarginStream.FUNDED_CASH / FixedPoint.ONE + " cash, " + MarginStream.FUNDED_UNITS / FixedPoint.ONE +
            " units)" : "no risk stage (--risk off: a reference, not the production path)") + "; journals: " +
            journal.name() + (journal.journals() ? " (" + journalLabel(journal) + "), pipeline layout " +
            layout.name().toLowerCase(Locale.ROOT) : ""));

        final Path peerJournalDir = peerJournal ? Files.createTempDirectory("resx-compare-peer-journal") : null;
        try (PeerProcess peer = new PeerProcess(javaLauncher(), peerJar, workload, null);
             PeerProcess peerJ = peerJournal ? new PeerProcess(javaLauncher(), peerJar, workload, peerJournalDir) :
                 null)
        {
            say.line("peer: exchange-core 0.5.3, 1 matching + 1 risk engine, YIELDING; " + PEER_JOURNAL + ": the " +
                "same with its disk journal (DiskSerializationProcessor, " + (peerJournal ? peerJournalDir :
                "NOT run: --peer-journal off") + "); each peer JVM is stopped (SIGSTOP) while it is not measured");
            say.line("warm-up: one round each");
            peer.throughput(benchmarkCommands);
            resx.throughput(benchmarkCommands);
            final ResxRunner.Run warmJournal = resxJournal.throughput(benchmarkCommands);
            if (warmJournal == null)
            {
                say.line(resxJournalName + ": " + resxJournal.unavailableReason() +
                    " — ResX with journaling NOT measured");
            }
            if (peerJ != null)
            {
                peerJ.throughput(benchmarkCommands);
            }

            for (int round = 1; round <= rounds; round++)
            {
                final PeerProcess.Run a = peer.throughput(benchmarkCommands);
                final L2Book peerBook = peer.book();
                final ResxRunner.Run b = resx.throughput(benchmarkCommands);
                final ResxRunner.Run c = warmJournal == null ? null : resxJournal.throughput(benchmarkCommands);
                final PeerProcess.Run d = peerJ == null ? null : peerJ.throughput(benchmarkCommands);
                final L2Book peerJournalBook = peerJ == null ? null : peerJ.book();
                perRound.get(PEER).add(a.perSecond());
                perRound.get(resxName).add(b.perSecond());
                final StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "round %d: %s %,11.0f/s  %s %,11.0f/s", round, PEER, a.perSecond(), resxName, b.perSecond()));
                if (c != null)
                {
                    perRound.get(resxJournalName).add(c.perSecond());
                    line.append(String.format(Locale.ROOT, "  %s %,11.0f/s", resxJournalName, c.perSecond()));
                }
                if (d != null)
                {
                    perRound.get(PEER_JOURNAL).add(d.perSecond());
                    line.append(String.format(Locale.ROOT, "  %s %,11.0f/s", PEER_JOURNAL, d.perSecond()));
                }
                say.line(line.toString());
                checkRun(PEER, a.failures(), peerBook, quick ? null : expected, round, bookProblems);
                checkRun(resxName, b.rejects(), b.book(), quick ? peerBook : expected, round, bookProblems);
                if (c != null)
                {
                    checkRun(resxJournalName, c.rejects(), c.book(), quick ? peerBook : expected, round,
                        bookProblems);
                }
                if (d != null)
                {
                    checkRun(PEER_JOURNAL, d.failures(), peerJournalBook, quick ? peerBook : expected, round,
                        bookProblems);
                }
            }
            perRound.values().removeIf(List::isEmpty);
            summarise(say, perRound);
            final Map<String, List<Double>> ratios = new LinkedHashMap<>();
            pair(say, ratios, perRound, resxName, PEER);
            pair(say, ratios, perRound, resxJournalName, PEER);
            pair(say, ratios, perRound, resxJournalName, PEER_JOURNAL);
            pair(say, ratios, perRound, PEER_JOURNAL, PEER);
            // drawn before the latency step, so that a failure there keeps the rounds' charts
            Charts.throughput(charts.resolve("compare-throughput.png"), "Throughput per round, exchange-core-margin" +
                (quick ? " (quick smoke run)" : ""), perRound);
            Charts.ratios(charts.resolve("compare-ratios.png"), "Throughput ratio per alternating round" +
                (quick ? " (quick smoke run)" : ""), ratios);
            say.line(bookProblems.isEmpty() ?
                "books: " + (quick ? "every engine agrees with exchange-core level for level after the same " +
                "(shortened) stream in every round (margin-final-l2.txt is checked on full runs only)" :
                "every engine ends every round in margin-final-l2.txt's book, level for level (" +
                expected.describe() + "), every command accepted") :
                "books DIFFER:\n  " + String.join("\n  ", bookProblems));

            say.line("latency from planned send time, µs: p50 / p90 / p99 / p99.9 / p99.99 / max " +
                "(achieved rate; 'not sustained' when the run took > 10 % longer than planned)");
            for (final long rate : rates)
            {
                final int count = (int)Math.min(benchmarkCommands, Math.max(1000, rate * latencySeconds));
                final PeerProcess.Run a = peer.latency(count, rate);
                latency(say, latencyUs, PEER, rate, count, a.elapsedNs(), a.latencyNs());
                final ResxRunner.Run b = resx.latency(count, rate);
                latency(say, latencyUs, resxName, rate, count, b.elapsedNs(), percentiles(b.latency()));
                if (warmJournal != null)
                {
                    final ResxRunner.Run c = resxJournal.latency(count, rate);
                    latency(say, latencyUs, resxJournalName, rate, count, c.elapsedNs(), percentiles(c.latency()));
                }
                if (peerJ != null)
                {
                    final PeerProcess.Run d = peerJ.latency(count, rate);
                    latency(say, latencyUs, PEER_JOURNAL, rate, count, d.elapsedNs(), d.latencyNs());
                }
            }
        }
        finally
        {
            if (peerJournalDir != null)
            {
                deleteTree(peerJournalDir);
            }
        }

        Files.createDirectories(out);
        Files.writeString(out.resolve("compare.txt"), report);
        Charts.latency(charts.resolve("compare-latency.png"), "Latency at fixed offered rates" +
            (quick ? " (quick smoke run)" : ""), latencyUs);
        System.out.println("summary in " + out.resolve("compare.txt") + ", charts in " + charts);
        if (!bookProblems.isEmpty())
        {
            System.exit(1);
        }
    }

    private static void checkRun(
        final String engine, final long failures, final L2Book book, final L2Book expected, final int round,
        final List<String> problems)
    {
        if (failures != 0)
        {
            problems.add(engine + " round " + round + ": " + failures + " commands refused");
        }
        final String difference = expected == null ? null : book.firstDifference(expected);
        if (difference != null)
        {
            problems.add(engine + " round " + round + ": " + difference);
        }
    }

    private static void summarise(final Report say, final Map<String, List<Double>> perRound)
    {
        perRound.forEach((engine, rounds) ->
        {
            final double[] sorted = rounds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            say.line(String.format(Locale.ROOT, "%-34s median %,12.0f commands/s  (min %,.0f, max %,.0f, %d rounds)",
                engine, median(sorted), sorted[0], sorted[sorted.length - 1], sorted.length));
        });
    }

    /** Says the ratio of two engines per alternating round (same round, one after the other) and its median. */
    private static void pair(
        final Report say, final Map<String, List<Double>> chart, final Map<String, List<Double>> perRound,
        final String engine, final String against)
    {
        final List<Double> mine = perRound.get(engine);
        final List<Double> theirs = perRound.get(against);
        if (mine == null || theirs == null)
        {
            say.line("ratio " + engine + " / " + against + ": NOT measured (one of them did not run)");
            return;
        }
        final double[] ratios = new double[mine.size()];
        final StringBuilder each = new StringBuilder();
        final List<Double> series = new ArrayList<>();
        for (int i = 0; i < ratios.length; i++)
        {
            ratios[i] = mine.get(i) / theirs.get(i);
            series.add(ratios[i]);
            each.append(String.format(Locale.ROOT, " %.2f", ratios[i]));
        }
        chart.put(engine + " / " + against, series);
        Arrays.sort(ratios);
        say.line(String.format(Locale.ROOT, "ratio %s / %s per pair:%s  median %.2f", engine, against, each,
            median(ratios)));
    }

    private static void latency(
        final Report say, final Map<String, Map<String, Double>> chart, final String engine, final long rate,
        final int count, final long elapsedNs, final long[] ns)
    {
        final double plannedNs = count * 1e9 / rate;
        final double achieved = count * 1e9 / elapsedNs;
        say.line(String.format(Locale.ROOT, "  %,9d/s %-26s %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f   (%,.0f/s%s)", rate,
            engine, ns[0] / 1e3, ns[1] / 1e3, ns[2] / 1e3, ns[3] / 1e3, ns[4] / 1e3, ns[5] / 1e3, achieved,
            elapsedNs > plannedNs * 1.1 ? ", not sustained" : ""));
        final Map<String, Double> columns = chart.computeIfAbsent(engine, e -> new LinkedHashMap<>());
        for (final int i : new int[] {0, 2, 3, 5})
        {
            columns.put(String.format(Locale.ROOT, "%dk %s", rate / 1000, PERCENTILE_NAMES[i]),
                Math.max(0.1, ns[i] / 1e3));
        }
    }

    private static long[] percentiles(final Histogram histogram)
    {
        final long[] values = new long[PERCENTILES.length + 1];
        for (int i = 0; i < PERCENTILES.length; i++)
        {
            values[i] = histogram.getValueAtPercentile(PERCENTILES[i]);
        }
        values[PERCENTILES.length] = histogram.getMaxValue();
        return values;
    }

    private static double median(final double[] sorted)
    {
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static boolean onOff(final String value, final String option)
    {
        if (!"on".equals(value) && !"off".equals(value))
        {
            throw new IllegalArgumentException("--" + option + " takes on or off, not " + value);
        }
        return "on".equals(value);
    }

    private static String journalLabel(final JournalChoice journal)
    {
        switch (journal.name())
        {
            case "chronicle":
                return "both journals";
            case "chronicle-sync":
                return "both journals, fsync";
            case "commands-only":
                return "commands journal only";
            default:
                return "journal " + journal.name();
        }
    }

    private static void deleteTree(final Path directory) throws IOException
    {
        try (java.util.stream.Stream<Path> paths = Files.walk(directory))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static String javaLauncher()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String describeMachine()
    {
        return String.format(Locale.ROOT, "machine: %d cores, %s %s (%s), load average %s", Runtime.getRuntime()
            .availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
            System.getProperty("java.home"), loadAverage());
    }

    private static String loadAverage()
    {
        try
        {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }

    private static Map<String, String> parse(final String[] args)
    {
        final List<String> names = List.of("rounds", "rates", "latency-seconds", "journal", "workload", "peer-jar",
            "out", "charts", "risk", "peer-journal", "layout");
        final Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++)
        {
            if ("--quick".equals(args[i]))
            {
                options.put("quick", "true");
            }
            else if (args[i].startsWith("--") && names.contains(args[i].substring(2)) && i + 1 < args.length)
            {
                options.put(args[i].substring(2), args[++i]);
            }
            else
            {
                throw new IllegalArgumentException("unexpected argument " + args[i] + "\n" + USAGE);
            }
        }
        return options;
    }

    /** Prints a line and keeps it for the summary file. */
    @FunctionalInterface
    private interface Report
    {
        void line(String text);
    }
}
