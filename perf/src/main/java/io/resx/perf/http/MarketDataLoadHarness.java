package io.resx.perf.http;

import io.resx.gateway.common.ApiKeys;
import io.resx.gateway.common.PasswordHash;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalReader;
import quickfix.Message;
import quickfix.field.MsgType;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What market data costs the engine: a real {@code ./resx serve} (journal on, FIX gateway and HTTP API on, no chain)
 * traded by closed-loop HTTP clients (half buy, half sell at one price on one book, so every pair of orders trades),
 * watched by market-data subscribers on that book: WebSocket clients ({@code book} and {@code trades} channels) and
 * FIX sessions (MarketDataRequest, snapshot + updates, bids, offers and trades). Optionally one client of each kind
 * that subscribes and then stops reading ({@code --slow true}).
 * <p>
 * It prints the engine's throughput (accepted orders per second, median of the runs) and, after stopping the
 * server, reads the commands journal back and prints its records by command type and the records per trade: how
 * much of the journal market data wrote.
 * <pre>
 *   java -cp perf/target/benchmarks.jar io.resx.perf.http.MarketDataLoadHarness \
 *       --ws 50 --fix 50 --clients 8 --seconds 10 --warmup 3 --runs 3 --slow false [--resx ./resx]
 *   java -cp perf/target/benchmarks.jar io.resx.perf.http.MarketDataLoadHarness --count DATA/journal
 * </pre>
 */
public final class MarketDataLoadHarness
{
    private static final String SYMBOL = "SPEC.3550-3560.CELL041";
    private static final DateTimeFormatter FIX_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS");

