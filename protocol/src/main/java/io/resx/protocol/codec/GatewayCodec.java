package io.resx.protocol.codec;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.sbe.EventsMessageDecoder;
import io.resx.protocol.sbe.GatewayHelloDecoder;
import io.resx.protocol.sbe.GatewayHelloEncoder;
import io.resx.protocol.sbe.ListingMessageDecoder;
import io.resx.protocol.sbe.ListingMessageEncoder;
import io.resx.protocol.sbe.MessageHeaderDecoder;
import io.resx.protocol.sbe.MessageHeaderEncoder;
import io.resx.protocol.sbe.RouteDecoder;
import io.resx.protocol.sbe.RouteEncoder;
import io.resx.protocol.text.AsciiKey;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The messages between gateways and the engine over Aeron (schema {@code resx-codecs.xml}). Every message
 * starts with a {@code Route} naming the gateway, its session and a correlation id; what follows depends on
 * the direction:
 * <pre>
 *   request  (gateway -> engine):  | Route | CommandMessage |
 *   outcome  (engine -> gateways): | Route | CommandMessage (as sequenced) | PackedEventsMessage |
 *   hello    (gateway -> engine):  | Route | GatewayHello |
 *   listing  (engine -> gateways): | Route | ListingMessage |
 * </pre>
 * The events are written in the packed layout ({@link PackedEvents}); an outcome in the SBE {@code EventsMessage}
 * layout of schema versions 1-3 (an events queue written before version 4) is still read.
 * Reuses its flyweights and allocates nothing once the event log has grown. Not thread-safe: one per thread.
 */
public final class GatewayCodec
{
    /** Kinds of message, told apart by the template that follows the Route. */
    public enum Kind
    {
        /** A command for the engine, or (from the engine) a command with its outcome. */
        COMMAND,
        /** A gateway asking for the listings. */
        HELLO,
        /** One listed instrument. */
        LISTING
    }

    /** Length of the Route prefix, header included. */
    public static final int ROUTE_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + RouteEncoder.BLOCK_LENGTH;

    private static final EventType[] EVENT_TYPES = EventType.values();
    private static final RejectReason[] REJECT_REASONS = RejectReason.values();
    private static final CancelReason[] CANCEL_REASONS = CancelReason.values();
    private static final Side[] SIDES = Side.values();

    private final CommandCodec commandCodec = new CommandCodec();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final RouteEncoder routeEncoder = new RouteEncoder();
    private final RouteDecoder routeDecoder = new RouteDecoder();
    private final PackedEvents packedEvents = new PackedEvents();
    private final EventsMessageDecoder eventsDecoder = new EventsMessageDecoder();
    private final GatewayHelloEncoder helloEncoder = new GatewayHelloEncoder();
    private final GatewayHelloDecoder helloDecoder = new GatewayHelloDecoder();
    private final ListingMessageEncoder listingEncoder = new ListingMessageEncoder();
    private final ListingMessageDecoder listingDecoder = new ListingMessageDecoder();
    private final UnsafeBuffer varData = new UnsafeBuffer(0, 0);

    private int gatewayId;
    private int sessionId;
    private long correlationId;
    private int bodyOffset;
    private long listingTick;
    private long listingLot;
    private long listingCloseNs;
    private long listingEndNs;
    private boolean listingClosed;

    /**
     * Writes a Route.
     *
     * @param buffer        to write into.
     * @param offset        where to start.
     * @param gatewayId     the gateway's id.
     * @param sessionId     the gateway's id of the session, 0 when none.
     * @param correlationId the gateway's id of the request.
     * @return bytes written.
     */
    public int encodeRoute(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final int sessionId,
        final long correlationId)
    {
        routeEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .gatewayId(gatewayId).sessionId(sessionId).correlationId(correlationId);
        return ROUTE_LENGTH;
    }

    /**
     * Writes a request: Route then the command.
     *
     * @param buffer        to write into; needs {@link #ROUTE_LENGTH} + {@link CommandCodec#MAX_ENCODED_LENGTH}.
     * @param offset        where to start.
     * @param gatewayId     the gateway's id.
     * @param sessionId     the gateway's id of the session.
     * @param correlationId the gateway's id of the request.
     * @param command       the command.
     * @return bytes written.
     */
    public int encodeRequest(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final int sessionId,
        final long correlationId, final Command command)
    {
        final int routeLength = encodeRoute(buffer, offset, gatewayId, sessionId, correlationId);
        return routeLength + commandCodec.encode(command, buffer, offset + routeLength);
    }

