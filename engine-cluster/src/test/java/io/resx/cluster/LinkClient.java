package io.resx.cluster;

import io.resx.gateway.common.EngineProxy;
import io.resx.gateway.common.cluster.ClusterLink;
import io.resx.gateway.common.cluster.ClusterLinkContext;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import org.agrona.DirectBuffer;

import java.util.function.BiConsumer;

/**
 * The test's view of a {@link ClusterLink}: sends commands through an {@link EngineProxy} and decodes the first
 * answer of each of its own requests (the link marks answers to resends as already answered).
 */
final class LinkClient implements AutoCloseable
{
    private final ClusterLink link;
    private final EngineProxy proxy;
    private final int gatewayId;
    private final BiConsumer<Command, EventLog> onOutcome;
    private final GatewayCodec codec = new GatewayCodec();
    private final Command command = new Command();
    private final EventLog events = new EventLog();

    LinkClient(final String aeronDir, final String ingressEndpoints, final String credentials,
        final int gatewayId, final BiConsumer<Command, EventLog> onOutcome)
    {
        this.link = new ClusterLink(new ClusterLinkContext().aeronDirectoryName(aeronDir)
            .ingressEndpoints(ingressEndpoints).egressChannel("aeron:udp?endpoint=127.0.0.1:0|term-length=1m")
            .ingressChannel("aeron:udp?term-length=1m").credentials(credentials).gatewayId(gatewayId)
            .requestBufferBytes(1 << 20));
        this.proxy = new EngineProxy(link, gatewayId);
        this.gatewayId = gatewayId;
        this.onOutcome = onOutcome;
    }

    boolean send(final long correlationId, final Command toSend)
    {
        proxy.lane().command().copyFrom(toSend);
        return proxy.lane().offer(0, correlationId) == null;
    }

    int poll()
    {
        return link.poll(this::onMessage, 64);
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length,
        final boolean alreadyAnswered)
    {
        if (!alreadyAnswered && codec.decodeRoute(buffer, offset, length) == GatewayCodec.Kind.COMMAND &&
            codec.gatewayId() == gatewayId)
        {
            codec.decodeOutcome(buffer, offset, length, command, events);
            onOutcome.accept(command, events);
        }
    }

    int leaderMemberId()
    {
        return link.leaderMemberId();
    }

    int pendingCount()
    {
        return link.pending();
    }

    boolean requestSnapshot(final long correlationId)
    {
        return link.requestSnapshot(correlationId);
    }

    long resent()
    {
        return link.resent();
    }

    /** @return how long the link waits without any answer before it resends what is pending, in ms. */
    long resendAfterMs()
    {
        return link.context().resendAfterNs() / 1_000_000;
    }

    long reconnects()
    {
        return link.reconnects();
    }

    long leaderChanges()
    {
        return link.leaderChanges();
    }

    @Override
    public void close()
    {
        link.close();
    }
}
