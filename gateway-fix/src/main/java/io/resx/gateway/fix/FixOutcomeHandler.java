package io.resx.gateway.fix;

import io.resx.gateway.common.OutcomeAdapter;
import io.resx.gateway.common.OutcomeHandler;
import io.resx.gateway.common.OutcomeSource;
import io.resx.gateway.common.Participant;
import io.resx.gateway.common.ParticipantDirectory;
import io.resx.gateway.common.SessionPolicy;
import io.resx.gateway.common.orders.OrderTracker;
import io.resx.gateway.common.orders.OrderView;
import io.resx.gateway.common.marketdata.MarketDataAgent;
import io.resx.gateway.common.orders.TrackedOrder;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.text.AsciiKey;
import org.agrona.collections.Long2LongHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the engine's outcomes into ExecutionReports and OrderCancelRejects for this gateway's sessions. The
 * per-order state the reports carry (OrdStatus, CumQty, AvgPx, LeavesQty) is gateway-common's {@link OrderTracker},
 * rebuilt from the {@code events} queue at start, so the reports of an order placed before a restart are right.
 * Every gateway sees every outcome: it reports on its own orders and feeds market data and listings from all.
 * Runs on the gateway agent thread only.
 * <p>
 * Which session a report goes to: the session that entered the order, when this gateway saw it entered; else (the
 * order was placed before this gateway started, or its outcome came from the events queue after a gap) the first
 * session of the participant that owns the order's account. An order this gateway saw entered elsewhere (the HTTP
 * API) gets no report here. A report for a session that is logged out is stored by QuickFIX/J and delivered by
 * resend at its next logon.
 * <p>
 * A session whose sequence numbers reset (ResetOnLogon, ResetOnDisconnect) gets answers only on the connection the
 * order was entered on ({@link SessionEpochs}): what arrives after that connection ended, or for an order read from
 * the events queue, is not sent into a new connection (it would take the new connection's MsgSeqNum and look like a
 * gap); it stays in the order tracker (OrderStatusRequest) and goes to drop copies.
 * <p>
 * Drop copy: every ExecutionReport about an account goes, with CopyMsgIndicator (797) Y, to each drop copy session
 * of the participant that owns the account, also for orders entered over the HTTP API or another gateway.
 */
final class FixOutcomeHandler implements OutcomeHandler, OrderTracker.Listener
{
    private static final Logger LOG = LoggerFactory.getLogger(FixOutcomeHandler.class);
    /** {@link #sessionByOrder}: the order was seen entered through another gateway; no reports. */
    private static final long NOT_OURS = 0;
    /** {@link #sessionByOrder}: not seen entered at all (history, catch-up); reports go to the owner's session. */
    private static final long UNKNOWN = -1;

    private final int gatewayId;
    private final SessionID[] sessions;
    private final SessionPolicy[] policies;
    private final SessionEpochs epochs;
    private final Map<String, int[]> dropCopiesByAccount = new HashMap<>();
    private long notSentToEndedConnections;
    private final Map<String, Listing> listings;
    private final MarketDataAgent books;
    private final OrderTracker tracker = new OrderTracker(0);
    private final Long2LongHashMap sessionByOrder = new Long2LongHashMap(UNKNOWN);
    private final Map<String, Integer> ownerSessionByAccount = new HashMap<>();
    private Command command;
    private int commandSession;
    private int commandEpoch;
    private int commandMsgSeqNum;

    /**
     * @param gatewayId    this gateway's id on the engine's routes.
     * @param sessions     its sessions, by session number - 1.
     * @param participants who owns which account (and so which session an order of unknown origin reports to).
     * @param listings     the instruments it knows, kept here from LIST outcomes and EXPIRED events.
     * @param books        the gateway's L2 books, fed every outcome (rebuilt, caught up or live).
     */
    FixOutcomeHandler(
        final int gatewayId, final SessionID[] sessions, final ParticipantDirectory participants,
        final Map<String, Listing> listings, final MarketDataAgent books, final SessionEpochs epochs)
    {
        this.gatewayId = gatewayId;
        this.sessions = sessions;
        this.listings = listings;
        this.books = books;
        this.epochs = epochs;
        final List<SessionPolicy> policies = participants.sessions();
        this.policies = policies.toArray(new SessionPolicy[0]);
        for (final Participant participant : participants.participants())
        {
            final int[] copies = participant.sessions().stream().filter(SessionPolicy::dropCopy)
                .mapToInt(p -> policies.indexOf(p) + 1).toArray();
            participant.sessions().stream().filter(p -> !p.dropCopy()).findFirst().ifPresent(first ->
            {
                final int session = policies.indexOf(first) + 1;
                participant.accounts().forEach(account -> ownerSessionByAccount.putIfAbsent(account, session));
            });
            if (copies.length > 0)
            {
                participant.accounts().forEach(account -> dropCopiesByAccount.put(account, copies));
            }
        }
    }

