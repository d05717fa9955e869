package io.resx.engine.matching;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.text.AsciiKey;
import io.resx.risk.Account;

/**
 * Writes the events of the command being processed into its slot's {@link EventLog}: the one place that
 * knows which fields each event type carries. Copies bytes into pre-allocated events; allocates nothing.
 */
final class OutcomeWriter
{
    /** The sell ClOrdID of a trade the use-it-or-share-it clearing made: no order of the owner's. */
    static final AsciiKey SHARE_RULE_CL_ORD_ID = AsciiKey.of("USE-OR-SHARE");

    private Command command;
    private EventLog events;

    void begin(final Command command, final EventLog events)
    {
        this.command = command;
        this.events = events;
        events.clear();
    }

    Command command()
    {
        return command;
    }

    EventLog events()
    {
        return events;
    }

    void accepted(final long orderId)
    {
        final EngineEvent event = events.add().start(EventType.ACCEPTED, command).orderId(orderId);
        event.clOrdId().set(command.clOrdId());
        event.account().set(command.account());
        event.symbol().set(command.symbol());
        event.owner().set(command.owner());
    }

    /** Names the fields of a notional that does not fit, so the sender knows which to change. */
    private static final String NOTIONAL_FIELDS = "price x qty: the notional is above the cash range " +
        "(" + io.resx.protocol.FixedPoint.MAX_UNITS + " units of cash)";

    /** A retry of an order already accepted: refused RETRY_OF_ACCEPTED, naming the original order's id. */
    void retried(final long originalOrderId)
    {
        rejectedLeg(RejectReason.RETRY_OF_ACCEPTED, -1);
        events.get(events.size() - 1).orderId(originalOrderId);
    }

    void rejected(final RejectReason reason)
    {
        rejectedLeg(reason, -1);
    }

    void rejectedLeg(final RejectReason reason, final int legIndex)
    {
        final EngineEvent event = events.add().start(EventType.REJECTED, command).reason(reason).legIndex(legIndex);
        event.clOrdId().set(command.clOrdId());
        event.account().set(command.account());
        event.symbol().set(legIndex >= 0 ? command.leg(legIndex).symbol() : command.symbol());
        if (reason == RejectReason.NOTIONAL_OVERFLOW)
        {
            event.detail().set(NOTIONAL_FIELDS);
        }
    }

    void invalid()
    {
        rejected(command.invalidReason());
        events.get(events.size() - 1).detail().set(command.detail());
    }

    void trade(final OrderBook book, final long tradeId, final Order aggressor, final Order resting, final long qty)
    {
        final Order buy = aggressor.side == Side.BUY ? aggressor : resting;
        final Order sell = buy == aggressor ? resting : aggressor;
        final EngineEvent event = events.add().start(EventType.TRADE, command)
            .trade(tradeId, aggressor.side)
            .priceQty(resting.price, qty)
            .orderIds(buy.orderId, sell.orderId)
            .decimals(book.priceDecimals(), book.qtyDecimals());
        event.symbol().set(book.symbol());
        event.buyAccount().set(buy.account.id());
        event.buyClOrdId().set(buy.clOrdId);
        event.sellAccount().set(sell.account.id());
        event.sellClOrdId().set(sell.clOrdId);
    }

    /**
     * A use-it-or-share-it assignment at gate closure: the bid buys from the owner's idle units; no sell order
     * (id 0), its ClOrdID {@link #SHARE_RULE_CL_ORD_ID}, the rule on the selling side.
     */
    void ruleTrade(final OrderBook book, final long tradeId, final Order bid, final Account owner, final long price,
        final long qty)
    {
        final EngineEvent event = events.add().start(EventType.TRADE, command)
            .trade(tradeId, Side.SELL)
            .priceQty(price, qty)
            .orderIds(bid.orderId, 0)
            .decimals(book.priceDecimals(), book.qtyDecimals());
        event.symbol().set(book.symbol());
        event.buyAccount().set(bid.account.id());
        event.buyClOrdId().set(bid.clOrdId);
        event.sellAccount().set(owner.id());
        event.sellClOrdId().set(SHARE_RULE_CL_ORD_ID);
    }

    void cancelled(final OrderBook book, final Order order, final CancelReason reason)
    {
        final EngineEvent event = events.add().start(EventType.CANCELLED, command)
            .orderId(order.orderId)
            .cancelReason(reason)
            .leavesQty(order.open())
            .decimals(book.priceDecimals(), book.qtyDecimals());
        event.account().set(order.account.id());
        event.clOrdId().set(order.clOrdId);
        event.symbol().set(book.symbol());
    }

    void replaced(final OrderBook book, final Order order, final AsciiKey origClOrdId)
    {
        final EngineEvent event = events.add().start(EventType.REPLACED, command)
            .orderId(order.orderId)
            .priceQty(order.price, order.qty)
            .decimals(book.priceDecimals(), book.qtyDecimals());
        event.account().set(order.account.id());
        event.clOrdId().set(order.clOrdId);
        event.origClOrdId().set(origClOrdId);
        event.symbol().set(book.symbol());
    }

    void halted(final OrderBook book)
    {
        final EngineEvent event = events.add().start(book.halted() ? EventType.HALTED : EventType.RESUMED, command)
            .decimals(book.priceDecimals(), book.qtyDecimals());
        event.symbol().set(book.symbol());
    }

    /** A book's lifecycle step for everyone: CLOSED at gate closure, EXPIRED when its slot ended. */
    void lifecycle(final OrderBook book, final EventType type)
    {
        final EngineEvent event = events.add().start(type, command).decimals(book.priceDecimals(), book.qtyDecimals());
        event.symbol().set(book.symbol());
    }

    void book(final OrderBook book, final int depth)
    {
        final EngineEvent event = events.add().start(EventType.BOOK, command)
            .decimals(book.priceDecimals(), book.qtyDecimals());
        event.symbol().set(book.symbol());
        addLevels(event, book.bids(), depth);
        addLevels(event, book.asks(), depth);
    }

    private static void addLevels(final EngineEvent event, final BookSide side, final int depth)
    {
        final int levels = Math.min(depth, side.depth());
        for (int rank = 0; rank < levels; rank++)
        {
            final PriceLevel level = side.level(rank);
            event.addLevel(side.side(), level.price, level.openQty, level.orderCount);
        }
    }
}
