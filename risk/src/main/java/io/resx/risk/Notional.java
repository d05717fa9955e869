package io.resx.risk;

import io.resx.protocol.FixedPoint;

/**
 * Fixed-point products with 128-bit care: price × quantity (both up to 10^18 as longs) needs up to 120 bits, so
 * every product is taken with {@link Math#multiplyHigh} and refused, not wrapped, when it does not fit.
 */
public final class Notional
{
    /** Returned by {@link #of} when the product does not fit. */
    public static final long OVERFLOW = -1;

    private Notional()
    {
    }

    /**
     * @param price fixed-point price, non-negative.
     * @param qty   fixed-point quantity, non-negative.
     * @return price × qty in cash micro-units (truncated below one micro-unit), or {@link #OVERFLOW} when the
     *         raw product reaches 2^63.
     */
    public static long of(final long price, final long qty)
    {
        final long low = price * qty;
        if (Math.multiplyHigh(price, qty) != 0 || low < 0)
        {
            return OVERFLOW;
        }
        return low / FixedPoint.ONE;
    }

    /**
     * value × fraction, saturating at {@link Long#MAX_VALUE} instead of overflowing: for credit from collateral.
     *
     * @param value    non-negative fixed-point value.
     * @param fraction non-negative fixed-point ratio.
     * @return the product, fixed-point.
     */
    public static long scale(final long value, final long fraction)
    {
        final long product = of(value, fraction);
        return product == OVERFLOW ? Long.MAX_VALUE : product;
    }

    /**
     * Compares a × b with c × d exactly, for non-negative operands.
     *
     * @return negative, zero or positive as a × b is below, equal to or above c × d.
     */
    public static int compareProducts(final long a, final long b, final long c, final long d)
    {
        final long high1 = Math.multiplyHigh(a, b);
        final long high2 = Math.multiplyHigh(c, d);
        if (high1 != high2)
        {
            return Long.compare(high1, high2);
        }
        return Long.compareUnsigned(a * b, c * d);
    }
}
