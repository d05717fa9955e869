package io.resx.gateway.common.orders;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.CancelReason;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * What a gateway knows of one order, built only from the engine's outcomes (the engine keeps no CumQty or AvgPx).
 * Mutable, written only by its {@link OrderTracker} under the tracker's lock; readers get a {@link #view()}.
 * Quantities and prices are fixed-point ({@link FixedPoint#SCALE} decimals).
 */
public final class TrackedOrder
{
    private final long orderId;
    private final String account;
    private final String symbol;
    private final String firstSymbol;
    private final Side side;
    private final boolean bundle;
    private final long acceptedSequence;
    private String clOrdId;
    private String origClOrdId;
    private long price;
    private long orderQty;
    private long cumQty;
    private BigInteger notional = BigInteger.ZERO;
    private OrdStatus status = OrdStatus.NEW;
    private final long createdNs;
    private long updatedNs;
    private long lastSequence;
    private CancelReason cancelReason;

    TrackedOrder(
        final long orderId, final String account, final String symbol, final String firstSymbol, final Side side,
        final boolean bundle, final String clOrdId, final long price, final long orderQty,
        final long acceptedSequence, final long createdNs)
    {
        this.createdNs = createdNs;
        this.updatedNs = createdNs;
        this.lastSequence = acceptedSequence;
        this.orderId = orderId;
        this.account = account;
        this.symbol = symbol;
        this.firstSymbol = firstSymbol;
        this.side = side;
        this.bundle = bundle;
        this.clOrdId = clOrdId;
        this.price = price;
        this.orderQty = orderQty;
        this.acceptedSequence = acceptedSequence;
    }

    /**
     * Marks the moment of a change: the sequence and sequencer stamp of the outcome that made it.
     */
    void touch(final long sequence, final long timestampNs)
    {
        lastSequence = sequence;
        updatedNs = timestampNs;
    }

    void fill(final long lastPx, final long lastQty)
    {
        cumQty += lastQty;
        notional = notional.add(BigInteger.valueOf(lastPx).multiply(BigInteger.valueOf(lastQty)));
        status = cumQty >= orderQty ? OrdStatus.FILLED : OrdStatus.PARTIALLY_FILLED;
    }

    void replace(final String newClOrdId, final long newPrice, final long newQty)
    {
        origClOrdId = clOrdId;
        clOrdId = newClOrdId;
        price = newPrice;
        orderQty = newQty;
        if (!status.isTerminal())
        {
            status = cumQty == 0 ? OrdStatus.NEW : cumQty >= orderQty ? OrdStatus.FILLED : OrdStatus.PARTIALLY_FILLED;
        }
    }

    void end(final OrdStatus terminal, final CancelReason reason)
    {
        status = terminal;
        cancelReason = reason;
    }

    /** @return the sequencer stamp of the command that placed it, epoch nanoseconds. */
    public long createdNs()
    {
        return createdNs;
    }

    /** @return the sequencer stamp of the outcome that last changed it, epoch nanoseconds. */
    public long updatedNs()
    {
        return updatedNs;
    }

    /** @return the sequence of the outcome that last changed it. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** @return why it was cancelled or expired, or null while it has not been. */
    public CancelReason cancelReason()
    {
        return cancelReason;
    }

    /** @return the engine's order id. */
    public long orderId()
    {
        return orderId;
    }

    /** @return the account it trades for. */
    public String account()
    {
        return account;
    }

    /** @return its instrument; a bundle's legs joined by '+'. */
    public String symbol()
    {
        return symbol;
    }

    /** @return its instrument; a bundle's first leg. */
    public String firstSymbol()
    {
        return firstSymbol;
    }

    /** @return its side; a bundle's first leg's. */
    public Side side()
    {
        return side;
    }

    /** @return whether it is a bundle (all legs or none). */
    public boolean isBundle()
    {
        return bundle;
    }

    /** @return the sequence of the command that placed it. */
    public long acceptedSequence()
    {
        return acceptedSequence;
    }

    /** @return its current ClOrdID (a replace renames it). */
    public String clOrdId()
    {
        return clOrdId;
    }

    /** @return the ClOrdID before the last replace, or null. */
    public String origClOrdId()
    {
        return origClOrdId;
    }

    /** @return its limit, fixed-point, or {@link Command#ABSENT} (market orders, bundles). */
    public long price()
    {
        return price;
    }

    /** @return its total quantity (a bundle: the sum of its legs), fixed-point. */
    public long orderQty()
    {
        return orderQty;
    }

    /** @return quantity filled so far, fixed-point. */
    public long cumQty()
    {
        return cumQty;
    }

    /** @return quantity still open, fixed-point; 0 once it has ended. */
    public long leavesQty()
    {
        return status.isTerminal() ? 0 : Math.max(0, orderQty - cumQty);
    }

    /** @return its status. */
    public OrdStatus status()
    {
        return status;
    }

    /** @return the volume-weighted average fill price, fixed-point, rounded half-even; 0 before any fill. */
    public long avgPx()
    {
        if (cumQty == 0)
        {
            return 0;
        }
        return new BigDecimal(notional).divide(BigDecimal.valueOf(cumQty), 0, RoundingMode.HALF_EVEN)
            .longValueExact();
    }

    /** @return an immutable copy of its state now. */
    public OrderView view()
    {
        return new OrderView(orderId, account, symbol, firstSymbol, side, bundle, clOrdId, price, orderQty, cumQty,
            leavesQty(), avgPx(), status, createdNs, updatedNs, lastSequence, cancelReason);
    }

    @Override
    public String toString()
    {
        return view().toString();
    }
}
