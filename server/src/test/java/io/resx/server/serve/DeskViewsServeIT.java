package io.resx.server.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.resx.gateway.common.ApiKeys;
import io.resx.gateway.common.PasswordHash;
import io.resx.server.support.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Message;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.resx.server.serve.FixClient.report;
import static io.resx.server.serve.FixClient.str;
import static io.resx.server.serve.FixClient.type;
import static io.resx.server.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read side of issue 18 on real parts: a {@code ./resx serve} process with its journal and events queue, real
 * QuickFIX/J clients and the HTTP API. Order status (REST and FIX OrderStatusRequest) of an open, a filled and a
 * cancelled order before and after a server restart; order history walked with its cursor over several pages; a
 * drop copy session that sees an order placed over HTTP and refuses order entry with a BusinessMessageReject that
 * names the refused message; positions and P&amp;L against a hand-computed example; candles against the trades; and a
 * session that resets on disconnect, which gets no answer of its old connection in its new one.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class DeskViewsServeIT
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final String SECRET = "views-s3cret";
    /** An ownership instrument of the default market (tick 0.01, lot 0.1): it never expires. */
    private static final String SYMBOL = "SPEC.3550-3560.CELL041";
    private static final String SELLER_KEY = ApiKeys.newKey();
    private static final String BUYER_KEY = ApiKeys.newKey();

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private int fixPort;
    private ApiClient api;

    @AfterEach
    void stop() throws Exception
    {
        for (final AutoCloseable closeable : open)
        {
            closeable.close();
        }
        for (final Process process : processes)
        {
            stop(process);
        }
    }

    @Test
    void shouldServeStatusHistoryDropCopyPositionsAndCandlesAcrossARestart() throws Exception
    {
        configure("");
        Process server = start(dir.resolve("first.log"));
        FixClient seller = client("SELL", "seller-1");
        final FixClient dropCopy = client("SELLDC", "dropcopy-1");

        seller.send(FixServeIT.order("S-OPEN", "S-1", SYMBOL, '2', "110", "10"));
        seller.expect("open order acknowledged", report("S-OPEN", '0'));
        seller.send(FixServeIT.order("S-FILL", "S-1", SYMBOL, '2', "100", "5"));
        seller.expect("order to fill acknowledged", report("S-FILL", '0'));
        buy("B-1", "100", "5");
        seller.expect("filled", m -> report("S-FILL", 'F').test(m) && "2".equals(str(m, 39)));
        accepted(api.post(SELLER_KEY, "/api/v1/orders", ApiClient.order("S-HTTP", "S-1", SYMBOL, "SELL", "101", "3")));
        final Message copied = dropCopy.expect("the drop copy of an order placed over HTTP", report("S-HTTP", '0'));
        assertThat(str(copied, 797)).as("CopyMsgIndicator").isEqualTo("Y");
        assertThat(str(copied, 1)).isEqualTo("S-1");
        buy("B-2", "101", "3");
        dropCopy.expect("the drop copy of the HTTP order's fill", m -> report("S-HTTP", 'F').test(m) &&
            "2".equals(str(m, 39)));
        seller.send(FixServeIT.order("S-CXL", "S-1", SYMBOL, '2', "120", "3"));
        seller.expect("order to cancel acknowledged", report("S-CXL", '0'));
        seller.send(cancel("S-CXL-X", "S-CXL"));
        seller.expect("cancelled", report("S-CXL-X", '4'));
        dropCopy.expect("the drop copy of a FIX session's cancel", report("S-CXL-X", '4'));
        accepted(api.post(SELLER_KEY, "/api/v1/orders", ApiClient.order("S-BACK", "S-1", SYMBOL, "BUY", "102", "2")));
        final LinkedBlockingQueue<JsonNode> pushed = new LinkedBlockingQueue<>();
        final WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(
            api.base().replace("http", "ws") + "/ws"), new Collector(pushed)).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"op\":\"auth\",\"key\":\"" + SELLER_KEY + "\"}", true).get();
        await(pushed, m -> "authenticated".equals(m.path("type").asText()));
        ws.sendText("{\"op\":\"subscribe\",\"channel\":\"positions\"}", true).get();
        final JsonNode snapshot = await(pushed, m -> "positions".equals(m.path("channel").asText()) &&
            "snapshot".equals(m.path("type").asText()));
        assertThat(new BigDecimal(snapshot.path("accounts").get(0).path("positions").get(0).path("position")
            .asText())).as(snapshot.toString()).isEqualByComparingTo("-8");
        sell("B-3", "102", "2");
        final JsonNode update = await(pushed, m -> "positions".equals(m.path("type").asText()));
        assertThat(update.path("account").asText()).isEqualTo("S-1");
        assertThat(new BigDecimal(update.path("positions").get(0).path("position").asText())).as(update.toString())
            .isEqualByComparingTo("-6");
        assertThat(new BigDecimal(update.path("positions").get(0).path("realisedPnl").asText()))
            .isEqualByComparingTo("-3.25");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);

        // a drop copy enters no orders: a BusinessMessageReject naming the refused message and why
        final Message refused = FixServeIT.order("DC-1", "S-1", SYMBOL, '2', "100", "1");
        dropCopy.send(refused);
        final Message reject = dropCopy.expect("BusinessMessageReject", type("j"));
        assertThat(str(reject, 45)).as("RefSeqNum").isEqualTo(str(refused.getHeader(), 34));
        assertThat(str(reject, 372)).isEqualTo("D");
        assertThat(str(reject, 380)).as("BusinessRejectReason 6, not authorized").isEqualTo("6");
        assertThat(str(reject, 58)).startsWith("DROP_COPY_READ_ONLY");
        // a message type the gateway does not handle: reason 3 and the refused message's MsgSeqNum
        final Message quoteRequest = new quickfix.fix44.QuoteRequest();
        quoteRequest.setString(131, "Q-1");
        final quickfix.Group related = new quickfix.fix44.QuoteRequest.NoRelatedSym();
        related.setString(55, SYMBOL);
        quoteRequest.addGroup(related);
        seller.send(quoteRequest);
        final Message unsupported = seller.expect("BusinessMessageReject of a QuoteRequest", type("j"));
        assertThat(str(unsupported, 45)).isEqualTo(str(quoteRequest.getHeader(), 34));
        assertThat(str(unsupported, 380)).isEqualTo("3");

        final Map<String, Long> ids = orderIds();
        assertThat(ids.keySet()).containsExactlyInAnyOrder("S-OPEN", "S-FILL", "S-HTTP", "S-CXL", "S-BACK");
        final JsonNode statusOpen = status(ids.get("S-OPEN"), "NEW", "0", "10");
        final JsonNode statusFilled = status(ids.get("S-FILL"), "FILLED", "5", "0");
        final JsonNode statusCancelled = status(ids.get("S-CXL"), "CANCELED", "0", "0");
        assertThat(statusCancelled.path("cancelReason").asText()).isEqualTo("USER");
        assertThat(statusFilled.path("avgPx").asText()).isEqualTo("100.00");
        assertThat(Instant.parse(statusFilled.path("updatedAt").asText()))
            .isAfterOrEqualTo(Instant.parse(statusFilled.path("createdAt").asText()));
        final HttpResponse<String> notTheirs = api.get(BUYER_KEY, "/api/v1/orders/" + ids.get("S-OPEN"));
        assertThat(notTheirs.statusCode()).as(notTheirs.body()).isEqualTo(404);
        assertThat(json(notTheirs.body()).path("code").asText()).isEqualTo("ORDER_NOT_FOUND");
        fixStatus(seller, ids, "S-OPEN", '0', "0");
        fixStatus(seller, ids, "S-FILL", '2', "5");
        fixStatus(seller, ids, "S-CXL", '4', "0");
        final List<String> closedBefore = walk("closed", 2, 2);
        assertThat(closedBefore).containsExactly("S-BACK", "S-CXL", "S-HTTP", "S-FILL");
        assertThat(walk("all", 2, 3)).containsExactly("S-BACK", "S-CXL", "S-HTTP", "S-FILL", "S-OPEN");
        assertThat(walk("open", 10, 1)).containsExactly("S-OPEN");
        final JsonNode legacy = json(api.get(SELLER_KEY, "/api/v1/accounts/S-1/orders").body());
        assertThat(legacy.isArray()).as("no parameters: today's bare array of open orders").isTrue();
        assertThat(legacy.size()).isEqualTo(1);

        // hand-computed: S-1 sold 5 @ 100 and 3 @ 101 (short 8 @ 100.375), bought 2 @ 102 back: realised
        // 2 x (100.375 - 102) = -3.25, short 6 marked at 102: -6 x (102 - 100.375) = -9.75; B-1 the mirror
        final JsonNode sellerPositions = positions(SELLER_KEY, "S-1");
        assertPosition(sellerPositions, "-6", "100.375", "-3.25", "102", "-9.75");
        final JsonNode buyerPositions = positions(BUYER_KEY, "B-1");
        assertPosition(buyerPositions, "6", "100.375", "3.25", "102", "9.75");
        final HttpResponse<String> forbidden = api.get(BUYER_KEY, "/api/v1/accounts/S-1/positions");
        assertThat(forbidden.statusCode()).isEqualTo(403);

        final JsonNode trades = json(api.get(SELLER_KEY, "/api/v1/trades?symbol=" + SYMBOL).body());
        final JsonNode minutes = candles("1m");
        final JsonNode hours = candles("1h");
        assertCandles(minutes, trades, ChronoUnit.MINUTES);
        assertCandles(hours, trades, ChronoUnit.HOURS);
        final JsonNode unknown = json(api.get(SELLER_KEY, "/api/v1/candles?symbol=" + SYMBOL + "&interval=5m").body());
        assertThat(unknown.path("code").asText()).isEqualTo("INVALID_PARAMETER");

        seller.close();
        open.remove(seller);
        stop(server);
        processes.remove(server);

        server = start(dir.resolve("second.log"));
        assertThat(json(api.get(SELLER_KEY, "/api/v1/orders/" + ids.get("S-OPEN")).body())).isEqualTo(statusOpen);
        assertThat(json(api.get(SELLER_KEY, "/api/v1/orders/" + ids.get("S-FILL")).body())).isEqualTo(statusFilled);
        assertThat(json(api.get(SELLER_KEY, "/api/v1/orders/" + ids.get("S-CXL")).body()))
            .isEqualTo(statusCancelled);
        assertThat(walk("closed", 3, 2)).isEqualTo(closedBefore);
        assertThat(positions(SELLER_KEY, "S-1")).isEqualTo(sellerPositions);
        assertThat(positions(BUYER_KEY, "B-1")).isEqualTo(buyerPositions);
        assertThat(candles("1m")).isEqualTo(minutes);
        seller = client("SELL", "seller-1");
        fixStatus(seller, ids, "S-OPEN", '0', "0");
        fixStatus(seller, ids, "S-FILL", '2', "5");
        fixStatus(seller, ids, "S-CXL", '4', "0");
        final Message unknownOrder = statusRequest("NOPE", null);
        seller.send(unknownOrder);
        final Message none = seller.expect("status of an unknown order", report("NOPE", 'I'));
        assertThat(str(none, 39)).isEqualTo("8");
        assertThat(str(none, 103)).isEqualTo("5");
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    void shouldNotSendAnAnswerOfAnEndedConnectionIntoTheNewOneOfASessionThatResets() throws Exception
    {
        configure(", \"resetOnDisconnect\": \"true\", \"resetOnLogon\": \"true\"");
        start(dir.resolve("serve.log"));
        final FixClient first = client("SELL", "reset-1");
        first.send(FixServeIT.order("R-1", "S-1", SYMBOL, '2', "100", "4"));
        first.expect("acknowledged on the first connection", report("R-1", '0'));
        first.close();
        open.remove(first);
        Thread.sleep(1_000); // the acceptor sees the disconnect and resets
        buy("B-1", "100", "4"); // fills R-1 while its connection is gone

        final FixClient second = client("SELL", "reset-2");
        final Message logon = second.expect("the new connection's Logon", type("A"));
        assertThat(str(logon.getHeader(), 34)).as("the acceptor's Logon is its message 1: nothing was queued " +
            "ahead of it").isEqualTo("1");
        second.send(statusRequest("R-1", null));
        final Message status = second.expect("status over the new connection", report("R-1", 'I'));
        assertThat(str(status, 39)).isEqualTo("2");
        assertThat(new BigDecimal(str(status, 14))).isEqualByComparingTo("4");
        Thread.sleep(1_000);
        assertThat(second.drain(report("R-1", 'F'))).as("no fill of the old connection's order").isEmpty();
        assertThat(second.drain(type("2"))).as("no ResendRequest: no gap").isEmpty();
        assertThat(str(status.getHeader(), 34)).isEqualTo("2");
    }

    // ---- helpers ----

    private static JsonNode await(final LinkedBlockingQueue<JsonNode> messages,
        final java.util.function.Predicate<JsonNode> test) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
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

    /** Collects whole WebSocket text messages as JSON. */
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
                messages.add(json(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    private void configure(final String sellerSessionExtra) throws Exception
    {
        fixPort = ApiClient.freeTcpPort();
        final int httpPort = ApiClient.freeTcpPort();
        final String hash = PasswordHash.hash(SECRET.toCharArray(), 1000);
        Files.writeString(dir.resolve("participants.json"), "{ \"participants\": [\n" +
            "{ \"id\": \"SELLER\", \"accounts\": [\"S-1\"], \"apiKeys\": [\"" + ApiKeys.hash(SELLER_KEY) + "\"], " +
            "\"sessions\": [ { \"senderCompId\": \"SELL\", \"passwordHash\": \"" + hash + "\"" + sellerSessionExtra +
            " }, { \"senderCompId\": \"SELLDC\", \"passwordHash\": \"" + hash + "\", \"sessionType\": \"DROP_COPY\" } ] },\n" +
            "{ \"id\": \"BUYER\", \"accounts\": [\"B-1\"], \"apiKeys\": [\"" + ApiKeys.hash(BUYER_KEY) + "\"], " +
            "\"sessions\": [ { \"senderCompId\": \"BUY\", \"passwordHash\": \"" + hash + "\" } ] }\n] }");
        Files.writeString(dir.resolve("funding.ndjson"), String.join("\n",
            "{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"S-1\",\"asset\":\"" + SYMBOL + "\",\"amount\":\"30\"}",
            "{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"S-1\",\"asset\":\"CASH\",\"amount\":\"100000\"}",
            "{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"B-1\",\"asset\":\"CASH\",\"amount\":\"100000\"}", ""));
        final long pid = ProcessHandle.current().pid();
        final int engineUdp = ApiClient.freeTcpPort();
        final int eventsControl = ApiClient.freeTcpPort();
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "participants=" + dir.resolve("participants.json"),
            "funding=" + dir.resolve("funding.ndjson"),
            "data.dir=" + dir.resolve("data"),
            "chain.mode=off",
            "fix.port=" + fixPort,
            "http.port=" + httpPort,
            "fix.storeDir=" + dir.resolve("store"),
            "aeron.dir=/dev/shm/resx-views-it-" + pid,
            // ports of its own: other servers may run on this machine at the same time
            "engine.in.channels=aeron:ipc,aeron:udp?endpoint=127.0.0.1:" + engineUdp,
            "engine.out.channels=aeron:ipc,aeron:udp?control=127.0.0.1:" + eventsControl + "|control-mode=dynamic",
            "gateway.engine=aeron:udp?endpoint=127.0.0.1:" + engineUdp,
            "gateway.events=aeron:udp?endpoint=127.0.0.1:0|control=127.0.0.1:" + eventsControl +
                "|control-mode=dynamic",
            ""));
        api = new ApiClient("http://127.0.0.1:" + httpPort);
    }

    private void buy(final String clOrdId, final String price, final String qty) throws Exception
    {
        ioc(BUYER_KEY, clOrdId, "BUY", price, qty);
    }

    private void sell(final String clOrdId, final String price, final String qty) throws Exception
    {
        ioc(BUYER_KEY, clOrdId, "SELL", price, qty);
    }

    private void ioc(final String key, final String clOrdId, final String side, final String price,
        final String qty) throws Exception
    {
        final String order = ApiClient.order(clOrdId, "B-1", SYMBOL, side, price, qty);
        final JsonNode outcome = accepted(api.post(key, "/api/v1/orders",
            order.substring(0, order.length() - 1) + ",\"tif\":\"IOC\"}"));
        assertThat(outcome.toString()).as("the IOC trades").contains("\"evt\":\"trade\"");
    }

    private static JsonNode accepted(final HttpResponse<String> response)
    {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        final JsonNode outcome = json(response.body());
        assertThat(outcome.path("status").asText()).as(response.body()).isEqualTo("ACCEPTED");
        return outcome;
    }

    private Map<String, Long> orderIds() throws Exception
    {
        final JsonNode page = json(api.get(SELLER_KEY, "/api/v1/accounts/S-1/orders?status=all&limit=100").body());
        final Map<String, Long> ids = new HashMap<>();
        page.path("orders").forEach(o -> ids.put(o.path("clOrdId").asText(), o.path("orderId").asLong()));
        assertThat(page.path("nextCursor").isNull()).isTrue();
        return ids;
    }

    private JsonNode status(final long orderId, final String status, final String cumQty, final String leavesQty)
        throws Exception
    {
        final HttpResponse<String> response = api.get(SELLER_KEY, "/api/v1/orders/" + orderId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        final JsonNode order = json(response.body());
        assertThat(order.path("status").asText()).as(order.toString()).isEqualTo(status);
        assertThat(new BigDecimal(order.path("cumQty").asText())).isEqualByComparingTo(cumQty);
        assertThat(new BigDecimal(order.path("leavesQty").asText())).isEqualByComparingTo(leavesQty);
        assertThat(order.path("orderId").asLong()).isEqualTo(orderId);
        return order;
    }

    /** Walks the history pages with the cursor; asserts how many pages it took. */
    private List<String> walk(final String status, final int limit, final int pages) throws Exception
    {
        final List<String> out = new ArrayList<>();
        String cursor = null;
        int walked = 0;
        do
        {
            final HttpResponse<String> response = api.get(SELLER_KEY, "/api/v1/accounts/S-1/orders?status=" + status +
                "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            final JsonNode page = json(response.body());
            page.path("orders").forEach(o -> out.add(o.path("clOrdId").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            walked++;
        }
        while (cursor != null);
        assertThat(walked).as("pages of " + status).isEqualTo(pages);
        return out;
    }

    private JsonNode positions(final String key, final String account) throws Exception
    {
        final HttpResponse<String> response = api.get(key, "/api/v1/accounts/" + account + "/positions");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        final JsonNode body = json(response.body());
        assertThat(body.path("account").asText()).isEqualTo(account);
        return body;
    }

    private static void assertPosition(final JsonNode body, final String position, final String avgCost,
        final String realised, final String last, final String unrealised)
    {
        assertThat(body.path("positions").size()).as(body.toString()).isEqualTo(1);
        final JsonNode p = body.path("positions").get(0);
        assertThat(p.path("symbol").asText()).isEqualTo(SYMBOL);
        assertThat(new BigDecimal(p.path("position").asText())).as(p.toString()).isEqualByComparingTo(position);
        assertThat(new BigDecimal(p.path("avgCost").asText())).as(p.toString()).isEqualByComparingTo(avgCost);
        assertThat(new BigDecimal(p.path("realisedPnl").asText())).as(p.toString()).isEqualByComparingTo(realised);
        assertThat(new BigDecimal(p.path("lastPrice").asText())).as(p.toString()).isEqualByComparingTo(last);
        assertThat(new BigDecimal(p.path("unrealisedPnl").asText())).as(p.toString())
            .isEqualByComparingTo(unrealised);
    }

    private JsonNode candles(final String interval) throws Exception
    {
        final HttpResponse<String> response = api.get(SELLER_KEY, "/api/v1/candles?symbol=" + SYMBOL + "&interval=" +
            interval);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    /** The candles against the trades grouped by the start of their minute or hour (the reference). */
    private static void assertCandles(final JsonNode candles, final JsonNode trades, final ChronoUnit unit)
    {
        final TreeMap<Instant, List<JsonNode>> byStart = new TreeMap<>();
        final List<JsonNode> oldestFirst = new ArrayList<>();
        trades.forEach(oldestFirst::add);
        oldestFirst.sort((a, b) -> Long.compare(a.path("seq").asLong(), b.path("seq").asLong()));
        assertThat(oldestFirst).as("the three trades: 5 @ 100, 3 @ 101, 2 @ 102").hasSize(3);
        for (final JsonNode trade : oldestFirst)
        {
            byStart.computeIfAbsent(Instant.parse(trade.path("time").asText()).truncatedTo(unit),
                k -> new ArrayList<>()).add(trade);
        }
        assertThat(candles.path("candles").size()).as(candles.toString()).isEqualTo(byStart.size());
        int i = 0;
        for (final Map.Entry<Instant, List<JsonNode>> entry : byStart.entrySet())
        {
            final JsonNode candle = candles.path("candles").get(i++);
            final List<JsonNode> in = entry.getValue();
            assertThat(Instant.parse(candle.path("start").asText())).isEqualTo(entry.getKey());
            assertThat(dec(candle, "open")).isEqualByComparingTo(dec(in.get(0), "price"));
            assertThat(dec(candle, "close")).isEqualByComparingTo(dec(in.get(in.size() - 1), "price"));
            assertThat(dec(candle, "high")).isEqualByComparingTo(
                in.stream().map(t -> dec(t, "price")).max(BigDecimal::compareTo).orElseThrow());
            assertThat(dec(candle, "low")).isEqualByComparingTo(
                in.stream().map(t -> dec(t, "price")).min(BigDecimal::compareTo).orElseThrow());
            assertThat(dec(candle, "volume")).isEqualByComparingTo(
                in.stream().map(t -> dec(t, "qty")).reduce(BigDecimal.ZERO, BigDecimal::add));
            assertThat(candle.path("trades").asInt()).isEqualTo(in.size());
        }
        if (byStart.size() == 1)
        {
            // all in one candle, as almost always: the hand-computed one
            final JsonNode only = candles.path("candles").get(0);
            assertThat(dec(only, "open")).isEqualByComparingTo("100");
            assertThat(dec(only, "high")).isEqualByComparingTo("102");
            assertThat(dec(only, "low")).isEqualByComparingTo("100");
            assertThat(dec(only, "close")).isEqualByComparingTo("102");
            assertThat(dec(only, "volume")).isEqualByComparingTo("10");
        }
    }

    private static BigDecimal dec(final JsonNode node, final String field)
    {
        return new BigDecimal(node.path(field).asText());
    }

    private static Message cancel(final String clOrdId, final String orig)
    {
        final Message cancel = new quickfix.fix44.OrderCancelRequest();
        cancel.setString(11, clOrdId);
        cancel.setString(41, orig);
        cancel.setString(1, "S-1");
        cancel.setString(55, SYMBOL);
        cancel.setChar(54, '2');
        cancel.setUtcTimeStamp(60, LocalDateTime.now(ZoneOffset.UTC));
        return cancel;
    }

    private static Message statusRequest(final String clOrdId, final String orderId)
    {
        final Message request = new quickfix.fix44.OrderStatusRequest();
        request.setString(11, clOrdId);
        if (orderId != null)
        {
            request.setString(37, orderId);
        }
        request.setString(55, SYMBOL);
        request.setChar(54, '2');
        request.setString(790, "ST-" + clOrdId);
        return request;
    }

    /** FIX H by OrderID, then by ClOrdID: both 150=I with the order's OrdStatus and CumQty. */
    private static void fixStatus(final FixClient client, final Map<String, Long> ids, final String clOrdId,
        final char ordStatus, final String cumQty) throws Exception
    {
        client.send(statusRequest(clOrdId, Long.toString(ids.get(clOrdId))));
        final Message byId = client.expect("status of " + clOrdId + " by OrderID", report(clOrdId, 'I'));
        assertThat(str(byId, 39)).as(byId.toString()).isEqualTo(String.valueOf(ordStatus));
        assertThat(new BigDecimal(str(byId, 14))).isEqualByComparingTo(cumQty);
        assertThat(str(byId, 37)).isEqualTo(Long.toString(ids.get(clOrdId)));
        assertThat(str(byId, 790)).isEqualTo("ST-" + clOrdId);
        client.send(statusRequest(clOrdId, null));
        final Message byClOrdId = client.expect("status of " + clOrdId + " by ClOrdID", report(clOrdId, 'I'));
        assertThat(str(byClOrdId, 39)).isEqualTo(String.valueOf(ordStatus));
        assertThat(str(byClOrdId, 37)).isEqualTo(Long.toString(ids.get(clOrdId)));
    }

    private Process start(final Path log) throws Exception
    {
        final Process process = new ProcessBuilder(ROOT.resolve("resx").toString(), "serve", "--config",
            dir.resolve("resx.properties").toString())
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        final long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(120);
        while (System.currentTimeMillis() < deadline)
        {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("resx serve ready"))
            {
                return process;
            }
            if (!process.isAlive())
            {
                throw new AssertionError("exited: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within 120 s: " + Files.readString(log));
    }

    private static void stop(final Process process) throws Exception
    {
        if (process.isAlive())
        {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS))
            {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private FixClient client(final String compId, final String store) throws Exception
    {
        final FixClient client = new FixClient(compId, SECRET, fixPort, dir.resolve("client-" + store));
        open.add(client);
        assertThat(client.awaitLogon(15_000)).as(compId + " logs on").isTrue();
        return client;
    }
}
