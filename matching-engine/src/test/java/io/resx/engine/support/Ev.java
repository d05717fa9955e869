package io.resx.engine.support;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable copy of one {@link EngineEvent}, holding only the fields its type documents (the table in
 * {@code EngineEvent}'s Javadoc); the others stay at their blank value so two events compare equal exactly when
 * they mean the same thing. {@link #toString()} is the short readable form unit tests assert on (no engine ids);
 * {@link #full()} adds every id and the sequence, for model comparisons.
 *
 * @param sequence      sequence number of the command that caused it.
 * @param type          kind of event.
 * @param command       type of the command that caused it (ACCEPTED and REJECTED only).
 * @param account       account the event is about.
 * @param clOrdId       ClOrdID the event is about.
 * @param origClOrdId   REPLACED: the ClOrdID that named the order before.
 * @param owner         ACCEPTED: the command's owner.
 * @param symbol        instrument.
 * @param orderId       engine order id.
 * @param reason        REJECTED: why.
 * @param legIndex      REJECTED: bundle leg at fault, or -1.
 * @param cancelReason  CANCELLED: why.
 * @param leavesQty     CANCELLED: quantity that was open, fixed-point.
 * @param tradeId       TRADE: engine trade id.
 * @param price         TRADE and REPLACED: price, fixed-point.
 * @param qty           TRADE: traded quantity; REPLACED: new total; fixed-point.
 * @param buyAccount    TRADE: buyer.
 * @param buyClOrdId    TRADE: buying order's ClOrdID.
 * @param buyOrderId    TRADE: buying order's id.
 * @param sellAccount   TRADE: seller.
 * @param sellClOrdId   TRADE: selling order's ClOrdID.
 * @param sellOrderId   TRADE: selling order's id.
 * @param aggressor     TRADE: the incoming order's side.
 * @param priceDecimals decimals the instrument's tick needs (TRADE, CANCELLED, REPLACED, BOOK).
 * @param qtyDecimals   decimals the instrument's lot needs (TRADE, CANCELLED, REPLACED, BOOK).
 * @param bids          BOOK: bid levels, best first.
 * @param asks          BOOK: ask levels, best first.
 */
public record Ev(
    long sequence, EventType type, CommandType command, String account, String clOrdId, String origClOrdId,
    String owner, String symbol, long orderId, RejectReason reason, int legIndex, CancelReason cancelReason,
    long leavesQty, long tradeId, long price, long qty, String buyAccount, String buyClOrdId, long buyOrderId,
    String sellAccount, String sellClOrdId, long sellOrderId, Side aggressor, int priceDecimals, int qtyDecimals,
    List<Level> bids, List<Level> asks)
{
    /**
     * One aggregated book level.
     *
     * @param price  fixed-point.
     * @param qty    open quantity of its orders, fixed-point.
     * @param orders number of orders.
     */
    public record Level(long price, long qty, int orders)
    {
    }

    /**
     * @param event an engine event.
     * @return a copy of the fields its type documents.
     */
    public static Ev of(final EngineEvent event)
    {
        final long seq = event.sequence();
        switch (event.type())
        {
            case ACCEPTED:
                return accepted(seq, event.command(), event.account().toString(), event.clOrdId().toString(),
                    event.orderId(), event.symbol().toString(), event.owner().toString());
            case REJECTED:
                return rejected(seq, event.command(), event.account().toString(), event.clOrdId().toString(),
                    event.reason(), event.legIndex());
            case TRADE:
                return trade(seq, event.symbol().toString(), event.tradeId(), event.price(), event.qty(),
                    event.buyAccount().toString(), event.buyClOrdId().toString(), event.buyOrderId(),
                    event.sellAccount().toString(), event.sellClOrdId().toString(), event.sellOrderId(),
                    event.aggressor(), event.priceDecimals(), event.qtyDecimals());
            case CANCELLED:
                return cancelled(seq, event.account().toString(), event.clOrdId().toString(), event.orderId(),
                    event.symbol().toString(), event.leavesQty(), event.cancelReason(), event.priceDecimals(),
                    event.qtyDecimals());
            case REPLACED:
                return replaced(seq, event.account().toString(), event.clOrdId().toString(),
                    event.origClOrdId().toString(), event.orderId(), event.symbol().toString(), event.price(),
                    event.qty(), event.priceDecimals(), event.qtyDecimals());
            case HALTED:
            case RESUMED:
            case CLOSED:
            case EXPIRED:
                return new Ev(seq, event.type(), null, "", "", "", "", event.symbol().toString(), 0, null, -1, null,
                    0, 0, 0, 0, "", "", 0, "", "", 0, null, event.priceDecimals(), event.qtyDecimals(), List.of(),
                    List.of());
            case BOOK:
            default:
                final List<Level> bids = new ArrayList<>();
                for (int i = 0; i < event.bidLevels(); i++)
                {
                    bids.add(new Level(event.bidPrice(i), event.bidQty(i), event.bidCount(i)));
                }
                final List<Level> asks = new ArrayList<>();
                for (int i = 0; i < event.askLevels(); i++)
                {
                    asks.add(new Level(event.askPrice(i), event.askQty(i), event.askCount(i)));
                }
                return book(seq, event.symbol().toString(), bids, asks, event.priceDecimals(), event.qtyDecimals());
        }
    }

    /**
     * @param seq     sequence.
     * @param command command type.
     * @param account account.
     * @param clOrdId ClOrdID.
     * @param orderId order id, 0 when none.
     * @param symbol  command symbol.
     * @param owner   command owner.
     * @return an ACCEPTED event.
     */
    public static Ev accepted(
        final long seq, final CommandType command, final String account, final String clOrdId, final long orderId,
        final String symbol, final String owner)
    {
        return new Ev(seq, EventType.ACCEPTED, command, account, clOrdId, "", owner, symbol, orderId, null, -1,
            null, 0, 0, 0, 0, "", "", 0, "", "", 0, null, 0, 0, List.of(), List.of());
    }

    /**
     * @param seq      sequence.
     * @param command  command type.
     * @param account  account.
     * @param clOrdId  ClOrdID.
     * @param reason   why.
     * @param legIndex leg at fault or -1.
     * @return a REJECTED event.
     */
    public static Ev rejected(
        final long seq, final CommandType command, final String account, final String clOrdId,
        final RejectReason reason, final int legIndex)
    {
        return new Ev(seq, EventType.REJECTED, command, account, clOrdId, "", "", "", 0, reason, legIndex, null,
            0, 0, 0, 0, "", "", 0, "", "", 0, null, 0, 0, List.of(), List.of());
    }

    /**
     * @param seq           sequence.
     * @param symbol        instrument.
     * @param tradeId       trade id.
     * @param price         price.
     * @param qty           qty.
     * @param buyAccount    buyer.
     * @param buyClOrdId    buyer's ClOrdID.
     * @param buyOrderId    buyer's order id.
     * @param sellAccount   seller.
     * @param sellClOrdId   seller's ClOrdID.
     * @param sellOrderId   seller's order id.
     * @param aggressor     incoming side.
     * @param priceDecimals price decimals.
     * @param qtyDecimals   qty decimals.
     * @return a TRADE event.
     */
    public static Ev trade(
        final long seq, final String symbol, final long tradeId, final long price, final long qty,
        final String buyAccount, final String buyClOrdId, final long buyOrderId, final String sellAccount,
        final String sellClOrdId, final long sellOrderId, final Side aggressor, final int priceDecimals,
        final int qtyDecimals)
    {
        return new Ev(seq, EventType.TRADE, null, "", "", "", "", symbol, 0, null, -1, null, 0, tradeId, price,
            qty, buyAccount, buyClOrdId, buyOrderId, sellAccount, sellClOrdId, sellOrderId, aggressor,
            priceDecimals, qtyDecimals, List.of(), List.of());
    }

    /**
     * @param seq           sequence.
     * @param account       account.
     * @param clOrdId       ClOrdID.
     * @param orderId       order id.
     * @param symbol        instrument.
     * @param leavesQty     open quantity when cancelled.
     * @param reason        why.
     * @param priceDecimals price decimals.
     * @param qtyDecimals   qty decimals.
     * @return a CANCELLED event.
     */
    public static Ev cancelled(
        final long seq, final String account, final String clOrdId, final long orderId, final String symbol,
        final long leavesQty, final CancelReason reason, final int priceDecimals, final int qtyDecimals)
    {
        return new Ev(seq, EventType.CANCELLED, null, account, clOrdId, "", "", symbol, orderId, null, -1, reason,
            leavesQty, 0, 0, 0, "", "", 0, "", "", 0, null, priceDecimals, qtyDecimals, List.of(), List.of());
    }

    /**
     * @param seq           sequence.
     * @param account       account.
     * @param clOrdId       new ClOrdID.
     * @param origClOrdId   previous ClOrdID.
     * @param orderId       order id.
     * @param symbol        instrument.
     * @param price         new price.
     * @param qty           new total.
     * @param priceDecimals price decimals.
     * @param qtyDecimals   qty decimals.
     * @return a REPLACED event.
     */
    public static Ev replaced(
        final long seq, final String account, final String clOrdId, final String origClOrdId, final long orderId,
        final String symbol, final long price, final long qty, final int priceDecimals, final int qtyDecimals)
    {
        return new Ev(seq, EventType.REPLACED, null, account, clOrdId, origClOrdId, "", symbol, orderId, null, -1,
            null, 0, 0, price, qty, "", "", 0, "", "", 0, null, priceDecimals, qtyDecimals, List.of(), List.of());
    }

    /**
     * @param seq           sequence.
     * @param symbol        instrument.
     * @param bids          bid levels, best first.
     * @param asks          ask levels, best first.
     * @param priceDecimals price decimals.
     * @param qtyDecimals   qty decimals.
     * @return a BOOK event.
     */
    public static Ev book(
        final long seq, final String symbol, final List<Level> bids, final List<Level> asks,
        final int priceDecimals, final int qtyDecimals)
    {
        return new Ev(seq, EventType.BOOK, null, "", "", "", "", symbol, 0, null, -1, null, 0, 0, 0, 0, "", "", 0,
            "", "", 0, null, priceDecimals, qtyDecimals, List.copyOf(bids), List.copyOf(asks));
    }

    /** @return whether this is an ACCEPTED or REJECTED event. */
    public boolean isOutcome()
    {
        return type == EventType.ACCEPTED || type == EventType.REJECTED;
    }

    /** @return the readable form with every id and the sequence, for model comparisons. */
    public String full()
    {
        final String ids;
        switch (type)
        {
            case ACCEPTED:
            case CANCELLED:
            case REPLACED:
                ids = " #" + orderId;
                break;
            case TRADE:
                ids = " trade#" + tradeId + " buy#" + buyOrderId + " sell#" + sellOrderId;
                break;
            default:
                ids = "";
                break;
        }
        return "[" + sequence + "] " + this + ids;
    }

    /** @return the short readable form, without engine ids. */
    @Override
    public String toString()
    {
        switch (type)
        {
            case ACCEPTED:
                return account.isEmpty() ? join("ACCEPTED", command.name(), symbol, owner) :
                    join("ACCEPTED", account, clOrdId);
            case REJECTED:
                return join("REJECTED", account, clOrdId, reason.name()) + (legIndex >= 0 ? " leg=" + legIndex : "");
            case TRADE:
                return "TRADE " + symbol + " " + qtyText(qty) + "@" + priceText(price) + " buy=" + buyAccount + "/" +
                    buyClOrdId + " sell=" + sellAccount + "/" + sellClOrdId + " aggressor=" + aggressor;
            case CANCELLED:
                return "CANCELLED " + account + "/" + clOrdId + " " + symbol + " leaves=" + qtyText(leavesQty) + " " +
                    cancelReason;
            case REPLACED:
                return "REPLACED " + account + "/" + clOrdId + " was=" + origClOrdId + " " + symbol + " " +
                    qtyText(qty) + "@" + priceText(price);
            case HALTED:
            case RESUMED:
            case CLOSED:
            case EXPIRED:
                return type + " " + symbol;
            case BOOK:
            default:
                return "BOOK " + symbol + " bids=" + levelsText(bids) + " asks=" + levelsText(asks);
        }
    }

    private String priceText(final long value)
    {
        return FixedPoint.toString(value, priceDecimals);
    }

    private String qtyText(final long value)
    {
        return FixedPoint.toString(value, qtyDecimals);
    }

    private String levelsText(final List<Level> levels)
    {
        final StringBuilder text = new StringBuilder("[");
        for (final Level level : levels)
        {
            text.append(text.length() > 1 ? ", " : "")
                .append(qtyText(level.qty())).append('@').append(priceText(level.price()))
                .append('(').append(level.orders()).append(')');
        }
        return text.append(']').toString();
    }

    private static String join(final String... parts)
    {
        final StringBuilder text = new StringBuilder();
        for (final String part : parts)
        {
            if (!part.isEmpty())
            {
                text.append(text.length() > 0 ? " " : "").append(part);
            }
        }
        return text.toString();
    }
}
