package io.resx.attack;

import com.sun.tools.attach.VirtualMachine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.resx.attack.FixClient.str;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input at the FIX edge of a real {@code ./resx serve} (no chain, no HTTP) over loopback: raw sockets
 * for what no FIX engine would send, a real QuickFIX/J initiator for what a logged-on client might. Every
 * test leaves no connection of its own open, so the per-address limit counts only the test's own.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FixHostileInputIT
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final String SECRET = "hostile-Secret-7f3a";
    private static final String STRANGER_SECRET = "stranger-Pass-91c2";
    private static final String RAW_SECRET = "raw-Data-Secret-55e1";
    private static final int LOGON_TIMEOUT_MS = 2000;
    private static final int MAX_CONNECTIONS = 6;
    private static final char SOH = '\u0001';

    private static Path dir;
    private static Process server;
    private static Path serverLog;
    private static int fixPort;

    @BeforeAll
    static void startServer() throws Exception
    {
        dir = Files.createTempDirectory("resx-hostile-it");
        fixPort = freePort();
        Files.writeString(dir.resolve("participants.json"), "{ \"participants\": [\n" +
            FixClient.participant("OPERATOR-A", "OP-A-1", "OPA", SECRET, "") + ",\n" +
            FixClient.participant("RESETTER", "RS-1", "OPR", SECRET, "") + ",\n" +
            FixClient.participant("ORDERER", "OR-1", "OPO", SECRET, "") + "\n] }");
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "participants=" + dir.resolve("participants.json"),
            "funding=",
            "data.dir=" + dir.resolve("data"),
            "fix.port=" + fixPort,
            "fix.storeDir=" + dir.resolve("data/fix-store"),
            "fix.messageLog=true",
            "fix.messageLogDir=" + dir.resolve("data/fix-log"),
            "fix.logonTimeoutMs=" + LOGON_TIMEOUT_MS,
            "fix.maxConnectionsPerAddress=" + MAX_CONNECTIONS,
            "http.enabled=false",
            "aeron.dir=/dev/shm/resx-hostile-it-" + ProcessHandle.current().pid(),
            "engine.in.channels=aeron:ipc",
            "engine.out.channels=aeron:ipc",
            ""));
        serverLog = dir.resolve("server.log");
        server = new ProcessBuilder(ROOT.resolve("resx").toString(), "serve", "--no-chain", "--config",
            dir.resolve("resx.properties").toString())
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        awaitLog("resx serve ready");
    }

    @AfterAll
    static void stopServer() throws Exception
    {
        if (server != null)
        {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shouldCloseEndlessPreLogonFramesWithinTheCapWithoutGrowingTheHeap() throws Exception
    {
        final int attackers = 4;
        final long perAttackerBytes = 64L << 20;
        final List<Socket> sockets = new ArrayList<>();
        try (JMXConnector jmx = attach())
        {
            final MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(jmx.getMBeanServerConnection(),
                ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            final long before = usedHeapAfterGc(memory);
            final ExecutorService pool = Executors.newFixedThreadPool(attackers);
            try
            {
                final List<Future<Long>> sent = new ArrayList<>();
                for (int i = 0; i < attackers; i++)
                {
                    final Socket socket = connect();
                    sockets.add(socket);
                    sent.add(pool.submit(() -> flood(socket, perAttackerBytes)));
                }
                for (int i = 0; i < attackers; i++)
                {
                    // The sender stops when the server closes: it got through the socket buffers, not the 64 MB.
                    assertThat(sent.get(i).get(60, TimeUnit.SECONDS)).isLessThan(perAttackerBytes);
                    assertThat(closedWithin(sockets.get(i), 5000)).as("attacker %d closed", i).isTrue();
                }
                final long growth = usedHeapAfterGc(memory) - before;
                System.out.printf("FixHostileInputIT: %d attackers, heap %d -> %d bytes after GC%n", attackers,
                    before, before + growth);
                assertThat(growth).as("heap growth in bytes while %d attackers stay connected", attackers)
                    .isLessThan(16L << 20);
            }
            finally
            {
                pool.shutdownNow();
                for (final Socket socket : sockets)
                {
                    socket.close();
                }
            }
        }
        assertThat(Files.readString(serverLog)).contains("bytes before logon (limit 4096, fix.preLogonMaxBytes)");
    }

    @Test
    void shouldCloseAConnectionThatDoesNotLogOnInTime() throws Exception
    {
        try (Socket socket = connect())
        {
            final long startNs = System.nanoTime();
            assertThat(closedWithin(socket, LOGON_TIMEOUT_MS + 3000)).isTrue();
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            assertThat(elapsedMs).isGreaterThanOrEqualTo(LOGON_TIMEOUT_MS - 200);
        }
        assertThat(Files.readString(serverLog)).contains("not logged on within " + LOGON_TIMEOUT_MS + " ms");
    }

    @Test
    void shouldLimitConnectionsPerSourceAddress() throws Exception
    {
        final List<Socket> sockets = new ArrayList<>();
        try
        {
            for (int i = 0; i < MAX_CONNECTIONS; i++)
            {
                sockets.add(connect());
            }
            for (final Socket socket : sockets)
            {
                assertThat(closedWithin(socket, 300)).as("a connection within the limit").isFalse();
            }
            try (Socket oneTooMany = connect())
            {
                assertThat(closedWithin(oneTooMany, 1000)).as("the connection over the limit").isTrue();
            }
        }
        finally
        {
            for (final Socket socket : sockets)
            {
                socket.close();
            }
        }
        Thread.sleep(300); // the server counts the closes
        try (Socket again = connect())
        {
            assertThat(closedWithin(again, 300)).as("a connection once the others closed").isFalse();
        }
    }

    @Test
    void shouldNeverLogAPasswordOrRawDataNorTheirLengths() throws Exception
    {
        // A Logon for an unknown session: QuickFIX/J would log it whole at ERROR.
        try (Socket socket = connect())
        {
            socket.getOutputStream().write(logon("NOBODY", STRANGER_SECRET).toString().getBytes(StandardCharsets.ISO_8859_1));
            assertThat(closedWithin(socket, 3000)).isTrue();
        }
        // A message before logon, for a known session, with a password in it.
        try (Socket socket = connect())
        {
            final Message early = logon("OPA", STRANGER_SECRET + "-early");
            early.getHeader().setString(35, "D");
            socket.getOutputStream().write(early.toString().getBytes(StandardCharsets.ISO_8859_1));
            assertThat(closedWithin(socket, 3000)).isTrue();
        }
        // A malformed BodyLength: QuickFIX/J's codec logs the whole buffer at ERROR.
        try (Socket socket = connect())
        {
            socket.getOutputStream().write(("8=FIX.4.4" + SOH + "9=12x" + SOH + "35=A" + SOH + "554=" +
                STRANGER_SECRET + "-codec" + SOH + "10=000" + SOH).getBytes(StandardCharsets.ISO_8859_1));
            closedWithin(socket, LOGON_TIMEOUT_MS + 3000);
        }
        // A real logon with the right password: its Logon goes to the message log, masked.
        try (FixClient client = new FixClient("OPA", SECRET, fixPort, dir.resolve("client-store")))
        {
            assertThat(client.awaitLogon(15_000)).isTrue();
        }
        awaitLog("Logon for unknown session (SenderCompID NOBODY");

        final List<Path> files;
        try (Stream<Path> walk = Files.walk(dir.resolve("data")))
        {
            files = walk.filter(Files::isRegularFile).toList();
        }
        final List<Path> logs = new ArrayList<>(files);
        logs.add(serverLog);
        for (final Path file : logs)
        {
            final String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(text).as(file.toString()).doesNotContain(SECRET).doesNotContain(STRANGER_SECRET)
                .doesNotContain(RAW_SECRET);
        }
        final String messageLog = messagesOf(files);
        final Matcher logonLine = Pattern.compile("8=FIX\\.4\\.4\u00019=(\\d+)\u0001(.*?\u0001)10=\\d{3}")
            .matcher(messageLog);
        int maskedLogons = 0;
        while (logonLine.find())
        {
            if (logonLine.group(2).contains("554=***"))
            {
                maskedLogons++;
                assertThat(Integer.parseInt(logonLine.group(1))).as("BodyLength of the masked Logon")
                    .isEqualTo(logonLine.group(2).length());
            }
        }
        assertThat(maskedLogons).as("masked Logons in the message log").isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldApplyAFarSequenceResetAtOnce() throws Exception
    {
        final int far = 2_000_000_000;
        try (FixClient client = new FixClient("OPR", SECRET, fixPort, dir.resolve("reset-store")))
        {
            assertThat(client.awaitLogon(15_000)).isTrue();
            final SessionID id = new SessionID("FIX.4.4", "OPR", "RESX");
            final Message reset = new quickfix.fix44.SequenceReset();
            reset.setBoolean(123, false);
            reset.setInt(36, far);
            final long startNs = System.nanoTime();
            client.send(reset);
            Session.lookupSession(id).setNextSenderMsgSeqNum(far);
            final Message testRequest = new quickfix.fix44.TestRequest();
            testRequest.setString(112, "after-reset");
            client.send(testRequest);
            final Message heartbeat = client.expect("heartbeat", m -> "0".equals(str(m.getHeader(), 35)) &&
                "after-reset".equals(str(m, 112)));
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            assertThat(heartbeat).isNotNull();
            assertThat(elapsedMs).as("ms from SequenceReset to the answer of the next TestRequest").isLessThan(1000);
            System.out.printf("FixHostileInputIT: SequenceReset to %d answered in %d ms%n", far, elapsedMs);
            Thread.sleep(200);
            assertThat(client.isLoggedOn()).as("still logged on").isTrue();
        }
    }

    @Test
    void shouldAnswerUnreadableOrderFieldsWithAnExecutionReportNamingTheReason() throws Exception
    {
        try (FixClient client = new FixClient("OPO", SECRET, fixPort, dir.resolve("orders-store")))
        {
            assertThat(client.awaitLogon(15_000)).isTrue();
            final String longId = "L".repeat(100);
            client.send(FixClient.order(longId, "OR-1", "SPEC.3550-3560.CELL041", '1', "10", "1"));
            assertRejected(client.expect("too long", FixClient.report(longId, '8')), "ID_TOO_LONG");

            final Message noAccount = FixClient.order("O-NOACC", "OR-1", "SPEC.3550-3560.CELL041", '1', "10", "1");
            noAccount.removeField(1);
            client.send(noAccount);
            assertRejected(client.expect("no account", FixClient.report("O-NOACC", '8')), "MISSING_FIELD");

            client.send(FixClient.order("O-HUGE", "OR-1", "SPEC.3550-3560.CELL041", '1', "10",
                "99999999999999999999"));
            assertRejected(client.expect("qty overflow", FixClient.report("O-HUGE", '8')), "QTY_OVERFLOW");

            final Message badSide = FixClient.order("O-SIDE", "OR-1", "SPEC.3550-3560.CELL041", '7', "10", "1");
            client.send(badSide);
            assertRejected(client.expect("bad side", FixClient.report("O-SIDE", '8')), "MALFORMED");
            assertThat(client.isLoggedOn()).isTrue();
        }
    }

    private static void assertRejected(final Message report, final String reason)
    {
        assertThat(str(report, 39)).as("OrdStatus").isEqualTo("8");
        assertThat(str(report, 58)).as("Text").startsWith(reason + ": ");
        assertThat(str(report.getHeader(), 35)).isEqualTo("8");
    }

    private static Message logon(final String senderCompId, final String password)
    {
        final Message logon = new quickfix.fix44.Logon();
        logon.getHeader().setString(49, senderCompId);
        logon.getHeader().setString(56, "RESX");
        logon.getHeader().setInt(34, 1);
        logon.getHeader().setUtcTimeStamp(52, LocalDateTime.now(ZoneOffset.UTC));
        logon.setInt(98, 0);
        logon.setInt(108, 30);
        logon.setInt(95, RAW_SECRET.length());
        logon.setString(96, RAW_SECRET);
        logon.setString(554, password);
        return logon;
    }

    private static String messagesOf(final List<Path> files) throws IOException
    {
        final StringBuilder text = new StringBuilder();
        for (final Path file : files)
        {
            if (file.toString().contains("fix-log") && file.getFileName().toString().endsWith("messages.log"))
            {
                text.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(text).as("message log").isNotEmpty();
        return text.toString();
    }

    /** Sends a Logon header announcing a 2 GB body, then up to {@code bytes} more; returns what it got out. */
    private static long flood(final Socket socket, final long bytes)
    {
        final byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte)'x');
        long sent = 0;
        try
        {
            final OutputStream out = socket.getOutputStream();
            out.write(("8=FIX.4.4" + SOH + "9=2147483647" + SOH + "35=A" + SOH).getBytes(StandardCharsets.US_ASCII));
            while (sent < bytes)
            {
                out.write(chunk);
                sent += chunk.length;
            }
        }
        catch (final IOException closedByServer)
        {
            return sent;
        }
        return sent;
    }

    private static long usedHeapAfterGc(final MemoryMXBean memory) throws InterruptedException
    {
        memory.gc();
        Thread.sleep(200);
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static JMXConnector attach() throws Exception
    {
        final VirtualMachine vm = VirtualMachine.attach(Long.toString(server.pid()));
        try
        {
            return JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
        }
        finally
        {
            vm.detach();
        }
    }

    /** @return whether the server closed {@code socket} (end of stream or reset) within {@code timeoutMs}. */
    private static boolean closedWithin(final Socket socket, final int timeoutMs) throws IOException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        final InputStream in = socket.getInputStream();
        final byte[] sink = new byte[4096];
        while (true)
        {
            final long left = deadline - System.currentTimeMillis();
            if (left <= 0)
            {
                return false;
            }
            socket.setSoTimeout((int)Math.max(1, left));
            try
            {
                if (in.read(sink) < 0)
                {
                    return true;
                }
            }
            catch (final SocketTimeoutException ex)
            {
                return false;
            }
            catch (final IOException reset)
            {
                return true;
            }
        }
    }

    private static Socket connect() throws IOException
    {
        final Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", fixPort), 5000);
        return socket;
    }

    private static void awaitLog(final String text) throws Exception
    {
        final long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(120);
        while (System.currentTimeMillis() < deadline)
        {
            if (Files.exists(serverLog) && Files.readString(serverLog, StandardCharsets.ISO_8859_1).contains(text))
            {
                return;
            }
            if (!server.isAlive())
            {
                throw new AssertionError("server exited: " + Files.readString(serverLog));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in the log within 120 s: " + Files.readString(serverLog));
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
