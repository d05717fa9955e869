package io.resx.perf;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.resx.cluster.ClusterNodeContext;
import io.resx.cluster.ClusterNodeMain;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.codec.CommandCodec;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The 3-member Aeron Cluster against the single-node engine, in the same run, with the same client load: one
 * client keeps {@code --window} resting GTC buys in flight (a gateway's shape) and measures, per order, the time
 * from its send to its outcome. Both sides run as child JVMs of this harness, with the same heap and GC flags: the
 * single node is {@link SingleEngineProcess} (serve's engine path: Aeron in, Disruptor pipeline, both Chronicle
 * journals, Aeron out), the cluster is three {@link ClusterNodeMain} members on loopback (each with its audit
 * journals). Rounds alternate the two sides (single first in odd rounds, cluster first in even ones); the figure to
 * read is the median of the per-round ratios, the rates move with the machine's load.
 * <p>
 * Run: {@code java <flags> -cp perf/target/benchmarks.jar io.resx.perf.ClusterComparisonHarness --rounds 5}.
 */
public final class ClusterComparisonHarness
{
    static final Instant EXCHANGE_START = Instant.parse("2026-12-01T09:00:00Z");
    private static final String USAGE = "ClusterComparisonHarness [--rounds 5] [--orders 20000] [--warmup 20000] " +
        "[--window 16] [--heartbeat-timeout-ms 1000] [--dir target/cluster-compare]";
    private static final String SYMBOL = "COMPUTE.VCPU.EU1";
    private static final String ACCOUNT = "TRADER1";
    private static final String SECRET = "bench-operator-secret";
    private static final int SINGLE_PORT = 23100;
    private static final int CLUSTER_BASE_PORT = 23200;
    private static final int GATEWAY_ID = 7;
    private static final long ROUND_TIMEOUT_NS = TimeUnit.MINUTES.toNanos(5);
    /** A gateway's rule: no outcome this long after the last one, resend what is unanswered, same ClOrdID. */
    private static final long RESEND_AFTER_NS = TimeUnit.SECONDS.toNanos(1);

    private ClusterComparisonHarness()
    {
    }

    /** One side's round: orders answered per second and latency from send to outcome. */
    private record Round(double perSecond, Histogram latencyNs)
    {
    }

    /** How the client reaches one side. */
    private interface Transport extends AutoCloseable
    {
        /** @return whether the bytes were taken. */
        boolean offer(DirectBuffer buffer, int length);

        /**
         * Polls outcomes into {@code client}.
         *
         * @param client gets each outcome.
         * @return work done.
         */
        int poll(Client client);

        /** Tells the other end this idle client is still there (a cluster closes silent sessions). */
        default void keepAlive()
        {
        }

        @Override
        void close();
    }

    /**
     * @param args see {@link #USAGE}.
     * @throws Exception when a side cannot be started.
     */
    public static void main(final String[] args) throws Exception
    {
        final HarnessArgs options = new HarnessArgs(args, USAGE,
            "rounds", "orders", "warmup", "window", "heartbeat-timeout-ms", "dir");
        final int rounds = options.intValue("rounds", 5);
        final int orders = options.intValue("orders", 20_000);
        final int warmup = options.intValue("warmup", 20_000);
        final int window = options.intValue("window", 16);
        final Path dir = Path.of(options.stringValue("dir", "target/cluster-compare"), "run-" + System.nanoTime())
            .toAbsolutePath();
        System.out.println(Environment.describe());
        System.out.printf(Locale.ROOT, "one client, %d resting orders in flight; %d orders a round, %d to warm up " +
            "each side; folder %s%n", window, orders, warmup, dir);

        final List<Process> children = new ArrayList<>();
        MediaDriver driver = null;
        Transport single = null;
        Transport cluster = null;
        try
        {
            children.add(spawn(dir.resolve("single"), SingleEngineProcess.class.getName(),
                List.of(dir.resolve("single").toString(), String.valueOf(SINGLE_PORT))));
            final List<String> members = new ArrayList<>();
            for (int id = 0; id < 3; id++)
            {
                members.add("127.0.0.1:" + (CLUSTER_BASE_PORT + 10 * id));
            }
            for (int id = 0; id < 3; id++)
            {
                children.add(spawn(dir.resolve("node" + id), ClusterNodeMain.class.getName(), List.of(
                    "--id=" + id, "--members=" + String.join(",", members), "--dir=" + dir.resolve("node" + id),
                    "--operator-secret=" + SECRET, "--clock-offset-ns=" + clockOffsetNs(),
                    "--heartbeat-timeout-ms=" + options.intValue("heartbeat-timeout-ms", 1000))));
            }
            driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(dir.resolve("client-aeron").toString())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy(10, 10, 1_000, 100_000))
                .termBufferSparseFile(true)
                .publicationTermBufferLength(1 << 20)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            awaitLine(dir.resolve("single").resolve("process.log"), "ready", 120);
            single = new SingleTransport(driver.aeronDirectoryName());
            final String ingress = ClusterNodeContext.ingressEndpoints(members);
            setUpCluster(driver.aeronDirectoryName(), ingress);
            cluster = new ClusterTransport(driver.aeronDirectoryName(), ingress, null);

            final Client singleClient = new Client("single", single, window, 's', cluster);
            final Client clusterClient = new Client("cluster", cluster, window, 'k', single);
            singleClient.run(warmup);
            clusterClient.run(warmup);
            final List<Round> singleRounds = new ArrayList<>();
            final List<Round> clusterRounds = new ArrayList<>();
            for (int round = 1; round <= rounds; round++)
            {
                if (round % 2 == 1)
                {
                    singleRounds.add(singleClient.run(orders));
                    clusterRounds.add(clusterClient.run(orders));
                }
                else
                {
                    clusterRounds.add(clusterClient.run(orders));
                    singleRounds.add(singleClient.run(orders));
                }
                System.out.printf(Locale.ROOT, "round %d: single %s | cluster %s | cluster/single throughput %.2f%n",
                    round, describe(singleRounds.get(round - 1)), describe(clusterRounds.get(round - 1)),
                    clusterRounds.get(round - 1).perSecond() / singleRounds.get(round - 1).perSecond());
            }
            summarise(singleRounds, clusterRounds);
        }
        finally
        {
            if (cluster != null)
            {
                cluster.close();
            }
            if (single != null)
            {
                single.close();
            }
            for (final Process child : children)
            {
                child.destroy();
            }
            for (final Process child : children)
            {
                if (!child.waitFor(20, TimeUnit.SECONDS))
                {
                    child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            if (driver != null)
            {
                driver.close();
            }
        }
        IoUtil.delete(dir.toFile(), true);
    }

    private static void summarise(final List<Round> single, final List<Round> cluster)
    {
        final double[] ratios = new double[single.size()];
        final double[] p50Ratios = new double[single.size()];
        final double[] p99Ratios = new double[single.size()];
        for (int i = 0; i < ratios.length; i++)
        {
            ratios[i] = cluster.get(i).perSecond() / single.get(i).perSecond();
            p50Ratios[i] = (double)cluster.get(i).latencyNs().getValueAtPercentile(50) /
                single.get(i).latencyNs().getValueAtPercentile(50);
            p99Ratios[i] = (double)cluster.get(i).latencyNs().getValueAtPercentile(99) /
                single.get(i).latencyNs().getValueAtPercentile(99);
        }
        System.out.printf(Locale.ROOT, "single  median %s%n", median(single));
        System.out.printf(Locale.ROOT, "cluster median %s%n", median(cluster));
        System.out.printf(Locale.ROOT, "ratio cluster/single throughput per pair %s median %.2f; p50 latency %s " +
            "median %.2f; p99 latency %s median %.2f%n", format(ratios), median(ratios), format(p50Ratios),
            median(p50Ratios), format(p99Ratios), median(p99Ratios));
    }

    /** @return the rounds' median rate, median p50 and median p99 (each its own median, not one round's). */
    private static String median(final List<Round> rounds)
    {
        return String.format(Locale.ROOT, "%,.0f orders/s, p50 %.2f ms, p99 %.2f ms",
            median(rounds.stream().mapToDouble(Round::perSecond).toArray()),
            median(rounds.stream().mapToDouble(r -> r.latencyNs().getValueAtPercentile(50)).toArray()) / 1e6,
            median(rounds.stream().mapToDouble(r -> r.latencyNs().getValueAtPercentile(99)).toArray()) / 1e6);
    }

    private static String describe(final Round round)
    {
        return String.format(Locale.ROOT, "%,.0f orders/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms", round.perSecond(),
            round.latencyNs().getValueAtPercentile(50) / 1e6, round.latencyNs().getValueAtPercentile(99) / 1e6,
            round.latencyNs().getMaxValue() / 1e6);
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String format(final double[] values)
    {
        final StringBuilder out = new StringBuilder();
        for (final double value : values)
        {
            out.append(String.format(Locale.ROOT, "%.2f ", value));
        }
        return out.toString().trim();
    }

    /** @return the listing, account and deposit both sides start with (admin commands). */
    static List<Command> setUpCommands()
    {
        final Command list = new Command().type(CommandType.LIST).admin(true)
            .tick(FixedPoint.parse("0.01")).lot(FixedPoint.parse("1"));
        list.symbol().set(SYMBOL);
        final Command account = new Command().type(CommandType.ACCOUNT).admin(true);
        account.account().set(ACCOUNT);
        account.owner().set("OWNER1");
        final Command deposit = new Command().type(CommandType.DEPOSIT).admin(true)
            .amount(FixedPoint.parse("100000000000"));
        deposit.account().set(ACCOUNT);
        deposit.symbol().set("CASH");
        return List.of(list, account, deposit);
    }

    private static long clockOffsetNs()
    {
        return EXCHANGE_START.getEpochSecond() * 1_000_000_000L - System.currentTimeMillis() * 1_000_000L;
    }

    /** The operator lists the market on the cluster; returns once the three outcomes came back accepted. */
    private static void setUpCluster(final String aeronDir, final String ingress)
    {
        final Client operator;
        final long deadlineNs = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        ClusterTransport transport = null;
        while (transport == null)
        {
            try
            {
                transport = new ClusterTransport(aeronDir, ingress, SECRET);
            }
            catch (final RuntimeException ex)
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw ex;
                }
                System.out.println("cluster not ready yet: " + ex.getMessage());
            }
        }
        try (ClusterTransport session = transport)
        {
            operator = new Client("operator", session, 3, 'o', null);
            operator.runCommands(setUpCommands());
        }
    }

    private static Process spawn(final Path dir, final String mainClass, final List<String> args) throws IOException
    {
        Files.createDirectories(dir);
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle"))
            {
                command.add(argument);
            }
        }
        command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            mainClass));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("process.log").toFile())).start();
    }

    private static void awaitLine(final Path log, final String text, final int seconds) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.exists(log) || !Files.readString(log, StandardCharsets.UTF_8).contains(text))
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("no '" + text + "' in " + log);
            }
            Thread.sleep(100);
        }
    }

    /**
     * One closed-loop client: keeps {@code window} orders in flight, records each one's send-to-outcome time (from
     * the first send). Every outcome must be an acceptance (or RETRY_OF_ACCEPTED for a resend): a reject means the
     * two sides are not doing the same work.
     */
    private static final class Client
    {
        private final String name;
        private final Transport transport;
        private final int window;
        private final char prefix;
        private final Transport idleSide;
        private long nextKeepAliveNs;
        private final GatewayCodec codec = new GatewayCodec();
        private final UnsafeBuffer request = new UnsafeBuffer(new byte[GatewayCodec.ROUTE_LENGTH +
            CommandCodec.MAX_ENCODED_LENGTH]);
        private final Command order = new Command();
        private final Command outcomeCommand = new Command();
        private final EventLog outcomeEvents = new EventLog();
        private final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 100_000);
        private long[] sentNs = new long[0];
        private boolean[] done = new boolean[0];
        private long lastOutcomeNs;
        private long resent;
        private long nextCorrelationId = 1;
        private long roundFirstId;
        private long answered;
        private Histogram latency;

        /**
         * @param idleSide the other side's transport, kept alive while this client runs; null for none.
         */
        Client(final String name, final Transport transport, final int window, final char prefix,
            final Transport idleSide)
        {
            this.idleSide = idleSide;
            this.name = name;
            this.transport = transport;
            this.window = window;
            this.prefix = prefix;
        }

        Round run(final int orders)
        {
            begin(orders);
            final long startNs = System.nanoTime();
            long sent = 0;
            while (answered < orders)
            {
                if (sent < orders && sent - answered < window)
                {
                    fillOrder(nextCorrelationId);
                    if (offer(order))
                    {
                        sent++;
                    }
                }
                pollOnce(startNs);
            }
            final long elapsedNs = System.nanoTime() - startNs;
            if (resent > 0)
            {
                System.out.printf(Locale.ROOT, "%s: %d orders resent after no outcome for %d ms (answered " +
                    "RETRY_OF_ACCEPTED or accepted then)%n", name, resent, RESEND_AFTER_NS / 1_000_000);
                resent = 0;
            }
            return new Round(orders * 1e9 / elapsedNs, latency);
        }

        void runCommands(final List<Command> commands)
        {
            begin(commands.size());
            final long startNs = System.nanoTime();
            for (final Command command : commands)
            {
                while (!offer(command))
                {
                    pollOnce(startNs);
                }
            }
            while (answered < commands.size())
            {
                pollOnce(startNs);
            }
        }

        private void begin(final int count)
        {
            roundFirstId = nextCorrelationId;
            sentNs = new long[count];
            done = new boolean[count];
            lastOutcomeNs = System.nanoTime();
            answered = 0;
            latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        }

        private boolean offer(final Command command)
        {
            final long id = nextCorrelationId;
            final int length = codec.encodeRequest(request, 0, GATEWAY_ID, 0, id, command);
            final long nowNs = System.nanoTime();
            if (!transport.offer(request, length))
            {
                return false;
            }
            sentNs[(int)(id - roundFirstId)] = nowNs;
            nextCorrelationId++;
            return true;
        }

        private void pollOnce(final long startNs)
        {
            if (idleSide != null && System.nanoTime() - nextKeepAliveNs > 0)
            {
                idleSide.keepAlive();
                nextKeepAliveNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            }
            if (System.nanoTime() - lastOutcomeNs > RESEND_AFTER_NS && prefix != 'o')
            {
                resendUnanswered();
            }
            if (transport.poll(this) == 0)
            {
                idle.idle();
            }
            else
            {
                idle.reset();
            }
            if (System.nanoTime() - startNs > ROUND_TIMEOUT_NS)
            {
                throw new IllegalStateException(name + ": " + answered + " answered in 5 minutes");
            }
        }

        /** An outcome lost on the way (a cluster drops an egress offer it cannot make): ask again, same ClOrdID. */
        private void resendUnanswered()
        {
            for (long id = roundFirstId; id < nextCorrelationId; id++)
            {
                if (!done[(int)(id - roundFirstId)])
                {
                    fillOrder(id);
                    if (transport.offer(request, codec.encodeRequest(request, 0, GATEWAY_ID, 0, id, order)))
                    {
                        resent++;
                    }
                }
            }
            lastOutcomeNs = System.nanoTime();
        }

        private void fillOrder(final long id)
        {
            order.reset().type(CommandType.NEW_ORDER).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .side(Side.BUY).price(FixedPoint.parse("1.00") + (id % 1_000) * FixedPoint.parse("0.01"))
                .qty(FixedPoint.parse("1"));
            order.account().set(ACCOUNT);
            order.symbol().set(SYMBOL);
            order.clOrdId().set(prefix + Long.toString(id));
        }

        void onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            if (codec.decodeRoute(buffer, offset, length) != GatewayCodec.Kind.COMMAND ||
                codec.gatewayId() != GATEWAY_ID)
            {
                return;
            }
            final long index = codec.correlationId() - roundFirstId;
            if (index < 0 || index >= sentNs.length)
            {
                return; // another client's, or a round's before
            }
            if (done[(int)index])
            {
                return; // the answer to a resend of an order already answered
            }
            codec.decodeOutcome(buffer, offset, length, outcomeCommand, outcomeEvents);
            if (outcomeEvents.get(0).type() != EventType.ACCEPTED &&
                outcomeEvents.get(0).reason() != RejectReason.RETRY_OF_ACCEPTED)
            {
                throw new IllegalStateException(name + ": " + outcomeCommand.type() + " " + outcomeCommand.clOrdId() +
                    " answered " + outcomeEvents.get(0).type() + " " + outcomeEvents.get(0).reason());
            }
            latency.recordValue(Math.min(latency.getHighestTrackableValue(), System.nanoTime() - sentNs[(int)index]));
            done[(int)index] = true;
            lastOutcomeNs = System.nanoTime();
            answered++;
        }
    }

    /** The single node: a publication to its input stream, a subscription to its outcome stream. */
    private static final class SingleTransport implements Transport
    {
        private final Aeron aeron;
        private final Publication publication;
        private final Subscription subscription;
        private Client client;
        private final FragmentHandler handler = (buffer, offset, length, header) ->
            client.onMessage(buffer, offset, length);

        SingleTransport(final String aeronDir) throws InterruptedException
        {
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
            publication = aeron.addPublication(SingleEngineProcess.channel(SINGLE_PORT), SingleEngineProcess.IN_STREAM);
            subscription = aeron.addSubscription(SingleEngineProcess.channel(SINGLE_PORT + 1),
                SingleEngineProcess.OUT_STREAM);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!publication.isConnected() || !subscription.isConnected())
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("the single node's streams did not connect");
                }
                Thread.sleep(10);
            }
        }

        @Override
        public boolean offer(final DirectBuffer buffer, final int length)
        {
            return publication.offer(buffer, 0, length) > 0;
        }

        @Override
        public int poll(final Client client)
        {
            this.client = client;
            return subscription.poll(handler, 64);
        }

        @Override
        public void close()
        {
            aeron.close();
        }
    }

    /** The cluster: an {@link AeronCluster} session; outcomes come on its egress. */
    private static final class ClusterTransport implements Transport, EgressListener
    {
        private final AeronCluster cluster;
        private Client client;

        ClusterTransport(final String aeronDir, final String ingress, final String secret)
        {
            final byte[] credentials = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
            cluster = AeronCluster.connect(new AeronCluster.Context()
                .aeronDirectoryName(aeronDir)
                .egressListener(this)
                .ingressChannel("aeron:udp?term-length=1m")
                .ingressEndpoints(ingress)
                .egressChannel("aeron:udp?endpoint=127.0.0.1:0|term-length=1m")
                .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5))
                .credentialsSupplier(new io.aeron.security.CredentialsSupplier()
                {
                    @Override
                    public byte[] encodedCredentials()
                    {
                        return credentials;
                    }

                    @Override
                    public byte[] onChallenge(final byte[] encodedChallenge)
                    {
                        return credentials;
                    }
                }));
        }

        @Override
        public boolean offer(final DirectBuffer buffer, final int length)
        {
            return cluster.offer(buffer, 0, length) > 0;
        }

        @Override
        public int poll(final Client client)
        {
            this.client = client;
            return cluster.pollEgress();
        }

        @Override
        public void keepAlive()
        {
            cluster.sendKeepAlive();
        }

        @Override
        public void onMessage(final long clusterSessionId, final long timestamp, final DirectBuffer buffer,
            final int offset, final int length, final Header header)
        {
            client.onMessage(buffer, offset, length);
        }

        @Override
        public void close()
        {
            cluster.close();
        }
    }
}
