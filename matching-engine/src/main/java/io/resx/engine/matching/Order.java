package io.resx.engine.matching;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.Side;
import io.resx.protocol.text.AsciiKey;
import io.resx.risk.Account;

/**
 * An order, pooled by {@link OrderPool}: a node in its price level's FIFO queue while it rests, and the
 * aggressor's working state while it matches. Quantities are fixed-point; {@code qty} is the total the client
 * asked for (FIX OrderQty), {@code filled} what has traded, so the open quantity is their difference.
 */
public final class Order
{
    final AsciiKey clOrdId = new AsciiKey(Command.MAX_ID_LENGTH);
    long orderId;
    Account account;
    Side side;
    long price;
    long qty;
    long filled;
    boolean postOnly;
    /** The tag of the connection that placed it when that one has cancel-on-disconnect on, else 0. */
    long sessionTag;

    OrderBook book;
    PriceLevel level;
    Order prev;
    Order next;

    Order()
    {
    }

    /** @return the engine's order id. */
    public long orderId()
    {
        return orderId;
    }

    /** @return the ClOrdID that currently names the order. */
    public AsciiKey clOrdId()
    {
        return clOrdId;
    }

    /** @return the owning account. */
    public Account account()
    {
        return account;
    }

    /** @return side. */
    public Side side()
    {
        return side;
    }

    /** @return limit price, fixed-point. */
    public long price()
    {
        return price;
    }

    /** @return total quantity asked for, fixed-point. */
    public long qty()
    {
        return qty;
    }

    /** @return quantity traded so far, fixed-point. */
    public long filled()
    {
        return filled;
    }

    /** @return quantity still open, fixed-point. */
    public long open()
    {
        return qty - filled;
    }

    /** @return whether the order may only add liquidity. */
    public boolean postOnly()
    {
        return postOnly;
    }

    /** @return the tag of the connection that placed it (cancel-on-disconnect), or 0. */
    public long sessionTag()
    {
        return sessionTag;
    }

    /** @return the order behind this one at its price level, or null; only while resting. */
    public Order next()
    {
        return next;
    }

    /** @return the book the order rests in, or null while it is only an aggressor. */
    public OrderBook book()
    {
        return book;
    }

    void init(final long orderId, final Account account, final AsciiKey clOrdId, final Side side, final long price,
        final long qty, final boolean postOnly)
    {
        this.orderId = orderId;
        this.account = account;
        this.clOrdId.set(clOrdId);
        this.side = side;
        this.price = price;
        this.qty = qty;
        this.filled = 0;
        this.postOnly = postOnly;
        this.sessionTag = 0;
        this.book = null;
        this.level = null;
        this.prev = null;
        this.next = null;
    }
}
