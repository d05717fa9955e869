package io.resx.gateway.fix;

import io.resx.gateway.common.EngineProxy;
import io.resx.gateway.common.RateLimiter;
import io.resx.gateway.common.SessionPolicy;
import io.resx.gateway.common.PasswordHash;
import io.resx.gateway.common.ParticipantDirectory;
import io.resx.gateway.common.Participant;
import io.resx.gateway.common.orders.OrderTracker;
import io.resx.gateway.common.orders.OrderView;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.CancelReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Application;
import quickfix.FieldNotFound;
import quickfix.Group;
import quickfix.Message;
import quickfix.RejectLogon;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.UnsupportedMessageType;
import quickfix.field.MsgType;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * The QuickFIX/J application: authenticates logons against the participants file, and turns order entry,
 * market data and security list requests into engine commands. Runs on the session threads (one per session);
 * everything it reads is immutable or thread-safe, and it writes only to the engine's Aeron stream.
 */
final class GatewayApplication implements Application
{
    private static final Logger LOG = LoggerFactory.getLogger("resx.fix.session");
    static final int PASSWORD = 554;
    static final int HEART_BT_INT = 108;
    static final int NEW_SEQ_NO = 36;
    static final int SECURITY_REQ_ID = 320;
    static final int SECURITY_RESPONSE_ID = 322;
    static final int SECURITY_REQUEST_RESULT = 560;
    static final int TOT_NO_RELATED_SYM = 393;
    static final int SECURITY_DESC = 107;

    /** What a drop copy session may send: status, market data and security list requests. */
    private static final java.util.Set<String> READ_ONLY = java.util.Set.of(MsgType.ORDER_STATUS_REQUEST,
        MsgType.MARKET_DATA_REQUEST, MsgType.SECURITY_LIST_REQUEST);

    private final ParticipantDirectory participants;
    private final Map<SessionID, SessionContext> contexts;
    private final Map<String, Listing> listings;
    private final MarketData marketData;
    private final AtomicLong localIds = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    /**
     * The tag of each logged-on session's current connection, for sessions that logged on with
     * CancelOrdersOnDisconnect (8013) = Y: their new orders carry it, and a drop cancels the orders carrying it.
     */
    private final Map<SessionID, Long> cancelOnDisconnect = new ConcurrentHashMap<>();
    /** Sessions whose client sent a Logout: their end is clean, and their orders stay. */
    private final Set<SessionID> loggedOut = ConcurrentHashMap.newKeySet();
    private final int gatewayId;
    private final SessionEpochs epochs;
    private EngineProxy proxy;
    private OrderTracker tracker;

    /** Per-session facts the application needs on each message. */
    record SessionContext(int sessionId, Participant participant, SessionPolicy policy, RateLimiter limiter)
    {
    }

    GatewayApplication(
        final int gatewayId, final ParticipantDirectory participants, final Map<SessionID, SessionContext> contexts,
        final Map<String, Listing> listings, final MarketData marketData, final SessionEpochs epochs)
    {
        this.gatewayId = gatewayId;
        this.epochs = epochs;
        this.participants = participants;
        this.contexts = contexts;
        this.listings = listings;
        this.marketData = marketData;
    }

    void proxy(final EngineProxy proxy)
    {
        this.proxy = proxy;
    }

    /** @param tracker the gateway's order tracker, read (thread-safe) to answer OrderStatusRequests. */
    void tracker(final OrderTracker tracker)
    {
        this.tracker = tracker;
    }

    @Override
    public void onCreate(final SessionID sessionID)
    {
    }

    @Override
    public void onLogon(final SessionID sessionID)
    {
        LOG.info("logon {}", sessionID);
        nextEpoch(sessionID);
    }

    private void nextEpoch(final SessionID sessionID)
    {
        final SessionContext context = contexts.get(sessionID);
        if (context != null)
        {
            epochs.next(context.sessionId());
        }
    }

    @Override
    public void onLogout(final SessionID sessionID)
    {
        LOG.info("logout {}", sessionID);
        nextEpoch(sessionID);
        marketData.dropSession(sessionID);
        final boolean clean = loggedOut.remove(sessionID);
        final Long tag = cancelOnDisconnect.remove(sessionID);
        if (tag != null && !clean)
        {
            cancelConnectionOrders(sessionID, tag);
        }
    }

