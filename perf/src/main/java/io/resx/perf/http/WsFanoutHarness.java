package io.resx.perf.http;

import io.resx.server.http.WsBookFanout;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * WebSocket fan-out of book updates: one publisher pushes books at a fixed rate (default 50,000/s over 10
 * instruments) into the server's WebSocket hub ({@link WsBookFanout}: the hub and Jetty of {@code resx serve},
 * without an engine), and N subscribers (default 1,000 JDK WebSocket clients over loopback, in this JVM) each
 * follow one instrument. Books are conflated per subscriber, so "keeping up" means: the publisher holds its rate
 * (publishing never waits for subscribers), and every subscriber keeps receiving the latest book, measured as
 * the age of each book it receives (publish time to receipt, same clock).
 * <pre>
 *   java -cp perf/target/benchmarks.jar io.resx.perf.http.WsFanoutHarness \
 *       --subscribers 1000 --rate 50000 --symbols 10 --seconds 10 --warmup 3 --runs 3
 * </pre>
 */
public final class WsFanoutHarness
{
    /**
     * @param args see the class comment.
     * @throws Exception on any failure.
     */
    public static void main(final String[] args) throws Exception
    {
        int subscribers = 1000;
        int rate = 50_000;
        int symbols = 10;
        int seconds = 10;
        int warmup = 3;
        int runs = 3;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--subscribers" -> subscribers = Integer.parseInt(args[i + 1]);
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--symbols" -> symbols = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        final List<String> names = new ArrayList<>();
        final String[] prefixes = new String[symbols];
        for (int s = 0; s < symbols; s++)
        {
            final String symbol = "SPEC." + (3550 + 10 * s) + "-" + (3560 + 10 * s) + ".CELL001";
            names.add(symbol);
            final StringBuilder book = new StringBuilder("{\"symbol\":\"").append(symbol).append("\",\"bids\":[");
            for (int level = 0; level < 10; level++)
            {
                book.append(level == 0 ? "" : ",").append("{\"price\":\"").append(100 - level)
                    .append(".00\",\"qty\":\"").append(level + 1).append(".0\",\"orders\":1}");
            }
            book.append("],\"asks\":[");
            for (int level = 0; level < 10; level++)
            {
                book.append(level == 0 ? "" : ",").append("{\"price\":\"").append(101 + level)
                    .append(".00\",\"qty\":\"").append(level + 1).append(".0\",\"orders\":1}");
            }
            prefixes[s] = book.append("],\"seq\":").toString();
        }
        try (WsBookFanout fanout = new WsBookFanout("127.0.0.1", 0, names, 1000))
        {
            final Recorder ages = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
            final AtomicLong received = new AtomicLong();
            final AtomicBoolean recording = new AtomicBoolean();
            final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            final CountDownLatch subscribed = new CountDownLatch(subscribers);
            final List<WebSocket> sockets = new ArrayList<>();
            final URI uri = URI.create("ws://127.0.0.1:" + fanout.port() + "/ws");
            for (int i = 0; i < subscribers; i++)
            {
                final WebSocket socket = client.newWebSocketBuilder()
                    .buildAsync(uri, new Subscriber(ages, received, recording, subscribed)).get(30, TimeUnit.SECONDS);
                socket.sendText("{\"op\":\"subscribe\",\"channel\":\"book\",\"symbol\":\"" + names.get(i % symbols) +
                    "\"}", true);
                sockets.add(socket);
            }
            if (!subscribed.await(60, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("subscriptions not acknowledged: " + subscribed.getCount() + " left");
            }
            System.out.printf("%d subscribers on %d instruments; target %,d books/s%n", fanout.sessions(), symbols,
                rate);
            final List<double[]> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++)
            {
                final double[] r = run(fanout, prefixes, names, rate, seconds, warmup, ages, received, recording);
                results.add(r);
                System.out.printf("run %d: published %,.0f books/s, delivered %,.0f msgs/s (%,.1f per subscriber/s), " +
                    "book age p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; resyncs %d%n", run, r[0], r[1],
                    r[1] / subscribers, r[2], r[3], r[4], r[5], fanout.resyncs());
            }
            System.out.printf("median of %d runs: published %,.0f books/s, delivered %,.0f msgs/s, age p50 %.2f ms, " +
                "p99 %.2f ms%n", runs, median(results, 0), median(results, 1), median(results, 2),
                median(results, 3));
            for (final WebSocket socket : sockets)
            {
                socket.abort();
            }
        }
    }

    private static double median(final List<double[]> results, final int index)
    {
        final double[] values = results.stream().mapToDouble(r -> r[index]).sorted().toArray();
        return values[values.length / 2];
    }

    private static double[] run(final WsBookFanout fanout, final String[] prefixes, final List<String> names,
        final int rate, final int seconds, final int warmup, final Recorder ages, final AtomicLong received,
        final AtomicBoolean recording) throws InterruptedException
    {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong published = new AtomicLong();
        final AtomicBoolean count = new AtomicBoolean();
        final Thread publisher = new Thread(() ->
        {
            final long intervalNs = 1_000_000_000L / rate;
            long nextNs = System.nanoTime();
            int symbol = 0;
            while (!stop.get())
            {
                final long nowNs = System.nanoTime();
                while (nextNs <= nowNs)
                {
                    fanout.publish(names.get(symbol), prefixes[symbol] + System.nanoTime() + "}");
                    symbol = symbol + 1 == prefixes.length ? 0 : symbol + 1;
                    nextNs += intervalNs;
                    if (count.get())
                    {
                        published.incrementAndGet();
                    }
                }
                LockSupport.parkNanos(50_000);
            }
        }, "book-publisher");
        publisher.start();
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        ages.reset();
        received.set(0);
        recording.set(true);
        count.set(true);
        final long startNs = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        count.set(false);
        recording.set(false);
        final long elapsedNs = System.nanoTime() - startNs;
        stop.set(true);
        publisher.join();
        final Histogram histogram = ages.getIntervalHistogram();
        return new double[]{published.get() * 1e9 / elapsedNs, received.get() * 1e9 / elapsedNs,
            histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
            histogram.getValueAtPercentile(99.9) / 1e6, histogram.getMaxValue() / 1e6};
    }

    /** Counts books and records their age. */
    private static final class Subscriber implements WebSocket.Listener
    {
        private final Recorder ages;
        private final AtomicLong received;
        private final AtomicBoolean recording;
        private final CountDownLatch subscribed;
        private final StringBuilder partial = new StringBuilder();
        private boolean acknowledged;

        Subscriber(final Recorder ages, final AtomicLong received, final AtomicBoolean recording,
            final CountDownLatch subscribed)
        {
            this.ages = ages;
            this.received = received;
            this.recording = recording;
            this.subscribed = subscribed;
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            final long nowNs = System.nanoTime();
            partial.append(data);
            if (last)
            {
                final String message = partial.toString();
                partial.setLength(0);
                final int seq = message.lastIndexOf("\"seq\":");
                if (seq >= 0 && message.startsWith("{\"channel\":\"book\""))
                {
                    if (recording.get())
                    {
                        final long sentNs = Long.parseLong(message.substring(seq + 6, message.indexOf('}', seq)));
                        ages.recordValue(Math.max(0, Math.min(nowNs - sentNs, TimeUnit.SECONDS.toNanos(60))));
                        received.incrementAndGet();
                    }
                }
                else if (!acknowledged && message.contains("\"subscribed\""))
                {
                    acknowledged = true;
                    subscribed.countDown();
                }
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }
}
