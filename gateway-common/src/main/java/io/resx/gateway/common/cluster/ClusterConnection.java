package io.resx.gateway.common.cluster;

import io.aeron.Aeron;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.EventCode;
import io.aeron.logbuffer.Header;
import io.aeron.security.CredentialsSupplier;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * One gateway's session with the engine cluster: connects to the members' ingress endpoints, follows a new leader
 * ({@code onNewLeader}), and opens a new session when the old one is lost, because Aeron's cluster client does not
 * reconnect by itself. Connecting never blocks: {@link #poll} steps an asynchronous connect. It tells its
 * {@link Listener} about each egress message and about each change of leader or session (after which unanswered
 * requests must be resent). Single-threaded: the gateway agent's thread owns it, as {@link AeronCluster} requires.
 */
public final class ClusterConnection implements EgressListener, AutoCloseable
{
    /** What the connection reports. */
    public interface Listener
    {
        /**
         * @param buffer holds an egress message.
         * @param offset where it starts.
         * @param length its length.
         */
        void onEgress(DirectBuffer buffer, int offset, int length);

        /** A new leader or a new session: requests sent before may not have reached the log. */
        void onFailover();
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClusterConnection.class);
    private static final long KEEP_ALIVE_NS = 1_000_000_000L;
    /** Pause after a failed connect attempt before the next: no leader yet, or a setting the client refuses. */
    private static final long RETRY_CONNECT_NS = 100_000_000L;

    private final ClusterLinkContext context;
    private final Listener listener;
    private final byte[] credentials;
    private Aeron aeron;
    private AeronCluster.AsyncConnect connecting;
    private AeronCluster cluster;
    private long lastOfferNs;
    private long connectFailures;
    private long nextConnectNs;
    private volatile int leaderMemberId = -1;
    private volatile long sessions;
    private volatile long leaderChanges;

    /**
     * @param context  the settings.
     * @param listener told about egress and failovers.
     */
    public ClusterConnection(final ClusterLinkContext context, final Listener listener)
    {
        this.context = context;
        this.listener = listener;
        this.credentials = context.credentials().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One duty cycle: steps a connect when there is no session, else polls egress and keeps the session alive.
     *
     * @param nowNs the cycle's time (System.nanoTime).
     * @return work done.
     */
    public int poll(final long nowNs)
    {
        if (cluster == null)
        {
            return stepConnect(nowNs);
        }
        try
        {
            if (cluster.isClosed())
            {
                lost("closed by the cluster");
                return 1;
            }
            final int work = cluster.pollEgress();
            if (nowNs - lastOfferNs > KEEP_ALIVE_NS && cluster != null && cluster.sendKeepAlive())
            {
                lastOfferNs = nowNs; // an idle gateway keeps its session: the cluster closes silent ones
            }
            return work;
        }
        catch (final RuntimeException ex)
        {
            lost(ex.toString());
            return 1;
        }
    }

    /**
     * @param buffer the request.
     * @param offset where it starts.
     * @param length its length.
     * @param nowNs  the cycle's time.
     * @return whether the leader's ingress took it (false: no session or back-pressure).
     */
    public boolean offer(final DirectBuffer buffer, final int offset, final int length, final long nowNs)
    {
        if (cluster == null || cluster.isClosed())
        {
            return false;
        }
        final long result = cluster.offer(buffer, offset, length);
        if (result > 0)
        {
            lastOfferNs = nowNs;
            return true;
        }
        return false;
    }

    /**
     * Asks the cluster to take a snapshot: only a session presenting the operator's credentials is authorised.
     *
     * @param correlationId the request's id.
     * @return whether the request was sent.
     */
    public boolean requestSnapshot(final long correlationId)
    {
        try
        {
            return cluster != null && !cluster.isClosed() && cluster.sendAdminRequestToTakeASnapshot(correlationId);
        }
        catch (final RuntimeException ex)
        {
            return false; // mid-failover: the caller asks again
        }
    }

    /** @return whether there is a session with a leader. */
    public boolean isConnected()
    {
        return leaderMemberId >= 0;
    }

    /** @return the leading member's id, -1 when there is no session (any thread). */
    public int leaderMemberId()
    {
        return leaderMemberId;
    }

    /** @return sessions opened since start, the first included (any thread). */
    public long sessions()
    {
        return sessions;
    }

    /** @return leader changes seen within a session (any thread). */
    public long leaderChanges()
    {
        return leaderChanges;
    }

    private int stepConnect(final long nowNs)
    {
        if (connecting == null && nowNs - nextConnectNs < 0)
        {
            return 0;
        }
        try
        {
            if (aeron == null)
            {
                aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(context.aeronDirectoryName())
                    .errorHandler(failure -> LOG.warn("cluster link {}: {}", context.gatewayId(), failure.toString())));
            }
            if (connecting == null)
            {
                connecting = AeronCluster.asyncConnect(clusterContext());
            }
            final AeronCluster connected = connecting.poll();
            if (connected == null)
            {
                return 0;
            }
            connecting = null;
            cluster = connected;
            lastOfferNs = nowNs;
            leaderMemberId = connected.leaderMemberId();
            sessions++;
            LOG.info("cluster link {}: session {} with leader {}", context.gatewayId(), connected.clusterSessionId(),
                leaderMemberId);
            listener.onFailover();
            return 1;
        }
        catch (final RuntimeException ex)
        {
            // no leader reachable yet (an election, members down): try again on a later cycle
            CloseHelper.quietClose(connecting);
            connecting = null;
            nextConnectNs = nowNs + RETRY_CONNECT_NS;
            if (connectFailures++ % 20 == 0)
            {
                LOG.warn("cluster link {}: cannot connect to {} yet: {}", context.gatewayId(),
                    context.ingressEndpoints(), ex.toString());
            }
            return 0;
        }
    }

    private AeronCluster.Context clusterContext()
    {
        return new AeronCluster.Context()
            .aeron(aeron)
            .ownsAeronClient(false)
            .egressListener(this)
            .ingressChannel(context.ingressChannel())
            .ingressEndpoints(context.ingressEndpoints())
            .egressChannel(context.egressChannel())
            .messageTimeoutNs(context.messageTimeoutNs())
            .newLeaderTimeoutNs(context.messageTimeoutNs())
            .credentialsSupplier(new CredentialsSupplier()
            {
                @Override
                public byte[] encodedCredentials()
                {
                    return credentials;
                }

                @Override
                public byte[] onChallenge(final byte[] encodedChallenge)
                {
                    return credentials;
                }
            });
    }

    private void lost(final String why)
    {
        LOG.warn("cluster link {}: session with leader {} lost ({}); reconnecting", context.gatewayId(),
            leaderMemberId, why);
        CloseHelper.quietClose(cluster);
        cluster = null;
        leaderMemberId = -1;
    }

    @Override
    public void onMessage(final long clusterSessionId, final long timestamp, final DirectBuffer buffer,
        final int offset, final int length, final Header header)
    {
        listener.onEgress(buffer, offset, length);
    }

    @Override
    public void onNewLeader(final long clusterSessionId, final long leadershipTermId, final int leaderMemberId,
        final String ingressEndpoints)
    {
        this.leaderMemberId = leaderMemberId;
        leaderChanges++;
        LOG.info("cluster link {}: new leader {} (term {})", context.gatewayId(), leaderMemberId, leadershipTermId);
        listener.onFailover();
    }

    @Override
    public void onSessionEvent(final long correlationId, final long clusterSessionId, final long leadershipTermId,
        final int leaderMemberId, final EventCode code, final String detail)
    {
        if (code == EventCode.CLOSED || code == EventCode.ERROR)
        {
            LOG.warn("cluster link {}: session event {} {}", context.gatewayId(), code, detail);
        }
    }

    @Override
    public void onAdminResponse(final long clusterSessionId, final long correlationId,
        final io.aeron.cluster.codecs.AdminRequestType requestType, final io.aeron.cluster.codecs.AdminResponseCode code,
        final String message, final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        LOG.info("cluster link {}: {} answered {} {}", context.gatewayId(), requestType, code, message);
    }

    @Override
    public void close()
    {
        CloseHelper.quietClose(connecting);
        CloseHelper.quietClose(cluster);
        CloseHelper.quietClose(aeron);
        connecting = null;
        cluster = null;
        aeron = null;
        leaderMemberId = -1;
    }
}