    /**
     * The connection dropped (or stopped heartbeating) without a Logout from the client: one MASS_CANCEL of the
     * orders it placed, reason DISCONNECT, scoped to its participant's accounts and its connection tag.
     */
    private void cancelConnectionOrders(final SessionID sessionID, final long tag)
    {
        final SessionContext context = contexts.get(sessionID);
        if (context == null || context.participant() == null || proxy == null)
        {
            return;
        }
        final EngineProxy.Lane lane = proxy.lane();
        final Command command = lane.command().type(CommandType.MASS_CANCEL).sessionTag(tag)
            .cancelReason(CancelReason.DISCONNECT);
        command.owner().set(context.participant().id());
        final String problem = lane.send(context.sessionId(), 0);
        if (problem == null)
        {
            LOG.warn("{} dropped without a Logout: its orders are cancelled (DISCONNECT)", sessionID.getTargetCompID());
        }
        else
        {
            LOG.warn("{} dropped without a Logout; its orders could not be cancelled: {}",
                sessionID.getTargetCompID(), problem);
        }
    }

    /** @return a tag no other connection of any gateway has had: logon time (ms), gateway id, a counter. */
    private long newConnectionTag()
    {
        final long tag = (System.currentTimeMillis() << 22) | ((gatewayId & 0x3FL) << 16) |
            (connections.incrementAndGet() & 0xFFFFL);
        return tag == 0 ? 1 : tag;
    }

    @Override
    public void toAdmin(final Message message, final SessionID sessionID)
    {
    }

    @Override
    public void fromAdmin(final Message message, final SessionID sessionID) throws FieldNotFound, RejectLogon
    {
        final String msgType = message.getHeader().getString(MsgType.FIELD);
        if (MsgType.SEQUENCE_RESET.equals(msgType))
        {
            advanceAtOnce(message, sessionID);
            return;
        }
        if (MsgType.LOGOUT.equals(msgType))
        {
            loggedOut.add(sessionID); // the client ends the session itself: cancel-on-disconnect does not apply
            return;
        }
        if (!MsgType.LOGON.equals(msgType))
        {
            return;
        }
        final String compId = sessionID.getTargetCompID();
        final SessionPolicy policy = participants.session(compId);
        if (policy == null)
        {
            LOG.warn("logon refused for {}: unknown SenderCompID", compId);
            throw new RejectLogon("unknown SenderCompID");
        }
        final int heartBtInt = message.getInt(HEART_BT_INT);
        if (heartBtInt < policy.heartbeatMinSec() || heartBtInt > policy.heartbeatMaxSec())
        {
            LOG.warn("logon refused for {}: HeartBtInt {} outside {}..{}", compId, heartBtInt,
                policy.heartbeatMinSec(), policy.heartbeatMaxSec());
            throw new RejectLogon("HeartBtInt must be within " + policy.heartbeatMinSec() + ".." +
                policy.heartbeatMaxSec() + " s");
        }
        final boolean offered = message.isSetField(PASSWORD);
        if (policy.passwordRequired() || offered)
        {
            final boolean ok = offered && policy.passwordHash() != null &&
                PasswordHash.matches(message.getString(PASSWORD).toCharArray(), policy.passwordHash());
            if (!ok)
            {
                // The secret is never logged: only that it was wrong or missing.
                LOG.warn("logon refused for {}: {} password", compId, offered ? "wrong" : "missing");
                throw new RejectLogon("wrong or missing password");
            }
        }
        loggedOut.remove(sessionID);
        if (message.isSetField(FixDictionary.CANCEL_ORDERS_ON_DISCONNECT) &&
            message.getBoolean(FixDictionary.CANCEL_ORDERS_ON_DISCONNECT))
        {
            cancelOnDisconnect.put(sessionID, newConnectionTag());
        }
        else
        {
            cancelOnDisconnect.remove(sessionID);
        }
    }

