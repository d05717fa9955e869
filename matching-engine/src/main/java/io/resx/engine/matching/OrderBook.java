package io.resx.engine.matching;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Side;
import io.resx.protocol.text.AsciiKey;

/**
 * The price-time priority limit order book of one instrument, and its market-data view: aggregated levels,
 * best bid and ask, last trade.
 * <p>
 * Single writer: only the engine thread changes a book. Its read-only methods may be called by another
 * thread only once the engine has stopped (the batch summary does), never while it runs.
 */
public final class OrderBook
{
    private final int instrumentId;
    private final AsciiKey symbol;
    private final long tick;
    private final long lot;
    private final int priceDecimals;
    private final int qtyDecimals;
    private final BookSide bids = new BookSide(Side.BUY);
    private final BookSide asks = new BookSide(Side.SELL);
    private long lastPrice;
    private long lastQty;
    private long tradeCount;
    private boolean halted;
    private final long closeNs;
    private final long endNs;
    private boolean closed;

    /**
     * An instrument that never expires (an ownership).
     *
     * @param instrumentId dense 0-based id, in listing order.
     * @param symbol       the instrument's symbol (kept, not copied).
     * @param tick         price increment, fixed-point, positive.
     * @param lot          quantity increment, fixed-point, positive.
     */
    public OrderBook(final int instrumentId, final AsciiKey symbol, final long tick, final long lot)
    {
        this(instrumentId, symbol, tick, lot, NEVER, NEVER);
    }

    /**
     * @param instrumentId dense 0-based id, in listing order.
     * @param symbol       the instrument's symbol (kept, not copied).
     * @param tick         price increment, fixed-point, positive.
     * @param lot          quantity increment, fixed-point, positive.
     * @param closeNs      gate closure, exchange time in nanoseconds since the epoch ({@link #NEVER}: none).
     * @param endNs        end of the slot or delivery interval, at or after {@code closeNs} ({@link #NEVER}: none).
     */
    public OrderBook(
        final int instrumentId, final AsciiKey symbol, final long tick, final long lot, final long closeNs,
        final long endNs)
    {
        this.instrumentId = instrumentId;
        this.symbol = symbol;
        this.tick = tick;
        this.lot = lot;
        this.priceDecimals = FixedPoint.decimalsOf(tick);
        this.qtyDecimals = FixedPoint.decimalsOf(lot);
        this.closeNs = closeNs;
        this.endNs = endNs;
    }

    /** The time of an instrument that never closes or ends: ownerships. */
    public static final long NEVER = Long.MAX_VALUE;

    /** @return gate closure in exchange nanoseconds since the epoch: trading stops then; {@link #NEVER} if none. */
    public long closeNs()
    {
        return closeNs;
    }

    /** @return the end of the slot in exchange nanoseconds since the epoch: the book expires then; or NEVER. */
    public long endNs()
    {
        return endNs;
    }

    /** @return whether a clock tick at or after gate closure has closed the book (its resting orders cancelled). */
    public boolean closed()
    {
        return closed;
    }

    void closed(final boolean closed)
    {
        this.closed = closed;
    }

    /**
     * @param nowNs exchange time of the command at hand (its sequencer stamp).
     * @return whether the book no longer trades at {@code nowNs}: closed by a tick, or past its gate closure
     *     already (an order stamped after closure is refused even before the tick that cancels the resting ones).
     */
    public boolean closedAt(final long nowNs)
    {
        return closed || nowNs >= closeNs;
    }

    /** @return whether an admin halted the book: it takes no new orders, replaces or bundle legs. */
    public boolean halted()
    {
        return halted;
    }

    /** @param halted true to halt the book, false to resume it. */
    void halted(final boolean halted)
    {
        this.halted = halted;
    }

    /** @return dense 0-based id, in listing order. */
    public int instrumentId()
    {
        return instrumentId;
    }

    /** @return the instrument's symbol. */
    public AsciiKey symbol()
    {
        return symbol;
    }

    /** @return price increment, fixed-point. */
    public long tick()
    {
        return tick;
    }

    /** @return quantity increment, fixed-point. */
    public long lot()
    {
        return lot;
    }

    /** @return decimals needed to print any price on tick. */
    public int priceDecimals()
    {
        return priceDecimals;
    }

    /** @return decimals needed to print any quantity on lot. */
    public int qtyDecimals()
    {
        return qtyDecimals;
    }

    /**
     * @param side BUY for bids, SELL for asks.
     * @return that side of the book.
     */
    public BookSide side(final Side side)
    {
        return side == Side.BUY ? bids : asks;
    }

    /** @return bids, best first. */
    public BookSide bids()
    {
        return bids;
    }

    /** @return asks, best first. */
    public BookSide asks()
    {
        return asks;
    }

    /** @return price of the last trade, fixed-point; 0 before the first. */
    public long lastPrice()
    {
        return lastPrice;
    }

    /** @return quantity of the last trade, fixed-point; 0 before the first. */
    public long lastQty()
    {
        return lastQty;
    }

    /** @return trades since listing. */
    public long tradeCount()
    {
        return tradeCount;
    }

    void recordTrade(final long price, final long qty)
    {
        lastPrice = price;
        lastQty = qty;
        tradeCount++;
    }

    void restoreMarketData(final long lastPrice, final long lastQty, final long tradeCount)
    {
        this.lastPrice = lastPrice;
        this.lastQty = lastQty;
        this.tradeCount = tradeCount;
    }

    void rest(final Order order)
    {
        order.book = this;
        final BookSide side = side(order.side);
        side.getOrCreate(order.price).append(order);
        side.addOpenQty(order.open());
    }

    void unlink(final Order order)
    {
        final PriceLevel level = order.level;
        final BookSide side = side(order.side);
        side.addOpenQty(-order.open());
        level.unlink(order);
        if (level.orderCount == 0)
        {
            side.remove(level);
        }
        order.book = null;
    }

    /**
     * Takes open quantity off a resting order's level and side; the caller changes the order's own quantities.
     *
     * @param order a resting order.
     * @param qty   quantity no longer open: filled, or cut by a replace that keeps priority.
     */
    void reduceOpen(final Order order, final long qty)
    {
        order.level.openQty -= qty;
        side(order.side).addOpenQty(-qty);
    }
}
