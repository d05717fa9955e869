package io.resx.server.http;

import io.resx.engine.node.TrustedInbox;
import io.resx.gateway.common.EventsQueue;
import io.resx.gateway.common.cluster.ClusterLink;
import io.resx.server.serve.ServeConfig;
import io.resx.server.serve.ServeNode;

/**
 * What the HTTP API needs of the engine it fronts: how its gateway connects, the in-process inbox for admin
 * commands (where there is one), and the engine's own series on {@code /metrics} and checks on {@code /health}.
 * Two kinds: the single node in this process ({@link #of(ServeNode)}) and the engine cluster ({@link #of(ClusterLink,
 * EventsQueue)}).
 */
public interface HttpEngine
{
    /** @return the in-process inbox for admin commands, or null when there is none (a cluster client). */
    TrustedInbox trustedInbox();

    /**
     * Starts the gateway's agent on this engine's streams.
     *
     * @param gateway the HTTP API's gateway.
     * @param config  the engine.* settings.
     */
    void connect(ApiGateway gateway, ServeConfig config);

    /** @return the last sequence the engine is known to have given (a cluster client: the last outcome seen). */
    long lastSequence();

    /**
     * Appends the engine's own series to a {@code /metrics} scrape.
     *
     * @param out     the scrape.
     * @param metrics the writer, for its series helpers.
     */
    void appendMetrics(StringBuilder out, MetricsText metrics);

    /**
     * Registers the engine's checks on {@code /health} (the single node's are {@code resx serve}'s own).
     *
     * @param health the registry.
     */
    default void registerChecks(final HealthRegistry health)
    {
    }

    /**
     * @param engine the engine node in this process.
     * @return it, for the HTTP API.
     */
    static HttpEngine of(final ServeNode engine)
    {
        return new ServeNodeEngine(engine);
    }

    /**
     * @param link   the HTTP gateway's own link to the cluster (it closes it).
     * @param events a member's {@code events} queue on this machine, or null.
     * @return the cluster, for the HTTP API.
     */
    static HttpEngine of(final ClusterLink link, final EventsQueue events)
    {
        return new ClusterEngine(link, events);
    }
}