    /**
     * A SequenceReset that moves the expected sequence number forward takes effect here, in O(1). QuickFIX/J 2.3.2
     * would then drop its queue of early messages one number at a time from 1 to NewSeqNo (36), which for
     * {@code 36=2147483647} is seconds of CPU on the session thread; finding the number already expected, it does
     * nothing more. Messages queued below the new number stay queued, unread, until the session resets.
     */
    private static void advanceAtOnce(final Message message, final SessionID sessionID) throws FieldNotFound
    {
        final Session session = Session.lookupSession(sessionID);
        if (session == null || !message.isSetField(NEW_SEQ_NO))
        {
            return;
        }
        final int newSeqNo = message.getInt(NEW_SEQ_NO);
        final int expected = session.getExpectedTargetNum();
        if (newSeqNo > expected)
        {
            try
            {
                session.setNextTargetMsgSeqNum(newSeqNo);
                LOG.info("{}: SequenceReset from {} to {}", sessionID.getTargetCompID(), expected, newSeqNo);
            }
            catch (final IOException ex)
            {
                LOG.warn("{}: SequenceReset to {} left to QuickFIX/J: {}", sessionID.getTargetCompID(), newSeqNo,
                    ex.toString());
            }
        }
    }

    @Override
    public void toApp(final Message message, final SessionID sessionID)
    {
    }

    @Override
    public void fromApp(final Message message, final SessionID sessionID) throws FieldNotFound, UnsupportedMessageType
    {
        final SessionContext context = contexts.get(sessionID);
        final String msgType = message.getHeader().getString(MsgType.FIELD);
        if (!context.limiter().tryAcquire(System.nanoTime()))
        {
            reply(sessionID, FixMessages.businessReject(seqNum(message), msgType, optional(message, 11), 0,
                FixMessages.RATE_LIMIT + ": more than " + context.limiter().perSecond() +
                " messages per second from this session; message refused"));
            return;
        }
        if (context.policy().dropCopy() && !READ_ONLY.contains(msgType))
        {
            reply(sessionID, FixMessages.businessReject(seqNum(message), msgType, optional(message, 11),
                FixMessages.NOT_AUTHORIZED, FixMessages.DROP_COPY_READ_ONLY + ": " +
                sessionID.getTargetCompID() + " is a drop copy session: it receives execution reports and may " +
                "ask for order status, market data and security lists, but enters no orders"));
            return;
        }
        switch (msgType)
        {
            case MsgType.ORDER_STATUS_REQUEST:
                reply(sessionID, orderStatus(context, message));
                break;
            case MsgType.ORDER_SINGLE:
                order(context, sessionID, message, FixToCommand::newOrder);
                break;
            case MsgType.NEW_ORDER_MULTILEG:
                order(context, sessionID, message, FixToCommand::bundle);
                break;
            case MsgType.ORDER_CANCEL_REQUEST:
                cancelOrReplace(context, sessionID, message, FixToCommand::cancel);
                break;
            case MsgType.ORDER_CANCEL_REPLACE_REQUEST:
                cancelOrReplace(context, sessionID, message, FixToCommand::replace);
                break;
            case MsgType.ORDER_MASS_CANCEL_REQUEST:
                massCancel(context, sessionID, message);
                break;
            case MsgType.MARKET_DATA_REQUEST:
                marketData.request(sessionID, message);
                break;
            case MsgType.SECURITY_LIST_REQUEST:
                reply(sessionID, securityList(message));
                break;
            default:
                throw new UnsupportedMessageType();
        }
    }

    private void order(
        final SessionContext context, final SessionID sessionID, final Message message,
        final BiFunction<Message, Command, Command> translate)
    {
        final EngineProxy.Lane lane = proxy.lane();
        final Command command = translate.apply(message, lane.command());
        final boolean bundle = MsgType.NEW_ORDER_MULTILEG.equals(msgType(message));
        String refused = invalid(command);
        int ordRejReason = refused == null ? 99 : FixMessages.ordRejReason(command.invalidReason());
        if (refused == null && !command.account().isEmpty() && !context.participant().mayTrade(command.account()))
        {
            refused = notPermitted(sessionID, command);
        }
        if (refused == null)
        {
            final Long tag = cancelOnDisconnect.get(sessionID);
            if (tag != null && command.type() == CommandType.NEW_ORDER)
            {
                command.sessionTag(tag);
            }
            refused = lane.send(context.sessionId(), correlation(context, message));
            ordRejReason = 99;
        }
        if (refused != null)
        {
            final String symbol = bundle || command.symbol().isEmpty() ?
                optional(message, FixToCommand.SYMBOL) : command.symbol().toString();
            reply(sessionID, FixMessages.orderRejected(localExecId(), idOf(command.clOrdId(), message, 11),
                idOf(command.account(), message, 1), symbol == null ? "" : symbol, sideOf(message), ordRejReason,
                refused, gatewayNowNs()));
        }
    }

