package io.resx.settlement.bridge;

import org.slf4j.Logger;

/**
 * A WARN line at most once per interval, with the count of the lines held back since the last one: a retry loop
 * that fails every round says so without flooding the log.
 */
public final class RateLimitedLog
{
    private final Logger log;
    private final long intervalMs;
    private long lastMs = Long.MIN_VALUE / 2;
    private long suppressed;

    /**
     * @param log        where to write.
     * @param intervalMs least time between two lines, milliseconds.
     */
    public RateLimitedLog(final Logger log, final long intervalMs)
    {
        this.log = log;
        this.intervalMs = intervalMs;
    }

    /**
     * @param nowMs   a monotonic clock, milliseconds.
     * @param message the line (slf4j pattern).
     * @param args    its arguments.
     * @return whether the line was written.
     */
    public boolean warn(final long nowMs, final String message, final Object... args)
    {
        if (nowMs - lastMs < intervalMs)
        {
            suppressed++;
            return false;
        }
        if (suppressed > 0)
        {
            log.warn(message + " ({} similar lines held back)", append(args, suppressed));
        }
        else
        {
            log.warn(message, args);
        }
        lastMs = nowMs;
        suppressed = 0;
        return true;
    }

    /** @return lines held back since the last one written. */
    public long suppressed()
    {
        return suppressed;
    }

    private static Object[] append(final Object[] args, final long extra)
    {
        final Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = extra;
        return out;
    }
}
