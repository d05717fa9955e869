package io.resx.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.resx.gateway.common.ApiKeys;
import io.resx.server.support.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./resx serve} on a day far from today: the server's clock starts years ahead ({@code clock.start}; its
 * embedded anvil's blocks start there too), so nothing in them can lean on the date the test happens to run.
 * (libfaketime was tried first: under it the JVM ran about eight times slower, {@code resx --help} 15 s instead of
 * 1.7 s, so a server took minutes to start; anvil alone was fine.) The market the server lists is that day's; a lease on a future slot of it settles on
 * chain (CONFIRMED, its ERC-4907 expiry in that future); an order on a slot that has ended is refused; and an energy
 * interval reaching its gate closure while the test watches stops trading. The market is a small template of the
 * test's own, with one-minute energy intervals so that a gate closure comes within a minute of any moment.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeOnAnotherDayIT
{
    /** The server's clock starts here, years from any day the test may run on. */
    private static final Instant FAKE_START = Instant.parse("2031-03-15T11:43:44Z");
    private static final Duration GATE_CLOSURE = Duration.ofMinutes(15);
    private static final String UNIT = "SPEC.3550-3560.CELL041";
    /** A lease slot of that day, hours ahead: trading until 12:45. */
    private static final String FUTURE_SLOT = UNIT + "@2031-03-15T13:00Z/PT1H";
    /** A slot that ended before the server started. */
    private static final String ENDED_SLOT = UNIT + "@2031-03-15T10:00Z/PT1H";
    private static final String NODE = "ENRG.KWH.NODE17";

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final String KEY_A = ApiKeys.newKey();
    private static final String KEY_B = ApiKeys.newKey();

    private static Path dir;
    private static Process server;
    private static Path serverLog;
    private static ApiClient api;
    private static long startedNs;

    @BeforeAll
    static void startServerOnAnotherDay() throws Exception
    {
        dir = Files.createTempDirectory("resx-another-day-it");
        final int httpPort = ApiClient.freeTcpPort();
        api = new ApiClient("http://127.0.0.1:" + httpPort);
        Files.writeString(dir.resolve("participants.json"), "{ \"participants\": [\n" +
            participant("OPERATOR-A", "OP-A-1", KEY_A) + ",\n" + participant("OPERATOR-B", "OP-B-1", KEY_B) + "\n] }");
        final StringBuilder funding = new StringBuilder();
        for (final String account : List.of("OP-A-1", "OP-B-1"))
        {
            funding.append("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"").append(account)
                .append("\",\"asset\":\"CASH\",\"amount\":\"100000\"}\n")
                .append("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"").append(account)
                .append("\",\"asset\":\"").append(UNIT).append("\",\"amount\":\"10\"}\n");
        }
        Files.writeString(dir.resolve("funding.ndjson"), funding);
        Files.writeString(dir.resolve("template.ndjson"), String.join("\n",
            "{\"list\":\"" + UNIT + "\",\"tick\":\"0.01\",\"lot\":\"0.1\"}",
            "{\"slots\":\"" + UNIT + "\",\"every\":\"PT1H\",\"tick\":\"0.01\",\"lot\":\"1\"}",
            "{\"slots\":\"" + NODE + "\",\"every\":\"PT1M\",\"tick\":\"0.0001\",\"lot\":\"0.01\"}", ""));
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "participants=" + dir.resolve("participants.json"),
            "funding=" + dir.resolve("funding.ndjson"),
            "clock.start=" + FAKE_START,
            "market.template=" + dir.resolve("template.ndjson"),
            "market.horizon=PT3H",
            "market.gateClosure=" + GATE_CLOSURE,
            "fix.enabled=false",
            "data.dir=" + dir.resolve("data"),
            "fix.port=" + ApiClient.freeTcpPort(),
            "fix.storeDir=" + dir.resolve("store"),
            "aeron.dir=/dev/shm/resx-another-day-it-" + ProcessHandle.current().pid(),
            "engine.in.channels=aeron:ipc",
            "engine.out.channels=aeron:ipc",
            ""));
        serverLog = dir.resolve("server.log");
        server = new ProcessBuilder(ROOT.resolve("resx").toString(), "serve", "--config",
            dir.resolve("resx.properties").toString(), "--http-port", Integer.toString(httpPort))
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        awaitLog("exchange clock starts at " + FAKE_START);
        startedNs = System.nanoTime();
        awaitLog("resx serve ready");
    }

    @AfterAll
    static void stopServer() throws Exception
    {
        if (server != null)
        {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(serverLog)).contains("stopped cleanly");
        }
    }

    @Test
    @Order(1)
    void shouldListThatDaysSlotsAndRefuseOneThatHasEnded() throws Exception
    {
        assertThat(Files.readString(serverLog)).as("the server's clock is the faked one")
            .containsPattern("next tick at 2031-03-15T1[12]:");
        final JsonNode instruments = json(get(KEY_A, "/api/v1/instruments").body());
        assertThat(instruments.toString()).contains(FUTURE_SLOT, closingInterval(Duration.ofMinutes(2)))
            .doesNotContain(ENDED_SLOT);

        final JsonNode refused = json(post(KEY_B, "/api/v1/orders", order("B-E1", "OP-B-1", ENDED_SLOT, "BUY", "2",
            "1")).body());
        assertThat(refused.path("status").asText()).isEqualTo("REJECTED");
        assertThat(refused.path("reason").asText()).isEqualTo("INSTRUMENT_EXPIRED");
    }

    @Test
    @Order(2)
    void shouldStopTradingAnEnergyIntervalAtItsGateClosure() throws Exception
    {
        // OP-B-1's cash comes back from the chain as a journaled deposit shortly after start
        poll("OP-B-1 funded", () -> get(KEY_B, "/api/v1/accounts/OP-B-1/balances").body().contains("CASH") ?
            Boolean.TRUE : null);
        // the first interval whose gate closure is at least 20 s away
        final String closing = closingInterval(Duration.ofSeconds(20));
        final Instant closingAt = Instant.parse(closing.substring(closing.indexOf('@') + 1, closing.indexOf('/'))
            .replace("Z", ":00Z")).minus(GATE_CLOSURE);
        final JsonNode resting = json(post(KEY_B, "/api/v1/orders", order("B-N1", "OP-B-1", closing, "BUY", "0.05",
            "10")).body());
        assertThat(resting.path("status").asText())
            .as("%s before its gate closure at %s: %s", closing, closingAt, resting).isEqualTo("ACCEPTED");
        assertThat(get(KEY_B, "/api/v1/accounts/OP-B-1/orders").body()).contains("B-N1");

        // the engine node's tick at gate closure cancels the resting order EXPIRED: it leaves the open orders
        poll("the order cancelled at gate closure", () -> get(KEY_B, "/api/v1/accounts/OP-B-1/orders").body()
            .contains("B-N1") ? null : Boolean.TRUE);
        assertThat(fakeNow()).isAfterOrEqualTo(closingAt.minusSeconds(2));
        final JsonNode late = json(post(KEY_B, "/api/v1/orders", order("B-N2", "OP-B-1", closing, "BUY", "0.05",
            "10")).body());
        assertThat(late.path("status").asText()).isEqualTo("REJECTED");
        assertThat(late.path("reason").asText()).isEqualTo("INSTRUMENT_CLOSED");
    }

    @Test
    @Order(3)
    void shouldSettleALeaseOnAFutureSlotOnChainBeforeItStarts() throws Exception
    {
        poll("OP-A-1 holds its units", () -> get(KEY_A, "/api/v1/accounts/OP-A-1/balances").body().contains(UNIT) ?
            Boolean.TRUE : null);
        final JsonNode offer = json(post(KEY_A, "/api/v1/orders", order("A-L1", "OP-A-1", FUTURE_SLOT, "SELL", "2",
            "1")).body());
        assertThat(offer.path("status").asText()).as(offer.toString()).isEqualTo("ACCEPTED");
        final JsonNode lift = json(post(KEY_B, "/api/v1/orders", order("B-L1", "OP-B-1", FUTURE_SLOT, "BUY", "2",
            "1")).body());
        assertThat(lift.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(lift.path("events").toString()).contains("\"evt\":\"trade\"");
        final long tradeSequence = lift.path("sequence").asLong();

        final JsonNode batch = poll("the lease's batch confirmed on chain", () ->
        {
            JsonNode mine = null;
            for (final JsonNode candidate : json(get(KEY_A, "/api/v1/settlement/batches").body()).path("batches"))
            {
                if (candidate.path("batchId").asLong() <= tradeSequence && (mine == null ||
                    candidate.path("batchId").asLong() > mine.path("batchId").asLong()))
                {
                    mine = candidate;
                }
            }
            return mine != null && "CONFIRMED".equals(mine.path("status").asText()) ? mine : null;
        });
        assertThat(batch.path("txHash").asText()).startsWith("0x");
        assertThat(fakeNow()).as("on chain before the slot starts").isBefore(Instant.parse("2031-03-15T13:00:00Z"));
        assertThat(Files.readString(serverLog)).doesNotContain("BadSlot");
    }

    /**
     * @param margin how long before its gate closure at least.
     * @return the one-minute energy interval whose gate closure comes first after the server's now plus the margin.
     */
    private static String closingInterval(final Duration margin)
    {
        final long minuteS = 60;
        final long closesAfterS = fakeNow().plus(margin).plus(GATE_CLOSURE).getEpochSecond();
        final Instant start = Instant.ofEpochSecond((closesAfterS / minuteS + 1) * minuteS);
        return NODE + "@" + start.toString().substring(0, 16) + "Z/PT1M";
    }

    /**
     * @return the server's time now, to within the log's poll: it showed {@link #FAKE_START} when it logged so, and
     *     runs at the real rate.
     */
    private static Instant fakeNow()
    {
        return FAKE_START.plusNanos(System.nanoTime() - startedNs);
    }

    private static String participant(final String id, final String account, final String key)
    {
        return "{ \"id\": \"" + id + "\", \"admin\": false, \"accounts\": [\"" + account + "\"], \"apiKeys\": [\"" +
            ApiKeys.hash(key) + "\"], \"sessions\": [] }";
    }

    private static String order(final String clOrdId, final String account, final String symbol, final String side,
        final String price, final String qty)
    {
        return ApiClient.order(clOrdId, account, symbol, side, price, qty);
    }

    private static HttpResponse<String> get(final String key, final String path) throws Exception
    {
        return api.get(key, path);
    }

    private static HttpResponse<String> post(final String key, final String path, final String body) throws Exception
    {
        return api.post(key, path, body);
    }

    private static JsonNode json(final String text)
    {
        return ApiClient.json(text);
    }

    private static <T> T poll(final String what, final Callable<T> probe) throws Exception
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline)
        {
            final T found = probe.call();
            if (found != null)
            {
                return found;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what + "; server log:\n" + tail());
    }

    private static String tail() throws Exception
    {
        final List<String> lines = Files.readAllLines(serverLog, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static void awaitLog(final String text) throws Exception
    {
        poll("'" + text + "' in the server log", () ->
        {
            if (!server.isAlive())
            {
                throw new AssertionError("server exited: " + Files.readString(serverLog));
            }
            return Files.exists(serverLog) && Files.readString(serverLog).contains(text) ? Boolean.TRUE : null;
        });
    }

    /**
     * One output, one engine: with the settlement bridge running, the process holds exactly two matching engines
     * after a full GC — the live one and the snapshot replica. The bridge, market data and the gateways read the
     * events queue instead of running engines of their own. Counted in the live JVM's heap by {@code jcmd}.
     */
    @Test
    @Order(4)
    void shouldRunOneMatchingEngineBesidesTheSnapshotReplica() throws Exception
    {
        final Process jcmd = new ProcessBuilder("jcmd", Long.toString(server.pid()), "GC.class_histogram")
            .redirectErrorStream(true).start();
        final String histogram =
            new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).isTrue();
        final long engines = histogram.lines().map(String::trim)
            .filter(line -> line.matches(
                "\\d+:\\s+\\d+\\s+\\d+\\s+io\\.resx\\.engine\\.matching\\.MatchingEngine( .*)?"))
            .mapToLong(line -> Long.parseLong(line.split("\\s+")[1]))
            .sum();

        assertThat(histogram).as("jcmd output").contains("io.resx.engine.matching.OrderBook");
        assertThat(engines).as("MatchingEngine instances live in serve").isEqualTo(2);
    }

}
