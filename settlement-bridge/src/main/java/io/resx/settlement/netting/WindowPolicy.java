package io.resx.settlement.netting;

/**
 * When a settlement window closes. Both limits are measured on the journal (trade counts and the sequencer
 * times of the commands), never on a wall clock, so a replay closes the same windows.
 * <ul>
 *   <li>{@code maxTrades}: the window closes after the command that brings it to at least this many trades
 *       (a command's trades — a sweep, a bundle's legs — are never split across two batches).</li>
 *   <li>{@code maxNanos}: the window closes before the first command whose time is at least this long after the
 *       window's first trade.</li>
 * </ul>
 *
 * @param maxTrades trades per window, 0 for no count limit.
 * @param maxNanos  window length in nanoseconds of journal time, 0 for no time limit.
 */
public record WindowPolicy(int maxTrades, long maxNanos)
{
    /** Checks the limits. */
    public WindowPolicy
    {
        if (maxTrades < 0 || maxNanos < 0 || (maxTrades == 0 && maxNanos == 0))
        {
            throw new IllegalArgumentException("a settlement window needs a trade count or a duration (or both), " +
                "each positive: maxTrades " + maxTrades + ", maxNanos " + maxNanos);
        }
    }

    /**
     * @param trades trades per window, 0 for none.
     * @param millis window length in milliseconds, 0 for none.
     * @return the policy.
     */
    public static WindowPolicy of(final int trades, final long millis)
    {
        return new WindowPolicy(trades, Math.multiplyExact(millis, 1_000_000L));
    }
}
