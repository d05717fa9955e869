package io.resx.perf.http;

import io.resx.gateway.common.ApiKeys;
import org.HdrHistogram.Histogram;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Order entry over the HTTP API: N keep-alive clients over loopback, each sending {@code POST /api/v1/orders} and
 * waiting for the engine's outcome before the next (closed loop: the latency is request to answer, and a slow
 * answer delays that client's next request, so this measures service time under load, not an open-loop rate).
 * The server is a real {@code ./resx serve} process (journal on, Aeron IPC, the FIX gateway off), started by the
 * harness with its own participants and funding; the clients are plain sockets writing HTTP/1.1 by hand, so the
 * client side costs little. Half the clients buy and half sell at one price, so orders trade and the book stays
 * shallow. Each client is its own participant with its own account and API key, as a venue's clients are: the
 * per-key limits ({@code http.maxBodyRequestsPerKey}) apply to each as they would in use.
 * <pre>
 *   java -cp perf/target/benchmarks.jar io.resx.perf.http.HttpOrderHarness \
 *       --clients 50 --seconds 10 --warmup 3 --runs 3 [--resx ./resx] [--set engine.waitStrategy=YIELDING ...]
 * </pre>
 */
public final class HttpOrderHarness
{
    private static final String SYMBOL = "SPEC.3550-3560.CELL041";
    private static final AtomicBoolean FIRST_REJECT = new AtomicBoolean();

