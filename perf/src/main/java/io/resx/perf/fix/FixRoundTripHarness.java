package io.resx.perf.fix;

import org.HdrHistogram.Histogram;
import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.ScreenLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * NewOrderSingle → first ExecutionReport round trip over loopback TCP, at fixed offered rates, from N
 * QuickFIX/J initiator sessions in this JVM, against a server in <em>its own</em> JVM ({@link FixRoundTripServer},
 * started by this harness with the same JVM flags): either the ResX order path (FIX gateway, Aeron IPC, sequencer,
 * journal stage, risk, matcher, publisher) or a bare QuickFIX/J acceptor that only echoes an ExecutionReport (the
 * FIX engine's own cost). Latency is measured from each order's planned send time, so a stalled sender shows up in
 * the figures (no coordinated omission).
 * <pre>
 *   java $FLAGS -cp perf/target/benchmarks.jar io.resx.perf.fix.FixRoundTripHarness \
 *       --targets echo,resx,resx:yielding --rounds 3 --rates 10000,50000,100000 --seconds 5 --warmup 30 \
 *       --sessions 10 [--set key=value ...]
 * </pre>
 * Each round starts a fresh server for every target in turn (so the targets alternate): {@code echo}, {@code resx}
 * (the serve defaults: {@code idle.profile=shared}), or {@code resx:PROFILE} ({@code idle.profile=PROFILE}, e.g.
 * {@code yielding}); {@code --set} applies to every ResX server. At the end: per target and rate the medians over
 * rounds, and for each ResX target the median of the per-round ratios of its p50 to the echo's.
 * Before each measured stretch a warm-up of {@code --warmup} seconds ramps the offered rate in ten equal steps
 * from a tenth of the rate to the rate, then waits for its answers: the JIT compiles the whole order path (on two
 * cores C2 is still busy 20 s into a run at the full rate) at a load the server keeps up with, as a venue warms
 * its JVMs before the open. Rejects during the warm-up are counted and printed; a reject in a measured stretch
 * ends the run (it measures nothing).
 * Orders are IOC buys far below any offer on one instrument: each is accepted, then its rest cancelled, so the
 * book stays empty and every run sees the same work per order.
 */
public final class FixRoundTripHarness
{
    private static final String SYMBOL = "SPEC.3550-3560.CELL041";
    private static final int SENT = 0;
    private static final int ANSWERED = 1;
    private static final int P50 = 2;
    private static final int P99 = 3;
    private static final int P999 = 4;
    private static final int MAX = 5;
    private static final int RAMP_STEPS = 10;

    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    private long[] plannedNs;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private boolean[] answered = new boolean[0];
    private volatile int stretch;
    private volatile boolean recording;

    /**
     * @param args see the class comment.
     * @throws Exception on any failure.
     */
    public static void main(final String[] args) throws Exception
    {
        String targets = "echo,resx,resx:yielding";
        String rates = "10000,50000,100000";
        int rounds = 3;
        int seconds = 5;
        int warmup = 30;
        int sessions = 10;
        final List<String> settings = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--targets", "--target" -> targets = args[i + 1];
                case "--rates" -> rates = args[i + 1];
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--sessions" -> sessions = Integer.parseInt(args[i + 1]);
                case "--set" -> settings.add(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        final String[] targetList = targets.split(",");
        final int[] rateList = Arrays.stream(rates.split(",")).mapToInt(r -> Integer.parseInt(r.trim())).toArray();
        new FixRoundTripHarness().run(targetList, rateList, rounds, seconds, warmup, sessions, settings);
    }

    private void run(final String[] targets, final int[] rates, final int rounds, final int seconds, final int warmup,
        final int sessions, final List<String> settings) throws Exception
    {
        System.out.printf(Locale.ROOT, "targets=%s sessions=%d rounds=%d cores=%d java=%s%n", String.join(",", targets),
            sessions, rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        final double[][][][] results = new double[targets.length][rounds][rates.length][];
        for (int round = 0; round < rounds; round++)
        {
            for (int t = 0; t < targets.length; t++)
            {
                System.out.printf(Locale.ROOT, "round %d target %s (load average %s)%n", round + 1, targets[t],
                    loadAverage());
                System.out.printf(Locale.ROOT, "%8s %9s %9s %10s %10s %10s %10s%n", "offered", "sent", "answered",
                    "p50 us", "p99 us", "p99.9 us", "max us");
                results[t][round] = runTarget(targets[t], rates, seconds, warmup, sessions, settings);
            }
        }
        summarise(targets, rates, rounds, results);
    }

    private double[][] runTarget(final String target, final int[] rates, final int seconds, final int warmup,
        final int sessions, final List<String> settings) throws Exception
    {
        final int port = freePort();
        final Path dir = Files.createTempDirectory("resx-fix-bench");
        final List<String> serverSettings = new ArrayList<>(settings);
        final String kind = target.contains(":") ? target.substring(0, target.indexOf(':')) : target;
        if (target.contains(":"))
        {
            serverSettings.add("idle.profile=" + target.substring(target.indexOf(':') + 1));
        }
        final Process server = startServer(kind, port, sessions, dir, serverSettings);
        final double[][] byRate = new double[rates.length][];
        try
        {
            final SocketInitiator initiator = initiator(port, sessions);
            try
            {
                final Session[] clients = awaitLogons(initiator, sessions);
                for (int r = 0; r < rates.length; r++)
                {
                    warmUp(clients, rates[r], warmup);
                    final long sent = runRate(clients, rates[r], seconds, true);
                    byRate[r] = new double[] {sent, received.get(), histogram.getValueAtPercentile(50) / 1e3,
                        histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3,
                        histogram.getMaxValue() / 1e3};
                    System.out.printf(Locale.ROOT, "%8d %9.0f %9.0f %10.1f %10.1f %10.1f %10.1f%n", rates[r],
                        byRate[r][SENT], byRate[r][ANSWERED], byRate[r][P50], byRate[r][P99], byRate[r][P999],
                        byRate[r][MAX]);
                    if (rejected.get() > 0)
                    {
                        throw new IllegalStateException(rejected.get() + " orders rejected: the run measures nothing");
                    }
                }
            }
            finally
            {
                initiator.stop(true);
            }
        }
        finally
        {
            stopServer(server);
        }
        return byRate;
    }

    private static void summarise(final String[] targets, final int[] rates, final int rounds,
        final double[][][][] results)
    {
        System.out.printf(Locale.ROOT, "medians of %d rounds:%n%-16s %8s %12s %10s %10s%n", rounds, "target",
            "offered", "answered %", "p50 us", "p99 us");
        for (int t = 0; t < targets.length; t++)
        {
            for (int r = 0; r < rates.length; r++)
            {
                final int target = t;
                final int rate = r;
                System.out.printf(Locale.ROOT, "%-16s %8d %12.1f %10.1f %10.1f%n", targets[t], rates[r],
                    median(rounds, i -> 100.0 * results[target][i][rate][ANSWERED] / results[target][i][rate][SENT]),
                    median(rounds, i -> results[target][i][rate][P50]), median(rounds, i -> results[target][i][rate][P99]));
            }
        }
        final int echo = Arrays.asList(targets).indexOf("echo");
        if (echo < 0)
        {
            return;
        }
        for (int t = 0; t < targets.length; t++)
        {
            if (t == echo)
            {
                continue;
            }
            for (int r = 0; r < rates.length; r++)
            {
                final StringBuilder pairs = new StringBuilder();
                final double[] ratios = new double[rounds];
                for (int i = 0; i < rounds; i++)
                {
                    ratios[i] = results[t][i][r][P50] / results[echo][i][r][P50];
                    pairs.append(String.format(Locale.ROOT, " %.2f", ratios[i]));
                }
                final double[] sorted = ratios.clone();
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "p50 %s / echo at %d/s per round:%s  median %.2f%n", targets[t], rates[r],
                    pairs, sorted[rounds / 2]);
            }
        }
    }

    private static double median(final int rounds, final java.util.function.IntToDoubleFunction value)
    {
        final double[] values = new double[rounds];
        for (int i = 0; i < rounds; i++)
        {
            values[i] = value.applyAsDouble(i);
        }
        Arrays.sort(values);
        return values[rounds / 2];
    }

    private static Process startServer(final String target, final int port, final int sessions, final Path dir,
        final List<String> settings) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FixRoundTripServer.class.getName(),
            "--target", target, "--port", Integer.toString(port), "--sessions", Integer.toString(sessions),
            "--dir", dir.toString()));
        for (final String setting : settings)
        {
            command.add("--set");
            command.add(setting);
        }
        final Path log = dir.resolve("server.log");
        final Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
            .start();
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.readString(log).contains(FixRoundTripServer.READY))
        {
            if (!server.isAlive() || System.nanoTime() > deadline)
            {
                server.destroyForcibly();
                throw new IllegalStateException("server did not start: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        for (final String line : Files.readAllLines(log))
        {
            if (line.startsWith("idle strategies"))
            {
                System.out.println("  server pid " + server.pid() + ", " + line);
            }
        }
        return server;
    }

    private static void stopServer(final Process server) throws IOException, InterruptedException
    {
        server.getOutputStream().close();
        if (!server.waitFor(60, TimeUnit.SECONDS))
        {
            server.destroyForcibly().waitFor();
        }
    }

    private static Session[] awaitLogons(final SocketInitiator initiator, final int sessions)
        throws InterruptedException
    {
        final List<Session> managed = initiator.getManagedSessions();
        if (managed.size() != sessions)
        {
            throw new IllegalStateException(managed.size() + " sessions, expected " + sessions);
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (final Session session : managed)
        {
            while (!session.isLoggedOn())
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException(session.getSessionID() + " did not log on");
                }
                Thread.sleep(20);
            }
        }
        // session i sends for account BA-(i+1), which participant BENCH-(i+1) owns: order them by CompID number
        return managed.stream().sorted(java.util.Comparator.comparingInt(
            session -> Integer.parseInt(session.getSessionID().getSenderCompID().substring("BENCH".length()))))
            .toArray(Session[]::new);
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    private static String loadAverage()
    {
        try
        {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }

    /** The warm-up: ten steps of a tenth of {@code seconds} each, at 1/10, 2/10 ... 10/10 of {@code rate}. */
    private void warmUp(final Session[] sessions, final int rate, final int seconds) throws InterruptedException
    {
        final long before = rejected.get();
        final int[] rates = new int[RAMP_STEPS];
        for (int step = 0; step < RAMP_STEPS; step++)
        {
            rates[step] = Math.max(1, rate * (step + 1) / RAMP_STEPS);
        }
        send(sessions, rates, Math.max(1, seconds * 1000 / RAMP_STEPS), false);
        final long warmUpRejects = rejected.getAndSet(before) - before;
        if (warmUpRejects > 0)
        {
            System.out.printf(Locale.ROOT, "  warm-up: %d orders rejected (not counted in the stretch)%n",
                warmUpRejects);
        }
    }

    private long runRate(final Session[] sessions, final int rate, final int seconds, final boolean record)
        throws InterruptedException
    {
        return send(sessions, new int[] {rate}, seconds * 1000, record);
    }

    /** Sends {@code stepMs} of orders at each of {@code rates} in turn, then waits up to 10 s for their answers. */
    private long send(final Session[] sessions, final int[] rates, final int stepMs, final boolean record)
        throws InterruptedException
    {
        int count = 0;
        for (final int rate : rates)
        {
            count += (int)((long)rate * stepMs / 1000);
        }
        plannedNs = new long[count];
        synchronized (histogram)
        {
            stretch++;
            answered = new boolean[count];
            histogram.reset();
        }
        received.set(0);
        recording = record;
        long stepStartNs = System.nanoTime() + 1_000_000;
        int i = 0;
        for (final int rate : rates)
        {
            final long intervalNs = 1_000_000_000L / rate;
            final int stepCount = (int)((long)rate * stepMs / 1000);
            for (int k = 0; k < stepCount; k++, i++)
            {
                sendOne(sessions, i, stepStartNs + k * intervalNs);
            }
            stepStartNs += stepCount * intervalNs;
        }
        final long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.get() < count && System.nanoTime() < waitUntil)
        {
            Thread.sleep(10);
        }
        recording = false;
        return count;
    }

    /** Sends order {@code i} of the stretch at its planned time, round-robin over the sessions. */
    private void sendOne(final Session[] sessions, final int i, final long planned)
    {
        plannedNs[i] = planned;
        long now;
        while ((now = System.nanoTime()) < planned)
        {
            if (planned - now > 50_000)
            {
                LockSupport.parkNanos(planned - now - 50_000);
            }
        }
        final Message order = new quickfix.fix44.NewOrderSingle();
        order.setString(11, stretch + "-" + i); // unique across stretches: the engine's ClOrdID window
        order.setString(1, "BA-" + (i % sessions.length + 1));
        order.setString(55, SYMBOL);
        order.setChar(54, '1');
        order.setChar(40, '2');
        order.setString(44, "0.01");
        order.setString(38, "1");
        order.setChar(59, '3');
        order.setUtcTimeStamp(60, LocalDateTime.now(ZoneOffset.UTC));
        sessions[i % sessions.length].send(order);
    }

    private void onReport(final Message report)
    {
        try
        {
            // The first ExecutionReport of each order ends its round trip, whatever its ExecType: the echo answers
            // New (150=0); ResX answers an IOC that rests nothing with one Canceled (150=4, 58=IOC).
            final String clOrdId = report.getString(11);
            final int dash = clOrdId.indexOf('-');
            if (dash < 0 || Integer.parseInt(clOrdId.substring(0, dash)) != stretch)
            {
                return; // a late report of an earlier stretch
            }
            final int index = Integer.parseInt(clOrdId.substring(dash + 1));
            final long latencyNs = System.nanoTime() - plannedNs[index];
            synchronized (histogram)
            {
                if (answered[index])
                {
                    return;
                }
                answered[index] = true;
                if (recording)
                {
                    histogram.recordValue(Math.min(latencyNs, histogram.getHighestTrackableValue()));
                }
            }
            if (report.getChar(150) == '8' && rejected.incrementAndGet() == 1)
            {
                System.err.println("first reject: " + report.toString().replace('\u0001', '|'));
            }
            received.incrementAndGet();
        }
        catch (final FieldNotFound | NumberFormatException | ArrayIndexOutOfBoundsException ex)
        {
            // a report from an earlier round: not counted
        }
    }

    private SocketInitiator initiator(final int port, final int sessions) throws Exception
    {
        final SessionSettings settings = new SessionSettings();
        settings.setString("ConnectionType", "initiator");
        settings.setString("BeginString", "FIX.4.4");
        settings.setString("SocketConnectHost", "127.0.0.1");
        settings.setLong("SocketConnectPort", port);
        settings.setLong("HeartBtInt", 30);
        settings.setLong("ReconnectInterval", 1);
        settings.setString("StartTime", "00:00:00");
        settings.setString("EndTime", "00:00:00");
        settings.setString("NonStopSession", "Y");
        settings.setString("UseDataDictionary", "Y");
        settings.setString("DataDictionary", "FIX44.xml");
        settings.setString("SocketTcpNoDelay", "Y");
        settings.setString("ResetOnLogon", "Y");
        for (int i = 1; i <= sessions; i++)
        {
            final SessionID id = new SessionID("FIX.4.4", "BENCH" + i, "RESX");
            settings.setString(id, "SenderCompID", "BENCH" + i);
            settings.setString(id, "TargetCompID", "RESX");
        }
        final Application application = new ClientApplication();
        final SocketInitiator initiator = new SocketInitiator(application, new MemoryStoreFactory(), settings,
            new ScreenLogFactory(false, false, false, false), new DefaultMessageFactory());
        initiator.start();
        return initiator;
    }

    private final class ClientApplication implements Application
    {
        @Override
        public void onCreate(final SessionID sessionId)
        {
        }

        @Override
        public void onLogon(final SessionID sessionId)
        {
        }

        @Override
        public void onLogout(final SessionID sessionId)
        {
        }

        @Override
        public void toAdmin(final Message message, final SessionID sessionId)
        {
            try
            {
                if ("A".equals(message.getHeader().getString(35)))
                {
                    message.setString(554, "bench");
                }
            }
            catch (final FieldNotFound ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        @Override
        public void fromAdmin(final Message message, final SessionID sessionId)
        {
        }

        @Override
        public void toApp(final Message message, final SessionID sessionId)
        {
        }

        @Override
        public void fromApp(final Message message, final SessionID sessionId)
        {
            onReport(message);
        }
    }
}
