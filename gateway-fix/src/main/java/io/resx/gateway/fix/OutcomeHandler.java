package io.resx.gateway.fix;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import org.agrona.collections.Long2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;

import java.util.Map;

/**
 * Turns the engine's outcomes into ExecutionReports and OrderCancelRejects for this gateway's sessions and
 * keeps the per-order state (CumQty, AvgPx, LeavesQty) they need. Every gateway sees every outcome: it reports
 * on its own orders and keeps listings from all of them (market data: {@link MarketData}, fed by the same
 * outcomes through the gateway's L2 books). Runs on the gateway agent thread only.
 * <p>
 * A report for a session that is logged out is stored by QuickFIX/J and delivered by resend at its next logon.
 */
final class OutcomeHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeHandler.class);

    private final int gatewayId;
    private final SessionID[] sessions;
    private final Map<String, Listing> listings;
    private final Long2ObjectHashMap<OrderState> orders = new Long2ObjectHashMap<>();

    OutcomeHandler(final int gatewayId, final SessionID[] sessions, final Map<String, Listing> listings)
    {
        this.gatewayId = gatewayId;
        this.sessions = sessions;
        this.listings = listings;
    }

    /** @return open orders tracked. */
    int openOrders()
    {
        return orders.size();
    }

    /**
     * @param fromGateway   gateway that sent the command (0: the engine's own).
     * @param sessionId     session that sent it.
     * @param correlationId request id.
     * @param command       the command as sequenced.
     * @param events        what it caused.
     */
    void onOutcome(
        final int fromGateway, final int sessionId, final long correlationId, final Command command,
        final EventLog events)
    {
        final boolean mine = fromGateway == gatewayId && sessionId > 0 && sessionId <= sessions.length;
        final EngineEvent first = events.get(0);
        final boolean accepted = first.type() == EventType.ACCEPTED;
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
                if (mine)
                {
                    onNewOrder(sessionId, command, first, accepted, false);
                }
                break;
            case BUNDLE:
                if (mine)
                {
                    onNewOrder(sessionId, command, first, accepted, true);
                }
                break;
            case CANCEL:
            case REPLACE:
                if (mine && !accepted)
                {
                    onCancelRejected(sessionId, command, first);
                }
                break;
            case BOOK:
                // market data comes from the gateway's own L2 books; the FIX gateway sends no BOOK commands
                return;
            default:
                if (mine && !accepted)
                {
                    send(sessionId, FixMessages.businessReject(0, "D", command.clOrdId().toString(), 0,
                        text(first)));
                }
                break;
        }
        for (int i = 1; i < events.size(); i++)
        {
            onEffect(command, events.get(i), i);
        }
    }

    private void onNewOrder(
        final int sessionId, final Command command, final EngineEvent first, final boolean accepted,
        final boolean bundle)
    {
        final char side = FixMessages.side(bundle && command.legCount() > 0 ? command.leg(0).side() : command.side());
        final String symbol = bundle ? bundleSymbol(command) : command.symbol().toString();
        if (!accepted)
        {
            send(sessionId, FixMessages.orderRejected(execId(command, 0, 'R'), command.clOrdId().toString(),
                command.account().toString(), symbol, side, FixMessages.ordRejReason(first.reason()), text(first)));
            return;
        }
        long qty = command.qty();
        if (bundle)
        {
            qty = 0;
            for (int i = 0; i < command.legCount(); i++)
            {
                qty += command.leg(i).qty();
            }
        }
        final OrderState state = new OrderState(first.orderId(), sessionId, command.account().toString(), symbol,
            side, bundle, command.clOrdId().toString(), qty, command.price());
        orders.put(state.orderId, state);
        send(sessionId, report(state, execId(command, 0, 'N'), '0', '0'));
    }

    private static String bundleSymbol(final Command command)
    {
        return command.legCount() > 0 ? command.leg(0).symbol().toString() : "";
    }

    private void onCancelRejected(final int sessionId, final Command command, final EngineEvent first)
    {
        final OrderState state = findByClOrdId(command.account().toString(), command.origClOrdId().toString());
        send(sessionId, FixMessages.cancelRejected(state == null ? "NONE" : Long.toString(state.orderId),
            command.clOrdId().toString(), command.origClOrdId().toString(), command.account().toString(),
            state == null ? '8' : state.ordStatus(), command.type() == CommandType.REPLACE,
            FixMessages.cxlRejReason(first.reason()), text(first)));
    }

    private OrderState findByClOrdId(final String account, final String clOrdId)
    {
        for (final OrderState state : orders.values())
        {
            if (state.account.equals(account) && state.clOrdId.equals(clOrdId))
            {
                return state;
            }
        }
        return null;
    }

    private void onEffect(final Command command, final EngineEvent event, final int index)
    {
        switch (event.type())
        {
            case TRADE:
            {
                onFill(command, event, index, orders.get(event.buyOrderId()), 'B');
                onFill(command, event, index, orders.get(event.sellOrderId()), 'S');
                break;
            }
            case CANCELLED:
            {
                final OrderState state = orders.remove(event.orderId());
                if (state != null)
                {
                    final boolean requested = command.type() == CommandType.CANCEL;
                    // gate closure ends an order as FIX's Expired (ExecType and OrdStatus C), like a day order at close
                    final char expired = event.cancelReason() == CancelReason.EXPIRED ? 'C' : '4';
                    final Message report = report(state, execId(command, index, 'C'), expired, expired);
                    if (requested)
                    {
                        report.setString(FixToCommand.CL_ORD_ID, command.clOrdId().toString());
                        report.setString(FixToCommand.ORIG_CL_ORD_ID, state.clOrdId);
                    }
                    report.setString(FixMessages.LEAVES_QTY, "0");
                    report.setString(FixMessages.TEXT, event.cancelReason().name());
                    send(state.sessionId, report);
                }
                break;
            }
            case EXPIRED:
                listings.remove(event.symbol().toString());
                break;
            case REPLACED:
            {
                final OrderState state = orders.get(event.orderId());
                if (state != null)
                {
                    state.origClOrdId = state.clOrdId;
                    state.clOrdId = event.clOrdId().toString();
                    state.price = event.price();
                    state.orderQty = event.qty();
                    final Message report = report(state, execId(command, index, 'P'), '5', state.ordStatus());
                    report.setString(FixToCommand.ORIG_CL_ORD_ID, state.origClOrdId);
                    send(state.sessionId, report);
                }
                break;
            }
            default:
                break;
        }
    }

    private void onFill(
        final Command command, final EngineEvent trade, final int index, final OrderState state, final char role)
    {
        if (state == null)
        {
            return;
        }
        state.fill(trade.price(), trade.qty());
        final Message report = report(state, execId(command, index, role), 'F', state.ordStatus());
        report.setString(FixMessages.LAST_PX, FixMessages.decimal(trade.price()));
        report.setString(FixMessages.LAST_QTY, FixMessages.decimal(trade.qty()));
        report.setString(FixToCommand.SYMBOL, trade.symbol().toString());
        if (state.bundle)
        {
            report.setInt(FixMessages.MULTI_LEG_REPORTING_TYPE, 2);
        }
        if (state.isFilled())
        {
            orders.remove(state.orderId);
        }
        send(state.sessionId, report);
    }

    private static Message report(final OrderState state, final String execId, final char execType, final char status)
    {
        return FixMessages.quantities(FixMessages.executionReport(Long.toString(state.orderId), execId, execType,
            status, state.clOrdId, state.account, state.symbol, state.side), state);
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
