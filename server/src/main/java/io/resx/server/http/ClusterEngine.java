package io.resx.server.http;

import io.resx.engine.node.TrustedInbox;
import io.resx.gateway.common.EventsQueue;
import io.resx.gateway.common.cluster.ClusterLink;
import io.resx.server.serve.ServeConfig;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine cluster, for the HTTP API of a {@code resx gateway --cluster}: the gateway is a cluster client through
 * its own {@link ClusterLink}; there is no trusted inbox (admin commands go by the operator's client); health and
 * metrics report the link (leader, reconnections, resends, pending requests).
 */
final class ClusterEngine implements HttpEngine
{
    private final ClusterLink link;
    private final EventsQueue events;
    private final AtomicLong lastSequence = new AtomicLong();
    private ApiGateway gateway;

    ClusterEngine(final ClusterLink link, final EventsQueue events)
    {
        this.link = link;
        this.events = events;
    }

    @Override
    public TrustedInbox trustedInbox()
    {
        return null;
    }

    @Override
    public void connect(final ApiGateway gateway, final ServeConfig config)
    {
        this.gateway = gateway;
        gateway.start(link, events);
    }

    @Override
    public long lastSequence()
    {
        return gateway == null ? 0 : gateway.lastSequence();
    }

    @Override
    public void appendMetrics(final StringBuilder out, final MetricsText metrics)
    {
        MetricsText.gauge(out, "resx_cluster_leader", "The engine cluster's leading member, -1 while none is reachable.",
            link.leaderMemberId());
        MetricsText.counter(out, "resx_cluster_reconnects_total", "New sessions with the cluster after a lost one.",
            link.reconnects());
        MetricsText.counter(out, "resx_cluster_leader_changes_total", "New leaders announced to the HTTP gateway.",
            link.leaderChanges());
        MetricsText.counter(out, "resx_cluster_resent_total", "Requests resent after a failover (same ClOrdID).",
            link.resent());
        MetricsText.gauge(out, "resx_cluster_pending_requests", "Requests sent to the cluster and not answered yet.",
            link.pending());
    }

    @Override
    public void registerChecks(final HealthRegistry health)
    {
        health.register("cluster", () -> HealthRegistry.Check.of(link.leaderMemberId() >= 0,
            (link.leaderMemberId() >= 0 ? "leader " + link.leaderMemberId() : "no leader reachable") + "; " +
            link.reconnects() + " reconnections, " + link.resent() + " requests resent, " + link.pending() +
            " pending"));
    }
}