    private MarketDataLoadHarness()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception on any failure.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length == 2 && "--count".equals(args[0]))
        {
            countJournal(Path.of(args[1]), 0);
            return;
        }
        int ws = 50;
        int fix = 50;
        int clients = 8;
        int seconds = 10;
        int warmup = 3;
        int runs = 3;
        boolean slow = false;
        String resx = "./resx";
        final List<String> settings = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--ws" -> ws = Integer.parseInt(args[i + 1]);
                case "--fix" -> fix = Integer.parseInt(args[i + 1]);
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--slow" -> slow = Boolean.parseBoolean(args[i + 1]);
                case "--resx" -> resx = args[i + 1];
                case "--set" -> settings.add(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        final Path dir = Files.createTempDirectory("resx-md-bench");
        final String buyKey = ApiKeys.newKey();
        final String sellKey = ApiKeys.newKey();
        final int httpPort = freePort();
        final int fixPort = freePort();
        final int fixSessions = fix + (slow ? 1 : 0);
        final Process server = startServer(resx, dir, httpPort, fixPort, fixSessions, buyKey, sellKey, settings);
        final List<AutoCloseable> watchers = new ArrayList<>();
        final AtomicLong mdMessages = new AtomicLong();
        final double[] rates = new double[runs];
        long trades = 0;
        try
        {
            for (int i = 0; i < ws; i++)
            {
                watchers.add(webSocket(httpPort, mdMessages, false));
            }
            for (int i = 1; i <= fix; i++)
            {
                watchers.add(fixWatcher(fixPort, i, mdMessages, false));
            }
            if (slow)
            {
                watchers.add(stalledWebSocket(httpPort));
                watchers.add(fixWatcher(fixPort, fixSessions, mdMessages, true));
            }
            Thread.sleep(1000);
            System.out.printf(Locale.ROOT, "subscribers: %d WebSocket, %d FIX%s; %d HTTP order clients%n", ws, fix,
                slow ? ", plus one WebSocket and one FIX client that never read" : "", clients);
            for (int run = 1; run <= runs; run++)
            {
                final double[] result = HttpLoad.run(httpPort, clients, seconds, warmup, buyKey, sellKey, run, SYMBOL);
                rates[run - 1] = result[0];
                trades += (long)result[1] / 2;
                System.out.printf(Locale.ROOT, "run %d: %,.0f accepted orders/s (%,.0f accepted, %,.0f errors); " +
                    "%,d market-data messages received so far%n", run, result[0], result[1], result[2],
                    mdMessages.get());
            }
            final double[] sorted = rates.clone();
            java.util.Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "median of %d runs: %,.0f accepted orders/s%n", runs,
                sorted[sorted.length / 2]);
        }
        finally
        {
            for (final AutoCloseable watcher : watchers)
            {
                try
                {
                    watcher.close();
                }
                catch (final Exception ex)
                {
                    // closing a client that stopped reading may fail; the count is what matters
                }
            }
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
        }
        final List<String> log = Files.readAllLines(dir.resolve("server.log"));
        System.out.printf(Locale.ROOT, "server log: %d WebSocket clients cut off for not reading, %d FIX sessions " +
            "disconnected as slow consumers%n", log.stream().filter(l -> l.contains("cut off: too slow")).count(),
            log.stream().filter(l -> l.contains("Slow consumer")).count());
        log.stream().filter(l -> l.contains("cut off: too slow") || l.contains("Slow consumer")).limit(4)
            .forEach(System.out::println);
        countJournal(dir.resolve("data").resolve("journal"), trades);
    }

    private static void countJournal(final Path journal, final long tradesSeen) throws Exception
    {
        final Map<CommandType, Long> byType = new EnumMap<>(CommandType.class);
        long total = 0;
        long buys = 0;
        long sells = 0;
        final Command command = new Command();
        try (JournalReader reader = JournalReader.open(new JournalContext().directory(journal)))
        {
            while (reader.next())
            {
                reader.command(command);
                byType.merge(command.type(), 1L, Long::sum);
                total++;
                if (command.type() == CommandType.NEW_ORDER)
                {
                    buys += command.side() == io.resx.protocol.command.Side.BUY ? 1 : 0;
                    sells += command.side() == io.resx.protocol.command.Side.SELL ? 1 : 0;
                }
            }
        }
        System.out.println("journal records by command type: " + byType);
        final long orders = byType.getOrDefault(CommandType.NEW_ORDER, 0L);
        final long books = byType.getOrDefault(CommandType.BOOK, 0L);
        // one price, one lot each: every order trades against one of the other side or rests
        final long trades = Math.max(1, Math.min(buys, sells));
        System.out.printf(Locale.ROOT, "journal: %,d records, %,d NEW_ORDER, %,d BOOK; %,d trades (at most; " +
            "%,d in the measured runs); BOOK records per trade %.2f, all records per trade %.2f%n", total,
            orders, books, trades, tradesSeen, books / (double)trades, total / (double)trades);
    }

    private static AutoCloseable webSocket(final int port, final AtomicLong messages, final boolean stopReading)
        throws Exception
    {
        final HttpClient client = HttpClient.newHttpClient();
        final WebSocket socket = client.newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener()
            {
                private int seen;

                @Override
                public void onOpen(final WebSocket webSocket)
                {
                    webSocket.request(1);
                }

                @Override
                public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data,
                    final boolean last)
                {
                    messages.incrementAndGet();
                    // the slow client reads its two acknowledgements, then nothing more
                    if (!stopReading || ++seen < 2)
                    {
                        webSocket.request(1);
                    }
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"op\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"" + SYMBOL + "\"}", true).get();
        socket.sendText("{\"op\":\"subscribe\",\"channel\":\"trades\",\"symbol\":\"" + SYMBOL + "\"}", true).get();
        return () -> socket.abort();
    }

    /**
     * A WebSocket client by hand on a plain socket with a 2 KiB receive buffer: it subscribes to the book and the
     * trades, then never reads again.
     */
    private static AutoCloseable stalledWebSocket(final int port) throws Exception
    {
        final Socket socket = new Socket();
        socket.setReceiveBufferSize(2048);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        final OutputStream out = socket.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        for (final String channel : new String[]{"book", "trades"})
        {
            final byte[] payload = ("{\"op\":\"subscribe\",\"channel\":\"" + channel + "\",\"symbol\":\"" + SYMBOL +
                "\"}").getBytes(StandardCharsets.UTF_8);
            final byte[] mask = {1, 2, 3, 4};
            out.write(0x81);
            out.write(0x80 | payload.length);
            out.write(mask);
            for (int i = 0; i < payload.length; i++)
            {
                out.write(payload[i] ^ mask[i % 4]);
            }
        }
        out.flush();
        return socket;
    }

    /**
     * A FIX session by hand on a plain socket (so that it can stop reading): logon, one MarketDataRequest, then
     * a reader thread that counts messages, or none at all for the slow client.
     */
    private static AutoCloseable fixWatcher(final int port, final int index, final AtomicLong messages,
        final boolean stopReading) throws Exception
    {
        final Socket socket = new Socket();
        socket.setReceiveBufferSize(stopReading ? 2048 : 64 * 1024);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        final OutputStream out = socket.getOutputStream();
        final String sender = "MD" + index;
        final Message logon = header(MsgType.LOGON, sender, 1);
        logon.setInt(98, 0);
        logon.setInt(108, 30);
        logon.setChar(141, 'Y');
        logon.setString(554, "bench");
        out.write(logon.toString().getBytes(StandardCharsets.US_ASCII));
        final Message request = header(MsgType.MARKET_DATA_REQUEST, sender, 2);
        request.setString(262, "md-" + index);
        request.setChar(263, '1');
        request.setInt(264, 0);
        for (final char type : new char[]{'0', '1', '2'})
        {
            final quickfix.Group entry = new quickfix.Group(267, 269);
            entry.setChar(269, type);
            request.addGroup(entry);
        }
        final quickfix.Group symbol = new quickfix.Group(146, 55);
        symbol.setString(55, SYMBOL);
        request.addGroup(symbol);
        out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        final AtomicBoolean closed = new AtomicBoolean();
        if (!stopReading)
        {
            final Thread reader = new Thread(() ->
            {
                try
                {
                    final InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
                    int b;
                    int last = 0;
                    while ((b = in.read()) >= 0)
                    {
                        // every message has one checksum field: count "<SOH>10="
                        last = (last << 8) | b;
                        if (last == 0x0131303D)
                        {
                            messages.incrementAndGet();
                        }
                    }
                }
                catch (final IOException ex)
                {
                    if (!closed.get())
                    {
                        System.err.println("FIX watcher " + sender + " lost its connection: " + ex);
                    }
                }
            }, "fix-md-" + index);
            reader.setDaemon(true);
            reader.start();
        }
        return () ->
        {
            closed.set(true);
            socket.close();
        };
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

    private static Process startServer(final String resx, final Path dir, final int httpPort, final int fixPort,
        final int fixSessions, final String buyKey, final String sellKey, final List<String> settings)
        throws Exception
    {
        final String hash = PasswordHash.hash("bench".toCharArray(), 1000);
        final StringBuilder json = new StringBuilder("{ \"participants\": [\n");
        json.append(trader("BENCH-BUYER", "BENCH-BUY-1", buyKey)).append(",\n")
            .append(trader("BENCH-SELLER", "BENCH-SELL-1", sellKey));
        for (int i = 1; i <= fixSessions; i++)
        {
            json.append(",\n{ \"id\": \"MD-").append(i).append("\", \"accounts\": [\"MD-").append(i)
                .append("\"], \"sessions\": [ { \"senderCompId\": \"MD").append(i).append("\", \"passwordHash\": \"")
                .append(hash).append("\", \"store\": \"memory\" } ] }");
        }
        Files.writeString(dir.resolve("participants.json"), json.append("\n] }"));
        final StringBuilder funding = new StringBuilder();
        for (final String account : List.of("BENCH-BUY-1", "BENCH-SELL-1"))
        {
            funding.append("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"").append(account)
                .append("\",\"asset\":\"CASH\",\"amount\":\"100000000000\"}\n")
                .append("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"").append(account)
                .append("\",\"asset\":\"").append(SYMBOL).append("\",\"amount\":\"1000000000\"}\n");
        }
        Files.writeString(dir.resolve("funding.ndjson"), funding);
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "participants=" + dir.resolve("participants.json"),
            "funding=" + dir.resolve("funding.ndjson"),
            "data.dir=" + dir.resolve("data"),
            "fix.port=" + fixPort,
            "fix.storeDir=" + dir.resolve("store"),
            "chain.mode=off",
            "aeron.dir=/dev/shm/resx-md-bench-" + ProcessHandle.current().pid(),
            "engine.in.channels=aeron:ipc",
            "engine.out.channels=aeron:ipc",
            "http.port=" + httpPort,
            String.join("\n", settings),
            ""));
        final Path log = dir.resolve("server.log");
        final Process server = new ProcessBuilder(resx, "serve", "--config", dir.resolve("resx.properties").toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!Files.exists(log) || !Files.readString(log).contains("resx serve ready"))
        {
            if (!server.isAlive() || System.nanoTime() > deadline)
            {
                throw new IllegalStateException("server did not start: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        System.out.println("server up: " + dir + " (log " + log + ")");
        return server;
    }

    private static String trader(final String id, final String account, final String key)
    {
        return "{ \"id\": \"" + id + "\", \"accounts\": [\"" + account + "\"], \"apiKeys\": [\"" + ApiKeys.hash(key) +
            "\"], \"apiRateLimitPerSecond\": 10000000, \"sessions\": [] }";
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    /** Closed-loop HTTP order clients, as {@link HttpOrderHarness} runs them. */
    static final class HttpLoad
    {
        private HttpLoad()
        {
        }

        /** @return {accepted orders per second, accepted, errors} of the measured seconds. */
        static double[] run(final int port, final int clients, final int seconds, final int warmup,
            final String buyKey, final String sellKey, final int runNumber, final String symbol) throws Exception
        {
            final AtomicBoolean recording = new AtomicBoolean();
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicLong accepted = new AtomicLong();
            final AtomicLong errors = new AtomicLong();
            final Thread[] threads = new Thread[clients];
            for (int i = 0; i < clients; i++)
            {
                final boolean buyer = i % 2 == 0;
                final String key = buyer ? buyKey : sellKey;
                final String account = buyer ? "BENCH-BUY-1" : "BENCH-SELL-1";
                final String side = buyer ? "BUY" : "SELL";
                final String prefix = "r" + runNumber + "c" + i + "-";
                threads[i] = new Thread(() -> client(port, key, account, side, prefix, symbol, recording, stop,
                    accepted, errors), "http-client-" + i);
                threads[i].start();
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
            recording.set(true);
            final long startNs = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            recording.set(false);
            final long elapsedNs = System.nanoTime() - startNs;
            stop.set(true);
            for (final Thread thread : threads)
            {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
            return new double[]{accepted.get() * 1e9 / elapsedNs, accepted.get(), errors.get()};
        }

        private static void client(final int port, final String key, final String account, final String side,
            final String prefix, final String symbol, final AtomicBoolean recording, final AtomicBoolean stop,
            final AtomicLong accepted, final AtomicLong errors)
        {
            try (Socket socket = new Socket())
            {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress("127.0.0.1", port));
                final OutputStream out = socket.getOutputStream();
                final InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                final byte[] head = ("POST /api/v1/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                    key + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
                long n = 0;
                while (!stop.get())
                {
                    final byte[] body = ("{\"clOrdId\":\"" + prefix + n++ + "\",\"account\":\"" + account +
                        "\",\"symbol\":\"" + symbol + "\",\"side\":\"" + side + "\",\"price\":\"100\",\"qty\":\"1\"}")
                        .getBytes(StandardCharsets.US_ASCII);
                    out.write(head);
                    out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                    final String response = HttpOrderHarness.readResponse(in);
                    if (recording.get())
                    {
                        if (response.startsWith("HTTP/1.1 200") && response.contains("\"ACCEPTED\""))
                        {
                            accepted.incrementAndGet();
                        }
                        else if (!response.startsWith("HTTP/1.1 200"))
                        {
                            errors.incrementAndGet();
                        }
                    }
                }
            }
            catch (final IOException ex)
            {
                errors.incrementAndGet();
                System.err.println("client " + prefix + " failed: " + ex);
            }
        }
    }
}
