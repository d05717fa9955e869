package io.resx.gateway.common;

/**
 * A token bucket: {@code perSecond} messages a second on average, bursts up to one second's worth. One per
 * session, so a flood from one session is rejected at its own door and cannot starve the others.
 */
public final class RateLimiter
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long perSecond;
    private final long capacityNanoTokens;
    private long nanoTokens;
    private long lastNs;

    /**
     * @param perSecond messages per second.
     * @param nowNs     the current time.
     */
    public RateLimiter(final int perSecond, final long nowNs)
    {
        this.perSecond = perSecond;
        this.capacityNanoTokens = perSecond * NANOS_PER_SECOND;
        this.nanoTokens = capacityNanoTokens;
        this.lastNs = nowNs;
    }

    /**
     * @param nowNs the current time, monotonic.
     * @return whether one more message is allowed now (and takes its token).
     */
    public synchronized boolean tryAcquire(final long nowNs)
    {
        final long elapsedNs = Math.max(0, nowNs - lastNs);
        lastNs = nowNs;
        // tokens are counted in nano-tokens (token x 1e9) so refilling needs no division or floating point
        nanoTokens = Math.min(capacityNanoTokens, nanoTokens + Math.min(elapsedNs, NANOS_PER_SECOND) * perSecond);
        if (nanoTokens >= NANOS_PER_SECOND)
        {
            nanoTokens -= NANOS_PER_SECOND;
            return true;
        }
        return false;
    }

    /** @return messages per second allowed. */
    public long perSecond()
    {
        return perSecond;
    }
}
