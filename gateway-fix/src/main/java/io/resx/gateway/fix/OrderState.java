package io.resx.gateway.fix;

import io.resx.protocol.FixedPoint;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * What the gateway knows of one of its open orders, fed only from the engine's events: the engine keeps no
 * CumQty or AvgPx. Owned by the gateway agent thread.
 */
final class OrderState
{
    final long orderId;
    final int sessionId;
    final String account;
    final char side;
    final boolean bundle;
    String symbol;
    String clOrdId;
    String origClOrdId;
    long orderQty;
    long price;
    long cumQty;
    private BigInteger notional = BigInteger.ZERO;

    OrderState(
        final long orderId, final int sessionId, final String account, final String symbol, final char side,
        final boolean bundle, final String clOrdId, final long orderQty, final long price)
    {
        this.orderId = orderId;
        this.sessionId = sessionId;
        this.account = account;
        this.symbol = symbol;
        this.side = side;
        this.bundle = bundle;
        this.clOrdId = clOrdId;
        this.orderQty = orderQty;
        this.price = price;
    }

    /**
     * @param lastPx fill price, fixed-point.
     * @param lastQty fill quantity, fixed-point.
     */
    void fill(final long lastPx, final long lastQty)
    {
        cumQty += lastQty;
        notional = notional.add(BigInteger.valueOf(lastPx).multiply(BigInteger.valueOf(lastQty)));
    }

    /** @return open quantity, fixed-point. */
    long leavesQty()
    {
        return Math.max(0, orderQty - cumQty);
    }

    /** @return whether nothing is left open. */
    boolean isFilled()
    {
        return cumQty >= orderQty;
    }

    /** @return OrdStatus (39) of a live order: 0 New, 1 PartiallyFilled, 2 Filled. */
    char ordStatus()
    {
        if (cumQty == 0)
        {
            return '0';
        }
        return isFilled() ? '2' : '1';
    }

    /** @return AvgPx (6) as exact decimal text, 0 before any fill. */
    String avgPx()
    {
        if (cumQty == 0)
        {
            return "0";
        }
        final BigInteger fixed = new BigDecimal(notional).divide(BigDecimal.valueOf(cumQty), 0, RoundingMode.HALF_EVEN)
            .toBigIntegerExact();
        return FixMessages.decimal(fixed.longValue());
    }

    @Override
    public String toString()
    {
        return "OrderState[" + orderId + " " + clOrdId + " " + account + " " + symbol + " " + side + " qty=" +
            FixedPoint.toString(orderQty, FixedPoint.SCALE) + " cum=" + FixedPoint.toString(cumQty, FixedPoint.SCALE) +
            "]";
    }
}
