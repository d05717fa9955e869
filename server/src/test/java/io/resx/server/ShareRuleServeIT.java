package io.resx.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.resx.gateway.common.ApiKeys;
import io.resx.server.support.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
 * Use-it-or-share-it on a real {@code ./resx serve} with its embedded anvil: the funding sets the rule on a spectrum
 * unit (floor 1.00, share 10 % to a pool account); its owner never offers or uses a slot; another operator bids on the
 * slot; at the slot's gate closure the server's own clock tick runs the clearing, the bid gets the owner's idle units
 * at the floor (they are more than it asks), and the lease settles on chain (its batch CONFIRMED, no refusal) before
 * the slot starts. The server's clock starts on a day years ahead ({@code clock.start}), with one-minute slots so a
 * gate closure comes within a minute of any moment; nothing depends on the day the test runs.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ShareRuleServeIT
{
    private static final Instant FAKE_START = Instant.parse("2031-03-15T11:43:44Z");
    private static final Duration GATE_CLOSURE = Duration.ofMinutes(15);
    private static final String UNIT = "SPEC.3550-3560.CELL041";

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final String KEY_A = ApiKeys.newKey();
    private static final String KEY_B = ApiKeys.newKey();
    private static final String KEY_POOL = ApiKeys.newKey();

    private static Path dir;
    private static Process server;
    private static Path serverLog;
    private static ApiClient api;
    private static long startedNs;

    @BeforeAll
    static void startServer() throws Exception
    {
        dir = Files.createTempDirectory("resx-share-rule-it");
        final int httpPort = ApiClient.freeTcpPort();
        api = new ApiClient("http://127.0.0.1:" + httpPort);
        Files.writeString(dir.resolve("participants.json"), "{ \"participants\": [\n" +
            participant("OPERATOR-A", "OP-A-1", KEY_A) + ",\n" + participant("OPERATOR-B", "OP-B-1", KEY_B) + ",\n" +
            participant("SHARE-POOL", "POOL-1", KEY_POOL) + "\n] }");
        Files.writeString(dir.resolve("funding.ndjson"), String.join("\n",
            "{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"OP-B-1\",\"asset\":\"CASH\",\"amount\":\"1000\"}",
            "{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"OP-A-1\",\"asset\":\"" + UNIT + "\",\"amount\":\"5\"}",
            "{\"cmd\":\"shareRule\",\"admin\":true,\"symbol\":\"" + UNIT + "\",\"floor\":\"1.00\",\"share\":\"0.1\"," +
                "\"account\":\"POOL-1\"}", ""));
        Files.writeString(dir.resolve("template.ndjson"), String.join("\n",
            "{\"list\":\"" + UNIT + "\",\"tick\":\"0.01\",\"lot\":\"1\"}",
            "{\"slots\":\"" + UNIT + "\",\"every\":\"PT1M\",\"tick\":\"0.01\",\"lot\":\"1\"}", ""));
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "participants=" + dir.resolve("participants.json"),
            "funding=" + dir.resolve("funding.ndjson"),
            "clock.start=" + FAKE_START,
            "market.template=" + dir.resolve("template.ndjson"),
            "market.horizon=PT30M",
            "market.gateClosure=" + GATE_CLOSURE,
            "fix.enabled=false",
            "data.dir=" + dir.resolve("data"),
            "fix.port=" + ApiClient.freeTcpPort(),
            "fix.storeDir=" + dir.resolve("store"),
            "aeron.dir=/dev/shm/resx-share-rule-it-" + ProcessHandle.current().pid(),
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
    void shouldOpenAnUnusedSlotToABidAtGateClosureAndSettleTheLeaseOnChain() throws Exception
    {
        poll("OP-A-1 holds its units and OP-B-1 its cash (deposits back from the chain)", () ->
            is(balance(KEY_A, "OP-A-1", UNIT), "5") && !balance(KEY_B, "OP-B-1", "CASH").isEmpty() ?
                Boolean.TRUE : null);
        final String slot = closingSlot(Duration.ofSeconds(20));
        final Instant closesAt = slotStart(slot).minus(GATE_CLOSURE);
        // the owner keeps three of its five units for its own use (over HTTP): two stay idle
        final JsonNode use = ApiClient.json(api.post(KEY_A, "/api/v1/use",
            "{\"account\":\"OP-A-1\",\"symbol\":\"" + slot + "\",\"qty\":\"3\"}").body());
        assertThat(use.path("status").asText()).as(use.toString()).isEqualTo("ACCEPTED");
        final JsonNode tooMuch = ApiClient.json(api.post(KEY_A, "/api/v1/use",
            "{\"account\":\"OP-A-1\",\"symbol\":\"" + slot + "\",\"qty\":\"3\"}").body());
        assertThat(tooMuch.path("reason").asText()).as("only two units are left to declare: %s", tooMuch)
            .isNotEmpty().isNotEqualTo("null");
        final JsonNode bid = ApiClient.json(api.post(KEY_B, "/api/v1/orders",
            ApiClient.order("B-S1", "OP-B-1", slot, "BUY", "3.00", "2")).body());
        assertThat(bid.path("status").asText()).as("%s before its gate closure at %s: %s", slot, closesAt, bid)
            .isEqualTo("ACCEPTED");
        assertThat(bid.path("events").toString()).as("no offer: nothing trades now").doesNotContain("\"trade\"");

        // the server's tick at gate closure: OP-A-1 neither leased nor used the slot, so its units go to the bid
        poll("the bid filled by the clearing", () -> is(balance(KEY_B, "OP-B-1", slot), "2") ? Boolean.TRUE : null);
        assertThat(fakeNow()).isAfterOrEqualTo(closesAt.minusSeconds(2));
        assertThat(is(balance(KEY_A, "OP-A-1", slot), "-2")).as("the owner leased out two units").isTrue();
        assertThat(is(balance(KEY_A, "OP-A-1", "CASH"), "1.8")).as(
            "5 idle units cover the bid of 2: the floor is the price; 2 × 1.00 less the 10 %% share: %s",
            balance(KEY_A, "OP-A-1", "CASH")).isTrue();
        assertThat(is(balance(KEY_POOL, "POOL-1", "CASH"), "0.2")).as("10 %% of 2 × 1.00").isTrue();
        assertThat(is(balance(KEY_B, "OP-B-1", "CASH"), "998")).as("the bidder pays the floor, not its 3.00: %s",
            balance(KEY_B, "OP-B-1", "CASH")).isTrue();
        final String late = ApiClient.json(api.post(KEY_B, "/api/v1/orders",
            ApiClient.order("B-S2", "OP-B-1", slot, "BUY", "3.00", "1")).body()).path("reason").asText();
        assertThat(late).isEqualTo("INSTRUMENT_CLOSED");
        assertThat(ApiClient.json(api.post(KEY_A, "/api/v1/use",
            "{\"account\":\"OP-A-1\",\"symbol\":\"" + slot + "\",\"qty\":\"1\"}").body())
            .path("reason").asText()).isEqualTo("USE_AFTER_GATE_CLOSURE");

        final JsonNode batch = poll("the lease's batch confirmed on chain", () ->
        {
            for (final JsonNode candidate : ApiClient.json(api.get(KEY_A, "/api/v1/settlement/batches").body())
                .path("batches"))
            {
                if (candidate.path("trades").asInt() > 0 && "CONFIRMED".equals(candidate.path("status").asText()))
                {
                    return candidate;
                }
            }
            return null;
        });
        assertThat(batch.path("txHash").asText()).startsWith("0x");
        assertThat(batch.path("legs").asInt()).isPositive();
        assertThat(batch.has("refused")).as("nothing refused: %s", batch).isFalse();
        assertThat(fakeNow()).as("on chain before the slot starts").isBefore(slotStart(slot));
        assertThat(Files.readString(serverLog)).doesNotContain("BadSlot");
    }

    private static boolean is(final String decimal, final String expected)
    {
        return !decimal.isEmpty() &&
            new java.math.BigDecimal(decimal).compareTo(new java.math.BigDecimal(expected)) == 0;
    }

    private static String balance(final String key, final String account, final String asset) throws Exception
    {
        for (final JsonNode b : ApiClient.json(api.get(key, "/api/v1/accounts/" + account + "/balances").body()))
        {
            if (asset.equals(b.path("asset").asText()))
            {
                return b.path("total").asText();
            }
        }
        return "";
    }

    /** @return the one-minute slot whose gate closure comes first after the server's now plus the margin. */
    private static String closingSlot(final Duration margin)
    {
        final long minuteS = 60;
        final long closesAfterS = fakeNow().plus(margin).plus(GATE_CLOSURE).getEpochSecond();
        final Instant start = Instant.ofEpochSecond((closesAfterS / minuteS + 1) * minuteS);
        return UNIT + "@" + start.toString().substring(0, 16) + "Z/PT1M";
    }

    private static Instant slotStart(final String slot)
    {
        return Instant.parse(slot.substring(slot.indexOf('@') + 1, slot.indexOf('/')).replace("Z", ":00Z"));
    }

    private static Instant fakeNow()
    {
        return FAKE_START.plusNanos(System.nanoTime() - startedNs);
    }

    private static String participant(final String id, final String account, final String key)
    {
        return "{ \"id\": \"" + id + "\", \"admin\": false, \"accounts\": [\"" + account + "\"], \"apiKeys\": [\"" +
            ApiKeys.hash(key) + "\"], \"sessions\": [] }";
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
            Thread.sleep(100);
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
}
