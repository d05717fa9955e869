package io.resx.server.http;

import io.resx.gateway.common.ApiKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.server.support.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the real {@code ./resx serve} as a process (engine, Chronicle journal, Aeron, FIX gateway, HTTP API) and
 * talks to its HTTP API and WebSocket with the JDK's HttpClient over loopback. One server for the class; each test
 * uses its own instruments and ClOrdIDs.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HttpApiIT
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_A = ApiKeys.newKey();
    private static final String KEY_B = ApiKeys.newKey();
    private static final String KEY_FLOOD = ApiKeys.newKey();
    private static final String KEY_OPS = ApiKeys.newKey();
    private static final String KEY_LESSOR = ApiKeys.newKey();
    private static final String LEASED_UNIT = "SPEC.3550-3560.CELL041";
    private static final int RATE_LIMIT = 1000;
    private static final int FLOOD_LIMIT = 20;
    private static final int MAX_QUEUED = 8;

    /** Gate closures nearer than this are not traded on: a slot closing mid-test would refuse its orders. */
    private static final Duration CLOSURE_MARGIN = Duration.ofMinutes(30);

    private static Path dir;
    private static Process server;
    /**
     * TRADING lease slots of {@link #LEASED_UNIT} whose gate closure is more than {@link #CLOSURE_MARGIN} of
     * exchange time away when the server is up, by slot start: read from the server's own listing.
     */
    private static List<String> leaseSlots;
    private static Path serverLog;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startServer() throws Exception
    {
        dir = Files.createTempDirectory("resx-http-it");
        final int httpPort = freeTcpPort();
        base = "http://127.0.0.1:" + httpPort;
        Files.writeString(dir.resolve("participants.json"), "{ \"participants\": [\n" +
            participant("OPERATOR-A", false, "OP-A-1", KEY_A) + ",\n" +
            participant("OPERATOR-B", false, "OP-B-1", KEY_B) + ",\n" +
            participant("FLOODER", false, "FL-1", KEY_FLOOD).replace("\"admin\"", "\"apiRateLimitPerSecond\": " +
                FLOOD_LIMIT + ", \"admin\"") + ",\n" +
            participant("LESSOR", false, "LX-1", KEY_LESSOR) + ",\n" +
            participant("EXCHANGE-OPS", true, null, KEY_OPS) + "\n] }");
        // The opening balances go on the embedded chain (the engine learns them back as deposits). A primary holding
        // of more than 100 units stays exempt on chain (no NFTs), so it cannot be leased out there: the units A and
        // B lease to each other are funded with 100; LX-1 leases out of an exempt 1000 and defaults on chain.
        final StringBuilder funding = new StringBuilder();
        for (final String account : List.of("OP-A-1", "OP-B-1", "FL-1", "LX-1"))
        {
            funding.append("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"").append(account)
                .append("\",\"asset\":\"CASH\",\"amount\":\"1000000\"}\n");
            for (final String unit : List.of("SPEC.3550-3560.CELL041", "SPEC.3550-3560.CELL042",
                "SPEC.3560-3570.CELL041"))
            {
                final String amount = unit.equals(LEASED_UNIT) && !account.equals("LX-1") ? "100" : "1000";
                funding.append("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"").append(account)
                    .append("\",\"asset\":\"").append(unit).append("\",\"amount\":\"").append(amount)
                    .append("\"}\n");
            }
        }
        Files.writeString(dir.resolve("funding.ndjson"), funding);
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "participants=" + dir.resolve("participants.json"),
            "funding=" + dir.resolve("funding.ndjson"),
            "data.dir=" + dir.resolve("data"),
            "fix.port=" + freeTcpPort(),
            "fix.storeDir=" + dir.resolve("store"),
            "aeron.dir=/dev/shm/resx-http-it-" + ProcessHandle.current().pid(),
            "engine.in.channels=aeron:ipc",
            "engine.out.channels=aeron:ipc",
            "http.rateLimitPerSecond=" + RATE_LIMIT,
            "http.ws.maxQueued=" + MAX_QUEUED,
            // the resync test stalls a client for as long as 151 orders take: not to be cut off meanwhile
            "http.ws.sendTimeoutMs=120000",
            "http.socketSendBufferBytes=4096",
            ""));
        serverLog = dir.resolve("server.log");
        server = new ProcessBuilder(ROOT.resolve("resx").toString(), "serve", "--config",
            dir.resolve("resx.properties").toString(), "--http-port", Integer.toString(httpPort))
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        awaitLog("resx serve ready");
        leaseSlots = tradableSlots(LEASED_UNIT);
        assertThat(leaseSlots).as("tradable lease slots of " + LEASED_UNIT).hasSizeGreaterThan(3);
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
    void shouldRefuseMissingAndWrongKeysAndAnotherParticipantsAccounts() throws Exception
    {
        final HttpResponse<String> noKey = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/me")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(json(noKey.body()).path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(noKey.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");

        assertThat(get("rxk_not-a-key", "/api/v1/me").statusCode()).isEqualTo(401);

        final JsonNode me = json(get(KEY_A, "/api/v1/me").body());
        assertThat(me.path("participant").asText()).isEqualTo("OPERATOR-A");
        assertThat(me.path("admin").asBoolean()).isFalse();

        for (final String path : List.of("/orders", "/fills", "/balances"))
        {
            final HttpResponse<String> foreign = get(KEY_A, "/api/v1/accounts/OP-B-1" + path);
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(json(foreign.body()).path("field").asText()).isEqualTo("account");
        }
        final HttpResponse<String> foreignOrder = post(KEY_A, "/api/v1/orders", order("A-X1", "OP-B-1",
            "SPEC.3550-3560.CELL041", "SELL", "100", "1"));
        assertThat(foreignOrder.statusCode()).isEqualTo(403);
        final HttpResponse<String> foreignCancel = post(KEY_B, "/api/v1/orders/cancel",
            "{\"clOrdId\":\"B-X2\",\"origClOrdId\":\"A-1\",\"account\":\"OP-A-1\"}");
        assertThat(foreignCancel.statusCode()).isEqualTo(403);

        final String deposit = "{\"account\":\"OP-A-1\",\"asset\":\"CASH\",\"amount\":\"5\"}";
        final HttpResponse<String> notAdmin = post(KEY_A, "/api/v1/admin/deposit", deposit);
        assertThat(notAdmin.statusCode()).isEqualTo(403);
        assertThat(json(notAdmin.body()).path("code").asText()).isEqualTo("FORBIDDEN");
        final HttpResponse<String> admin = post(KEY_OPS, "/api/v1/admin/deposit", deposit);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(json(admin.body()).path("status").asText()).isEqualTo("ACCEPTED");
    }

    @Test
    void shouldTradeAcrossTwoParticipantsAndRejectWithTheEnginesReasons() throws Exception
    {
        final String symbol = "SPEC.3550-3560.CELL041";
        final JsonNode sell = json(post(KEY_A, "/api/v1/orders", order("A-T1", "OP-A-1", symbol, "SELL", "100.50",
            "1")).body());
        assertThat(sell.path("status").asText()).isEqualTo("ACCEPTED");
        final long sellOrderId = sell.path("events").get(0).path("orderId").asLong();

        final HttpResponse<String> buyResponse = post(KEY_B, "/api/v1/orders", order("B-T1", "OP-B-1", symbol, "BUY",
            "101", "0.4"));
        assertThat(buyResponse.statusCode()).isEqualTo(200);
        final JsonNode buy = json(buyResponse.body());
        assertThat(buy.path("status").asText()).isEqualTo("ACCEPTED");
        final JsonNode trade = first(buy.path("events"), e -> e.path("evt").asText().equals("trade"));
        assertThat(trade.path("price").asText()).isEqualTo("100.50");
        assertThat(trade.path("qty").asText()).isEqualTo("0.4");
        assertThat(trade.path("buyAccount").asText()).isEqualTo("OP-B-1");
        // the counterparty's identity is not the buyer's to see
        assertThat(trade.has("sellAccount")).isFalse();
        assertThat(trade.has("sellClOrdId")).isFalse();
        assertThat(buy.path("events").toString()).doesNotContain("OP-A-1");

        final JsonNode fills = json(get(KEY_A, "/api/v1/accounts/OP-A-1/fills").body());
        final JsonNode fill = first(fills, f -> f.path("orderId").asLong() == sellOrderId);
        assertThat(fill.path("side").asText()).isEqualTo("SELL");
        assertThat(fill.path("qty").asText()).isEqualTo("0.4");
        assertThat(fill.path("clOrdId").asText()).isEqualTo("A-T1");
        final JsonNode open = first(json(get(KEY_A, "/api/v1/accounts/OP-A-1/orders").body()),
            o -> o.path("clOrdId").asText().equals("A-T1"));
        assertThat(open.path("leavesQty").asText()).isEqualTo("0.6");

        final JsonNode book = json(get(KEY_B, "/api/v1/book?symbol=" + symbol).body());
        assertThat(book.path("asks").get(0).path("price").asText()).isEqualTo("100.50");
        assertThat(book.path("asks").get(0).path("qty").asText()).isEqualTo("0.6");
        assertThat(book.path("lastPrice").asText()).isEqualTo("100.50");
        final JsonNode trades = json(get(KEY_B, "/api/v1/trades?symbol=" + symbol).body());
        assertThat(trades.get(0).path("price").asText()).isEqualTo("100.50");
        assertThat(trades.get(0).has("buyAccount")).isFalse();

        final JsonNode balances = json(get(KEY_B, "/api/v1/accounts/OP-B-1/balances").body());
        assertThat(first(balances, b -> b.path("asset").asText().equals(symbol)).path("total").asText())
            .isEqualTo("100.4");

        // Bad orders: the engine's reject reasons, the ones a FIX client gets in Text (58)
        final JsonNode offTick = json(post(KEY_B, "/api/v1/orders", order("B-T2", "OP-B-1", symbol, "BUY",
            "100.005", "1")).body());
        assertThat(offTick.path("status").asText()).isEqualTo("REJECTED");
        assertThat(offTick.path("reason").asText()).isEqualTo("PRICE_OFF_TICK");
        final JsonNode unknown = json(post(KEY_B, "/api/v1/orders", order("B-T3", "OP-B-1", "SPEC.1-2.NOWHERE",
            "BUY", "1", "1")).body());
        assertThat(unknown.path("reason").asText()).isEqualTo("UNKNOWN_SYMBOL");
        final HttpResponse<String> missing = post(KEY_B, "/api/v1/orders", "{\"clOrdId\":\"B-T4\",\"account\":" +
            "\"OP-B-1\",\"symbol\":\"" + symbol + "\",\"side\":\"BUY\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing.body()).path("code").asText()).isEqualTo("MISSING_FIELD");
        assertThat(json(missing.body()).path("field").asText()).isEqualTo("qty");
        final HttpResponse<String> badSide = post(KEY_B, "/api/v1/orders", order("B-T5", "OP-B-1", symbol, "UP",
            "1", "1"));
        assertThat(badSide.statusCode()).isEqualTo(400);
        assertThat(json(badSide.body()).path("field").asText()).isEqualTo("side");

        final JsonNode cancel = json(post(KEY_A, "/api/v1/orders/cancel",
            "{\"clOrdId\":\"A-T1c\",\"origClOrdId\":\"A-T1\",\"account\":\"OP-A-1\"}").body());
        assertThat(cancel.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(cancel.path("events").toString()).contains("\"evt\":\"cancelled\"");
        final JsonNode again = json(post(KEY_A, "/api/v1/orders/cancel",
            "{\"clOrdId\":\"A-T1d\",\"origClOrdId\":\"A-T1\",\"account\":\"OP-A-1\"}").body());
        assertThat(again.path("reason").asText()).isEqualTo("UNKNOWN_ORDER");
        assertThat(json(get(KEY_A, "/api/v1/accounts/OP-A-1/orders").body()).toString()).doesNotContain("A-T1\"");
    }

    @Test
    void shouldHaltAndResumeABookThroughTheAdminEndpoint() throws Exception
    {
        final String symbol = "SPEC.3550-3560.CELL043"; // listed by the default market, used by no other test
        final String halt = "{\"symbol\":\"" + symbol + "\"}";
        final HttpResponse<String> notAdmin = post(KEY_B, "/api/v1/admin/halt", halt);
        assertThat(notAdmin.statusCode()).isEqualTo(403);
        assertThat(json(notAdmin.body()).path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(json(post(KEY_OPS, "/api/v1/admin/halt", "{\"symbol\":\"SPEC.1-2.NOWHERE\"}").body())
            .path("reason").asText()).isEqualTo("UNKNOWN_SYMBOL");
        final HttpResponse<String> noSymbol = post(KEY_OPS, "/api/v1/admin/halt", "{\"halted\":true}");
        assertThat(noSymbol.statusCode()).isEqualTo(400);
        assertThat(json(noSymbol.body()).path("field").asText()).isEqualTo("symbol");

        final HttpResponse<String> halted = post(KEY_OPS, "/api/v1/admin/halt", halt);
        assertThat(halted.statusCode()).isEqualTo(200);
        assertThat(json(halted.body()).path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(halted.body()).contains("{\"seq\":", "\"evt\":\"halted\",\"symbol\":\"" + symbol + "\"");

        final JsonNode refused = json(post(KEY_B, "/api/v1/orders", order("B-H1", "OP-B-1", symbol, "BUY", "5",
            "1")).body());
        assertThat(refused.path("status").asText()).isEqualTo("REJECTED");
        assertThat(refused.path("reason").asText()).isEqualTo("BOOK_HALTED");

        final HttpResponse<String> resumed = post(KEY_OPS, "/api/v1/admin/halt",
            "{\"symbol\":\"" + symbol + "\",\"halted\":false}");
        assertThat(json(resumed.body()).path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(resumed.body()).contains("\"evt\":\"resumed\"");
        final JsonNode taken = json(post(KEY_B, "/api/v1/orders", order("B-H2", "OP-B-1", symbol, "BUY", "5",
            "1")).body());
        assertThat(taken.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(first(json(get(KEY_B, "/api/v1/accounts/OP-B-1/orders").body()),
            o -> o.path("clOrdId").asText().equals("B-H2")).path("symbol").asText()).isEqualTo(symbol);
    }

    @Test
    void shouldStreamTradesAndBookUpdatesOverWebSocket() throws Exception
    {
        final String symbol = "SPEC.3550-3560.CELL042";
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(base.replace("http", "ws") + "/ws"),
            new Collector(messages)).get(10, TimeUnit.SECONDS);
        try
        {
            ws.sendText("{\"op\":\"auth\",\"key\":\"" + KEY_B + "\"}", true).get();
            await(messages, m -> "authenticated".equals(m.path("type").asText()));
            ws.sendText("{\"op\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"" + symbol + "\"}", true).get();
            ws.sendText("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"" + symbol + "\"}", true).get();
            ws.sendText("{\"op\":\"subscribe\",\"channel\":\"orders\"}", true).get();
            ws.sendText("{\"op\":\"subscribe\",\"channel\":\"balances\"}", true).get();
            await(messages, m -> "book".equals(m.path("channel").asText()) &&
                "snapshot".equals(m.path("type").asText()));

            assertThat(json(post(KEY_A, "/api/v1/orders", order("A-W1", "OP-A-1", symbol, "SELL", "42", "2"))
                .body()).path("status").asText()).isEqualTo("ACCEPTED");
            final JsonNode update = await(messages, m -> "book".equals(m.path("channel").asText()) &&
                "update".equals(m.path("type").asText()) && m.path("asks").size() > 0);
            assertThat(update.path("asks").get(0).path("price").asText()).isEqualTo("42.00");

            assertThat(json(post(KEY_B, "/api/v1/orders", order("B-W1", "OP-B-1", symbol, "BUY", "42", "0.5"))
                .body()).path("status").asText()).isEqualTo("ACCEPTED");
            final JsonNode trade = await(messages, m -> "trades".equals(m.path("channel").asText()) &&
                m.has("trade"));
            assertThat(trade.path("trade").path("price").asText()).isEqualTo("42.00");
            assertThat(trade.path("trade").path("qty").asText()).isEqualTo("0.5");
            final JsonNode own = await(messages, m -> "orders".equals(m.path("channel").asText()) &&
                "trade".equals(m.path("event").path("evt").asText()));
            assertThat(own.path("event").path("buyClOrdId").asText()).isEqualTo("B-W1");
            assertThat(own.path("event").has("sellAccount")).isFalse();
            final JsonNode balance = await(messages, m -> "balances".equals(m.path("channel").asText()) &&
                m.has("balances") && m.path("balances").toString().contains(symbol));
            assertThat(balance.path("account").asText()).isEqualTo("OP-B-1");
            await(messages, m -> "book".equals(m.path("channel").asText()) && m.path("asks").size() > 0 &&
                m.path("asks").get(0).path("qty").asText().equals("1.5"));

            ws.sendText("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"SPEC.9-10.NOWHERE\"}", true);
            assertThat(await(messages, m -> "error".equals(m.path("type").asText())).path("code").asText())
                .isEqualTo("UNKNOWN_SYMBOL");
        }
        finally
        {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }

        final LinkedBlockingQueue<JsonNode> anonymous = new LinkedBlockingQueue<>();
        final WebSocket other = HTTP.newWebSocketBuilder().buildAsync(URI.create(base.replace("http", "ws") + "/ws"),
            new Collector(anonymous)).get(10, TimeUnit.SECONDS);
        try
        {
            other.sendText("{\"op\":\"subscribe\",\"channel\":\"orders\"}", true).get();
            assertThat(await(anonymous, m -> "error".equals(m.path("type").asText())).path("code").asText())
                .isEqualTo("AUTH_REQUIRED");
            other.sendText("{\"op\":\"auth\",\"key\":\"rxk_wrong\"}", true).get();
            assertThat(await(anonymous, m -> "error".equals(m.path("type").asText())).path("code").asText())
                .isEqualTo("UNAUTHORIZED");
        }
        finally
        {
            other.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    @Test
    void shouldTellASlowSubscriberToResyncAndSendItASnapshot() throws Exception
    {
        final String symbol = "SPEC.3560-3570.CELL041";
        try (Socket slow = new Socket())
        {
            slow.setReceiveBufferSize(2048);
            slow.connect(new InetSocketAddress("127.0.0.1", URI.create(base).getPort()));
            final OutputStream out = slow.getOutputStream();
            final InputStream in = slow.getInputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            assertThat(readHeaders(in)).startsWith("HTTP/1.1 101");
            writeFrame(out, "{\"op\":\"auth\",\"key\":\"" + KEY_A + "\"}");
            writeFrame(out, "{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"" + symbol + "\"}");
            writeFrame(out, "{\"op\":\"subscribe\",\"channel\":\"orders\"}");
            Thread.sleep(300);

            // The slow client reads nothing while many trades happen: far more than MAX_QUEUED messages pile up.
            for (int i = 0; i < 150; i++)
            {
                assertThat(json(post(KEY_A, "/api/v1/orders", order("A-S" + i, "OP-A-1", symbol, "SELL",
                    Integer.toString(10 + i), "1")).body()).path("status").asText()).isEqualTo("ACCEPTED");
            }
            final JsonNode sweep = json(post(KEY_B, "/api/v1/orders", order("B-S1", "OP-B-1", symbol, "BUY", "1000",
                "150")).body());
            assertThat(sweep.path("status").asText()).isEqualTo("ACCEPTED");

            // Now read: somewhere there is a resync notice, and a snapshot right after it.
            slow.setSoTimeout(10_000);
            final List<JsonNode> frames = new ArrayList<>();
            int resyncAt = -1;
            while (resyncAt < 0 || frames.size() < resyncAt + 2)
            {
                final JsonNode frame = json(readFrame(in));
                frames.add(frame);
                if (resyncAt < 0 && "resync".equals(frame.path("type").asText()))
                {
                    resyncAt = frames.size() - 1;
                }
            }
            final JsonNode notice = frames.get(resyncAt);
            assertThat(notice.path("channel").asText()).isIn("trades", "orders");
            final JsonNode snapshot = frames.get(resyncAt + 1);
            assertThat(snapshot.path("type").asText()).isEqualTo("snapshot");
            assertThat(snapshot.path("channel").asText()).isEqualTo(notice.path("channel").asText());
        }
        final String metrics = get(KEY_A, "/metrics").body();
        assertThat(Pattern.compile("^resx_ws_resyncs_total [1-9]\\d*$", Pattern.MULTILINE).matcher(metrics).find())
            .isTrue();
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenOneKeyFloods() throws Exception
    {
        // three seconds' worth at once: the bucket holds one second's worth
        final List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < FLOOD_LIMIT * 3; i++)
        {
            flood.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/v1/me"))
                .header("Authorization", "Bearer " + KEY_FLOOD).build(), HttpResponse.BodyHandlers.ofString()));
        }
        HttpResponse<String> limited = null;
        int ok = 0;
        for (final java.util.concurrent.CompletableFuture<HttpResponse<String>> response : flood)
        {
            final HttpResponse<String> answer = response.get(60, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isIn(200, 429);
            ok += answer.statusCode() == 200 ? 1 : 0;
            limited = answer.statusCode() == 429 ? answer : limited;
        }
        assertThat(limited).isNotNull();
        assertThat(ok).isGreaterThanOrEqualTo(FLOOD_LIMIT - 1).isLessThan(FLOOD_LIMIT * 3);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(limited.body()).path("code").asText()).isEqualTo("RATE_LIMITED");
        // another key is not affected
        assertThat(get(KEY_B, "/api/v1/me").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldReportHealthMetricsAndOpenApi() throws Exception
    {
        final HttpResponse<String> health = get(null, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        final JsonNode components = json(health.body()).path("components");
        assertThat(json(health.body()).path("status").asText()).isEqualTo("UP");
        for (final String part : List.of("journal", "engine", "fix-gateway", "api-gateway"))
        {
            assertThat(components.path(part).path("status").asText()).as(part).isEqualTo("UP");
        }
        assertThat(components.path("chain").path("status").asText()).isEqualTo("UP");

        assertThat(json(post(KEY_B, "/api/v1/orders", order("B-M1", "OP-B-1", "SPEC.3550-3560.CELL041", "BUY",
            "1.001", "1")).body()).path("reason").asText()).isEqualTo("PRICE_OFF_TICK");
        assertThat(get(null, "/metrics").statusCode()).as("/metrics without a key").isEqualTo(401);
        final HttpResponse<String> metrics = get(KEY_A, "/metrics");
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        final Pattern sample = Pattern.compile(
            "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\")*})? " +
            "(NaN|[+-]?Inf|-?[0-9.]+([eE][+-]?[0-9]+)?)$");
        final Pattern comment = Pattern.compile("^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$");
        for (final String line : metrics.body().split("\n"))
        {
            assertThat(sample.matcher(line).matches() || comment.matcher(line).matches()).as(line).isTrue();
        }
        assertThat(metrics.body()).contains("resx_rejects_total{reason=\"PRICE_OFF_TICK\"}",
            "resx_pipeline_latency_seconds{quantile=\"0.99\"}", "resx_ring_buffer_used", "resx_journal_lag_commands",
            "resx_open_sessions{kind=\"websocket\"}", "resx_commands_per_second");

        final HttpResponse<String> noRoute = get(KEY_A, "/api/v1/nothing-here");
        assertThat(noRoute.statusCode()).isEqualTo(404);
        assertThat(json(noRoute.body()).path("code").asText()).isEqualTo("NOT_FOUND");
        final HttpResponse<String> unknownBook = get(KEY_A, "/api/v1/book?symbol=SPEC.1-2.NOWHERE");
        assertThat(unknownBook.statusCode()).isEqualTo(404);
        assertThat(json(unknownBook.body()).path("code").asText()).isEqualTo("UNKNOWN_SYMBOL");
        assertThat(json(unknownBook.body()).path("field").asText()).isEqualTo("symbol");

        final JsonNode openApi = json(get(null, "/openapi.json").body());
        assertThat(openApi.path("paths").has("/api/v1/orders")).isTrue();
        assertThat(openApi.path("paths").has("/api/v1/settlement/defaults")).isTrue();
        assertThat(metrics.body()).containsPattern("(?m)^resx_settlement_lag_commands \\d+$");
    }

    @Test
    void shouldSettleATradeOnChainAndListTheDefaultsItSees() throws Exception
    {
        final String symbol = "SPEC.3560-3570.CELL041";
        assertThat(json(post(KEY_A, "/api/v1/orders", order("A-C1", "OP-A-1", symbol, "SELL", "3", "1")).body())
            .path("status").asText()).isEqualTo("ACCEPTED");
        final JsonNode buy = json(post(KEY_B, "/api/v1/orders", order("B-C1", "OP-B-1", symbol, "BUY", "3", "1"))
            .body());
        assertThat(buy.path("status").asText()).isEqualTo("ACCEPTED");
        first(buy.path("events"), e -> e.path("evt").asText().equals("trade"));
        final long tradeSequence = buy.path("sequence").asLong();

        // Batch id = the journal sequence of the window's first trade: the trade's batch is the newest at or before it.
        final JsonNode batch = poll("the trade's batch confirmed on chain", () ->
        {
            final JsonNode page = json(get(KEY_A, "/api/v1/settlement/batches").body());
            assertThat(page.path("chain").asText()).isEqualTo("connected");
            JsonNode mine = null;
            for (final JsonNode candidate : page.path("batches"))
            {
                if (candidate.path("batchId").asLong() <= tradeSequence && (mine == null ||
                    candidate.path("batchId").asLong() > mine.path("batchId").asLong()))
                {
                    mine = candidate;
                }
            }
            return mine != null && "CONFIRMED".equals(mine.path("status").asText()) ? mine : null;
        });
        assertThat(batch.path("txHash").asText()).matches("0x[0-9a-f]{64}");
        assertThat(batch.path("gasUsed").asLong()).isPositive();
        assertThat(batch.path("confirmations").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(batch.path("block").asLong()).isPositive();
        assertThat(batch.path("trades").asInt()).isGreaterThanOrEqualTo(1);

        // LX-1 leases out a slot of a unit it holds exempt on chain: the vault cannot assign it, the chain's Default
        // comes back to the engine (settlementFailed) and the engine's waterfall runs.
        final String slot = leaseSlots.get(0);
        assertThat(json(post(KEY_LESSOR, "/api/v1/orders", order("X-D1", "LX-1", slot, "SELL", "4", "1")).body())
            .path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(json(post(KEY_B, "/api/v1/orders", order("B-D1", "OP-B-1", slot, "BUY", "4", "1")).body())
            .path("status").asText()).isEqualTo("ACCEPTED");
        final JsonNode seenByLessor = poll("LX-1's default and suspension", () ->
        {
            final JsonNode steps = json(get(KEY_LESSOR, "/api/v1/settlement/defaults").body());
            return steps.toString().contains("\"evt\":\"suspended\"") ? steps : null;
        });
        final JsonNode defaulted = first(seenByLessor, e -> e.path("evt").asText().equals("default"));
        assertThat(defaulted.path("account").asText()).isEqualTo("LX-1");
        assertThat(defaulted.path("asset").asText()).isEqualTo(LEASED_UNIT);
        assertThat(defaulted.path("seq").asLong()).isGreaterThan(tradeSequence);
        assertThat(first(seenByLessor, e -> e.path("evt").asText().equals("suspended")).path("account").asText())
            .isEqualTo("LX-1");
        final JsonNode seenByAdmin = json(get(KEY_OPS, "/api/v1/settlement/defaults").body());
        assertThat(seenByAdmin.toString()).contains("\"evt\":\"default\"", "\"account\":\"LX-1\"");
        // A participant sees only its own accounts' steps: A was no party to it.
        assertThat(json(get(KEY_A, "/api/v1/settlement/defaults").body()).toString()).doesNotContain("LX-1");
        // the engine keeps a suspended account out of trading
        assertThat(json(post(KEY_LESSOR, "/api/v1/orders", order("X-D2", "LX-1", symbol, "SELL", "3", "1")).body())
            .path("status").asText()).isEqualTo("REJECTED");
    }

    @Test
    void shouldShowTheLeaseCalendarAndHeatmapFromLeaseTrades() throws Exception
    {
        final String slot = leaseSlots.get(2);
        final String slotStart = InstrumentSymbol.parse(slot).slotStart().toString();
        assertThat(json(post(KEY_A, "/api/v1/orders", order("A-L1", "OP-A-1", slot, "SELL", "7", "1")).body())
            .path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(json(post(KEY_B, "/api/v1/orders", order("B-L1", "OP-B-1", slot, "BUY", "7", "1")).body())
            .path("status").asText()).isEqualTo("ACCEPTED");
        final JsonNode calendar = json(get(KEY_B, "/api/v1/leases?unit=SPEC.3550-3560.CELL041").body());
        final JsonNode leased = first(calendar, l -> l.path("symbol").asText().equals(slot));
        assertThat(leased.path("slotStart").asText()).isEqualTo(slotStart);
        assertThat(leased.path("state").asText()).isEqualTo("TRADING");
        assertThat(leased.path("user").asText()).isEqualTo("OP-B-1");
        final JsonNode seenByA = first(json(get(KEY_A, "/api/v1/leases?unit=SPEC.3550-3560.CELL041").body()),
            l -> l.path("symbol").asText().equals(slot));
        assertThat(seenByA.has("user")).isFalse();

        final JsonNode heatmap = json(get(KEY_A, "/api/v1/spectrum/heatmap?band=3550-3560&location=CELL041").body());
        final int row = indexOf(heatmap.path("channels"), "SPEC.3550-3560.CELL041");
        // the default window is around the exchange time: the traded slot (hours ahead) is in it
        final Instant now = Instant.parse(heatmap.path("now").asText());
        assertThat(Instant.parse(heatmap.path("from").asText())).isBefore(now);
        assertThat(Instant.parse(heatmap.path("to").asText())).isAfter(now.plus(Duration.ofHours(3)));
        final int column = indexOf(heatmap.path("slots"), slotStart);
        final JsonNode cell = heatmap.path("cells").get(row).get(column);
        assertThat(cell.path("occupied").asBoolean()).isTrue();
        assertThat(cell.path("price").asText()).isEqualTo("7.00");
        assertThat(cell.path("state").asText()).isEqualTo("TRADING");
        // a window that ends before the slot leaves it out; one of the past shows no listed future slot
        final JsonNode earlier = json(get(KEY_A, "/api/v1/spectrum/heatmap?band=3550-3560&location=CELL041&to=" +
            InstrumentSymbol.parse(slot).slotStart()).body());
        assertThat(earlier.path("slots").toString()).doesNotContain(slotStart);
        // the calendar's window: a slot that ended before `from` is not shown
        assertThat(json(get(KEY_B, "/api/v1/leases?unit=SPEC.3550-3560.CELL041&from=" +
            InstrumentSymbol.parse(slot).slotEnd()).body()).toString()).doesNotContain(slot);
        assertThat(heatmap.path("cells").get(row).get(column + 1).path("occupied").asBoolean()).isFalse();
        assertThat(get(KEY_A, "/api/v1/spectrum/heatmap?band=wide").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldListInstrumentsWithTheirStateAndTimes() throws Exception
    {
        final HttpResponse<String> answer = get(KEY_A, "/api/v1/instruments");
        assertThat(answer.statusCode()).isEqualTo(200);
        final Instant now = Instant.parse(answer.headers().firstValue(HttpApi.EXCHANGE_TIME).orElseThrow());
        final JsonNode all = json(answer.body());
        assertThat(all.size()).isGreaterThan(10);
        final JsonNode ownership = first(all, i -> i.path("symbol").asText().equals(LEASED_UNIT));
        assertThat(ownership.path("state").asText()).isEqualTo("TRADING");
        assertThat(ownership.has("closesAt")).isFalse();
        assertThat(ownership.has("slotStart")).isFalse();
        int leases = 0;
        for (final JsonNode instrument : all)
        {
            if (!instrument.has("slotStart"))
            {
                assertThat(instrument.path("state").asText()).as(instrument.toString()).isEqualTo("TRADING");
                continue;
            }
            leases++;
            final Instant closes = Instant.parse(instrument.path("closesAt").asText());
            final Instant start = Instant.parse(instrument.path("slotStart").asText());
            final Instant end = Instant.parse(instrument.path("slotEnd").asText());
            assertThat(closes).as(instrument.toString()).isBefore(end).isBeforeOrEqualTo(start);
            // the state is the one at the answer's exchange time
            final String expected = now.isBefore(closes) ? "TRADING" : now.isBefore(end) ? "CLOSED" : "EXPIRED";
            assertThat(instrument.path("state").asText()).as(instrument + " at " + now).isEqualTo(expected);
        }
        assertThat(leases).isGreaterThan(10);

        final JsonNode trading = json(get(KEY_A, "/api/v1/instruments?state=TRADING&kind=LEASE").body());
        assertThat(trading.size()).isPositive();
        trading.forEach(i -> assertThat(i.path("state").asText()).isEqualTo("TRADING"));
        // units without a slot never close (energy delivery intervals are kind OWNERSHIP too, but have a slot)
        assertThat(json(get(KEY_A, "/api/v1/instruments?state=EXPIRED,CLOSED&kind=OWNERSHIP").body()).findValuesAsText(
            "symbol")).allMatch(symbol -> symbol.contains("@"));
        final HttpResponse<String> bad = get(KEY_A, "/api/v1/instruments?state=OPEN");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad.body()).path("field").asText()).isEqualTo("state");
        final Instant windowStart = Instant.parse(trading.get(0).path("slotStart").asText());
        final JsonNode window = json(get(KEY_A, "/api/v1/instruments?from=" + windowStart + "&to=" +
            windowStart.plus(Duration.ofHours(1))).body());
        assertThat(window.size()).isPositive();
        window.forEach(i -> assertThat(Instant.parse(i.path("slotStart").asText())).isBefore(
            windowStart.plus(Duration.ofHours(1))));

        final JsonNode time = json(get(KEY_A, "/api/v1/time").body());
        assertThat(Instant.parse(time.path("now").asText())).isAfterOrEqualTo(now);
        assertThat(time.path("nowNs").asLong() / 1_000_000_000L).isEqualTo(Instant.parse(time.path("now").asText())
            .getEpochSecond());
    }

    @Test
    void shouldRefuseOrdersOnClosedAndEndedSlotsWithTheirReasons() throws Exception
    {
        final Instant now = Instant.parse(json(get(KEY_A, "/api/v1/time").body()).path("now").asText());
        final InstrumentSymbol unit = InstrumentSymbol.parse("SPEC.3640-3650.CELL043");
        // a slot that ended two hours ago: never tradable again
        final String ended = unit.lease(now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2)),
            Duration.ofHours(1)).toString();
        final JsonNode onEnded = json(post(KEY_A, "/api/v1/orders", order("A-E1", "OP-A-1", ended, "BUY", "1", "1"))
            .body());
        assertThat(onEnded.path("status").asText()).isEqualTo("REJECTED");
        assertThat(onEnded.path("reason").asText()).isEqualTo("INSTRUMENT_EXPIRED");
        final JsonNode listEnded = json(post(KEY_OPS, "/api/v1/admin/instruments",
            "{\"symbol\":\"" + ended + "\",\"tick\":\"0.01\",\"lot\":\"1\"}").body());
        assertThat(listEnded.get(0).path("reason").asText()).isEqualTo("INSTRUMENT_EXPIRED");

        // a quarter-hour slot (the template lists hours) listed by the admin with a gate closure seconds away from
        // the exchange time (the stamp of the commands just sent)
        final Instant sequenced = Instant.parse(json(get(KEY_A, "/api/v1/time").body()).path("now").asText());
        final String slot = unit.lease(now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(4)),
            Duration.ofMinutes(15)).toString();
        final Instant closes = sequenced.plusSeconds(4);
        final JsonNode listed = json(post(KEY_OPS, "/api/v1/admin/instruments", "{\"symbol\":\"" + slot +
            "\",\"tick\":\"0.01\",\"lot\":\"1\",\"closes\":\"" + closes + "\"}").body());
        assertThat(listed.get(0).path("status").asText()).as(listed.toString()).isEqualTo("ACCEPTED");
        final JsonNode before = first(json(get(KEY_A, "/api/v1/instruments?kind=LEASE&location=CELL043").body()),
            i -> i.path("symbol").asText().equals(slot));
        assertThat(before.path("state").asText()).isEqualTo("TRADING");
        assertThat(Instant.parse(before.path("closesAt").asText())).isEqualTo(closes);
        final JsonNode resting = json(post(KEY_A, "/api/v1/orders", order("A-T2", "OP-A-1", slot, "BUY", "1", "1"))
            .body());
        assertThat(resting.path("status").asText()).as(resting.toString()).isEqualTo("ACCEPTED");

        // from its gate closure on, the engine refuses orders on it (the sequencer's stamp is past closesAt), and the
        // API, whose exchange time is that stamp, shows it CLOSED
        while (Instant.now().isBefore(closes.plusMillis(500)))
        {
            Thread.sleep(100);
        }
        final JsonNode afterClosure = json(post(KEY_A, "/api/v1/orders", order("A-T3", "OP-A-1", slot, "BUY", "1",
            "1")).body());
        assertThat(afterClosure.path("status").asText()).as(afterClosure.toString()).isEqualTo("REJECTED");
        assertThat(afterClosure.path("reason").asText()).isEqualTo("INSTRUMENT_CLOSED");
        final HttpResponse<String> closedList = get(KEY_A, "/api/v1/instruments?state=CLOSED&location=CELL043");
        assertThat(Instant.parse(closedList.headers().firstValue(HttpApi.EXCHANGE_TIME).orElseThrow()))
            .isAfterOrEqualTo(closes);
        final JsonNode closed = first(json(closedList.body()), i -> i.path("symbol").asText().equals(slot));
        assertThat(closed.path("state").asText()).isEqualTo("CLOSED");
        assertThat(json(get(KEY_A, "/api/v1/instruments?state=TRADING").body()).toString()).doesNotContain(slot);
    }

    /**
     * @param unit a leasable unit of the default template.
     * @return its TRADING lease slots whose gate closure is more than {@link #CLOSURE_MARGIN} after the exchange
     *     time, by slot start, from the server's own listing.
     */
    private static List<String> tradableSlots(final String unit) throws Exception
    {
        final HttpResponse<String> answer = get(KEY_A, "/api/v1/instruments?kind=LEASE&state=TRADING");
        assertThat(answer.statusCode()).isEqualTo(200);
        final Instant now = Instant.parse(answer.headers().firstValue(HttpApi.EXCHANGE_TIME).orElseThrow());
        final List<JsonNode> slots = new ArrayList<>();
        for (final JsonNode instrument : json(answer.body()))
        {
            if (instrument.path("symbol").asText().startsWith(unit + "@") &&
                Instant.parse(instrument.path("closesAt").asText()).isAfter(now.plus(CLOSURE_MARGIN)))
            {
                slots.add(instrument);
            }
        }
        slots.sort(java.util.Comparator.comparing(i -> Instant.parse(i.path("slotStart").asText())));
        return slots.stream().map(i -> i.path("symbol").asText()).toList();
    }

    // ---- helpers ----

    /** A read that is not there yet, asked again until it is (or the deadline passes). */
    private interface Probe
    {
        JsonNode get() throws Exception;
    }

    private static JsonNode poll(final String what, final Probe probe) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            final JsonNode found = probe.get();
            if (found != null)
            {
                return found;
            }
            Thread.sleep(250);
        }
        final String log = Files.readString(serverLog);
        throw new AssertionError("timed out waiting for " + what + "; server log ends: " +
            log.substring(Math.max(0, log.length() - 4000)));
    }

    private static int indexOf(final JsonNode array, final String text)
    {
        for (int i = 0; i < array.size(); i++)
        {
            if (array.get(i).asText().equals(text))
            {
                return i;
            }
        }
        throw new AssertionError(text + " not in " + array);
    }

    private static String participant(final String id, final boolean admin, final String account, final String key)
    {
        return "{ \"id\": \"" + id + "\", \"admin\": " + admin + ", \"accounts\": [" +
            (account == null ? "" : "\"" + account + "\"") + "], \"apiKeys\": [\"" + ApiKeys.hash(key) +
            "\"], \"sessions\": [" + (admin ? "{ \"senderCompId\": \"OPS\", \"passwordHash\": \"" +
            io.resx.gateway.common.PasswordHash.hash("ops-secret-for-it".toCharArray(), 1000) + "\" }" : "") + "] }";
    }

    private static String order(final String clOrdId, final String account, final String symbol, final String side,
        final String price, final String qty)
    {
        return ApiClient.order(clOrdId, account, symbol, side, price, qty);
    }

    private static HttpResponse<String> get(final String key, final String path) throws Exception
    {
        return new ApiClient(base).get(key, path);
    }

    private static HttpResponse<String> post(final String key, final String path, final String body) throws Exception
    {
        return new ApiClient(base).post(key, path, body);
    }

    private static JsonNode json(final String text)
    {
        return ApiClient.json(text);
    }

    private static JsonNode first(final JsonNode array, final Predicate<JsonNode> test)
    {
        for (final JsonNode node : array)
        {
            if (test.test(node))
            {
                return node;
            }
        }
        throw new AssertionError("nothing matches in " + array);
    }

    private static JsonNode await(final LinkedBlockingQueue<JsonNode> messages, final Predicate<JsonNode> test)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        final List<JsonNode> seen = new ArrayList<>();
        while (System.nanoTime() < deadline)
        {
            final JsonNode message = messages.poll(100, TimeUnit.MILLISECONDS);
            if (message != null)
            {
                if (test.test(message))
                {
                    return message;
                }
                seen.add(message);
            }
        }
        throw new AssertionError("no such message; saw " + seen);
    }

    /** Collects whole text messages as JSON. */
    private static final class Collector implements WebSocket.Listener
    {
        private final LinkedBlockingQueue<JsonNode> messages;
        private final StringBuilder partial = new StringBuilder();

        Collector(final LinkedBlockingQueue<JsonNode> messages)
        {
            this.messages = messages;
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                try
                {
                    messages.add(JSON.readTree(partial.toString()));
                }
                catch (final IOException ex)
                {
                    throw new AssertionError("not JSON: " + partial, ex);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    private static String readHeaders(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream headers = new ByteArrayOutputStream();
        while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n"))
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new IOException("closed during the handshake: " + headers);
            }
            headers.write(b);
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    /** A client frame: FIN + text, masked as RFC 6455 requires of clients. */
    private static void writeFrame(final OutputStream out, final String text) throws IOException
    {
        final byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        final byte[] mask = {1, 2, 3, 4};
        out.write(0x81);
        if (payload.length < 126)
        {
            out.write(0x80 | payload.length);
        }
        else
        {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xFF);
        }
        out.write(mask);
        for (int i = 0; i < payload.length; i++)
        {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    /** A server frame (unmasked, unfragmented text): its payload. */
    private static String readFrame(final InputStream in) throws IOException
    {
        final int first = in.read();
        final int second = in.read();
        if (first < 0 || second < 0)
        {
            throw new IOException("closed");
        }
        long length = second & 0x7F;
        if (length == 126)
        {
            length = (in.read() << 8) | in.read();
        }
        else if (length == 127)
        {
            length = 0;
            for (int i = 0; i < 8; i++)
            {
                length = (length << 8) | in.read();
            }
        }
        final byte[] payload = in.readNBytes((int)length);
        if ((first & 0x0F) != 1)
        {
            return "{\"opcode\":" + (first & 0x0F) + "}";
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    private static void awaitLog(final String text) throws Exception
    {
        final long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(120);
        while (System.currentTimeMillis() < deadline)
        {
            if (Files.exists(serverLog) && Files.readString(serverLog, StandardCharsets.UTF_8).contains(text))
            {
                return;
            }
            if (!server.isAlive())
            {
                throw new AssertionError("server exited: " + Files.readString(serverLog));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for '" + text + "': " + Files.readString(serverLog));
    }

    private static int freeTcpPort() throws IOException
    {
        return ApiClient.freeTcpPort();
    }
}
