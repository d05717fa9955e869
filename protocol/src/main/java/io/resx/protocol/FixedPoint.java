package io.resx.protocol;

/**
 * Fixed-point decimals: every price (cash per unit) and quantity (units) inside ResX is a {@code long} holding
 * the value times 10^{@value #SCALE} — the six decimals of the cash token. Decimal strings exist only at the
 * edges; this class is the one way to cross that edge.
 * <p>
 * Parsing accepts an optional leading {@code -}, digits, and an optional fraction of at most {@value #SCALE}
 * digits; nothing else (no exponent, no {@code +}, no blanks). Values whose magnitude exceeds
 * {@link #MAX_UNITS} are overflow: the cap keeps sums of a level's orders and price × quantity products
 * within reach of checked {@code long} arithmetic.
 */
public final class FixedPoint
{
    /** Decimal digits after the point held in every fixed-point long. */
    public static final int SCALE = 6;
    /** 10^SCALE: the long holding exactly one unit. */
    public static final long ONE = 1_000_000L;
    /** Largest accepted magnitude, in whole units (10^12). */
    public static final long MAX_UNITS = 1_000_000_000_000L;
    /** Largest accepted magnitude as a fixed-point long. */
    public static final long MAX_VALUE = MAX_UNITS * ONE;

    private FixedPoint()
    {
    }

    /**
     * Parses a decimal string.
     *
     * @param text decimal such as {@code "10.25"}.
     * @return the value times 10^SCALE.
     * @throws FixedPointFormatException naming what is wrong: malformed, too many decimals, or overflow.
     */
    public static long parse(final CharSequence text)
    {
        final int n = text.length();
        if (n == 0)
        {
            throw new FixedPointFormatException(FixedPointFormatException.Problem.MALFORMED, text);
        }
        int i = 0;
        final boolean negative = text.charAt(0) == '-';
        if (negative)
        {
            i++;
        }
        long units = 0;
        int intDigits = 0;
        boolean overflow = false;
        while (i < n && isDigit(text.charAt(i)))
        {
            units = units * 10 + (text.charAt(i) - '0');
            if (units > MAX_UNITS)
            {
                overflow = true;
                units = MAX_UNITS + 1;
            }
            intDigits++;
            i++;
        }
        long fraction = 0;
        int fractionDigits = 0;
        boolean tooPrecise = false;
        if (i < n && text.charAt(i) == '.')
        {
            i++;
            final int fractionStart = i;
            while (i < n && isDigit(text.charAt(i)))
            {
                if (fractionDigits < SCALE)
                {
                    fraction = fraction * 10 + (text.charAt(i) - '0');
                    fractionDigits++;
                }
                else if (text.charAt(i) != '0')
                {
                    tooPrecise = true; // zeros past the sixth decimal change nothing; other digits would be lost
                }
                i++;
            }
            if (i == fractionStart)
            {
                throw new FixedPointFormatException(FixedPointFormatException.Problem.MALFORMED, text);
            }
        }
        if (i != n || intDigits == 0)
        {
            throw new FixedPointFormatException(FixedPointFormatException.Problem.MALFORMED, text);
        }
        if (tooPrecise)
        {
            throw new FixedPointFormatException(FixedPointFormatException.Problem.TOO_MANY_DECIMALS, text);
        }
        for (int d = fractionDigits; d < SCALE; d++)
        {
            fraction *= 10;
        }
        final long value = units * ONE + fraction;
        if (overflow || value > MAX_VALUE)
        {
            throw new FixedPointFormatException(FixedPointFormatException.Problem.OVERFLOW, text);
        }
        return negative ? -value : value;
    }

    /**
     * Formats a fixed-point value with exactly {@code decimals} fraction digits (no point when zero).
     *
     * @param value    fixed-point long.
     * @param decimals fraction digits to print, 0..SCALE; digits beyond them must be zero for an exact result.
     * @param out      appended to.
     * @return {@code out}.
     */
    public static StringBuilder format(final long value, final int decimals, final StringBuilder out)
    {
        if (value < 0)
        {
            out.append('-');
        }
        final long abs = Math.abs(value);
        out.append(abs / ONE);
        if (decimals > 0)
        {
            out.append('.');
            long fraction = abs % ONE;
            for (int d = decimals; d < SCALE; d++)
            {
                fraction /= 10;
            }
            long divisor = 1;
            for (int d = 1; d < decimals; d++)
            {
                divisor *= 10;
            }
            for (; divisor > 0; divisor /= 10)
            {
                out.append((char)('0' + (fraction / divisor) % 10));
            }
        }
        return out;
    }

    /**
     * @param value    fixed-point long.
     * @param decimals fraction digits to print.
     * @return the decimal string.
     */
    public static String toString(final long value, final int decimals)
    {
        return format(value, decimals, new StringBuilder(24)).toString();
    }

    /**
     * The fraction digits needed to print every multiple of {@code increment} exactly: 2 for a tick of 0.01 or
     * 0.05, 0 for a lot of 1.
     *
     * @param increment a positive fixed-point tick or lot size.
     * @return 0..SCALE.
     */
    public static int decimalsOf(final long increment)
    {
        int decimals = SCALE;
        long v = increment;
        while (decimals > 0 && v % 10 == 0)
        {
            v /= 10;
            decimals--;
        }
        return decimals;
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }
}
