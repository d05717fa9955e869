package io.resx.gateway.common;

import io.aeron.Publication;
import io.resx.protocol.codec.CommandCodec;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes commands as SBE and offers them to the engine through an {@link EngineLink}: the single node's Aeron
 * stream or the engine cluster. Every gateway's request threads (FIX session threads, HTTP handlers) and its agent
 * may send: each thread gets its own {@link Lane} (buffer, codec, command), and the link takes offers from many
 * threads.
 */
public final class EngineProxy
{
    /** Text of the reject a client gets when the engine cannot take its command. */
    public static final String ENGINE_UNAVAILABLE = "ENGINE_UNAVAILABLE";

    private final EngineLink link;
    private final int gatewayId;
    private final ThreadLocal<Lane> lanes;

    /**
     * @param publication the engine's input stream.
     * @param gatewayId   this gateway's id on the engine's routes.
     */
    public EngineProxy(final Publication publication, final int gatewayId)
    {
        this(EngineLink.of(publication), gatewayId);
    }

    /**
     * @param link      where requests go (the single node's stream or the cluster).
     * @param gatewayId this gateway's id on the engine's routes.
     */
    public EngineProxy(final EngineLink link, final int gatewayId)
    {
        this.link = link;
        this.gatewayId = gatewayId;
        this.lanes = ThreadLocal.withInitial(Lane::new);
    }

    /** @return the calling thread's lane. */
    public Lane lane()
    {
        return lanes.get();
    }

    /** @return whether requests can reach the engine now. */
    public boolean isConnected()
    {
        return link.isConnected();
    }

    /** One thread's encoding state. */
    public final class Lane
    {
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[GatewayCodec.ROUTE_LENGTH +
            CommandCodec.MAX_ENCODED_LENGTH]);
        private final GatewayCodec codec = new GatewayCodec();
        private final Command command = new Command();

        /** @return this thread's command, reset, to fill. */
        public Command command()
        {
            return command.reset();
        }

        /** @return this thread's command as last filled, not reset (to hand to another route). */
        public Command filled()
        {
            return command;
        }

        /**
         * Sends this lane's command.
         *
         * @param sessionId     the gateway's id of the sending session.
         * @param correlationId the request's id.
         * @return null when sent, else why not (for the client's reject text).
         */
        public String send(final int sessionId, final long correlationId)
        {
            final String problem = offer(sessionId, correlationId);
            return problem == null ? null : ENGINE_UNAVAILABLE + ": " + problem;
        }

        /**
         * Sends this lane's command.
         *
         * @param sessionId     the gateway's id of the sending session.
         * @param correlationId the request's id.
         * @return null when sent, else why not ("the engine is not connected", "... not keeping up").
         */
        public String offer(final int sessionId, final long correlationId)
        {
            return link.offer(buffer, codec.encodeRequest(buffer, 0, gatewayId, sessionId, correlationId, command));
        }

        /** @return null when sent, else why not. */
        public String hello()
        {
            final String problem = link.offer(buffer, codec.encodeHello(buffer, 0, gatewayId));
            return problem == null ? null : ENGINE_UNAVAILABLE + ": " + problem;
        }
    }
}
