package io.resx.perf.fix;

import io.resx.gateway.common.ParticipantDirectory;
import io.resx.gateway.common.PasswordHash;
import io.resx.gateway.fix.FixGateway;
import io.resx.server.serve.ServeConfig;
import io.resx.server.serve.ServeNode;
import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.ScreenLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.ThreadedSocketAcceptor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server side of {@link FixRoundTripHarness}, in its own JVM so that the client does not share the server's
 * process: either the ResX order path as {@code resx serve} wires it (embedded media driver, engine node with
 * its journal, risk and matcher, the FIX gateway over Aeron IPC; HTTP and the chain off) or a bare QuickFIX/J
 * acceptor that answers each NewOrderSingle with an ExecutionReport (the FIX engine's own cost). It prints
 * {@code READY} once clients may log on and stops when its standard input closes.
 * <pre>
 *   FixRoundTripServer --target resx|echo --port P --sessions N --dir D [--set key=value ...]
 * </pre>
 */
public final class FixRoundTripServer
{
    /** The line printed once the acceptor takes logons. */
    static final String READY = "READY";

    private FixRoundTripServer()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception on any failure.
     */
    public static void main(final String[] args) throws Exception
    {
        String target = "resx";
        int port = 0;
        int sessions = 10;
        Path dir = null;
        final List<String> settings = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--target" -> target = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--sessions" -> sessions = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--set" -> settings.add(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        final AutoCloseable server = switch (target)
        {
            case "echo" -> EchoAcceptor.start(port, sessions);
            case "resx" -> startResx(dir, port, sessions, settings);
            default -> throw new IllegalArgumentException("--target must be resx or echo, not " + target);
        };
        System.out.println(READY);
        System.out.flush();
        // the harness closes our standard input when it is done (or dies): then stop
        while (System.in.read() >= 0)
        {
            Thread.onSpinWait();
        }
        server.close();
        System.exit(0);
    }

    private static AutoCloseable startResx(final Path dir, final int port, final int sessions,
        final List<String> settings) throws Exception
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
            .set("aeron.dir", "/dev/shm/resx-fix-bench-" + ProcessHandle.current().pid())
            .set("engine.in.channels", "aeron:ipc")
            .set("engine.out.channels", "aeron:ipc")
            .set("participants", dir.resolve("participants.json").toString())
            .set("funding", dir.resolve("funding.ndjson").toString())
            .set("fix.port", Integer.toString(port))
            .set("fix.storeDir", dir.resolve("store").toString())
            .set("http.enabled", "false")
            .set("chain.mode", "off"); // the order path alone: settlement follows the journal on its own thread
        for (final String setting : settings)
        {
            final int eq = setting.indexOf('=');
            if (eq < 0)
            {
                throw new IllegalArgumentException("--set wants key=value, not " + setting);
            }
            config.set(setting.substring(0, eq), setting.substring(eq + 1));
        }
        System.out.println("idle strategies: " + config.idleProfile().describe());
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

    /** A bare QuickFIX/J acceptor that answers every NewOrderSingle with an ExecutionReport: the FIX floor. */
    private static final class EchoAcceptor implements Application
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
