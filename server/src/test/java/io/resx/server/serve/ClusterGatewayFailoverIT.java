package io.resx.server.serve;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.node.StandardEngine;
import io.resx.engine.recovery.EngineState;
import io.resx.engine.recovery.Recovery;
import io.resx.gateway.common.EngineProxy;
import io.resx.gateway.common.cluster.ClusterLink;
import io.resx.gateway.common.cluster.ClusterLinkContext;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.replay.EventReader;
import io.resx.replay.JournalContext;
import io.resx.server.support.ApiClient;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.field.MsgType;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static io.resx.server.serve.FixClient.str;
import static io.resx.server.serve.FixServeIT.awaitLog;
import static io.resx.server.serve.FixServeIT.order;
import static io.resx.server.serve.FixServeIT.participant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine cluster behind real gateways: three {@code ./resx serve --cluster} members on loopback (their own
 * ports, folders and Aeron directories) and one {@code ./resx gateway --cluster} process (FIX and HTTP, each a
 * cluster client); a QuickFIX/J client and an HTTP client place orders all along while the leader is killed with
 * SIGKILL. Then: a new leader is elected; both clients go on (orders acknowledged after the kill, the FIX session
 * never dropped); every order acknowledged is in every member's {@code events} exactly once and in the state
 * rebuilt from every member's journal; the old leader restarts, rejoins and catches up; the three members' state
 * digests at the same snapshot position are equal. The exchange's clock is fixed ({@code cluster.clockOffset}).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterGatewayFailoverIT
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Instant EXCHANGE_START = Instant.parse("2026-12-01T09:00:00Z");
    private static final String SECRET = "it-operator-secret";
    private static final String FIX_PASSWORD = "fix-pass-for-cluster-it";
    private static final String API_KEY = "api-key-for-cluster-it-0123456789";
    private static final String SYMBOL = "COMP.GPU-H100.EU-WEST";
    private static final String FIX_ACCOUNT = "FX-1";
    private static final String HTTP_ACCOUNT = "HT-1";
    private static final int OPERATOR_GATEWAY = 1;

    private final Path root = Path.of("target", "cluster-gateway-it", "run-" + System.nanoTime()).toAbsolutePath();
    private final Process[] members = new Process[3];
    private final List<String> memberAddresses = new ArrayList<>();
    private Process gateway;
    private MediaDriver driver;
    private ClusterLink operator;
    private EngineProxy operatorProxy;
    private FixClient fix;
    private final AtomicBoolean loadOn = new AtomicBoolean(true);
    private final List<Thread> loads = new ArrayList<>();
    private final Map<Long, EventType> operatorAnswers = new HashMap<>();
    private final GatewayCodec operatorCodec = new GatewayCodec();
    /** Acknowledged ClOrdID, with the time of the acknowledgement. */
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void tearDown() throws Exception
    {
        loadOn.set(false);
        for (final Thread load : loads)
        {
            load.join(20_000);
        }
        if (fix != null)
        {
            fix.close();
        }
        stop(gateway);
        for (final Process member : members)
        {
            stop(member);
        }
        if (operator != null)
        {
            operator.close();
        }
        if (driver != null)
        {
            driver.close();
        }
    }

    @Test
    void shouldKeepFixAndHttpClientsTradingThroughTheLossOfTheLeader() throws Exception
    {
        Files.createDirectories(root);
        final int basePort = freeBasePort();
        for (int id = 0; id < 3; id++)
        {
            memberAddresses.add("127.0.0.1:" + (basePort + 10 * id));
        }
        final String ingress = io.resx.cluster.ClusterNodeContext.ingressEndpoints(memberAddresses);
        startMember(0);
        awaitLog(members[0], log(0), "cluster member 0 of");
        startMember(1);
        startMember(2);

        // The operator's client, the production link with the operator's secret: listings, accounts, cash.
        driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(root.resolve("operator-aeron")
            .toString()).threadingMode(ThreadingMode.SHARED).termBufferSparseFile(true)
            .publicationTermBufferLength(1 << 20).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        operator = new ClusterLink(new ClusterLinkContext().gatewayId(OPERATOR_GATEWAY).credentials(SECRET)
            .ingressEndpoints(ingress)
            .aeronDirectoryName(driver.aeronDirectoryName()).requestBufferBytes(1 << 16));
        operatorProxy = new EngineProxy(operator, OPERATOR_GATEWAY);
        pollOperator("a leader for the operator's session", 90, () -> operator.isConnected());
        sendAdmin(1, list());
        sendAdmin(2, account(FIX_ACCOUNT, "TRADER-F"));
        sendAdmin(3, account(HTTP_ACCOUNT, "TRADER-H"));
        sendAdmin(4, deposit(FIX_ACCOUNT));
        sendAdmin(5, deposit(HTTP_ACCOUNT));
        pollOperator("the operator's set-up", 30, () -> operatorAnswers.size() == 5);
        assertThat(operatorAnswers.values()).containsOnly(EventType.ACCEPTED);

        // The gateway reads a follower's events (a member on "its machine") for gap fill and its start.
        final int leader = operator.leaderMemberId();
        final int local = (leader + 1) % 3;
        final int fixPort = ApiClient.freeTcpPort();
        final int httpPort = ApiClient.freeTcpPort();
        startGateway(ingress, local, fixPort, httpPort);
        fix = new FixClient("FXC", FIX_PASSWORD, fixPort, root.resolve("fix-client"));
        assertThat(fix.awaitLogon(15_000)).as("the FIX client logs on").isTrue();
        final ApiClient http = new ApiClient("http://127.0.0.1:" + httpPort);
        startLoad("fix-load", () -> fixLoad());
        startLoad("http-load", () -> httpLoad(http));

        pollOperator("50 FIX and 50 HTTP acknowledgements before the kill", 60,
            () -> count("F") >= 50 && count("H") >= 50);
        final Set<String> ackedBeforeKill = new HashSet<>(acked.keySet());
        final long killMs = System.currentTimeMillis();
        members[leader].destroyForcibly(); // SIGKILL: no goodbye to peers or clients
        assertThat(members[leader].waitFor(10, TimeUnit.SECONDS)).isTrue();

        // (1) a new leader; (2) both clients go on: orders sent after the kill are acknowledged
        pollOperator("a new leader", 30, () -> operator.leaderMemberId() >= 0 && operator.leaderMemberId() != leader);
        pollOperator("30 FIX and 30 HTTP orders sent after the kill acknowledged", 60,
            () -> sentAfter("F", killMs) >= 30 && sentAfter("H", killMs) >= 30);
        assertThat(fix.isLoggedOn()).as("the FIX session survived the member's loss").isTrue();
        assertThat(acked.keySet()).containsAll(ackedBeforeKill);

        // (4) the old leader restarts and rejoins; (5) a snapshot after it caught up has one digest on all three
        startMember(leader);
        final String agreed = snapshotWithEqualDigests(leader, digests(leader).size());
        loadOn.set(false);
        for (final Thread load : loads)
        {
            load.join(30_000);
        }
        assertThat(unexpected).as("answers other than an acknowledgement or ENGINE_UNAVAILABLE").isEmpty();
        final String health = http.get(API_KEY, "/health").body();
        assertThat(health).contains("\"cluster\"").contains("requests resent");
        stop(gateway);
        for (final Process member : members)
        {
            stop(member);
        }

        // (3) every acknowledged order is in every member's events, exactly once, and in its journal's state
        final List<Long> ends = new ArrayList<>();
        for (int id = 0; id < 3; id++)
        {
            final JournalContext journal = new JournalContext().directory(memberDir(id).resolve("journal"));
            final Map<String, Integer> accepted = acceptedOrders(journal);
            assertThat(accepted.keySet()).as("orders accepted in member %d's events", id).isEqualTo(acked.keySet());
            assertThat(accepted.values()).as("orders applied more than once in member %d's events", id)
                .containsOnly(1);
            final Recovery.Recovered rebuilt = Recovery.fromJournalOnly(journal, StandardEngine.FACTORY,
                Long.MAX_VALUE);
            assertThat(rebuilt.engine().openOrderCount()).as("open orders in member %d's state", id)
                .isEqualTo(acked.size());
            ends.add(rebuilt.position().sequence());
        }
        final long common = ends.stream().mapToLong(Long::longValue).min().orElseThrow();
        final Set<Long> rebuiltDigests = new HashSet<>();
        for (int id = 0; id < 3; id++)
        {
            final MatchingEngine engine = Recovery.fromJournalOnly(new JournalContext()
                .directory(memberDir(id).resolve("journal")), StandardEngine.FACTORY, common).engine();
            rebuiltDigests.add(new EngineState().digest(engine));
        }
        assertThat(rebuiltDigests).as("state digests of the three journals at sequence " + common).hasSize(1);
        System.out.println("cluster gateway failover: leader " + leader + " killed; " + count("F") + " FIX and " +
            count("H") + " HTTP orders acknowledged; snapshot digests equal: " + agreed);
        IoUtil.delete(root.toFile(), true);
    }

    /** FIX client: one NewOrderSingle at a time; ENGINE_UNAVAILABLE (no leader reachable) is retried as is. */
    private void fixLoad()
    {
        long n = 1;
        while (loadOn.get())
        {
            final String clOrdId = "F" + n;
            sent.putIfAbsent(clOrdId, System.currentTimeMillis());
            fix.send(order(clOrdId, FIX_ACCOUNT, SYMBOL, '1', "1.00", "1"));
            final Message report = expectReport(clOrdId);
            final String execType = str(report, 150);
            if ("0".equals(execType))
            {
                acked.put(clOrdId, System.currentTimeMillis());
                n++;
            }
            else if (!(str(report, 58) != null && str(report, 58).startsWith(EngineProxy.ENGINE_UNAVAILABLE)))
            {
                unexpected.add(clOrdId + ": " + report);
                n++;
            }
            else
            {
                pause();
            }
        }
    }

    private Message expectReport(final String clOrdId)
    {
        final Predicate<Message> test = m -> MsgType.EXECUTION_REPORT.equals(str(m.getHeader(), 35)) &&
            clOrdId.equals(str(m, 11));
        try
        {
            return fix.expect("a report of " + clOrdId, test);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** HTTP client: one order at a time; a 503 (no leader, or no answer in time) is retried with the same ClOrdID. */
    private void httpLoad(final ApiClient http)
    {
        long n = 1;
        while (loadOn.get())
        {
            final String clOrdId = "H" + n;
            sent.putIfAbsent(clOrdId, System.currentTimeMillis());
            final HttpResponse<String> response;
            try
            {
                response = http.post(API_KEY, "/api/v1/orders", ApiClient.order(clOrdId, HTTP_ACCOUNT, SYMBOL, "BUY",
                    "1.00", "1"));
            }
            catch (final Exception ex)
            {
                unexpected.add(clOrdId + ": " + ex);
                return;
            }
            if (response.statusCode() == 200 && response.body().contains("\"status\":\"ACCEPTED\""))
            {
                acked.put(clOrdId, System.currentTimeMillis());
                n++;
            }
            else if (response.statusCode() == 503)
            {
                pause();
            }
            else
            {
                unexpected.add(clOrdId + ": " + response.statusCode() + " " + response.body());
                n++;
            }
        }
    }

    private static void pause()
    {
        try
        {
            Thread.sleep(50);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void startLoad(final String name, final Runnable load)
    {
        final Thread thread = new Thread(() ->
        {
            try
            {
                load.run();
            }
            catch (final RuntimeException | AssertionError ex)
            {
                unexpected.add(name + " stopped: " + ex);
            }
        }, name);
        thread.setDaemon(true);
        loads.add(thread);
        thread.start();
    }

    private long count(final String prefix)
    {
        return acked.keySet().stream().filter(id -> id.startsWith(prefix)).count();
    }

    private long sentAfter(final String prefix, final long killMs)
    {
        return acked.keySet().stream().filter(id -> id.startsWith(prefix) && sent.get(id) > killMs).count();
    }

    /**
     * @param restarted the member that restarted.
     * @param after     lines its digest file held before: the agreed line must be newer (written after it caught up).
     * @return the digest line all three wrote.
     */
    private String snapshotWithEqualDigests(final int restarted, final int after) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        long nextRequestNs = 0;
        while (System.nanoTime() - deadlineNs < 0)
        {
            final int leaderNow = operator.leaderMemberId();
            if (System.nanoTime() - nextRequestNs > 0 && leaderNow >= 0)
            {
                // Aeron's own tool on the leader's folder (the operator's admin request is the other way)
                io.aeron.cluster.ClusterTool.snapshot(memberDir(leaderNow).resolve("cluster").toFile(), System.out);
                nextRequestNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            }
            pollOperatorOnce();
            final List<String> lines = digests(restarted);
            for (int i = lines.size() - 1; i >= after; i--)
            {
                final String line = lines.get(i);
                if (digests(0).contains(line) && digests(1).contains(line) && digests(2).contains(line))
                {
                    for (int id = 0; id < 3; id++)
                    {
                        assertThat(members[id].isAlive()).as("member %d alive", id).isTrue();
                        assertThat(Files.readString(log(id))).as("member %d's log", id).doesNotContain("DIVERGED");
                    }
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no snapshot with equal digests on the three members; logs:\n" +
            Files.readString(log(0)) + "\n----\n" + Files.readString(log(1)) + "\n----\n" + Files.readString(log(2)));
    }

    private List<String> digests(final int id) throws IOException
    {
        final Path file = memberDir(id).resolve("state-digests.txt");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private void sendAdmin(final long correlationId, final Command command)
    {
        operatorProxy.lane().command().copyFrom(command);
        assertThat(operatorProxy.lane().offer(0, correlationId)).isNull();
    }

    private void pollOperator(final String what, final int seconds, final BooleanSupplier done) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("timed out waiting for " + what + " (acknowledged: " + count("F") +
                    " FIX, " + count("H") + " HTTP; unexpected " + unexpected + "); gateway log:\n" +
                    (gateway == null ? "" : Files.readString(root.resolve("gateway.log"))));
            }
            if (pollOperatorOnce() == 0)
            {
                Thread.sleep(1);
            }
        }
    }

    private int pollOperatorOnce()
    {
        return operator.poll(this::onOperatorMessage, 64);
    }

    private void onOperatorMessage(final org.agrona.DirectBuffer buffer, final int offset, final int length,
        final boolean alreadyAnswered)
    {
        if (operatorCodec.decodeRoute(buffer, offset, length) == GatewayCodec.Kind.COMMAND &&
            operatorCodec.gatewayId() == OPERATOR_GATEWAY && !alreadyAnswered)
        {
            final long correlationId = operatorCodec.correlationId();
            final Command command = new Command();
            final EventLog events = new EventLog();
            operatorCodec.decodeOutcome(buffer, offset, length, command, events);
            operatorAnswers.put(correlationId, events.get(0).type());
        }
    }

    private void startMember(final int id) throws IOException
    {
        final Path dir = memberDir(id);
        Files.createDirectories(dir);
        final long offsetNs = EXCHANGE_START.getEpochSecond() * 1_000_000_000L -
            System.currentTimeMillis() * 1_000_000L;
        final Path config = dir.resolve("member.properties");
        Files.writeString(config, String.join("\n",
            "data.dir=" + dir,
            "cluster.memberId=" + id,
            "cluster.members=" + String.join(",", memberAddresses),
            "cluster.dir=" + dir,
            "cluster.tick=PT0.2S",
            "cluster.clockOffset=" + Duration.ofNanos(offsetNs),
            "cluster.heartbeatTimeout=PT1S",
            "cluster.operatorSecret=" + SECRET,
            ""));
        members[id] = new ProcessBuilder(ROOT.resolve("resx").toString(), "serve", "--cluster", "--config",
            config.toString()).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log(id).toFile())).start();
    }

    private void startGateway(final String ingress, final int localMember, final int fixPort, final int httpPort)
        throws Exception
    {
        final Path dir = root.resolve("gateway");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("participants.json"), "{ \"participants\": [\n" +
            participant("TRADER-F", FIX_ACCOUNT, "FXC", FIX_PASSWORD, "") + ",\n" +
            "{ \"id\": \"TRADER-H\", \"accounts\": [\"" + HTTP_ACCOUNT + "\"], \"apiKeys\": [\"" +
            io.resx.gateway.common.ApiKeys.hash(API_KEY) + "\"], \"sessions\": [] }\n] }");
        Files.writeString(dir.resolve("gateway.properties"), String.join("\n",
            "participants=" + dir.resolve("participants.json"),
            "data.dir=" + dir.resolve("data"),
            "fix.storeDir=" + dir.resolve("store"),
            "aeron.dir=" + dir.resolve("aeron"),
            ""));
        final Path log = root.resolve("gateway.log");
        gateway = new ProcessBuilder(ROOT.resolve("resx").toString(), "gateway", "--cluster", ingress, "--config",
            dir.resolve("gateway.properties").toString(), "--fix-port", Integer.toString(fixPort), "--http-port",
            Integer.toString(httpPort), "--journal", memberDir(localMember).resolve("journal").toString())
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitLog(gateway, log, "resx gateway 2 ready");
    }

    private Path memberDir(final int id)
    {
        return root.resolve("node" + id);
    }

    private Path log(final int id)
    {
        return memberDir(id).resolve("member.log");
    }

    private static void stop(final Process process) throws InterruptedException
    {
        if (process != null && process.isAlive())
        {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** @return a base port whose five ports for each of three members (base + 10 i + 0..4) are free now. */
    private static int freeBasePort() throws IOException
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            final int base = 24_000 + 100 * (int)(Math.random() * 300);
            if (allFree(base))
            {
                return base;
            }
        }
        throw new IOException("no free ports for the members");
    }

    private static boolean allFree(final int base)
    {
        for (int id = 0; id < 3; id++)
        {
            for (int port = 0; port < 5; port++)
            {
                try (DatagramSocket socket = new DatagramSocket(base + 10 * id + port))
                {
                    socket.getLocalPort();
                }
                catch (final IOException ex)
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static Map<String, Integer> acceptedOrders(final JournalContext journal)
    {
        final Map<String, Integer> accepted = new HashMap<>();
        final Command command = new Command();
        final EventLog events = new EventLog();
        try (EventReader reader = EventReader.open(journal.events()))
        {
            while (reader.next())
            {
                reader.outcome(command, events);
                if (command.type() == CommandType.NEW_ORDER && events.get(0).type() == EventType.ACCEPTED)
                {
                    accepted.merge(command.clOrdId().toString(), 1, Integer::sum);
                }
            }
        }
        return accepted;
    }

    private static Command list()
    {
        final Command command = new Command().type(CommandType.LIST).admin(true)
            .tick(FixedPoint.parse("0.01")).lot(FixedPoint.parse("1"));
        command.symbol().set(SYMBOL);
        return command;
    }

    private static Command account(final String account, final String owner)
    {
        final Command command = new Command().type(CommandType.ACCOUNT).admin(true);
        command.account().set(account);
        command.owner().set(owner);
        return command;
    }

    private static Command deposit(final String account)
    {
        final Command command = new Command().type(CommandType.DEPOSIT).admin(true)
            .amount(FixedPoint.parse("1000000000"));
        command.account().set(account);
        command.symbol().set("CASH");
        return command;
    }
}