    /** @return the tracker (thread-safe reads), for OrderStatusRequests. */
    OrderTracker tracker()
    {
        return tracker;
    }

    /** @return answers not sent because the connection they belonged to had ended (sessions that reset). */
    long notSentToEndedConnections()
    {
        return notSentToEndedConnections;
    }

    /** @return open orders tracked (of every account). */
    int openOrders()
    {
        return tracker.openOrderCount();
    }

    @Override
    public void onListing(final AsciiKey symbol, final long tick, final long lot, final long closeNs,
        final boolean closed)
    {
        final String text = symbol.toString();
        listings.put(text, new Listing(text, tick, lot));
        books.onListing(text, tick, lot);
    }

    @Override
    public void onOutcome(
        final OutcomeSource source, final int fromGateway, final int sessionId, final long correlationId,
        final Command command, final EventLog events)
    {
        if (events.size() == 0)
        {
            tracker.apply(command, events, OrderTracker.NO_LISTENER);
            return;
        }
        final EngineEvent first = events.get(0);
        final boolean accepted = first.type() == EventType.ACCEPTED;
        final boolean report = source != OutcomeSource.REBUILD;
        this.command = command;
        this.commandSession = sessionOf(source, fromGateway, sessionId, command.account());
        final boolean ours = source == OutcomeSource.LIVE && fromGateway == gatewayId;
        this.commandEpoch = ours ? SessionEpochs.epochOf(correlationId) : SessionEpochs.UNKNOWN;
        this.commandMsgSeqNum = ours ? SessionEpochs.msgSeqNumOf(correlationId) : 0;
        switch (command.type())
        {
            case LIST:
                if (accepted)
                {
                    final String symbol = command.symbol().toString();
                    listings.put(symbol, new Listing(symbol, command.tick(), command.lot()));
                }
                break;
            case NEW_ORDER:
            case BUNDLE:
                if (report && !accepted && !(commandSession > 0 && onRetry(command, first)))
                {
                    onOrderRejected(command, first);
                }
                break;
            case CANCEL:
            case REPLACE:
                if (report && !accepted && commandSession > 0)
                {
                    onCancelRejected(command, first);
                }
                break;
            case MASS_CANCEL:
                if (report && commandSession > 0 && fromGateway == gatewayId && !command.clOrdId().isEmpty())
                {
                    onMassCancel(command, events, accepted);
                }
                break;
            case BOOK:
                // market data comes from the gateway's own L2 books; the FIX gateway sends no BOOK commands
                break;
            default:
                if (report && !accepted && commandSession > 0 && fromGateway == gatewayId)
                {
                    deliver(commandSession, commandEpoch, null, FixMessages.businessReject(commandMsgSeqNum,
                        msgTypeOf(command.type()), command.clOrdId().toString(),
                        FixMessages.businessRejectReason(first.reason()), text(first)));
                }
                break;
        }
        tracker.apply(command, events, report ? this : OrderTracker.NO_LISTENER);
        books.onOutcome(command, events);
        for (int i = 1; i < events.size(); i++)
        {
            onMarketEffect(events.get(i));
        }
    }

    /**
     * @return the session a command's own answers go to: the route's when it is this gateway's, the account
     *     owner's first session when the route is unknown, else 0 (not ours).
     */
    private int sessionOf(
        final OutcomeSource source, final int fromGateway, final int sessionId, final AsciiKey account)
    {
        if (fromGateway == gatewayId)
        {
            return sessionId > 0 && sessionId <= sessions.length ? sessionId : 0;
        }
        if (source != OutcomeSource.LIVE && fromGateway == OutcomeAdapter.UNKNOWN_GATEWAY)
        {
            return ownerSessionByAccount.getOrDefault(account.toString(), 0);
        }
        return 0;
    }

    private void onOrderRejected(final Command command, final EngineEvent first)
    {
        final boolean bundle = command.type() == CommandType.BUNDLE;
        final char side = FixMessages.side(bundle && command.legCount() > 0 ? command.leg(0).side() : command.side());
        final String symbol = bundle ? (command.legCount() > 0 ? command.leg(0).symbol().toString() : "") :
            command.symbol().toString();
        final String account = command.account().toString();
        if (hasRecipient(commandSession, account))
        {
            deliver(commandSession, commandEpoch, account, FixMessages.orderRejected(execId(command, 0, 'R'),
                command.clOrdId().toString(), account, symbol, side, FixMessages.ordRejReason(first.reason()),
                text(first), command.timestampNs()));
        }
    }

