package io.resx.server.http;

import io.resx.protocol.event.RejectReason;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;

/**
 * {@code /metrics} in the Prometheus text format (version 0.0.4), written by hand: a dozen series from counters the
 * server keeps anyway, so a metrics library would add dependencies and nothing else. Latency summaries cover the
 * interval since the previous scrape (HdrHistogram {@link Recorder}s), so one scraper should read them.
 */
final class MetricsText
{
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};

    private final HttpEngine engine;
    private final ApiGateway gateway;
    private final WsHub hub;
    private final HttpApi api;
    private final SettlementBatches batches;
    private final IntSupplier fixSessions;
    private final AtomicLongArray rejects;
    private Histogram orderInterval;
    private long lastSequence = -1;
    private long lastScrapeNs;
    private double commandsPerSecond;

    MetricsText(final HttpEngine engine, final ApiGateway gateway, final WsHub hub, final HttpApi api,
        final SettlementBatches batches, final IntSupplier fixSessions, final AtomicLongArray rejects)
    {
        this.engine = engine;
        this.gateway = gateway;
        this.hub = hub;
        this.api = api;
        this.batches = batches;
        this.fixSessions = fixSessions;
        this.rejects = rejects;
    }

    /** @return every series, as Prometheus text. */
    synchronized String scrape()
    {
        final long nowNs = System.nanoTime();
        final long sequence = engine.lastSequence();
        if (lastSequence >= 0 && nowNs > lastScrapeNs)
        {
            commandsPerSecond = (sequence - lastSequence) * 1e9 / (nowNs - lastScrapeNs);
        }
        lastSequence = sequence;
        lastScrapeNs = nowNs;
        orderInterval = interval(api.orderLatencyNs(), orderInterval);

        final StringBuilder out = new StringBuilder(4096);
        counter(out, "resx_commands_total", "Commands sequenced since the journal began.", sequence);
        gauge(out, "resx_commands_per_second", "Commands sequenced per second since the previous scrape.",
            commandsPerSecond);
        summary(out, "resx_http_order_latency_seconds",
            "Order entry over HTTP, request read to answer written, since the previous scrape.", orderInterval);
        engine.appendMetrics(out, this);
        if (batches.lagCommands() >= 0)
        {
            gauge(out, "resx_settlement_lag_commands",
                "Commands journaled since the end of the newest settlement window confirmed on chain.",
                batches.lagCommands());
        }
        for (final SettlementBatches.Metric metric : batches.metrics())
        {
            header(out, metric.name(), metric.type(), metric.help());
            out.append(metric.name()).append(' ').append(number(metric.value())).append('\n');
        }
        header(out, "resx_open_sessions", "gauge", "Open client sessions by kind.");
        out.append("resx_open_sessions{kind=\"fix\"} ").append(fixSessions.getAsInt()).append('\n');
        out.append("resx_open_sessions{kind=\"websocket\"} ").append(hub.sessions()).append('\n');
        header(out, "resx_rejects_total", "counter", "Rejected commands by reason, seen since this process started.");
        final RejectReason[] reasons = RejectReason.values();
        for (int i = 0; i < reasons.length; i++)
        {
            final long count = rejects.get(i);
            if (count > 0)
            {
                out.append("resx_rejects_total{reason=\"").append(reasons[i].name()).append("\"} ").append(count)
                    .append('\n');
            }
        }
        gauge(out, "resx_http_commands_in_flight", "API commands sent to the engine and not yet answered.",
            gateway.inFlight());
        counter(out, "resx_ws_resyncs_total", "WebSocket subscribers resynchronised after falling behind.",
            hub.resyncs());
        counter(out, "resx_ws_books_published_total", "Book updates published to WebSocket subscribers.",
            hub.booksPublished());
        counter(out, "resx_ws_messages_sent_total", "Messages written to WebSocket clients.", hub.messagesSent());
        return out.toString();
    }

    private static Histogram interval(final Recorder recorder, final Histogram recycle)
    {
        return recorder.getIntervalHistogram(recycle);
    }

    private static void header(final StringBuilder out, final String name, final String type, final String help)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
            .append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    static void counter(final StringBuilder out, final String name, final String help, final long value)
    {
        header(out, name, "counter", help);
        out.append(name).append(' ').append(value).append('\n');
    }

    static void gauge(final StringBuilder out, final String name, final String help, final double value)
    {
        header(out, name, "gauge", help);
        out.append(name).append(' ').append(number(value)).append('\n');
    }

    static void summary(final StringBuilder out, final String name, final String help, final Histogram ns)
    {
        header(out, name, "summary", help);
        for (final double q : QUANTILES)
        {
            final double seconds = ns.getTotalCount() == 0 ? Double.NaN : ns.getValueAtPercentile(q * 100) / 1e9;
            out.append(name).append("{quantile=\"").append(q).append("\"} ").append(number(seconds)).append('\n');
        }
        out.append(name).append("_count ").append(ns.getTotalCount()).append('\n');
        out.append(name).append("_sum ").append(number(ns.getTotalCount() * ns.getMean() / 1e9)).append('\n');
    }

    private static String number(final double value)
    {
        if (Double.isNaN(value))
        {
            return "NaN";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15)
        {
            return Long.toString((long)value);
        }
        return String.format(Locale.ROOT, "%.9g", value);
    }
}