    /**
     * A field the gateway could not read (too long, malformed, out of range, missing) is answered here, naming
     * the reason, as an ExecutionReport 150=8 or an OrderCancelReject: the engine is not asked, as the HTTP API
     * answers 400 without asking it.
     *
     * @return "REASON: detail" for an invalid command, else null.
     */
    private static String invalid(final Command command)
    {
        return command.type() == CommandType.INVALID ? command.invalidReason() + ": " + command.detail() : null;
    }

    /** @return the id the command holds, or as the client sent it when it could not be read (too long). */
    private static String idOf(final CharSequence read, final Message message, final int tag)
    {
        if (read.length() > 0)
        {
            return read.toString();
        }
        final String sent = optional(message, tag);
        return sent == null || sent.isEmpty() ? "NONE" : sent;
    }

    private void cancelOrReplace(
        final SessionContext context, final SessionID sessionID, final Message message,
        final BiFunction<Message, Command, Command> translate)
    {
        final EngineProxy.Lane lane = proxy.lane();
        final Command command = translate.apply(message, lane.command());
        String refused = invalid(command);
        if (refused == null && !command.account().isEmpty() && !context.participant().mayTrade(command.account()))
        {
            refused = notPermitted(sessionID, command);
        }
        if (refused == null)
        {
            refused = lane.send(context.sessionId(), correlation(context, message));
        }
        if (refused != null)
        {
            final boolean replace = MsgType.ORDER_CANCEL_REPLACE_REQUEST.equals(msgType(message));
            reply(sessionID, FixMessages.cancelRejected("NONE", idOf(command.clOrdId(), message, 11),
                idOf(command.origClOrdId(), message, 41), idOf(command.account(), message, 1), '8', replace, 99,
                refused));
        }
    }

    /**
     * OrderMassCancelRequest: one MASS_CANCEL of the named account's orders, or, without an Account, of every
     * account of the session's participant. Answered by an OrderMassCancelReport (here when refused before the
     * engine, else from the outcome) and an ExecutionReport per cancelled order.
     */
    private void massCancel(final SessionContext context, final SessionID sessionID, final Message message)
    {
        final EngineProxy.Lane lane = proxy.lane();
        final Command command = FixToCommand.massCancel(message, lane.command());
        String refused = invalid(command);
        if (refused == null && !command.account().isEmpty() && !context.participant().mayTrade(command.account()))
        {
            refused = notPermitted(sessionID, command);
        }
        if (refused == null)
        {
            if (command.account().isEmpty())
            {
                command.owner().set(context.participant().id());
            }
            refused = lane.send(context.sessionId(), correlation(context, message));
        }
        if (refused != null)
        {
            final String type = optional(message, FixToCommand.MASS_CANCEL_REQUEST_TYPE);
            final String symbol = optional(message, FixToCommand.SYMBOL);
            reply(sessionID, FixMessages.massCancelReport("NONE", idOf(command.clOrdId(), message, 11),
                type == null || type.isEmpty() ? '7' : type.charAt(0), symbol == null ? "" : symbol, false,
                command.invalidReason() == io.resx.protocol.event.RejectReason.MALFORMED_SYMBOL &&
                    command.type() == CommandType.INVALID, 0, refused));
        }
    }

    /** @return the route's correlation id: this connection's epoch and the request's MsgSeqNum. */
    private long correlation(final SessionContext context, final Message message)
    {
        return SessionEpochs.correlation(epochs.current(context.sessionId()), seqNum(message));
    }

