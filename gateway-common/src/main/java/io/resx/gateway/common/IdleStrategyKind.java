package io.resx.gateway.common;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How an idle agent waits between duty cycles (the engine's input agent, a gateway's outcome agent, the embedded
 * media driver), as Agrona's idle strategies. {@link #BACKOFF} suits a machine whose cores are shared with other
 * work (the default: a 2-core box runs more threads than it has cores); {@link #YIELDING} gives up the core at once
 * but wakes in about a microsecond; {@link #BUSY_SPIN} only suits a core dedicated to the agent.
 */
public enum IdleStrategyKind
{
    /** Spin 100 times, yield 10 times, then park from 1 µs up to 100 µs: little CPU while idle. */
    BACKOFF("backoff"),
    /** {@code Thread.yield()} whenever idle: the core goes to other threads, wake-up within a scheduler slice. */
    YIELDING("yielding"),
    /** Spin (with {@code Thread.onSpinWait}): the lowest latency, a whole core while idle. */
    BUSY_SPIN("busy-spin");

    private static final long MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long MAX_PARK_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private final String settingValue;

    IdleStrategyKind(final String settingValue)
    {
        this.settingValue = settingValue;
    }

    /** @return the value that names this kind in a setting ({@code backoff}, {@code yielding}, {@code busy-spin}). */
    public String settingValue()
    {
        return settingValue;
    }

    /** @return a new idle strategy of this kind (strategies keep state: one per agent). */
    public IdleStrategy create()
    {
        return switch (this)
        {
            case YIELDING -> new YieldingIdleStrategy();
            case BUSY_SPIN -> new BusySpinIdleStrategy();
            case BACKOFF -> new BackoffIdleStrategy(100, 10, MIN_PARK_NS, MAX_PARK_NS);
        };
    }

    /**
     * @param setting the setting's name, for the error.
     * @param value   its value: {@code backoff}, {@code yielding} or {@code busy-spin} (any case).
     * @return the kind it names.
     * @throws IllegalArgumentException naming the setting, the bad value and the accepted ones.
     */
    public static IdleStrategyKind parse(final String setting, final String value)
    {
        final String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (final IdleStrategyKind kind : values())
        {
            if (kind.settingValue.equals(wanted))
            {
                return kind;
            }
        }
        throw new IllegalArgumentException(setting + " must be backoff, yielding or busy-spin, not '" + value + "'");
    }
}
