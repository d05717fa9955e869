package io.resx.protocol;

/**
 * Price × quantity, the one way every part of ResX computes it (risk checks, the matcher's cash bound, netting,
 * the simulation): the exact 128-bit product ({@link Math#multiplyHigh}) divided by {@link FixedPoint#ONE},
 * rounded down. Both operands may take the whole {@link FixedPoint} range; the notional is valid when it fits the
 * cash range, {@code 0..}{@link FixedPoint#MAX_VALUE}. Allocation-free.
 */
public final class Notional
{
    /** Returned by {@link #of} when the notional does not fit the cash range. */
    public static final long OVERFLOW = -1;

    private static final long LOW_32 = 0xffff_ffffL;

    private Notional()
    {
    }

    /**
     * @param price fixed-point price, non-negative.
     * @param qty   fixed-point quantity, non-negative.
     * @return price × qty in cash micro-units (rounded down), or {@link #OVERFLOW} when above
     *         {@link FixedPoint#MAX_VALUE}.
     */
    public static long of(final long price, final long qty)
    {
        final long notional = floorProduct(price, qty);
        return notional > FixedPoint.MAX_VALUE ? OVERFLOW : notional;
    }

    /**
     * @param price fixed-point price, non-negative.
     * @param qty   fixed-point quantity, non-negative.
     * @return price × qty in cash micro-units (rounded down), saturating at {@link Long#MAX_VALUE}: for bounds
     *         that only compare (the cash a market buy may spend).
     */
    public static long saturated(final long price, final long qty)
    {
        return floorProduct(price, qty);
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
        return floorProduct(value, fraction);
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

    /**
     * floor(a × b / ONE) over 128 bits, by long division of the product's 32-bit digits by ONE (below 2^20, so no
     * partial remainder overflows); {@link Long#MAX_VALUE} when the quotient does not fit a long.
     */
    private static long floorProduct(final long a, final long b)
    {
        final long high = Math.multiplyHigh(a, b);
        final long low = a * b;
        if (high >= FixedPoint.ONE)
        {
            return Long.MAX_VALUE;
        }
        final long n1 = (high << 32) | (low >>> 32);
        final long q1 = n1 / FixedPoint.ONE;
        final long n0 = ((n1 % FixedPoint.ONE) << 32) | (low & LOW_32);
        final long q0 = n0 / FixedPoint.ONE;
        if (q1 > Integer.MAX_VALUE)
        {
            return Long.MAX_VALUE;
        }
        return (q1 << 32) + q0;
    }
}
