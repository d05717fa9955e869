package io.resx.protocol.instrument;

/**
 * Text that is not a ResX instrument symbol. The message names the part that is wrong and why, and is printable
 * ASCII of bounded length so that an edge can pass it on as reject detail; {@link #problem()} is the same
 * finding for code.
 */
public final class SymbolFormatException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    /** What is wrong with the text. */
    public enum Problem
    {
        /** No characters at all. */
        EMPTY,
        /** More than {@link InstrumentSymbol#MAX_LENGTH} characters. */
        TOO_LONG,
        /** A character no symbol may hold: only {@code A-Z 0-9 . - @ / :} are allowed. */
        ILLEGAL_CHARACTER,
        /** The text before the first dot is not {@code SPEC}, {@code COMP} or {@code ENRG}. */
        UNKNOWN_DOMAIN,
        /** Parts missing or extra: the text does not have the shape of its domain's symbols. */
        MALFORMED,
        /** A channel edge that is not a positive MHz value with at most one decimal, below 1,000,000 MHz. */
        BAD_FREQUENCY,
        /** A channel whose low edge is not below its high edge. */
        CHANNEL_ORDER,
        /** A location, compute class, region or node that is empty, too long or not upper-case code. */
        BAD_CODE,
        /** An energy unit other than {@code KWH}. */
        UNKNOWN_UNIT,
        /** An energy symbol without its delivery interval. */
        MISSING_DELIVERY_INTERVAL,
        /** A slot start that is not {@code yyyy-MM-ddTHH:mmZ} or names no real date and time. */
        BAD_SLOT_START,
        /** A slot duration that is not {@code P<n>D}, {@code PT<n>H} or {@code PT<n>M}, too long, or off the grid. */
        BAD_SLOT_DURATION,
        /** A slot duration of zero. */
        DURATION_NOT_POSITIVE,
        /** A slot start that is not a whole number of durations after midnight UTC. */
        SLOT_MISALIGNED,
        /** A valid value written in other than its one canonical form, such as {@code 03550} or {@code PT60M}. */
        NOT_CANONICAL
    }

    private final Problem problem;

    /**
     * @param problem what is wrong.
     * @param symbol  the symbol text as far as it is safe to echo, or null to leave it out of the message.
     * @param detail  what is wrong and where, for people.
     */
    SymbolFormatException(final Problem problem, final String symbol, final String detail)
    {
        super(null == symbol ? detail : symbol + ": " + detail);
        this.problem = problem;
    }

    /** @return what is wrong. */
    public Problem problem()
    {
        return problem;
    }
}