    /**
     * @param args see the class comment.
     * @throws Exception on any failure.
     */
    public static void main(final String[] args) throws Exception
    {
        int clients = 50;
        int seconds = 10;
        int warmup = 3;
        int runs = 3;
        String resx = "./resx";
        final List<String> settings = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--resx" -> resx = args[i + 1];
                case "--set" -> settings.add(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        final Path dir = Files.createTempDirectory("resx-http-bench");
        final String[] keys = new String[clients];
        for (int i = 0; i < clients; i++)
        {
            keys[i] = ApiKeys.newKey();
        }
        final int port = freePort();
        final Process server = startServer(resx, dir, port, keys, settings);
        try
        {
            final List<double[]> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++)
            {
                final double[] result = run(port, seconds, warmup, keys, run);
                results.add(result);
                System.out.printf("run %d: %,.0f req/s, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms, " +
                    "%,.0f accepted, %,.0f rejected, %,.0f errors%n", run, result[0], result[1], result[2], result[3],
                    result[4], result[5], result[6], result[7]);
            }
            System.out.printf("median of %d runs: %,.0f req/s, p50 %.3f ms, p99 %.3f ms%n", runs,
                median(results, 0), median(results, 1), median(results, 2));
        }
        finally
        {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static double median(final List<double[]> results, final int index)
    {
        final double[] values = results.stream().mapToDouble(r -> r[index]).sorted().toArray();
        return values[values.length / 2];
    }

    private static double[] run(final int port, final int seconds, final int warmup, final String[] keys,
        final int runNumber) throws Exception
    {
        final int clients = keys.length;
        final AtomicBoolean recording = new AtomicBoolean();
        final AtomicBoolean stop = new AtomicBoolean();
        final Client[] all = new Client[clients];
        final Thread[] threads = new Thread[clients];
        for (int i = 0; i < clients; i++)
        {
            final boolean buyer = i % 2 == 0;
            all[i] = new Client(port, keys[i], account(i), buyer ? "BUY" : "SELL", "r" + runNumber + "c" + i + "-",
                recording, stop);
            threads[i] = new Thread(all[i], "http-client-" + i);
            threads[i].start();
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        recording.set(true);
        final long startNs = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        recording.set(false);
        final long elapsedNs = System.nanoTime() - startNs;
        stop.set(true);
        final Histogram total = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long accepted = 0;
        long rejected = 0;
        long errors = 0;
        for (int i = 0; i < clients; i++)
        {
            threads[i].join(TimeUnit.SECONDS.toMillis(30));
            total.add(all[i].histogram);
            accepted += all[i].accepted;
            rejected += all[i].rejected;
            errors += all[i].errors;
        }
        return new double[]{total.getTotalCount() * 1e9 / elapsedNs, total.getValueAtPercentile(50) / 1e6,
            total.getValueAtPercentile(99) / 1e6, total.getValueAtPercentile(99.9) / 1e6, total.getMaxValue() / 1e6,
            accepted, rejected, errors};
    }

    /** One keep-alive connection sending orders back to back. */
    private static final class Client implements Runnable
    {
        private final int port;
        private final String key;
        private final String account;
        private final String side;
        private final String prefix;
        private final AtomicBoolean recording;
        private final AtomicBoolean stop;
        private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        private long accepted;
        private long rejected;
        private long errors;

        Client(final int port, final String key, final String account, final String side, final String prefix,
            final AtomicBoolean recording, final AtomicBoolean stop)
        {
            this.port = port;
            this.key = key;
            this.account = account;
            this.side = side;
            this.prefix = prefix;
            this.recording = recording;
            this.stop = stop;
        }

        @Override
        public void run()
        {
            try (Socket socket = new Socket())
            {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress("127.0.0.1", port));
                final OutputStream out = socket.getOutputStream();
                final InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                final byte[] head = ("POST /api/v1/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key +
                    "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
                long n = 0;
                while (!stop.get())
                {
                    final byte[] body = ("{\"clOrdId\":\"" + prefix + n++ + "\",\"account\":\"" + account +
                        "\",\"symbol\":\"" + SYMBOL + "\",\"side\":\"" + side + "\",\"price\":\"100\",\"qty\":\"1\"}")
                        .getBytes(StandardCharsets.US_ASCII);
                    final long startNs = System.nanoTime();
                    out.write(head);
                    out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                    final String response = readResponse(in);
                    final long latencyNs = System.nanoTime() - startNs;
                    if (recording.get())
                    {
                        histogram.recordValue(Math.min(latencyNs, histogram.getHighestTrackableValue()));
                        if (response.startsWith("HTTP/1.1 200") && response.contains("\"ACCEPTED\""))
                        {
                            accepted++;
                        }
                        else if (response.startsWith("HTTP/1.1 200"))
                        {
                            rejected++;
                            if (FIRST_REJECT.compareAndSet(false, true))
                            {
                                System.err.println("first reject: " + response.replace('\n', ' '));
                            }
                        }
                        else
                        {
                            errors++;
                        }
                    }
                }
            }
            catch (final IOException ex)
            {
                errors++;
                System.err.println("client " + prefix + " failed: " + ex);
            }
        }
    }

    /** Reads one HTTP/1.1 response with a Content-Length or chunked body; returns status line and body. */
    static String readResponse(final InputStream in) throws IOException
    {
        final StringBuilder headers = new StringBuilder(256);
        int last = 0;
        while (last != 0x0D0A0D0A)
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new IOException("connection closed");
            }
            headers.append((char)b);
            last = (last << 8) | b;
        }
        final String text = headers.toString();
        final String lower = text.toLowerCase(java.util.Locale.ROOT);
        final int lengthAt = lower.indexOf("content-length:");
        final byte[] body;
        if (lengthAt >= 0)
        {
            final int end = lower.indexOf('\r', lengthAt);
            body = in.readNBytes(Integer.parseInt(text.substring(lengthAt + 15, end).trim()));
        }
        else if (lower.contains("transfer-encoding: chunked"))
        {
            final java.io.ByteArrayOutputStream chunks = new java.io.ByteArrayOutputStream();
            while (true)
            {
                final StringBuilder size = new StringBuilder();
                int b;
                while ((b = in.read()) != '\n')
                {
                    if (b < 0)
                    {
                        throw new IOException("connection closed");
                    }
                    if (b != '\r')
                    {
                        size.append((char)b);
                    }
                }
                final int length = Integer.parseInt(size.toString().trim(), 16);
                chunks.write(in.readNBytes(length));
                in.readNBytes(2);
                if (length == 0)
                {
                    break;
                }
            }
            body = chunks.toByteArray();
        }
        else
        {
            body = new byte[0];
        }
        return text.substring(0, text.indexOf('\r')) + "\n" + new String(body, StandardCharsets.UTF_8);
    }

    /** @return client {@code i}'s account (its participant is {@code BENCH-P<i>}). */
    private static String account(final int i)
    {
        return "BENCH-" + i;
    }

    private static Process startServer(final String resx, final Path dir, final int port, final String[] keys,
        final List<String> settings) throws Exception
    {
        final List<String> participants = new ArrayList<>();
        for (int i = 0; i < keys.length; i++)
        {
            participants.add(participant("BENCH-P" + i, account(i), keys[i]));
        }
        Files.writeString(dir.resolve("participants.json"),
            "{ \"participants\": [\n" + String.join(",\n", participants) + "\n] }");
        final StringBuilder funding = new StringBuilder();
        for (int i = 0; i < keys.length; i++)
        {
            final String account = account(i);
            funding.append("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"").append(account)
                .append("\",\"asset\":\"CASH\",\"amount\":\"1000000000\"}\n")
                .append("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"").append(account)
                .append("\",\"asset\":\"").append(SYMBOL).append("\",\"amount\":\"1000000000\"}\n");
        }
        Files.writeString(dir.resolve("funding.ndjson"), funding);
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "participants=" + dir.resolve("participants.json"),
            "funding=" + dir.resolve("funding.ndjson"),
            "data.dir=" + dir.resolve("data"),
            "fix.enabled=false",
            "fix.port=" + freePort(),
            "chain.mode=off", // the API's cost alone: settlement follows the journal on its own thread
            "aeron.dir=/dev/shm/resx-http-bench-" + ProcessHandle.current().pid(),
            "engine.in.channels=aeron:ipc",
            "engine.out.channels=aeron:ipc",
            "http.port=" + port,
            String.join("\n", settings),
            ""));
        final Path log = dir.resolve("server.log");
        final Process server = new ProcessBuilder(resx, "serve", "--config", dir.resolve("resx.properties").toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
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

    private static String participant(final String id, final String account, final String key)
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
}
