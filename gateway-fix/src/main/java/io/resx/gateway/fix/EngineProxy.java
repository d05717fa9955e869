package io.resx.gateway.fix;

import io.aeron.Publication;
import io.resx.protocol.codec.CommandCodec;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes commands as SBE and offers them to the engine's Aeron stream. Every FIX session thread and the
 * gateway agent may send: each thread gets its own {@link Lane} (buffer, codec, command), and Aeron's
 * concurrent publication takes offers from many threads.
 */
final class EngineProxy
{
    /** Text of the reject a client gets when the engine cannot take its command. */
    static final String ENGINE_UNAVAILABLE = "ENGINE_UNAVAILABLE";

    private final Publication publication;
    private final int gatewayId;
    private final ThreadLocal<Lane> lanes;

    EngineProxy(final Publication publication, final int gatewayId)
    {
        this.publication = publication;
        this.gatewayId = gatewayId;
        this.lanes = ThreadLocal.withInitial(Lane::new);
    }

    /** @return the calling thread's lane. */
    Lane lane()
    {
        return lanes.get();
    }

    /** @return whether the engine's subscription is connected. */
    boolean isConnected()
    {
        return publication.isConnected();
    }

    /** One thread's encoding state. */
    final class Lane
    {
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[GatewayCodec.ROUTE_LENGTH +
            CommandCodec.MAX_ENCODED_LENGTH]);
        private final GatewayCodec codec = new GatewayCodec();
        private final Command command = new Command();

        /** @return this thread's command, reset, to fill. */
        Command command()
        {
            return command.reset();
        }

        /**
         * Sends this lane's command.
         *
         * @param sessionId     the gateway's id of the sending session.
         * @param correlationId the request's id.
         * @return null when sent, else why not (for the client's reject text).
         */
        String send(final int sessionId, final long correlationId)
        {
            return offer(codec.encodeRequest(buffer, 0, gatewayId, sessionId, correlationId, command));
        }

        /** @return null when sent, else why not. */
        String hello()
        {
            return offer(codec.encodeHello(buffer, 0, gatewayId));
        }

        private String offer(final int length)
        {
            final String problem = EngineOffer.offer(publication, buffer, length);
            return problem == null ? null : ENGINE_UNAVAILABLE + ": " + problem;
        }
    }
}