    /** OrderMassCancelReport: TotalAffectedOrders is the number of CANCELLED events the command caused. */
    private void onMassCancel(final Command command, final EventLog events, final boolean accepted)
    {
        int affected = 0;
        for (int i = 1; i < events.size(); i++)
        {
            if (events.get(i).type() == EventType.CANCELLED)
            {
                affected++;
            }
        }
        deliver(commandSession, commandEpoch, null, FixMessages.massCancelReport(Long.toString(command.sequence()),
            command.clOrdId().toString(), command.symbol().isEmpty() ? '7' : '1', command.symbol().toString(),
            accepted, !accepted && events.get(0).reason() == RejectReason.UNKNOWN_SYMBOL, affected,
            accepted ? null : text(events.get(0))));
    }

    /**
     * A retried NewOrderSingle (same ClOrdID and fields as an order accepted within the window): the order's status
     * (150=I), open or ended (the tracker keeps history); a reject naming the original order only when the tracker
     * no longer has it (beyond its retention).
     */
    private boolean onRetry(final Command command, final EngineEvent first)
    {
        if (first.reason() != RejectReason.RETRY_OF_ACCEPTED)
        {
            return false;
        }
        final OrderView open = tracker.order(first.orderId());
        if (open == null)
        {
            return false;
        }
        final Message status = FixMessages.statusReport(open, execId(command, 0, 'I'));
        status.setString(FixMessages.TEXT, RejectReason.RETRY_OF_ACCEPTED.name());
        deliver(commandSession, commandEpoch, null, status);
        return true;
    }

    private void onCancelRejected(final Command command, final EngineEvent first)
    {
        if (commandSession == 0)
        {
            return; // an OrderCancelReject is no execution report: drop copies do not get it
        }
        final OrderView state = tracker.openOrder(command.account().toString(), command.origClOrdId().toString());
        deliver(commandSession, commandEpoch, null, FixMessages.cancelRejected(state == null ? "NONE" : Long.toString(state.orderId()),
            command.clOrdId().toString(), command.origClOrdId().toString(), command.account().toString(),
            state == null ? '8' : state.status().fixCode(), command.type() == CommandType.REPLACE,
            FixMessages.cxlRejReason(first.reason()), text(first)));
    }

    private void onMarketEffect(final EngineEvent event)
    {
        if (event.type() == EventType.EXPIRED)
        {
            listings.remove(event.symbol().toString());
        }
    }

    @Override
    public void onAccepted(final TrackedOrder order, final Command placed)
    {
        sessionByOrder.put(order.orderId(), commandSession > 0 ? route(commandSession, commandEpoch) : NOT_OURS);
        if (hasRecipient(commandSession, order.account()))
        {
            deliver(commandSession, commandEpoch, order.account(), report(order, execId(placed, 0, 'N'), '0', '0'));
        }
    }

    @Override
    public void onFill(final TrackedOrder order, final EngineEvent trade, final int index, final boolean buy)
    {
        final long route = routeOf(order);
        if (order.status().isTerminal())
        {
            sessionByOrder.remove(order.orderId());
        }
        if (!hasRecipient(sessionOfRoute(route), order.account()))
        {
            return;
        }
        final Message report = report(order, execId(command, index, buy ? 'B' : 'S'), 'F',
            order.status().fixCode());
        report.setString(FixMessages.LAST_PX, FixMessages.decimal(trade.price()));
        report.setString(FixMessages.LAST_QTY, FixMessages.decimal(trade.qty()));
        report.setString(FixToCommand.SYMBOL, trade.symbol().toString());
        if (order.isBundle())
        {
            report.setInt(FixMessages.MULTI_LEG_REPORTING_TYPE, 2);
        }
        deliver(sessionOfRoute(route), epochOfRoute(route), order.account(), report);
    }

    @Override
    public void onCancelled(final TrackedOrder order, final EngineEvent cancelled, final int index)
    {
        final long route = routeOf(order);
        sessionByOrder.remove(order.orderId());
        if (!hasRecipient(sessionOfRoute(route), order.account()))
        {
            return;
        }
        // gate closure ends an order as FIX's Expired (ExecType and OrdStatus C), like a day order at close
        final char execType = cancelled.cancelReason() == CancelReason.EXPIRED ? 'C' : '4';
        final Message report = report(order, execId(command, index, 'C'), execType, order.status().fixCode());
        if (command.type() == CommandType.CANCEL)
        {
            report.setString(FixToCommand.CL_ORD_ID, command.clOrdId().toString());
            report.setString(FixToCommand.ORIG_CL_ORD_ID, order.clOrdId());
        }
        report.setString(FixMessages.TEXT, cancelled.cancelReason().name());
        deliver(sessionOfRoute(route), epochOfRoute(route), order.account(), report);
    }