    /**
     * Writes an outcome: Route, the sequenced command, then its events.
     *
     * @param buffer        to write into; must be large enough (see {@link #maxOutcomeLength(EventLog)}).
     * @param offset        where to start.
     * @param gatewayId     the gateway that sent the command (0: the engine's own).
     * @param sessionId     the session that sent it.
     * @param correlationId the gateway's id of the request.
     * @param command       the command as sequenced.
     * @param events        what it caused.
     * @return bytes written.
     */
    public int encodeOutcome(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final int sessionId,
        final long correlationId, final Command command, final EventLog events)
    {
        final int routeLength = encodeRoute(buffer, offset, gatewayId, sessionId, correlationId);
        return routeLength + encodeSequenced(buffer, offset + routeLength, command, events);
    }

    /**
     * Writes a sequenced outcome without a Route: the command as sequenced, then its events. What the
     * {@code events} queue holds per command, and what follows the Route in an outcome.
     *
     * @param buffer  to write into; must be large enough (see {@link #maxOutcomeLength(EventLog)}).
     * @param offset  where to start.
     * @param command the command as sequenced.
     * @param events  what it caused.
     * @return bytes written.
     */
    public int encodeSequenced(
        final MutableDirectBuffer buffer, final int offset, final Command command, final EventLog events)
    {
        final int commandLength = commandCodec.encode(command, buffer, offset);
        return commandLength + packedEvents.encode(buffer, offset + commandLength, command, events);
    }

    /**
     * @param events the events of one command.
     * @return an upper bound of the outcome's encoded length.
     */
    public static int maxOutcomeLength(final EventLog events)
    {
        int levels = 0;
        for (int i = 0; i < events.size(); i++)
        {
            levels += events.get(i).bidLevels() + events.get(i).askLevels();
        }
        return ROUTE_LENGTH + CommandCodec.MAX_ENCODED_LENGTH + PackedEvents.maxLength(events.size(), levels);
    }

    /**
     * Writes a hello: Route then GatewayHello.
     *
     * @param buffer    to write into.
     * @param offset    where to start.
     * @param gatewayId the gateway's id.
     * @return bytes written.
     */
    public int encodeHello(final MutableDirectBuffer buffer, final int offset, final int gatewayId)
    {
        final int routeLength = encodeRoute(buffer, offset, gatewayId, 0, 0);
        helloEncoder.wrapAndApplyHeader(buffer, offset + routeLength, headerEncoder).gatewayId(gatewayId);
        return routeLength + MessageHeaderEncoder.ENCODED_LENGTH + GatewayHelloEncoder.BLOCK_LENGTH;
    }

    /**
     * Writes a listing: Route then ListingMessage.
     *
     * @param buffer    to write into.
     * @param offset    where to start.
     * @param gatewayId the gateway that asked.
     * @param symbol    the instrument.
     * @param tick      its tick, fixed-point.
     * @param lot       its lot, fixed-point.
     * @param closeNs   its gate closure, exchange nanoseconds since the epoch ({@link Long#MAX_VALUE}: never).
     * @param endNs     the end of its slot ({@link Long#MAX_VALUE}: never).
     * @param closed    whether a clock tick has closed it.
     * @return bytes written.
     */
    public int encodeListing(
        final MutableDirectBuffer buffer, final int offset, final int gatewayId, final AsciiKey symbol,
        final long tick, final long lot, final long closeNs, final long endNs, final boolean closed)
    {
        final int routeLength = encodeRoute(buffer, offset, gatewayId, 0, 0);
        listingEncoder.wrapAndApplyHeader(buffer, offset + routeLength, headerEncoder).tick(tick).lot(lot)
            .closeNs(closeNs).endNs(endNs).closed((short)(closed ? 1 : 0))
            .putSymbol(symbol.buffer(), 0, symbol.length());
        return routeLength + MessageHeaderEncoder.ENCODED_LENGTH + listingEncoder.encodedLength();
    }

