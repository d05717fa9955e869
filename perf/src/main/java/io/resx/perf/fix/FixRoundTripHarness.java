package io.resx.perf.fix;

import io.resx.gateway.fix.FixGateway;
import io.resx.gateway.common.ParticipantDirectory;
import io.resx.gateway.common.PasswordHash;
import io.resx.server.serve.ServeNode;
import io.resx.server.serve.ServeConfig;
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
import quickfix.ThreadedSocketAcceptor;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * NewOrderSingle → first ExecutionReport round trip over loopback TCP, at fixed offered rates, from N
 * QuickFIX/J initiator sessions, against either the whole ResX server (FIX gateway, Aeron IPC, sequencer,
 * journal stage, risk, matcher, publisher; started in this JVM) or a bare QuickFIX/J acceptor that only echoes
 * an ExecutionReport (the FIX engine's own cost). Latency is measured from each order's planned send time, so
 * a stalled sender shows up in the figures (no coordinated omission).
 * <pre>
 *   java $FLAGS -cp perf/target/benchmarks.jar io.resx.perf.fix.FixRoundTripHarness \
 *       --target resx|echo --rates 10000,50000,100000 --seconds 5 --warmup 2 --sessions 10
 * </pre>
 * Orders are IOC buys far below any offer on one instrument: each is accepted, then its rest cancelled, so the
 * book stays empty and every run sees the same work per order.
 */
public final class FixRoundTripHarness
{
    private static final String SYMBOL = "SPEC.3550-3560.CELL041";

    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    private long[] plannedNs;
    private final AtomicLong received = new AtomicLong();
    private volatile boolean recording;

    /**
     * @param args see the class comment.
     * @throws Exception on any failure.
     */
    public static void main(final String[] args) throws Exception
    {
        String target = "resx";
        String rates = "10000,50000,100000";
        int seconds = 5;
        int warmup = 2;
        int sessions = 10;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--target" -> target = args[i + 1];
                case "--rates" -> rates = args[i + 1];
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--sessions" -> sessions = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        new FixRoundTripHarness().run(target, rates, seconds, warmup, sessions);
    }

    private void run(final String target, final String rates, final int seconds, final int warmup, final int sessions)
        throws Exception
    {
        final Path dir = Files.createTempDirectory("resx-fix-bench");
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        AutoCloseable server;
        if ("echo".equals(target))
        {
            server = EchoAcceptor.start(port, sessions);
        }
        else
        {
            server = startResx(dir, port, sessions);
        }
        final List<SessionID> ids = new ArrayList<>();
        final SocketInitiator initiator = initiator(port, sessions, ids);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (final SessionID id : ids)
        {
            while (!Session.lookupSession(id).isLoggedOn())
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException(id + " did not log on");
                }
                Thread.sleep(20);
            }
        }
        System.out.printf(Locale.ROOT, "target=%s sessions=%d cores=%d java=%s%n", target, sessions,
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%8s %9s %9s %10s %10s %10s %10s%n", "offered", "sent", "answered", "p50 us",
            "p99 us", "p99.9 us", "max us");
        for (final String rateText : rates.split(","))
        {
            final int rate = Integer.parseInt(rateText.trim());
            runRate(ids, rate, warmup, false);
            final long sent = runRate(ids, rate, seconds, true);
            System.out.printf(Locale.ROOT, "%8d %9d %9d %10.1f %10.1f %10.1f %10.1f%n", rate, sent, received.get(),
                histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
                histogram.getValueAtPercentile(99.9) / 1e3, histogram.getMaxValue() / 1e3);
        }
        initiator.stop(true);
        server.close();
    }

    private long runRate(final List<SessionID> ids, final int rate, final int seconds, final boolean record)
        throws InterruptedException
    {
        final int count = rate * seconds;
        plannedNs = new long[count];
        histogram.reset();
        received.set(0);
        recording = record;
        final Session[] sessions = ids.stream().map(Session::lookupSession).toArray(Session[]::new);
        final long intervalNs = 1_000_000_000L / rate;
        final long startNs = System.nanoTime() + 1_000_000;
        for (int i = 0; i < count; i++)
        {
            final long planned = startNs + i * intervalNs;
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
            order.setString(11, Integer.toString(i));
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
        final long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.get() < count && System.nanoTime() < waitUntil)
        {
            Thread.sleep(10);
        }
        recording = false;
        return count;
    }

    private void onReport(final Message report)
    {
        try
        {
            if (report.getChar(150) != '0')
            {
                return;
            }
            final int index = Integer.parseInt(report.getString(11));
            final long latencyNs = System.nanoTime() - plannedNs[index];
            if (recording)
            {
                synchronized (histogram)
                {
                    histogram.recordValue(Math.min(latencyNs, histogram.getHighestTrackableValue()));
                }
            }
            received.incrementAndGet();
        }
        catch (final FieldNotFound | NumberFormatException | ArrayIndexOutOfBoundsException ex)
        {
            // a report from an earlier round: not counted
        }
    }

    private AutoCloseable startResx(final Path dir, final int port, final int sessions) throws Exception
    {
        final StringBuilder json = new StringBuilder("{ \"participants\": [");
        final String hash = PasswordHash.hash("bench".toCharArray(), 1000);
        for (int i = 1; i <= sessions; i++)
        {
            json.append(i == 1 ? "" : ",").append("{ \"id\": \"BENCH-").append(i).append("\", \"accounts\": [\"BA-")
                .append(i).append("\"], \"sessions\": [ { \"senderCompId\": \"BENCH").append(i)
                .append("\", \"passwordHash\": \"").append(hash)
                .append("\", \"store\": \"memory\", \"rateLimitPerSecond\": 1000000 } ] }");
        }
        Files.writeString(dir.resolve("participants.json"), json.append("] }"));
        // Every order is a buy under the risk stage: each account needs the cash to cover it.
        final StringBuilder funding = new StringBuilder();
        for (int i = 1; i <= sessions; i++)
        {
            funding.append("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"BA-").append(i)
                .append("\",\"asset\":\"CASH\",\"amount\":\"1000000000\"}\n");
        }
        Files.writeString(dir.resolve("funding.ndjson"), funding);
        final ServeConfig config = ServeConfig.load(null)
            .set("data.dir", dir.toString())
            .set("aeron.dir", "/dev/shm/resx-bench-" + ProcessHandle.current().pid())
            .set("engine.in.channels", "aeron:ipc")
            .set("engine.out.channels", "aeron:ipc")
            .set("participants", dir.resolve("participants.json").toString())
            .set("funding", dir.resolve("funding.ndjson").toString())
            .set("fix.port", Integer.toString(port))
            .set("fix.storeDir", dir.resolve("store").toString());
        final ParticipantDirectory participants = config.participants();
        final ServeNode engine = new ServeNode(config).start(participants);
        final FixGateway gateway = new FixGateway(config.gatewayContext(participants, engine.aeronDir())
            .engineChannel("aeron:ipc").eventsChannel("aeron:ipc")).start();
        return () ->
        {
            gateway.close();
            engine.close();
        };
    }

    private SocketInitiator initiator(final int port, final int sessions, final List<SessionID> ids) throws Exception
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
            ids.add(id);
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

    /** A bare QuickFIX/J acceptor that answers every NewOrderSingle with an ExecutionReport: the FIX floor. */
    static final class EchoAcceptor implements Application
    {
        private final AtomicLong execIds = new AtomicLong();

        static AutoCloseable start(final int port, final int sessions) throws Exception
        {
            final SessionSettings settings = new SessionSettings();
            settings.setString("ConnectionType", "acceptor");
            settings.setString("BeginString", "FIX.4.4");
            settings.setString("SenderCompID", "RESX");
            settings.setString("SocketAcceptAddress", "127.0.0.1");
            settings.setLong("SocketAcceptPort", port);
            settings.setString("StartTime", "00:00:00");
            settings.setString("EndTime", "00:00:00");
            settings.setString("NonStopSession", "Y");
            settings.setString("UseDataDictionary", "Y");
            settings.setString("DataDictionary", "FIX44.xml");
            settings.setString("SocketTcpNoDelay", "Y");
            for (int i = 1; i <= sessions; i++)
            {
                final SessionID id = new SessionID("FIX.4.4", "RESX", "BENCH" + i);
                settings.setString(id, "TargetCompID", "BENCH" + i);
            }
            final ThreadedSocketAcceptor acceptor = new ThreadedSocketAcceptor(new EchoAcceptor(),
                new MemoryStoreFactory(), settings, new ScreenLogFactory(false, false, false, false),
                new DefaultMessageFactory());
            acceptor.start();
            return () -> acceptor.stop(true);
        }

        @Override
        public void fromApp(final Message message, final SessionID sessionId) throws FieldNotFound
        {
            final Message report = new quickfix.fix44.ExecutionReport();
            report.setString(37, "E" + execIds.incrementAndGet());
            report.setString(17, "X" + execIds.get());
            report.setChar(150, '0');
            report.setChar(39, '0');
            report.setString(11, message.getString(11));
            report.setString(1, message.getString(1));
            report.setString(55, message.getString(55));
            report.setChar(54, message.getChar(54));
            report.setString(38, message.getString(38));
            report.setString(14, "0");
            report.setString(151, message.getString(38));
            report.setString(6, "0");
            report.setUtcTimeStamp(60, LocalDateTime.now(ZoneOffset.UTC), true);
            Session.lookupSession(sessionId).send(report);
        }

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
        }

        @Override
        public void fromAdmin(final Message message, final SessionID sessionId)
        {
        }

        @Override
        public void toApp(final Message message, final SessionID sessionId)
        {
        }
    }
}
