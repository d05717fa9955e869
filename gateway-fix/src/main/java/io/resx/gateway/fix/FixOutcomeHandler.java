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
    private final Map<String, Listing> listings;
    private final MarketDataAgent books;
    private final OrderTracker tracker = new OrderTracker(0);
    private final Long2LongHashMap sessionByOrder = new Long2LongHashMap(UNKNOWN);
    private final Map<String, Integer> ownerSessionByAccount = new HashMap<>();
    private Command command;
    private int commandSession;

    /**
     * @param gatewayId    this gateway's id on the engine's routes.
     * @param sessions     its sessions, by session number - 1.
     * @param participants who owns which account (and so which session an order of unknown origin reports to).
     * @param listings     the instruments it knows, kept here from LIST outcomes and EXPIRED events.
     * @param books        the gateway's L2 books, fed every outcome (rebuilt, caught up or live).
     */
    FixOutcomeHandler(
        final int gatewayId, final SessionID[] sessions, final ParticipantDirectory participants,
        final Map<String, Listing> listings, final MarketDataAgent books)
    {
        this.gatewayId = gatewayId;
        this.sessions = sessions;
        this.listings = listings;
        this.books = books;
        final List<SessionPolicy> policies = participants.sessions();
        for (final Participant participant : participants.participants())
        {
            if (participant.sessions().isEmpty())
            {
                continue;
            }
            final int session = policies.indexOf(participant.sessions().get(0)) + 1;
            participant.accounts().forEach(account -> ownerSessionByAccount.putIfAbsent(account, session));
        }
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
                if (report && !accepted && commandSession > 0 && !onRetry(command, first))
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
                    send(commandSession, FixMessages.businessReject(0, "D", command.clOrdId().toString(), 0,
                        text(first)));
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
        send(commandSession, FixMessages.orderRejected(execId(command, 0, 'R'), command.clOrdId().toString(),
            command.account().toString(), symbol, side, FixMessages.ordRejReason(first.reason()), text(first)));
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
        send(commandSession, FixMessages.massCancelReport(Long.toString(command.sequence()),
            command.clOrdId().toString(), command.symbol().isEmpty() ? '7' : '1', command.symbol().toString(),
            accepted, !accepted && events.get(0).reason() == RejectReason.UNKNOWN_SYMBOL, affected,
            accepted ? null : text(events.get(0))));
    }

    /**
     * A retried NewOrderSingle (same ClOrdID and fields as an order accepted within the window): the order's status
     * (150=I) when it is still open, as the first answer told; otherwise a reject naming the original order.
     */
    private boolean onRetry(final Command command, final EngineEvent first)
    {
        if (first.reason() != RejectReason.RETRY_OF_ACCEPTED)
        {
            return false;
        }
        final OrderView open = tracker.openOrder(first.orderId());
        if (open == null)
        {
            return false;
        }
        final Message status = FixMessages.executionReport(Long.toString(open.orderId()), execId(command, 0, 'I'),
            'I', open.status().fixCode(), open.clOrdId(), open.account(), open.firstSymbol(),
            FixMessages.side(open.side()));
        status.setString(FixToCommand.ORDER_QTY, FixMessages.decimal(open.orderQty()));
        if (open.price() != Command.ABSENT)
        {
            status.setString(FixToCommand.PRICE, FixMessages.decimal(open.price()));
        }
        status.setString(FixMessages.CUM_QTY, FixMessages.decimal(open.cumQty()));
        status.setString(FixMessages.LEAVES_QTY, FixMessages.decimal(open.leavesQty()));
        status.setString(FixMessages.AVG_PX, FixMessages.decimal(open.avgPx()));
        status.setString(FixMessages.TEXT, RejectReason.RETRY_OF_ACCEPTED.name());
        send(commandSession, status);
        return true;
    }

    private void onCancelRejected(final Command command, final EngineEvent first)
    {
        final OrderView state = tracker.openOrder(command.account().toString(), command.origClOrdId().toString());
        send(commandSession, FixMessages.cancelRejected(state == null ? "NONE" : Long.toString(state.orderId()),
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
        sessionByOrder.put(order.orderId(), commandSession > 0 ? commandSession : NOT_OURS);
        if (commandSession > 0)
        {
            send(commandSession, report(order, execId(placed, 0, 'N'), '0', '0'));
        }
    }

    @Override
    public void onFill(final TrackedOrder order, final EngineEvent trade, final int index, final boolean buy)
    {
        final int session = sessionOf(order);
        if (order.status().isTerminal())
        {
            sessionByOrder.remove(order.orderId());
        }
        if (session == 0)
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
        send(session, report);
    }

    @Override
    public void onCancelled(final TrackedOrder order, final EngineEvent cancelled, final int index)
    {
        final int session = sessionOf(order);
        sessionByOrder.remove(order.orderId());
        if (session == 0)
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
        send(session, report);
    }

    @Override
    public void onReplaced(final TrackedOrder order, final EngineEvent replaced, final int index)
    {
        final int session = sessionOf(order);
        if (session == 0)
        {
            return;
        }
        final Message report = report(order, execId(command, index, 'P'), '5', order.status().fixCode());
        report.setString(FixToCommand.ORIG_CL_ORD_ID, order.origClOrdId());
        send(session, report);
    }

    /** @return the session an order's reports go to, 0 for none. */
    private int sessionOf(final TrackedOrder order)
    {
        final long session = sessionByOrder.get(order.orderId());
        if (session == UNKNOWN)
        {
            return ownerSessionByAccount.getOrDefault(order.account(), 0);
        }
        return (int)session;
    }

    private static Message report(final TrackedOrder order, final String execId, final char execType,
        final char status)
    {
        return FixMessages.quantities(FixMessages.executionReport(Long.toString(order.orderId()), execId, execType,
            status, order.clOrdId(), order.account(), order.firstSymbol(), FixMessages.side(order.side())), order);
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
