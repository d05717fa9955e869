package io.resx.gateway.common.marketdata;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.Side;

/**
 * One instrument's market by price, as built from the {@code events} queue by {@link BookBuilder}: both sides'
 * price levels (open quantity and order count) and the last trade. Owned by the thread that applies outcomes.
 */
public final class L2Book
{
    private final String symbol;
    private final long tick;
    private final long lot;
    private final int priceDecimals;
    private final int qtyDecimals;
    private final DepthSide bids = new DepthSide(Side.BUY);
    private final DepthSide asks = new DepthSide(Side.SELL);
    private long lastPrice = Command.ABSENT;
    private long lastQty;
    private long trades;
    private long sequence;
    private boolean closed;
    private boolean expired;

    L2Book(final String symbol, final long tick, final long lot)
    {
        this.symbol = symbol;
        this.tick = tick;
        this.lot = lot;
        this.priceDecimals = FixedPoint.decimalsOf(tick);
        this.qtyDecimals = FixedPoint.decimalsOf(lot);
    }

    /** @return the instrument's symbol. */
    public String symbol()
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

    /** @return decimals the tick needs: how prices are quoted. */
    public int priceDecimals()
    {
        return priceDecimals;
    }

    /** @return decimals the lot needs: how quantities are quoted. */
    public int qtyDecimals()
    {
        return qtyDecimals;
    }

    /**
     * @param side which side.
     * @return that side's levels.
     */
    public DepthSide side(final Side side)
    {
        return side == Side.BUY ? bids : asks;
    }

    /** @return the bid levels, highest first. */
    public DepthSide bids()
    {
        return bids;
    }

    /** @return the ask levels, lowest first. */
    public DepthSide asks()
    {
        return asks;
    }

    /** @return the last trade's price, fixed-point, or {@link Command#ABSENT} before the first trade. */
    public long lastPrice()
    {
        return lastPrice;
    }

    /** @return the last trade's quantity, fixed-point. */
    public long lastQty()
    {
        return lastQty;
    }

    /** @return sequence of the last command that changed this book (its levels, last trade or state). */
    public long sequence()
    {
        return sequence;
    }

    /** @return whether the instrument reached its gate closure: it trades no more. */
    public boolean closed()
    {
        return closed;
    }

    /** @return whether the instrument's slot ended: its book left the engine. */
    public boolean expired()
    {
        return expired;
    }

    void trade(final long price, final long qty)
    {
        lastPrice = price;
        lastQty = qty;
        trades++;
    }

    /** @return trades on this book since it was listed. */
    public long tradeCount()
    {
        return trades;
    }

    void sequence(final long sequence)
    {
        this.sequence = sequence;
    }

    void close()
    {
        closed = true;
    }

    void expire()
    {
        closed = true;
        expired = true;
        bids.clear();
        asks.clear();
    }

    /**
     * @param depth at most this many levels per side.
     * @return an immutable copy for other threads.
     */
    public BookSnapshot snapshot(final int depth)
    {
        return new BookSnapshot(symbol, sequence, priceDecimals, qtyDecimals, BookSnapshot.levels(bids, depth),
            BookSnapshot.levels(asks, depth), lastPrice, lastQty, closed, expired);
    }
}
