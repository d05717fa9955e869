package io.resx.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resx.gateway.common.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of a real {@code ./resx serve --no-chain} under HTTP order load, {@code kill.rounds} times (20
 * by default; {@code -Dkill.rounds=100} for the benchmark), each time restarted on the same data folder. Four
 * clients post orders while the process is killed: two rest on one book and never trade (a seller's offers
 * well above a buyer's bids), two cross on another book and trade. No acknowledged order (HTTP 200,
 * {@code ACCEPTED}) may be lost:
 * <ul>
 *   <li>after every restart, the recovered sequence is at least the highest acknowledged one, and the
 *   recovered engine locks exactly what the acknowledged resting orders of all rounds lock (units of the
 *   seller, cash of the buyer): the orders in flight at a kill are first resolved with a cancel, which
 *   succeeds only for one the journal kept;</li>
 *   <li>after the last round, a replay of the journal holds every acknowledged order at the sequence its
 *   acknowledgement named, and {@code audit verify} finds the hash chain intact.</li>
 * </ul>
 * Per round it reports the orders acknowledged, those lost, and the restart time: from starting the launcher
 * to {@code resx serve ready} (JVM start, recovery from snapshot and journal, media driver, HTTP).
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class KillNineLoopIT
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final int ROUNDS = Integer.getInteger("kill.rounds", 20);
    private static final String RESTING = "SPEC.3550-3560.CELL041";
    private static final String CROSSING = "COMP.GPU-H100.EU-WEST";
    private static final String KEY_S = ApiKeys.newKey();
    private static final String KEY_B = ApiKeys.newKey();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RECOVERED = Pattern.compile("recovered to sequence (\\d+) \\((.*?)\\), state digest");
    private static final String AERON_DIR = "/dev/shm/resx-kill-nine-it-" + ProcessHandle.current().pid();

    /** One client's stream of orders: account, book, side and price. */
    private enum Flow
    {
        OFFERS(KEY_S, "S-REST", RESTING, "SELL"),
        BIDS(KEY_B, "B-REST", RESTING, "BUY"),
        SELLS(KEY_S, "S-TRADE", CROSSING, "SELL"),
        BUYS(KEY_B, "B-TRADE", CROSSING, "BUY");

        final String key;
        final String account;
        final String symbol;
        final String side;

        Flow(final String key, final String account, final String symbol, final String side)
        {
            this.key = key;
            this.account = account;
            this.symbol = symbol;
            this.side = side;
        }

        /** Offers 100.00 to 199.99, bids 1.00 to 9.99: they never meet. The crossing pair meets at 50. */
        String price(final int n)
        {
            switch (this)
            {
                case OFFERS:
                    return BigDecimal.valueOf(10_000 + n % 10_000, 2).toPlainString();
                case BIDS:
                    return BigDecimal.valueOf(100 + n % 900, 2).toPlainString();
                default:
                    return "50";
            }
        }
    }

    private record Order(Flow flow, String clOrdId, String price, int round)
    {
    }

    private record Acked(Order order, long sequence)
    {
    }

    /** One kill and the restart after it. */
    private record Row(int round, long acked, long inFlight, int kept, long restartMs, String recoveredFrom)
    {
    }

    private static Path dir;
    private static Process server;
    private static long tradesInJournal;

    @AfterAll
    static void killLeftOverServerAndRemoveMediaDriverFolder() throws Exception
    {
        if (server != null && server.isAlive())
        {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        deleteTree(Path.of(AERON_DIR));
    }

    @Test
    void shouldLoseNoAcknowledgedOrderAcrossKillNineRestarts() throws Exception
    {
        dir = Files.createTempDirectory("resx-kill-nine-it");
        writeConfig();
        final List<Acked> acked = Collections.synchronizedList(new ArrayList<>());
        final List<Order> unknown = Collections.synchronizedList(new ArrayList<>());
        final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        final List<Long> restartMs = new ArrayList<>();
        final List<Row> rows = new ArrayList<>();
        final long testStartNs = System.nanoTime();
        long keptUnacknowledged = 0;

        for (int round = 1; round <= ROUNDS + 1; round++)
        {
            final int port = freePort();
            final long startNs = System.nanoTime();
            server = start(round, port);
            final String log = awaitReady(server, round);
            final long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            final Api api = new Api("http://127.0.0.1:" + port);

            if (round > 1)
            {
                restartMs.add(readyMs);
                final Matcher recovered = RECOVERED.matcher(log);
                assertThat(recovered.find()).as("round %d log: %s", round, log).isTrue();
                final long highestAcked = acked.stream().mapToLong(Acked::sequence).max().orElse(0);
                assertThat(Long.parseLong(recovered.group(1))).as("recovered sequence after kill %d", round - 1)
                    .isGreaterThanOrEqualTo(highestAcked);
                final int kept = resolveInFlight(api, unknown, round - 1);
                keptUnacknowledged += kept;
                assertLocksOfEveryAcknowledgedRestingOrder(api, acked, round - 1);
                final int killed = round - 1;
                final long ackedLast = acked.stream().filter(a -> a.order().round() == killed).count();
                final long inFlightLast = unknown.stream().filter(o -> o.round() == killed).count();
                rows.add(new Row(killed, ackedLast, inFlightLast, kept, readyMs, recovered.group(2)));
            }
            if (round == ROUNDS + 1)
            {
                server.destroy();
                assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
                assertThat(Files.readString(log(round))).contains("stopped cleanly");
                break;
            }

            final AtomicBoolean stop = new AtomicBoolean();
            final List<Thread> clients = new ArrayList<>();
            for (final Flow flow : Flow.values())
            {
                final int r = round;
                final Thread client = new Thread(() -> load(api, flow, r, stop, acked, unknown, unexpected),
                    "load-" + flow);
                clients.add(client);
                client.start();
            }
            Thread.sleep(1000 + (round * 397L) % 1000);
            server.destroyForcibly();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("killed in round %d", round).isTrue();
            stop.set(true);
            for (final Thread client : clients)
            {
                client.join(TimeUnit.SECONDS.toMillis(40));
                assertThat(client.isAlive()).as("%s ended", client.getName()).isFalse();
            }
            assertThat(server.exitValue()).as("SIGKILL in round %d", round).isEqualTo(137);
            assertThat(unexpected).as("answers other than 200 ACCEPTED").isEmpty();
            final int r = round;
            assertThat(acked.stream().filter(a -> a.order().round() == r).count())
                .as("orders acknowledged in round %d before the kill", round).isPositive();
        }

        final Map<Integer, Long> lostByRound = lostInJournal(acked);
        final long lost = lostByRound.values().stream().mapToLong(Long::longValue).sum();
        final List<Long> sorted = new ArrayList<>(restartMs);
        Collections.sort(sorted);
        final String summary = String.format("KillNineLoopIT: %d rounds, %d orders acknowledged, %d lost, %d in " +
            "flight at a kill (%d resting ones kept by the journal), %d trades, restart median %d ms, max %d ms, " +
            "min %d ms; %d s in all", ROUNDS, acked.size(), lost, unknown.size(), keptUnacknowledged, tradesInJournal,
            sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.get(0),
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - testStartNs));
        final List<String> table = new ArrayList<>();
        for (final Row row : rows)
        {
            table.add(String.format("| %d | %d | %d | %d | %d | %d | %s |", row.round(), row.acked(), row.inFlight(),
                row.kept(), lostByRound.getOrDefault(row.round(), 0L), row.restartMs(), row.recoveredFrom()));
        }
        System.out.println(summary);
        table.forEach(System.out::println);
        final Path report = Path.of(System.getProperty("user.dir"), "target", "kill-nine-loop.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, summary + "\n| round | acknowledged | in flight at the kill | of which kept | " +
            "lost | restart ms | recovered from |\n|---|---|---|---|---|---|---|\n" + String.join("\n", table) + "\n");
        assertThat(lostByRound).as("acknowledged orders missing from the journal, by round").isEmpty();
        assertThat(restartMs).hasSize(ROUNDS);
    }

    /** Posts orders until the server dies (the in-flight one is then unknown) or {@code stop} is set. */
    private static void load(final Api api, final Flow flow, final int round, final AtomicBoolean stop,
        final List<Acked> acked, final List<Order> unknown, final List<String> unexpected)
    {
        int n = 0;
        while (!stop.get())
        {
            final Order order = new Order(flow, String.format("r%d-%d-%d", round, flow.ordinal(), n),
                flow.price(n + round * 37), round);
            n++;
            final HttpResponse<String> response;
            try
            {
                response = api.post(flow.key, "/api/v1/orders", "{\"clOrdId\":\"" + order.clOrdId() +
                    "\",\"account\":\"" + flow.account + "\",\"symbol\":\"" + flow.symbol + "\",\"side\":\"" +
                    flow.side + "\",\"price\":\"" + order.price() + "\",\"qty\":\"1\"}");
            }
            catch (final IOException | InterruptedException killed)
            {
                unknown.add(order);
                return;
            }
            if (response.statusCode() == 200 && response.body().startsWith("{\"status\":\"ACCEPTED\""))
            {
                acked.add(new Acked(order, json(response.body()).path("sequence").asLong()));
            }
            else
            {
                unexpected.add(order.clOrdId() + ": " + response.statusCode() + " " + response.body());
                return;
            }
        }
    }

    /**
     * Cancels each resting order that was in flight at the last kill: it succeeds only if the journal kept the
     * order. Afterwards the resting books hold exactly the acknowledged orders.
     *
     * @return how many of them the journal kept.
     */
    private static int resolveInFlight(final Api api, final List<Order> unknown, final int round) throws Exception
    {
        int kept = 0;
        for (final Order order : List.copyOf(unknown))
        {
            if (order.round() != round || !RESTING.equals(order.flow().symbol))
            {
                continue;
            }
            final HttpResponse<String> answer = api.post(order.flow().key, "/api/v1/orders/cancel",
                "{\"clOrdId\":\"x" + order.clOrdId() + "\",\"origClOrdId\":\"" + order.clOrdId() +
                    "\",\"account\":\"" + order.flow().account + "\"}");
            final String status = json(answer.body()).path("status").asText();
            assertThat(status).as("cancel of %s: %s", order.clOrdId(), answer.body()).isIn("ACCEPTED", "REJECTED");
            if ("ACCEPTED".equals(status))
            {
                kept++;
            }
        }
        return kept;
    }

    /** The recovered engine locks one unit per acknowledged offer and the price of each acknowledged bid. */
    private static void assertLocksOfEveryAcknowledgedRestingOrder(final Api api, final List<Acked> acked,
        final int round) throws Exception
    {
        long offers = 0;
        BigDecimal bids = BigDecimal.ZERO;
        for (final Acked a : List.copyOf(acked))
        {
            if (a.order().flow() == Flow.OFFERS)
            {
                offers++;
            }
            else if (a.order().flow() == Flow.BIDS)
            {
                bids = bids.add(new BigDecimal(a.order().price()));
            }
        }
        assertThat(locked(api, KEY_S, "S-REST", RESTING))
            .as("units locked by the acknowledged offers after kill %d", round).isEqualByComparingTo(
                BigDecimal.valueOf(offers));
        assertThat(locked(api, KEY_B, "B-REST", "CASH"))
            .as("cash locked by the acknowledged bids after kill %d", round).isEqualByComparingTo(bids);
    }

    private static BigDecimal locked(final Api api, final String key, final String account, final String asset)
        throws Exception
    {
        final HttpResponse<String> balances = api.get(key, "/api/v1/accounts/" + account + "/balances");
        assertThat(balances.statusCode()).as(balances.body()).isEqualTo(200);
        for (final JsonNode balance : json(balances.body()))
        {
            if (asset.equals(balance.path("asset").asText()))
            {
                return new BigDecimal(balance.path("locked").asText());
            }
        }
        throw new AssertionError("no " + asset + " in " + balances.body());
    }

    /** Replays the whole journal and finds every acknowledged order accepted at its sequence. */
    private static Map<Integer, Long> lostInJournal(final List<Acked> acked) throws Exception
    {
        final Path journal = dir.resolve("data/journal");
        final String verify = run("audit", "verify", "--journal", journal.toString());
        assertThat(verify).contains("hash chain intact");
        final Path replayed = dir.resolve("replay.ndjson");
        run("replay", "--journal", journal.toString(), "--out", replayed.toString());
        final Map<String, Long> accepted = new HashMap<>();
        for (final String line : Files.readAllLines(replayed, StandardCharsets.UTF_8))
        {
            if (line.contains("\"evt\":\"trade\""))
            {
                tradesInJournal++;
            }
            else if (line.contains("\"evt\":\"accepted\",\"cmd\":\"new\""))
            {
                final JsonNode event = json(line);
                accepted.put(event.path("clOrdId").asText(), event.path("seq").asLong());
            }
        }
        final Map<Integer, Long> lost = new HashMap<>();
        for (final Acked a : acked)
        {
            final Long sequence = accepted.get(a.order().clOrdId());
            if (sequence == null || sequence != a.sequence())
            {
                lost.merge(a.order().round(), 1L, Long::sum);
            }
        }
        return lost;
    }

    private static void writeConfig() throws IOException
    {
        Files.writeString(dir.resolve("participants.json"), "{ \"participants\": [\n" +
            participant("SELLER", "\"S-REST\", \"S-TRADE\"", KEY_S) + ",\n" +
            participant("BUYER", "\"B-REST\", \"B-TRADE\"", KEY_B) + "\n] }");
        Files.writeString(dir.resolve("funding.ndjson"), String.join("\n",
            deposit("S-REST", RESTING, "10000000"), deposit("S-TRADE", CROSSING, "10000000"),
            deposit("B-REST", "CASH", "1000000000"), deposit("B-TRADE", "CASH", "1000000000"), ""));
        Files.writeString(dir.resolve("template.ndjson"), String.join("\n",
            "{\"list\":\"" + RESTING + "\",\"tick\":\"0.01\",\"lot\":\"1\"}",
            "{\"list\":\"" + CROSSING + "\",\"tick\":\"0.01\",\"lot\":\"1\"}", ""));
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "participants=" + dir.resolve("participants.json"),
            "funding=" + dir.resolve("funding.ndjson"),
            "market.template=" + dir.resolve("template.ndjson"),
            "data.dir=" + dir.resolve("data"),
            "fix.enabled=false",
            "journal.snapshotEvery=1000",
            "aeron.dir=" + AERON_DIR,
            "engine.in.channels=aeron:ipc",
            "engine.out.channels=aeron:ipc",
            ""));
    }

    private static String participant(final String id, final String accounts, final String key)
    {
        return "{ \"id\": \"" + id + "\", \"admin\": false, \"accounts\": [" + accounts + "], \"apiKeys\": [\"" +
            ApiKeys.hash(key) + "\"], \"sessions\": [] }";
    }

    private static String deposit(final String account, final String asset, final String amount)
    {
        return "{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"" + account + "\",\"asset\":\"" + asset +
            "\",\"amount\":\"" + amount + "\"}";
    }

    private static Process start(final int round, final int port) throws IOException
    {
        return new ProcessBuilder(ROOT.resolve("resx").toString(), "serve", "--no-chain", "--config",
            dir.resolve("resx.properties").toString(), "--http-port", Integer.toString(port))
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log(round).toFile()).start();
    }

    private static Path log(final int round)
    {
        return dir.resolve(String.format("serve-%03d.log", round));
    }

    /** @return the log up to {@code resx serve ready}. */
    private static String awaitReady(final Process server, final int round) throws Exception
    {
        final Path log = log(round);
        final long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(120);
        while (System.currentTimeMillis() < deadline)
        {
            final String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (text.contains("resx serve ready"))
            {
                return text;
            }
            assertThat(server.isAlive()).as("server of round %d exited: %s", round, text).isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("round " + round + ": not ready within 120 s: " + Files.readString(log));
    }

    private static String run(final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("resx").toString());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", args) + ": " + output).isZero();
        return output;
    }

    private static JsonNode json(final String text)
    {
        try
        {
            return JSON.readTree(text);
        }
        catch (final IOException ex)
        {
            throw new AssertionError("not JSON: " + text, ex);
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (var walk = Files.walk(root))
        {
            for (final Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }

    /** One server's HTTP API: a client of its own, so no connection outlives the process it went to. */
    private static final class Api
    {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;

        Api(final String base)
        {
            this.base = base;
        }

        HttpResponse<String> get(final String key, final String path) throws IOException, InterruptedException
        {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(final String key, final String path, final String body)
            throws IOException, InterruptedException
        {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