    /**
     * An OrderStatusRequest (H): the order by OrderID (37) when given, else by ClOrdID (11) in the Account (1)
     * given or, without one, in any of the participant's accounts; open or ended (the tracker keeps history). An
     * order that is unknown or not the participant's gets, as FIX 4.4 has it, ExecType I with OrdStatus 8 and
     * OrdRejReason 5 (unknown order).
     */
    private Message orderStatus(final SessionContext context, final Message request)
    {
        final String orderIdText = optional(request, FixMessages.ORDER_ID);
        final String clOrdId = optional(request, FixToCommand.CL_ORD_ID);
        final String account = optional(request, FixToCommand.ACCOUNT);
        OrderView order = null;
        if (orderIdText != null && !orderIdText.isEmpty())
        {
            try
            {
                order = tracker.order(Long.parseLong(orderIdText));
            }
            catch (final NumberFormatException ex)
            {
                order = null; // no order has such an id: answered as unknown below
            }
        }
        else if (clOrdId != null)
        {
            if (account != null)
            {
                order = tracker.order(account, clOrdId);
            }
            else
            {
                for (final String owned : context.participant().accounts())
                {
                    order = order == null ? tracker.order(owned, clOrdId) : order;
                }
            }
        }
        final String statusReqId = optional(request, FixMessages.ORD_STATUS_REQ_ID);
        final Message report;
        if (order == null || !context.participant().mayTrade(order.account()))
        {
            report = FixMessages.executionReport(orderIdText == null ? "NONE" : orderIdText, localExecId(), 'I',
                '8', clOrdId == null ? "" : clOrdId, account == null ? "" : account,
                optional(request, FixToCommand.SYMBOL) == null ? "" : optional(request, FixToCommand.SYMBOL),
                sideOf(request), gatewayNowNs());
            report.setString(FixMessages.CUM_QTY, "0");
            report.setString(FixMessages.LEAVES_QTY, "0");
            report.setString(FixMessages.AVG_PX, "0");
            report.setInt(FixMessages.ORD_REJ_REASON, 5);
            report.setString(FixMessages.TEXT, "UNKNOWN_ORDER: no order " +
                (orderIdText != null ? "with OrderID " + orderIdText : "with ClOrdID " + clOrdId) +
                " of this session's participant is known");
        }
        else
        {
            report = FixMessages.statusReport(order, localExecId());
        }
        if (statusReqId != null)
        {
            report.setString(FixMessages.ORD_STATUS_REQ_ID, statusReqId);
        }
        return report;
    }

    private static String notPermitted(final SessionID sessionID, final Command command)
    {
        LOG.warn("{} refused: account {} does not belong to {}", command.type(), command.account(),
            sessionID.getTargetCompID());
        return FixMessages.ACCOUNT_NOT_PERMITTED + ": account " + command.account() +
            " does not belong to this session's participant";
    }

    private Message securityList(final Message request)
    {
        final Message y = new quickfix.fix44.SecurityList();
        final String reqId = optional(request, SECURITY_REQ_ID);
        y.setString(SECURITY_REQ_ID, reqId == null ? "NONE" : reqId);
        y.setString(SECURITY_RESPONSE_ID, "L" + gatewayId + "-" + localIds.incrementAndGet());
        y.setInt(SECURITY_REQUEST_RESULT, 0);
        y.setInt(TOT_NO_RELATED_SYM, listings.size());
        listings.values().stream().sorted((a, b) -> a.symbol().compareTo(b.symbol())).forEach(listing ->
        {
            final Group entry = new quickfix.fix44.SecurityList.NoRelatedSym();
            entry.setString(FixToCommand.SYMBOL, listing.symbol());
            entry.setString(SECURITY_DESC, "tick=" + FixMessages.decimal(listing.tick()) + " lot=" +
                FixMessages.decimal(listing.lot()));
            y.addGroup(entry);
        });
        return y;
    }

    /**
     * @return the gateway's clock, nanoseconds since the epoch: the TransactTime of an answer the gateway gives
     *     itself (a reject before the engine, a status of an unknown order), which has no exchange stamp.
     */
    private static long gatewayNowNs()
    {
        return System.currentTimeMillis() * 1_000_000L;
    }

    private String localExecId()
    {
        return "L" + gatewayId + "-" + localIds.incrementAndGet();
    }

    private static char sideOf(final Message message)
    {
        final String side = optional(message, FixToCommand.SIDE);
        return side == null || side.isEmpty() ? '1' : side.charAt(0);
    }

    private static String msgType(final Message message)
    {
        try
        {
            return message.getHeader().getString(MsgType.FIELD);
        }
        catch (final FieldNotFound ex)
        {
            return "";
        }
    }

    private static int seqNum(final Message message)
    {
        try
        {
            return message.getHeader().getInt(34);
        }
        catch (final FieldNotFound ex)
        {
            return 0;
        }
    }

    private static String optional(final Message message, final int tag)
    {
        try
        {
            return message.isSetField(tag) ? message.getString(tag) : null;
        }
        catch (final FieldNotFound ex)
        {
            return null;
        }
    }

    private static void reply(final SessionID sessionID, final Message message)
    {
        final Session session = Session.lookupSession(sessionID);
        if (session != null)
        {
            session.send(message);
        }
    }
}
