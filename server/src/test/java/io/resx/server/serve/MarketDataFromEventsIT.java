package io.resx.server.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.resx.gateway.common.ApiKeys;
import io.resx.gateway.common.PasswordHash;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalReader;
import io.resx.server.support.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import quickfix.Group;
import quickfix.Message;
import quickfix.field.MsgType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.resx.server.support.ApiClient.json;
import static io.resx.server.support.ApiClient.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 end to end, against a real {@code ./resx serve} (journal on, FIX gateway and HTTP API on, no chain):
 * market data comes from the gateways' L2 books built from the events, so while FIX and WebSocket subscribers watch a
 * busy book the commands journal holds no record caused by market data; GET /book, the WebSocket book channel and
 * FIX W + X increments all show the same book; a WebSocket client and a FIX client that stop reading are cut off
 * and the reason is given (close code and reason; a log line).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
final class MarketDataFromEventsIT
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final String SYMBOL = "SPEC.3550-3560.CELL041";
    private static final String BUY_KEY = ApiKeys.newKey();
    private static final String SELL_KEY = ApiKeys.newKey();
    private static final DateTimeFormatter FIX_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS");

    private static Path dir;
    private static Path serverLog;
    private static Process server;
    private static ApiClient api;
    private static int fixPort;
    private static final AtomicInteger ORDERS_ACCEPTED = new AtomicInteger();
    private static int clOrdIds;

    @BeforeAll
    static void startServer() throws Exception
    {
        dir = Files.createTempDirectory("resx-md-it");
        final String hash = PasswordHash.hash("secret".toCharArray(), 1000);
        Files.writeString(dir.resolve("participants.json"), "{ \"participants\": [\n" +
            trader("MD-BUYER", "MD-BUY-1", BUY_KEY) + ",\n" + trader("MD-SELLER", "MD-SELL-1", SELL_KEY) + ",\n" +
            "{ \"id\": \"MD-WATCH\", \"accounts\": [\"MD-WATCH-1\"], \"sessions\": [\n" +
            "  { \"senderCompId\": \"WATCH\", \"passwordHash\": \"" + hash + "\", \"store\": \"memory\" },\n" +
            "  { \"senderCompId\": \"SLOWFIX\", \"passwordHash\": \"" + hash + "\", \"store\": \"memory\" } ] }\n" +
            "] }");
        final StringBuilder funding = new StringBuilder();
        for (final String account : List.of("MD-BUY-1", "MD-SELL-1"))
        {
            funding.append("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"").append(account)
                .append("\",\"asset\":\"CASH\",\"amount\":\"100000000\"}\n")
                .append("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"").append(account)
                .append("\",\"asset\":\"").append(SYMBOL).append("\",\"amount\":\"1000000\"}\n");
        }
        Files.writeString(dir.resolve("funding.ndjson"), funding);
        final int httpPort = ApiClient.freeTcpPort();
        fixPort = ApiClient.freeTcpPort();
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "participants=" + dir.resolve("participants.json"),
            "funding=" + dir.resolve("funding.ndjson"),
            "data.dir=" + dir.resolve("data"),
            "fix.port=" + fixPort,
            "fix.storeDir=" + dir.resolve("store"),
            "fix.maxQueuedMessages=50",
            "chain.mode=off",
            "aeron.dir=/dev/shm/resx-md-it-" + ProcessHandle.current().pid(),
            "engine.in.channels=aeron:ipc",
            "engine.out.channels=aeron:ipc",
            "http.port=" + httpPort,
            "http.rateLimitPerSecond=100000",
            "http.ws.sendTimeoutMs=1000",
            "http.socketSendBufferBytes=4096",
            ""));
        serverLog = dir.resolve("server.log");
        server = new ProcessBuilder(ROOT.resolve("resx").toString(), "serve", "--config",
            dir.resolve("resx.properties").toString()).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(serverLog.toFile()).start();
        awaitLog("resx serve ready");
        api = new ApiClient("http://127.0.0.1:" + httpPort);
    }

    @AfterAll
    static void stopServer() throws Exception
    {
        if (server != null && server.isAlive())
        {
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void shouldCutOffAWebSocketClientAndAFixClientThatStopReadingAndTellWhy() throws Exception
    {
        try (Socket slowWs = new Socket(); Socket slowFix = new Socket())
        {
            slowWs.setReceiveBufferSize(2048);
            slowWs.connect(new InetSocketAddress("127.0.0.1", URI.create(api.base()).getPort()));
            final OutputStream wsOut = slowWs.getOutputStream();
            final InputStream wsIn = slowWs.getInputStream();
            wsOut.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            assertThat(readHeaders(wsIn)).startsWith("HTTP/1.1 101");
            writeFrame(wsOut, "{\"op\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"" + SYMBOL + "\"}");
            writeFrame(wsOut, "{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"" + SYMBOL + "\"}");

            slowFix.setReceiveBufferSize(2048);
            slowFix.connect(new InetSocketAddress("127.0.0.1", fixPort));
            final OutputStream fixOut = slowFix.getOutputStream();
            final Message logon = header(MsgType.LOGON, "SLOWFIX", 1);
            logon.setInt(98, 0);
            logon.setInt(108, 30);
            logon.setChar(141, 'Y');
            logon.setString(554, "secret");
            fixOut.write(logon.toString().getBytes(StandardCharsets.US_ASCII));
            // twenty subscriptions to the busy book: twenty times the messages, so its queue fills soon
            for (int i = 0; i < 20; i++)
            {
                fixOut.write(marketDataRequest(header(MsgType.MARKET_DATA_REQUEST, "SLOWFIX", 2 + i), "SLOW-" + i)
                    .toString().getBytes(StandardCharsets.US_ASCII));
            }
            fixOut.flush();
            Thread.sleep(500);

            // Neither reads while the book is busy; orders keep being answered meanwhile.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int pairs = 0;
            while (!(logContains("cut off: too slow") && logContains("Slow consumer")) &&
                System.nanoTime() < deadline)
            {
                tradeOnce();
                pairs++;
            }
            assertThat(logContains("cut off: too slow")).as("the WebSocket client is cut off (after %d trades)",
                pairs).isTrue();
            assertThat(logContains("Slow consumer")).as("the FIX session is disconnected as a slow consumer " +
                "(after %d trades); log:%n%s", pairs, Files.readString(serverLog)).isTrue();
            assertThat(Files.readString(serverLog)).containsPattern("SLOWFIX.*Disconnecting: Slow consumer");

            // The WebSocket client reads again: what was in flight, then the close frame saying why.
            slowWs.setSoTimeout(10_000);
            String close = null;
            while (close == null)
            {
                close = readCloseFrame(wsIn);
            }
            assertThat(close).matches("1008 too slow: \\d+ bytes queued");
        }
    }

    @Test
    @Order(2)
    void shouldServeTheSameBookOnEveryChannelAndJournalNothingForMarketData() throws Exception
    {
        final List<JsonNode> wsBooks = new CopyOnWriteArrayList<>();
        final List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            sockets.add(webSocket(wsBooks));
        }
        try (FixClient watcher = new FixClient("WATCH", "secret", fixPort, dir.resolve("client-store")))
        {
            assertThat(watcher.awaitLogon(15_000)).isTrue();
            watcher.send(marketDataRequest(new quickfix.fix44.MarketDataRequest(), "WATCH-1"));
            final Message snapshot = watcher.expect("snapshot", FixClient.type("W"));
            final Map<Character, TreeMap<String, String>> fixBook = new java.util.HashMap<>(Map.of('0', new TreeMap<>(),
                '1', new TreeMap<>()));
            apply(fixBook, snapshot, false);

            // A busy book: 20 levels each side rest, then 150 orders at 100 trade one by one in the middle.
            for (int i = 0; i < 20; i++)
            {
                post(SELL_KEY, "MD-SELL-1", "SELL", Integer.toString(101 + i), "2");
                post(BUY_KEY, "MD-BUY-1", "BUY", Integer.toString(80 + i), "2");
            }
            for (int i = 0; i < 150; i++)
            {
                tradeOnce();
            }
            final JsonNode book = json(api.get(BUY_KEY, "/api/v1/book?symbol=" + SYMBOL + "&depth=50").body());
            final List<String> bids = new ArrayList<>();
            final List<String> asks = new ArrayList<>();
            for (int i = 0; i < 20; i++)
            {
                bids.add((99 - i) + "x2/1");
                asks.add((101 + i) + "x2/1");
            }
            assertThat(levels(book.path("bids"))).isEqualTo(bids);
            assertThat(levels(book.path("asks"))).isEqualTo(asks);
            assertThat(number(book.path("lastPrice").asText())).isEqualTo("100");

            // The WebSocket subscribers' latest book is that book (depth 20 each side).
            final long bookSeq = book.path("seq").asLong();
            awaitTrue("WebSocket books reach seq " + bookSeq, () -> wsBooks.stream().filter(
                b -> b.path("seq").asLong() == bookSeq).count() >= sockets.size());
            for (final JsonNode wsBook : wsBooks)
            {
                if (wsBook.path("seq").asLong() == bookSeq)
                {
                    assertThat(levels(wsBook.path("bids"))).isEqualTo(bids);
                    assertThat(levels(wsBook.path("asks"))).isEqualTo(asks);
                }
            }

            // The FIX subscriber's book, kept from W then X increments by price level, is that book too.
            awaitTrue("FIX increments settle on the book", () ->
            {
                for (final Message x : watcher.drain(FixClient.type("X")))
                {
                    apply(fixBook, x, true);
                }
                return fixLevels(fixBook.get('0'), true).equals(bids) && fixLevels(fixBook.get('1'), false).equals(asks);
            });
        }
        finally
        {
            sockets.forEach(WebSocket::abort);
        }

        // Stop the server and read its commands journal back: orders only, nothing that market data asked.
        server.destroy();
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        final Map<CommandType, Integer> byType = new EnumMap<>(CommandType.class);
        final Command command = new Command();
        try (JournalReader reader = JournalReader.open(new JournalContext().directory(dir.resolve("data")
            .resolve("journal"))))
        {
            while (reader.next())
            {
                byType.merge(reader.command(command).type(), 1, Integer::sum);
            }
        }
        assertThat(byType).as("journal records by type").doesNotContainKey(CommandType.BOOK);
        assertThat(byType.get(CommandType.NEW_ORDER)).as("orders journaled: exactly the orders sent")
            .isEqualTo(ORDERS_ACCEPTED.get());
        assertThat(byType.keySet()).as("nothing but set-up, orders and the clock")
            .isSubsetOf(CommandType.LIST, CommandType.ACCOUNT, CommandType.DEPOSIT, CommandType.NEW_ORDER,
                CommandType.TICK, CommandType.OWNER, CommandType.LIMITS);
    }

    private static void apply(final Map<Character, TreeMap<String, String>> book, final Message message,
        final boolean incremental) throws Exception
    {
        for (final Group entry : message.getGroups(268))
        {
            final char type = entry.getChar(269);
            if (type != '0' && type != '1')
            {
                continue;
            }
            final String price = entry.getString(270);
            if (incremental && entry.getChar(279) == '2')
            {
                assertThat(book.get(type)).as("a delete names a level the subscriber has").containsKey(price);
                book.get(type).remove(price);
            }
            else
            {
                book.get(type).put(price, number(entry.getString(271)) + "/" + entry.getString(346));
            }
        }
    }

    private static List<String> fixLevels(final TreeMap<String, String> side, final boolean bids)
    {
        final TreeMap<Double, String> byPrice = new TreeMap<>();
        side.forEach((price, level) -> byPrice.put(Double.parseDouble(price), number(price) + "x" + level));
        final List<String> out = new ArrayList<>(bids ? byPrice.descendingMap().values() : byPrice.values());
        return out;
    }

    private static List<String> levels(final JsonNode side)
    {
        final List<String> out = new ArrayList<>();
        side.forEach(level -> out.add(number(level.path("price").asText()) + "x" +
            number(level.path("qty").asText()) + "/" + level.path("orders").asInt()));
        return out;
    }

    /** @return a decimal without trailing zeros: "99.00" and "99" are the same price. */
    private static String number(final String decimal)
    {
        return new java.math.BigDecimal(decimal).stripTrailingZeros().toPlainString();
    }

    private static void tradeOnce() throws Exception
    {
        post(SELL_KEY, "MD-SELL-1", "SELL", "100", "1");
        post(BUY_KEY, "MD-BUY-1", "BUY", "100", "1");
    }

    private static void post(final String key, final String account, final String side, final String price,
        final String qty) throws Exception
    {
        final JsonNode answer = json(api.post(key, "/api/v1/orders", order("md-" + clOrdIds++, account, SYMBOL, side,
            price, qty)).body());
        assertThat(answer.path("status").asText()).as("order answer %s", answer).isEqualTo("ACCEPTED");
        ORDERS_ACCEPTED.incrementAndGet();
    }

    private static WebSocket webSocket(final List<JsonNode> books) throws Exception
    {
        final WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create(api.base().replace("http", "ws") + "/ws"), new WebSocket.Listener()
            {
                private final StringBuilder partial = new StringBuilder();

                @Override
                public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data,
                    final boolean last)
                {
                    partial.append(data);
                    if (last)
                    {
                        final JsonNode message = json(partial.toString());
                        if ("book".equals(message.path("channel").asText()))
                        {
                            books.add(message);
                        }
                        partial.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"op\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"" + SYMBOL + "\"}", true).get();
        return socket;
    }

    private static Message marketDataRequest(final Message request, final String mdReqId)
    {
        request.setString(262, mdReqId);
        request.setChar(263, '1');
        request.setInt(264, 0);
        request.setInt(265, 1);
        for (final char entryType : new char[] {'0', '1', '2'})
        {
            final Group types = new Group(267, 269);
            types.setChar(269, entryType);
            request.addGroup(types);
        }
        final Group related = new Group(146, 55);
        related.setString(55, SYMBOL);
        request.addGroup(related);
        return request;
    }

    private static Message header(final String type, final String sender, final int seq)
    {
        final Message message = new Message();
        message.getHeader().setString(8, "FIX.4.4");
        message.getHeader().setString(35, type);
        message.getHeader().setString(49, sender);
        message.getHeader().setString(56, "RESX");
        message.getHeader().setInt(34, seq);
        message.getHeader().setString(52, LocalDateTime.now(ZoneOffset.UTC).format(FIX_TIME));
        return message;
    }

    private static String trader(final String id, final String account, final String key)
    {
        return "{ \"id\": \"" + id + "\", \"accounts\": [\"" + account + "\"], \"apiKeys\": [\"" + ApiKeys.hash(key) +
            "\"], \"apiRateLimitPerSecond\": 100000, \"sessions\": [] }";
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
        out.write(0x80 | payload.length);
        out.write(mask);
        for (int i = 0; i < payload.length; i++)
        {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    /** @return a close frame as "code reason", or null for any other frame; EOF before a close frame fails. */
    private static String readCloseFrame(final InputStream in) throws IOException
    {
        final int first = in.read();
        final int second = in.read();
        if (first < 0 || second < 0)
        {
            throw new AssertionError("the connection ended without a close frame");
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
        if ((first & 0x0F) != 8)
        {
            return null;
        }
        final int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        return code + " " + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }

    private static boolean logContains(final String text) throws IOException
    {
        return Files.readString(serverLog, StandardCharsets.UTF_8).contains(text);
    }

    private static void awaitTrue(final String what, final java.util.concurrent.Callable<Boolean> condition)
        throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.call())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static void awaitLog(final String text) throws Exception
    {
        final long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(10);
        while (System.currentTimeMillis() < deadline)
        {
            if (Files.exists(serverLog) && logContains(text))
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
}
