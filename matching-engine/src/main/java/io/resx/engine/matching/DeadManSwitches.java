package io.resx.engine.matching;

import io.resx.risk.Account;

import java.util.Arrays;

/**
 * Each account's dead-man deadline (cancel-all-after), in exchange nanoseconds: set by a journaled CANCEL_ALL_AFTER
 * from its stamp, fired by the first journaled TICK at or after it. Held by account index in a plain array, with the
 * earliest deadline cached so that a TICK with nothing due costs one comparison.
 * <p>
 * Single writer: the engine's thread.
 */
public final class DeadManSwitches
{
    /** Marks an account with no switch armed. */
    public static final long DISARMED = Long.MAX_VALUE;
    /** The longest timeout accepted: one day, as Kraken's cancelAllOrdersAfter caps it at 86 400 s. */
    public static final long MAX_TIMEOUT_MS = 86_400_000L;

    private long[] deadlineNs = new long[0];
    private long earliestNs = DISARMED;
    private int armed;

    /** @return the earliest armed deadline, or {@link #DISARMED}. */
    public long earliestNs()
    {
        return earliestNs;
    }

    /** @return accounts with a switch armed. */
    public int armed()
    {
        return armed;
    }

    /**
     * @param account an account.
     * @return its deadline, or {@link #DISARMED}.
     */
    public long deadlineNs(final Account account)
    {
        final int index = account.index();
        return index < deadlineNs.length ? deadlineNs[index] : DISARMED;
    }

    void arm(final Account account, final long atNs)
    {
        final int index = account.index();
        if (index >= deadlineNs.length)
        {
            final int old = deadlineNs.length;
            deadlineNs = Arrays.copyOf(deadlineNs, Math.max(index + 1, old * 2));
            Arrays.fill(deadlineNs, old, deadlineNs.length, DISARMED);
        }
        if (deadlineNs[index] == DISARMED)
        {
            armed++;
        }
        final long previous = deadlineNs[index];
        deadlineNs[index] = atNs;
        if (atNs < earliestNs)
        {
            earliestNs = atNs;
        }
        else if (previous == earliestNs)
        {
            recomputeEarliest(); // a renewal moved the earliest deadline later
        }
    }

    void disarm(final Account account)
    {
        final int index = account.index();
        if (index < deadlineNs.length && deadlineNs[index] != DISARMED)
        {
            final long previous = deadlineNs[index];
            deadlineNs[index] = DISARMED;
            armed--;
            if (previous == earliestNs)
            {
                recomputeEarliest();
            }
        }
    }

    /** @return whether the account's switch is armed and its deadline is at or before {@code nowNs}. */
    boolean expired(final Account account, final long nowNs)
    {
        final int index = account.index();
        return index < deadlineNs.length && deadlineNs[index] <= nowNs;
    }

    private void recomputeEarliest()
    {
        long earliest = DISARMED;
        for (final long d : deadlineNs)
        {
            earliest = Math.min(earliest, d);
        }
        earliestNs = earliest;
    }
}
