package io.resx.gateway.common.orders;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;

/**
 * Builds outcomes (a sequenced command and its events) as the engine writes them, for tracker tests. Each call
 * reuses the fixture's command and event log, like a gateway's decoder does.
 */
final class Outcomes
{
    static final String SYMBOL = "SPEC.3550-3560.CELL041";
    final Command command = new Command();
    final EventLog events = new EventLog();
    private long sequence;
    private long tradeIds;

    /** @return the next outcome's sequence. */
    long nextSequence()
    {
        return sequence + 1;
    }

    Outcomes newOrder(
        final long orderId, final String account, final String clOrdId, final Side side, final long price,
        final long qty)
    {
        start(CommandType.NEW_ORDER, account, clOrdId);
        command.symbol().set(SYMBOL);
        command.side(side).price(price).qty(qty);
        accepted().orderId(orderId);
        return this;
    }

    Outcomes rejectedOrder(final String account, final String clOrdId)
    {
        start(CommandType.NEW_ORDER, account, clOrdId);
        command.symbol().set(SYMBOL);
        command.side(Side.BUY).price(1).qty(1);
        events.add().start(EventType.REJECTED, command).account().set(account);
        return this;
    }

    /**
     * A new order from another account that trades against {@code orderId} at once.
     */
    Outcomes trade(
        final long orderId, final String account, final String clOrdId, final Side side, final long price,
        final long qty, final long takerOrderId)
    {
        start(CommandType.NEW_ORDER, "TAKER", "t" + takerOrderId);
        command.symbol().set(SYMBOL);
        command.side(side == Side.BUY ? Side.SELL : Side.BUY).price(price).qty(qty);
        accepted().orderId(takerOrderId);
        final EngineEvent trade = events.add().start(EventType.TRADE, command).trade(++tradeIds, command.side())
            .priceQty(price, qty).decimals(2, 0);
        trade.symbol().set(SYMBOL);
        if (side == Side.BUY)
        {
            trade.orderIds(orderId, takerOrderId);
            trade.buyAccount().set(account);
            trade.buyClOrdId().set(clOrdId);
            trade.sellAccount().set("TAKER");
            trade.sellClOrdId().set("t" + takerOrderId);
        }
        else
        {
            trade.orderIds(takerOrderId, orderId);
            trade.sellAccount().set(account);
            trade.sellClOrdId().set(clOrdId);
            trade.buyAccount().set("TAKER");
            trade.buyClOrdId().set("t" + takerOrderId);
        }
        return this;
    }

    Outcomes cancel(final long orderId, final String account, final String clOrdId, final CancelReason reason)
    {
        start(reason == CancelReason.USER ? CommandType.CANCEL : CommandType.TICK, account, "x" + sequence);
        command.origClOrdId().set(clOrdId);
        accepted();
        final EngineEvent cancelled = events.add().start(EventType.CANCELLED, command).orderId(orderId)
            .cancelReason(reason);
        cancelled.account().set(account);
        cancelled.clOrdId().set(clOrdId);
        cancelled.symbol().set(SYMBOL);
        return this;
    }

    Outcomes replace(
        final long orderId, final String account, final String origClOrdId, final String clOrdId, final long price,
        final long qty)
    {
        start(CommandType.REPLACE, account, clOrdId);
        command.origClOrdId().set(origClOrdId);
        command.price(price).qty(qty);
        accepted();
        final EngineEvent replaced = events.add().start(EventType.REPLACED, command).orderId(orderId)
            .priceQty(price, qty);
        replaced.account().set(account);
        replaced.clOrdId().set(clOrdId);
        replaced.origClOrdId().set(origClOrdId);
        replaced.symbol().set(SYMBOL);
        return this;
    }

    /** A command that touches no order (a clock tick with no effect). */
    Outcomes tick()
    {
        start(CommandType.TICK, "", "");
        accepted();
        return this;
    }

    private void start(final CommandType type, final String account, final String clOrdId)
    {
        command.reset().type(type);
        command.account().set(account);
        command.clOrdId().set(clOrdId);
        command.stamp(++sequence, 1_764_576_000_000_000_000L + sequence);
        events.clear();
    }

    private EngineEvent accepted()
    {
        final EngineEvent accepted = events.add().start(EventType.ACCEPTED, command);
        accepted.account().set(command.account());
        accepted.clOrdId().set(command.clOrdId());
        return accepted;
    }

    /**
     * @param tracker to feed.
     * @return whether it applied the outcome.
     */
    boolean into(final OrderTracker tracker)
    {
        return tracker.apply(command, events, OrderTracker.NO_LISTENER);
    }
}
