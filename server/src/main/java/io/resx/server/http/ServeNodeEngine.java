package io.resx.server.http;

import io.resx.engine.node.TrustedInbox;
import io.resx.server.serve.ServeConfig;
import io.resx.server.serve.ServeNode;
import org.HdrHistogram.Histogram;

/** The single engine node in this process, for the HTTP API: Aeron IPC, its trusted inbox, its pipeline figures. */
final class ServeNodeEngine implements HttpEngine
{
    private final ServeNode engine;
    private Histogram pipelineInterval;

    ServeNodeEngine(final ServeNode engine)
    {
        this.engine = engine;
    }

    @Override
    public TrustedInbox trustedInbox()
    {
        return engine.trustedInbox();
    }

    @Override
    public void connect(final ApiGateway gateway, final ServeConfig config)
    {
        gateway.start(engine.aeronDir(), "aeron:ipc", config.getInt("engine.in.stream"),
            config.getInt("engine.out.stream"), engine.eventsContext());
    }

    @Override
    public long lastSequence()
    {
        return engine.lastSequence();
    }

    @Override
    public void appendMetrics(final StringBuilder out, final MetricsText metrics)
    {
        pipelineInterval = engine.latencyNs().getIntervalHistogram(pipelineInterval);
        MetricsText.summary(out, "resx_pipeline_latency_seconds",
            "Sequencer to outcome publisher per command, since the previous scrape.", pipelineInterval);
        MetricsText.gauge(out, "resx_ring_buffer_used", "Ring slots holding commands not yet published.",
            engine.ringFill());
        MetricsText.gauge(out, "resx_ring_buffer_size", "Ring slots in all.", engine.ringSize());
        MetricsText.counter(out, "resx_outcomes_skipped_total", "Outcomes a back-pressured gateway did not take " +
            "over Aeron and read from the events queue instead.", engine.outcomesSkipped());
        MetricsText.gauge(out, "resx_journal_lag_commands", "Commands sequenced but not yet appended to the journal.",
            engine.journalLag());
    }
}
