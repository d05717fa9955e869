package io.resx.settlement.bridge;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential back-off with jitter: attempt n waits between half and all of
 * {@code min(maxMs, baseMs × 2^(n-1))}, so retries of many clients spread out and one client never waits longer than
 * the cap. Every retry waits (the pause is not applied once and then forgotten).
 */
public final class Backoff
{
    private final long baseMs;
    private final long maxMs;

    /**
     * @param baseMs the first pause, milliseconds, positive.
     * @param maxMs  the cap, milliseconds, at least {@code baseMs}.
     */
    public Backoff(final long baseMs, final long maxMs)
    {
        if (baseMs <= 0 || maxMs < baseMs)
        {
            throw new IllegalArgumentException("back-off needs 0 < base <= max: " + baseMs + ", " + maxMs);
        }
        this.baseMs = baseMs;
        this.maxMs = maxMs;
    }

    /**
     * @param attempt failures in a row so far, at least 1.
     * @return how long to wait before the next try, milliseconds, in [cap/2, cap].
     */
    public long delayMs(final int attempt)
    {
        final int shift = Math.min(Math.max(attempt, 1) - 1, 30);
        final long cap = Math.min(maxMs, baseMs << shift);
        final long half = cap / 2;
        return half + ThreadLocalRandom.current().nextLong(cap - half + 1);
    }

    /** @return the cap, milliseconds. */
    public long maxMs()
    {
        return maxMs;
    }
}
