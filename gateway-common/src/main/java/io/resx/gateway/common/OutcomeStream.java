package io.resx.gateway.common;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.resx.protocol.command.Command;
import org.agrona.DirectBuffer;

/**
 * Where a gateway's {@link OutcomeAdapter} reads the engine's messages (outcomes, listings) from: the single
 * node's Aeron stream ({@link #of(Subscription)}) or the engine cluster's egress ({@code cluster.ClusterLink}).
 * Polled by the gateway agent only.
 */
public interface OutcomeStream
{
    /** Receives each whole message of the stream. */
    interface MessageHandler
    {
        /**
         * @param buffer          holds the message (Route + outcome, or a listing).
         * @param offset          where it starts.
         * @param length          its length.
         * @param alreadyAnswered the stream knows the request this outcome answers was answered before (the
         *                        answer to a request resent after a failover): it updates state, reports nothing.
         */
        void onMessage(DirectBuffer buffer, int offset, int length, boolean alreadyAnswered);
    }

    /**
     * @param handler       receives each message.
     * @param fragmentLimit most fragments to read.
     * @return work done.
     */
    int poll(MessageHandler handler, int fragmentLimit);

    /** @return whether outcomes are arriving (the stream is connected). */
    boolean isConnected();

    /**
     * An outcome read from the {@code events} queue carries no route. A stream that keeps its unanswered requests
     * names the one this command answers (by account and ClOrdID) and forgets it, so the outcome reaches the client
     * as the answer to its request.
     *
     * @param command an outcome's command, from the events queue.
     * @return the route of the request it answers, or null when none is known.
     */
    default Route claimRoute(final Command command)
    {
        return null;
    }

    /**
     * A request's route.
     *
     * @param gatewayId     the gateway's id.
     * @param sessionId     the sending session.
     * @param correlationId the request's id.
     */
    record Route(int gatewayId, int sessionId, long correlationId)
    {
    }

    /**
     * @param subscription the single node's outcome stream.
     * @return a stream that polls it, whole messages reassembled.
     */
    static OutcomeStream of(final Subscription subscription)
    {
        return new OutcomeStream()
        {
            private MessageHandler target;
            private final FragmentAssembler assembler = new FragmentAssembler(
                (buffer, offset, length, header) -> target.onMessage(buffer, offset, length, false));

            @Override
            public int poll(final MessageHandler handler, final int fragmentLimit)
            {
                target = handler;
                return subscription.poll(assembler, fragmentLimit);
            }

            @Override
            public boolean isConnected()
            {
                return subscription.isConnected();
            }
        };
    }
}