    /**
     * Reads the Route and tells what follows; the route's fields are then available from this codec.
     *
     * @param buffer holding a message.
     * @param offset where it starts.
     * @param length its length.
     * @return what follows the Route.
     * @throws CodecException when the message is not a routed ResX message.
     */
    public Kind decodeRoute(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < ROUTE_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new CodecException("gateway message of " + length + " bytes is too short");
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != RouteDecoder.SCHEMA_ID || headerDecoder.templateId() != RouteDecoder.TEMPLATE_ID)
        {
            throw new CodecException("gateway message does not start with a Route (template " +
                headerDecoder.templateId() + ", schema " + headerDecoder.schemaId() + ")");
        }
        routeDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        gatewayId = routeDecoder.gatewayId();
        sessionId = routeDecoder.sessionId();
        correlationId = routeDecoder.correlationId();
        bodyOffset = offset + ROUTE_LENGTH;
        headerDecoder.wrap(buffer, bodyOffset);
        switch (headerDecoder.templateId())
        {
            case GatewayHelloDecoder.TEMPLATE_ID:
                return Kind.HELLO;
            case ListingMessageDecoder.TEMPLATE_ID:
                listingDecoder.wrapAndApplyHeader(buffer, bodyOffset, headerDecoder);
                listingTick = listingDecoder.tick();
                listingLot = listingDecoder.lot();
                // a version 1 listing predates lifecycles: it trades for ever
                listingCloseNs = listingDecoder.closeNs() == ListingMessageDecoder.closeNsNullValue() ?
                    Long.MAX_VALUE : listingDecoder.closeNs();
                listingEndNs = listingDecoder.endNs() == ListingMessageDecoder.endNsNullValue() ?
                    Long.MAX_VALUE : listingDecoder.endNs();
                listingClosed = listingDecoder.closed() == 1;
                return Kind.LISTING;
            default:
                return Kind.COMMAND;
        }
    }

    /** @return the gateway named by the last Route decoded. */
    public int gatewayId()
    {
        return gatewayId;
    }

    /** @return the session named by the last Route decoded. */
    public int sessionId()
    {
        return sessionId;
    }

    /** @return the correlation id of the last Route decoded. */
    public long correlationId()
    {
        return correlationId;
    }

    /** @return for a LISTING, the tick. */
    public long listingTick()
    {
        return listingTick;
    }

    /** @return for a LISTING, the lot. */
    public long listingLot()
    {
        return listingLot;
    }

    /** @return for a LISTING, its gate closure in exchange nanoseconds since the epoch; Long.MAX_VALUE: never. */
    public long listingCloseNs()
    {
        return listingCloseNs;
    }

    /** @return for a LISTING, the end of its slot in exchange nanoseconds since the epoch; Long.MAX_VALUE: never. */
    public long listingEndNs()
    {
        return listingEndNs;
    }

    /** @return for a LISTING, whether a clock tick has closed it (it may be past closure without it, until the tick). */
    public boolean listingClosed()
    {
        return listingClosed;
    }

    /**
     * For a LISTING just routed, copies its symbol.
     *
     * @param into the key to fill.
     * @return {@code into}.
     */
    public AsciiKey listingSymbol(final AsciiKey into)
    {
        listingDecoder.wrapSymbol(varData);
        CodecSupport.take(varData, into, "listing symbol");
        return into;
    }

    /**
     * Decodes the command after the Route just read by {@link #decodeRoute}.
     *
     * @param buffer the message's buffer.
     * @param offset where the message (its Route) starts.
     * @param length the message's length.
     * @param into   command to fill.
     * @return bytes of the command message, to find what follows it.
     */
    public int decodeCommand(final DirectBuffer buffer, final int offset, final int length, final Command into)
    {
        commandCodec.decode(buffer, bodyOffset, length - (bodyOffset - offset), into);
        return commandLength(buffer);
    }

    private int commandLength(final DirectBuffer buffer)
    {
        // CommandCodec's decoder has walked every variable field: its limit is where the command ends.
        return commandCodec.lastLimit() - bodyOffset;
    }

    /**
     * Decodes a whole outcome after {@link #decodeRoute} returned COMMAND.
     *
     * @param buffer  the message's buffer.
     * @param offset  where the message (its Route) starts.
     * @param length  the message's length.
     * @param command filled with the command as sequenced.
     * @param events  cleared, then filled with its events.
     */
    public void decodeOutcome(
        final DirectBuffer buffer, final int offset, final int length, final Command command, final EventLog events)
    {
        decodeEvents(buffer, bodyOffset + decodeCommand(buffer, offset, length, command), offset + length, command,
            events);
    }

    /**
     * Decodes a sequenced outcome without a Route, as {@link #encodeSequenced} wrote it.
     *
     * @param buffer  holding it.
     * @param offset  where it starts.
     * @param length  its length.
     * @param command filled with the command as sequenced.
     * @param events  cleared, then filled with its events.
     */
    public void decodeSequenced(
        final DirectBuffer buffer, final int offset, final int length, final Command command, final EventLog events)
    {
        bodyOffset = offset;
        commandCodec.decode(buffer, offset, length, command);
        decodeEvents(buffer, offset + commandLength(buffer), offset + length, command, events);
    }

    private void decodeEvents(
        final DirectBuffer buffer, final int eventsOffset, final int limit, final Command command,
        final EventLog events)
    {
        if (eventsOffset + MessageHeaderDecoder.ENCODED_LENGTH > limit)
        {
            throw new CodecException("outcome without events");
        }
        headerDecoder.wrap(buffer, eventsOffset);
        if (headerDecoder.templateId() == PackedEvents.TEMPLATE_ID)
        {
            packedEvents.decode(buffer, eventsOffset, limit, command, events);
        }
        else if (headerDecoder.templateId() == EventsMessageDecoder.TEMPLATE_ID)
        {
            decodeEventsMessage(buffer, eventsOffset, command, events);
        }
        else
        {
            throw new CodecException("outcome without events (template " + headerDecoder.templateId() + ")");
        }
    }

    /** The SBE layout of schema versions 1-3, kept so that an events queue written before version 4 is read. */
    private void decodeEventsMessage(
        final DirectBuffer buffer, final int eventsOffset, final Command command, final EventLog events)
    {
        eventsDecoder.wrapAndApplyHeader(buffer, eventsOffset, headerDecoder);
        events.clear();
        for (final EventsMessageDecoder.EventsDecoder group : eventsDecoder.events())
        {
            final EngineEvent event =
                events.add().start(CodecSupport.code(EVENT_TYPES, group.eventType(), "event type"), command);
            event.reason(CodecSupport.code(REJECT_REASONS, group.reason(), "reject reason"))
                .cancelReason(CodecSupport.code(CANCEL_REASONS, group.cancelReason(), "cancel reason"))
                .trade(group.tradeId(), CodecSupport.code(SIDES, group.aggressor(), "side"))
                .decimals(group.priceDecimals(), group.qtyDecimals())
                .legIndex(group.legIndex())
                .orderId(group.orderId())
                .leavesQty(group.leavesQty())
                .priceQty(group.price(), group.qty())
                .orderIds(group.buyOrderId(), group.sellOrderId())
                .amounts(group.amount(), group.locked(), group.remaining());
            for (final EventsMessageDecoder.EventsDecoder.LevelsDecoder level : group.levels())
            {
                event.addLevel(
                    CodecSupport.code(SIDES, level.side(), "side"), level.price(), level.qty(), level.orders());
            }
            group.wrapClOrdId(varData);
            CodecSupport.take(varData, event.clOrdId(), "clOrdId");
            group.wrapOrigClOrdId(varData);
            CodecSupport.take(varData, event.origClOrdId(), "origClOrdId");
            group.wrapAccount(varData);
            CodecSupport.take(varData, event.account(), "account");
            group.wrapOwner(varData);
            CodecSupport.take(varData, event.owner(), "owner");
            group.wrapSymbol(varData);
            CodecSupport.take(varData, event.symbol(), "symbol");
            group.wrapDetail(varData);
            CodecSupport.take(varData, event.detail(), "detail");
            group.wrapBuyAccount(varData);
            CodecSupport.take(varData, event.buyAccount(), "buyAccount");
            group.wrapBuyClOrdId(varData);
            CodecSupport.take(varData, event.buyClOrdId(), "buyClOrdId");
            group.wrapSellAccount(varData);
            CodecSupport.take(varData, event.sellAccount(), "sellAccount");
            group.wrapSellClOrdId(varData);
            CodecSupport.take(varData, event.sellClOrdId(), "sellClOrdId");
        }
    }


}
