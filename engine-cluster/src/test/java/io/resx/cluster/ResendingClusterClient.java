package io.resx.cluster;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.EventCode;
import io.aeron.logbuffer.Header;
import io.resx.protocol.codec.CommandCodec;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A cluster client as a gateway uses one: it sends Route + command requests, takes its own outcomes from egress
 * (by gateway id), follows a new leader, reconnects when its session is lost (Aeron's client does not), and resends
 * every command still unanswered after a leader change or a reconnection, with the same ClOrdID. The engine's
 * ClOrdID window makes that safe: a command that was applied before the failover is answered RETRY_OF_ACCEPTED
 * naming the first order, never applied twice. Single-threaded: one thread sends and polls.
 */
final class ResendingClusterClient implements EgressListener, AutoCloseable
{
    private final String aeronDirectory;
    private final String ingressEndpoints;
    private final byte[] credentials;
    private final int gatewayId;
    private final BiConsumer<Command, EventLog> onOutcome;
    private final GatewayCodec codec = new GatewayCodec();
    private final UnsafeBuffer request = new UnsafeBuffer(new byte[GatewayCodec.ROUTE_LENGTH +
        CommandCodec.MAX_ENCODED_LENGTH]);
    private final Command outcomeCommand = new Command();
    private final EventLog outcomeEvents = new EventLog();
    /** Unanswered commands by correlation id, in sending order. */
    private final Long2ObjectHashMap<Command> pending = new Long2ObjectHashMap<>();
    private final List<Long> resendOrder = new ArrayList<>();
    private Aeron aeron;
    private AeronCluster cluster;
    private boolean resendDue;
    private long reconnects;
    private long connectFailures;
    private long leaderChanges;
    private long resent;
    private long lateAnswers;

    /**
     * @param aeronDirectory   the client's media driver.
     * @param ingressEndpoints the members' ingress endpoints, {@code 0=host:port,...}.
     * @param credentials      the operator secret, or null for a gateway.
     * @param gatewayId        this client's id on the engine's routes.
     * @param onOutcome        receives the outcome of each of this client's commands, once.
     */
    ResendingClusterClient(final String aeronDirectory, final String ingressEndpoints, final String credentials,
        final int gatewayId, final BiConsumer<Command, EventLog> onOutcome)
    {
        this.aeronDirectory = aeronDirectory;
        this.ingressEndpoints = ingressEndpoints;
        this.credentials = credentials == null ? new byte[0] : credentials.getBytes(StandardCharsets.UTF_8);
        this.gatewayId = gatewayId;
        this.onOutcome = onOutcome;
    }

    /** Connects (blocking, up to the client's message timeout). */
    void connect()
    {
        if (aeron == null)
        {
            // One Aeron client for every session this client opens; its errors are reported, never an exit.
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDirectory)
                .errorHandler(failure -> System.out.println("cluster client " + gatewayId + ": " + failure)));
        }
        cluster = AeronCluster.connect(new AeronCluster.Context()
            .aeron(aeron)
            .ownsAeronClient(false)
            .egressListener(this)
            .ingressChannel("aeron:udp?term-length=1m")
            .ingressEndpoints(ingressEndpoints)
            .egressChannel("aeron:udp?endpoint=127.0.0.1:0|term-length=1m")
            .messageTimeoutNs(3_000_000_000L)
            .newLeaderTimeoutNs(3_000_000_000L)
            .credentialsSupplier(new io.aeron.security.CredentialsSupplier()
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
            }));
    }

    /**
     * Sends a command; it stays pending (and is resent after a failover) until its outcome comes.
     *
     * @param correlationId this client's id of the request, unique.
     * @param command       the command; copied.
     * @return whether the cluster took it now (false: it waits for the next resend).
     */
    boolean send(final long correlationId, final Command command)
    {
        final Command copy = new Command().copyFrom(command);
        pending.put(correlationId, copy);
        resendOrder.add(correlationId);
        return offer(correlationId, copy);
    }

    private boolean offer(final long correlationId, final Command command)
    {
        if (cluster == null || cluster.isClosed())
        {
            return false;
        }
        final int length = codec.encodeRequest(request, 0, gatewayId, 0, correlationId, command);
        long result = cluster.offer(request, 0, length);
        // ADMIN_ACTION: the ingress term rotated; Aeron asks for the offer again (it is no back-pressure)
        for (int retries = 0; result == Publication.ADMIN_ACTION && retries < 3; retries++)
        {
            result = cluster.offer(request, 0, length);
        }
        return result > 0;
    }

    /**
     * One duty cycle: reconnects a lost session, resends after a failover, polls egress.
     *
     * @return work done.
     */
    int poll()
    {
        if (cluster == null || cluster.isClosed())
        {
            try
            {
                connect();
                reconnects++;
                System.out.println("cluster client " + gatewayId + ": connected, leader " + cluster.leaderMemberId() +
                    " at " + System.currentTimeMillis());
                resendDue = true;
            }
            catch (final RuntimeException ex)
            {
                if (connectFailures++ % 10 == 0)
                {
                    System.out.println("cluster client " + gatewayId + ": cannot connect yet: " + ex);
                }
                return 0; // no leader yet: try again on the next cycle
            }
        }
        int work = 0;
        try
        {
            work += cluster.pollEgress();
            if (resendDue)
            {
                resendDue = false;
                resendPending();
            }
        }
        catch (final RuntimeException ex)
        {
            System.out.println("cluster client " + gatewayId + ": session lost at " + System.currentTimeMillis() +
                ": " + ex);
            cluster.close();
        }
        return work;
    }

    /** Resends every unanswered command, oldest first; call after a failover or on a timer. */
    void resendPending()
    {
        resendOrder.removeIf(id -> !pending.containsKey(id));
        for (final Long id : resendOrder)
        {
            if (!offer(id, pending.get(id)))
            {
                resendDue = true;
                return;
            }
            resent++;
        }
    }

    @Override
    public void onMessage(final long clusterSessionId, final long timestamp, final DirectBuffer buffer,
        final int offset, final int length, final Header header)
    {
        final GatewayCodec.Kind kind = codec.decodeRoute(buffer, offset, length);
        if (kind != GatewayCodec.Kind.COMMAND || codec.gatewayId() != gatewayId)
        {
            return;
        }
        final long correlationId = codec.correlationId();
        if (pending.remove(correlationId) == null)
        {
            lateAnswers++; // the answer to a resend of a command already answered
            return;
        }
        codec.decodeOutcome(buffer, offset, length, outcomeCommand, outcomeEvents);
        onOutcome.accept(outcomeCommand, outcomeEvents);
    }

    @Override
    public void onNewLeader(final long clusterSessionId, final long leadershipTermId, final int leaderMemberId,
        final String ingressEndpoints)
    {
        leaderChanges++;
        resendDue = true;
        System.out.println("cluster client " + gatewayId + ": new leader " + leaderMemberId + " at " +
            System.currentTimeMillis());
    }

    @Override
    public void onSessionEvent(final long correlationId, final long clusterSessionId, final long leadershipTermId,
        final int leaderMemberId, final EventCode code, final String detail)
    {
        if (code == EventCode.CLOSED || code == EventCode.ERROR)
        {
            resendDue = true;
        }
    }

    /** @return the member leading when last heard, or -1 when not connected. */
    int leaderMemberId()
    {
        return cluster == null || cluster.isClosed() ? -1 : cluster.leaderMemberId();
    }

    /** @return the live session, for admin requests. */
    AeronCluster cluster()
    {
        return cluster;
    }

    int pendingCount()
    {
        return pending.size();
    }

    long reconnects()
    {
        return reconnects;
    }

    long leaderChanges()
    {
        return leaderChanges;
    }

    long resent()
    {
        return resent;
    }

    long lateAnswers()
    {
        return lateAnswers;
    }

    @Override
    public void close()
    {
        if (cluster != null)
        {
            cluster.close();
        }
        if (aeron != null)
        {
            aeron.close();
            aeron = null;
        }
    }
}
