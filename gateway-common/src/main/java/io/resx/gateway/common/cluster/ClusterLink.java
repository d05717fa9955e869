package io.resx.gateway.common.cluster;

import io.resx.gateway.common.EngineLink;
import io.resx.gateway.common.OutcomeStream;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A gateway's link to the engine cluster, as both its {@link EngineLink} (requests out) and its
 * {@link OutcomeStream} (egress in), so the FIX and HTTP gateways' code is the same in both modes.
 * <pre>
 *   request threads ──offer──► ManyToOneRingBuffer ──┐
 *                                                    ▼ (the gateway agent's thread, in {@link #poll})
 *                        PendingRequests ◄── keep ── send ──► ClusterConnection ──ingress──► leader
 *                              │ resend after a new leader / a new session
 *   OutcomeAdapter ◄── answered? ◄── egress ◄────────────────────┘
 * </pre>
 * {@link io.aeron.cluster.client.AeronCluster} is single-threaded, so requests from the gateway's many threads go
 * through a ring to the agent's thread, which owns the connection. While no leader is reachable, {@link #offer}
 * refuses at once ({@code ENGINE_UNAVAILABLE: no cluster leader is reachable}): a request never sent is never
 * applied, so the client may send it again. A request taken before the leader was lost stays pending and is
 * resent, with the same bytes (the same ClOrdID), to the next leader: the engine's ClOrdID window answers one that
 * was applied before the failover RETRY_OF_ACCEPTED, so nothing is applied twice. The client still sees one
 * answer: the first answer of a request is handed over, any later one (to a resend) is marked already answered
 * (state only, no report), and an outcome the gateway reads from the {@code events} queue to fill the gap of the
 * failover is matched to its pending request by account and ClOrdID ({@link #claimRoute}), so the original
 * acknowledgement reaches the client as the answer, not the RETRY_OF_ACCEPTED of its resend. Requests with no
 * answer at all for {@link ClusterLinkContext#resendAfterNs} are resent too: a new leader does not send again an
 * outcome it offered before this client's egress was connected.
 */
public final class ClusterLink implements EngineLink, OutcomeStream, ClusterConnection.Listener, AutoCloseable
{
    private static final int REQUEST = 1;

    private final ClusterLinkContext context;
    private final ManyToOneRingBuffer requests;
    private final ClusterConnection connection;
    private final PendingRequests pending = new PendingRequests();
    /** Requests not yet taken by the leader's ingress (back-pressure, no session), oldest first. */
    private final ArrayDeque<DirectBuffer> unsent = new ArrayDeque<>();
    private final GatewayCodec requestCodec = new GatewayCodec();
    private final GatewayCodec egressCodec = new GatewayCodec();
    private final Command command = new Command();
    private final org.agrona.concurrent.MessageHandler onRequest = this::onRequest;
    private MessageHandler handler;
    private long nowNs;
    private long lastAnswerOrResendNs;
    private volatile long resent;
    private volatile long lateAnswers;
    private volatile int pendingCount;

    /**
     * @param context the settings.
     */
    public ClusterLink(final ClusterLinkContext context)
    {
        this.context = context;
        this.requests = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(context.requestBufferBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
        this.connection = new ClusterConnection(context, this);
    }

    @Override
    public String offer(final DirectBuffer buffer, final int length)
    {
        if (!connection.isConnected())
        {
            return "no cluster leader is reachable";
        }
        return requests.write(REQUEST, buffer, 0, length) ? null : "the engine is not keeping up";
    }

    @Override
    public boolean isConnected()
    {
        return connection.isConnected();
    }

    /**
     * The link's duty cycle, on the gateway agent's thread: takes requests from the ring, sends them, polls
     * egress (handing each message to the handler), reconnects and resends.
     */
    @Override
    public int poll(final MessageHandler handler, final int fragmentLimit)
    {
        this.handler = handler;
        nowNs = System.nanoTime();
        int work = connection.poll(nowNs);
        work += sendUnsent();
        if (unsent.isEmpty())
        {
            work += requests.read(onRequest, fragmentLimit);
        }
        if (pending.size() == 0)
        {
            lastAnswerOrResendNs = nowNs;
        }
        else if (unsent.isEmpty() && nowNs - lastAnswerOrResendNs > context.resendAfterNs() &&
            connection.isConnected())
        {
            // no answer at all for a while: outcomes the leader could not send (its egress to this client not yet
            // connected after a failover) are not sent again; ask again, the ClOrdID window keeps it safe
            onFailover();
        }
        pendingCount = pending.size();
        return work;
    }

    private void onRequest(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (requestCodec.decodeRoute(buffer, index, length) == GatewayCodec.Kind.COMMAND)
        {
            requestCodec.decodeCommand(buffer, index, length, command.reset());
            pending.add(requestCodec.sessionId(), requestCodec.correlationId(), buffer, index, length, command);
        }
        if (!unsent.isEmpty() || !connection.offer(buffer, index, length, nowNs))
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(index, copy);
            unsent.add(new UnsafeBuffer(copy));
        }
    }

    private int sendUnsent()
    {
        int sent = 0;
        while (!unsent.isEmpty())
        {
            final DirectBuffer request = unsent.peek();
            if (!connection.offer(request, 0, request.capacity(), nowNs))
            {
                break;
            }
            unsent.poll();
            sent++;
        }
        return sent;
    }

    @Override
    public void onFailover()
    {
        // whatever was offered to the old leader may not be in the log: send every unanswered request again
        unsent.clear();
        unsent.addAll(pending.inOrder());
        resent += unsent.size();
        lastAnswerOrResendNs = nowNs;
    }

    @Override
    public void onEgress(final DirectBuffer buffer, final int offset, final int length)
    {
        boolean alreadyAnswered = false;
        if (egressCodec.decodeRoute(buffer, offset, length) == GatewayCodec.Kind.COMMAND &&
            egressCodec.gatewayId() == context.gatewayId())
        {
            alreadyAnswered = !pending.answer(egressCodec.sessionId(), egressCodec.correlationId());
            lastAnswerOrResendNs = nowNs;
            if (alreadyAnswered)
            {
                lateAnswers++;
            }
        }
        handler.onMessage(buffer, offset, length, alreadyAnswered);
    }

    @Override
    public Route claimRoute(final Command outcomeCommand)
    {
        final PendingRequests.Key key = pending.claim(outcomeCommand);
        return key == null ? null : new Route(context.gatewayId(), key.sessionId(), key.correlationId());
    }

    /**
     * Asks the cluster for a snapshot (the operator's link only; on the thread that polls this link).
     *
     * @param correlationId the request's id.
     * @return whether it was sent.
     */
    public boolean requestSnapshot(final long correlationId)
    {
        return connection.requestSnapshot(correlationId);
    }

    /** @return the leading member's id, -1 while no leader is reachable (any thread). */
    public int leaderMemberId()
    {
        return connection.leaderMemberId();
    }

    /** @return sessions opened after the first: reconnections (any thread). */
    public long reconnects()
    {
        return Math.max(0, connection.sessions() - 1);
    }

    /** @return new leaders announced within a session (any thread). */
    public long leaderChanges()
    {
        return connection.leaderChanges();
    }

    /** @return requests resent after failovers, since start (any thread). */
    public long resent()
    {
        return resent;
    }

    /** @return answers to requests answered before (to resends), since start (any thread). */
    public long lateAnswers()
    {
        return lateAnswers;
    }

    /** @return requests sent and not answered yet, as of the last duty cycle (any thread). */
    public int pending()
    {
        return pendingCount;
    }

    /** @return the settings. */
    public ClusterLinkContext context()
    {
        return context;
    }

    /** Closes the session and the link's Aeron client. */
    @Override
    public void close()
    {
        connection.close();
    }
}