    @Override
    public void onReplaced(final TrackedOrder order, final EngineEvent replaced, final int index)
    {
        final long route = routeOf(order);
        if (!hasRecipient(sessionOfRoute(route), order.account()))
        {
            return;
        }
        final Message report = report(order, execId(command, index, 'P'), '5', order.status().fixCode());
        report.setString(FixToCommand.ORIG_CL_ORD_ID, order.origClOrdId());
        deliver(sessionOfRoute(route), epochOfRoute(route), order.account(), report);
    }

    /** @return the route an order's reports go to: its session and the connection's epoch; 0 for none. */
    private long routeOf(final TrackedOrder order)
    {
        final long route = sessionByOrder.get(order.orderId());
        if (route == UNKNOWN)
        {
            return route(ownerSessionByAccount.getOrDefault(order.account(), 0), SessionEpochs.UNKNOWN);
        }
        return route;
    }

    private static long route(final int session, final int epoch)
    {
        return ((long)epoch << 32) | (session & 0xFFFF_FFFFL);
    }

    private static int sessionOfRoute(final long route)
    {
        return (int)route;
    }

    private static int epochOfRoute(final long route)
    {
        return (int)(route >>> 32);
    }

    /** @return whether a report would go anywhere: the order's session or a drop copy of the account. */
    private boolean hasRecipient(final int session, final String account)
    {
        return session > 0 || dropCopiesByAccount.containsKey(account);
    }

    /**
     * Sends a message to the session an order belongs to, if its connection is still the one the order came on
     * (or its sequence numbers do not reset), and a copy to each drop copy session of the account's owner.
     *
     * @param session the order's session, 0 for none.
     * @param epoch   the connection's epoch when the order was entered, {@link SessionEpochs#UNKNOWN} if unknown.
     * @param account the order's account, for drop copies; null for a message drop copies do not get.
     * @param message the message.
     */
    private void deliver(final int session, final int epoch, final String account, final Message message)
    {
        if (session > 0)
        {
            if (mayDeliver(session, epoch))
            {
                send(session, message);
            }
            else
            {
                notSentToEndedConnections++;
                LOG.debug("{}: not sent, its connection ended: {}", sessions[session - 1], message);
            }
        }
        final int[] copies = account == null ? null : dropCopiesByAccount.get(account);
        if (copies != null)
        {
            for (final int copy : copies)
            {
                if (copy != session && mayDeliver(copy, epochs.current(copy)))
                {
                    final Message duplicate = (Message)message.clone();
                    duplicate.setBoolean(FixMessages.COPY_MSG_INDICATOR, true);
                    send(copy, duplicate);
                }
            }
        }
    }

    /**
     * @return whether a message of a connection with this epoch may go to the session now: always when its
     *     sequence numbers survive a reconnect (QuickFIX/J stores and resends), else only to that same connection
     *     while it is logged on.
     */
    private boolean mayDeliver(final int session, final int epoch)
    {
        if (!policies[session - 1].resets())
        {
            return true;
        }
        final Session live = Session.lookupSession(sessions[session - 1]);
        return live != null && live.isLoggedOn() && epoch == epochs.current(session);
    }

    /** @return the FIX MsgType a command of this type came as, for RefMsgType (372). */
    private static String msgTypeOf(final CommandType type)
    {
        switch (type)
        {
            case NEW_ORDER:
                return "D";
            case BUNDLE:
                return "AB";
            case CANCEL:
                return "F";
            case REPLACE:
                return "G";
            case MASS_CANCEL:
                return "q";
            default:
                return "D";
        }
    }

    private static Message report(final TrackedOrder order, final String execId, final char execType,
        final char status)
    {
        return FixMessages.quantities(FixMessages.executionReport(Long.toString(order.orderId()), execId, execType,
            status, order.clOrdId(), order.account(), order.firstSymbol(), FixMessages.side(order.side()),
            order.updatedNs()), order);
    }

    /**
     * @return an ExecID unique across the exchange: the command's sequence number, the event's index and a role.
     */
    private static String execId(final Command command, final int index, final char role)
    {
        return command.sequence() + "-" + index + role;
    }

    /**
     * @param event a REJECTED event.
     * @return Text (58): the reject reason, then the leg and detail when there are any.
     */
    static String text(final EngineEvent event)
    {
        final StringBuilder text = new StringBuilder(event.reason().name());
        if (event.legIndex() >= 0)
        {
            text.append(": leg ").append(event.legIndex());
        }
        if (!event.detail().isEmpty())
        {
            text.append(": ").append(event.detail());
        }
        return text.toString();
    }

    private void send(final int sessionId, final Message message)
    {
        final SessionID sessionID = sessions[sessionId - 1];
        final Session session = Session.lookupSession(sessionID);
        if (session == null)
        {
            LOG.warn("no session {} for a report", sessionID);
            return;
        }
        session.send(message);
    }
}
