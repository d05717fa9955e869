package io.resx.protocol;

/**
 * A decimal string that cannot become a fixed-point long; {@link #problem()} says why, so edges can reject
 * with a specific reason.
 */
public final class FixedPointFormatException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    /** What is wrong with the text. */
    public enum Problem
    {
        /** Not a plain decimal number. */
        MALFORMED,
        /** More fraction digits than {@link FixedPoint#SCALE}. */
        TOO_MANY_DECIMALS,
        /** Magnitude above {@link FixedPoint#MAX_UNITS}. */
        OVERFLOW
    }

    private final Problem problem;

    /**
     * @param problem what is wrong.
     * @param text    the offending text.
     */
    public FixedPointFormatException(final Problem problem, final CharSequence text)
    {
        super(describe(problem, text));
        this.problem = problem;
    }

    /** @return what is wrong. */
    public Problem problem()
    {
        return problem;
    }

    private static String describe(final Problem problem, final CharSequence text)
    {
        switch (problem)
        {
            case TOO_MANY_DECIMALS:
                return "'" + text + "' has more than " + FixedPoint.SCALE + " decimals";
            case OVERFLOW:
                return "'" + text + "' exceeds the largest accepted value " + FixedPoint.MAX_UNITS;
            default:
                return "'" + text + "' is not a decimal number";
        }
    }
}
