package io.resx.engine.node;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.time.Instant;

/**
 * The sequencer's clock of {@code resx serve}: the system clock, or — for tests and demos of another day
 * ({@code clock.start}) — a clock that starts at a given moment when the server starts and runs at the real rate.
 * Either way it reaches the engine only as journaled stamps, so a replay never reads it.
 */
public final class ExchangeClock
{
    private ExchangeClock()
    {
    }

    /**
     * @param start the moment the clock shows at start-up, or null for the system clock.
     * @return the clock.
     */
    public static EpochNanoClock of(final Instant start)
    {
        if (start == null)
        {
            return new OffsetEpochNanoClock();
        }
        final long startNs = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        final long baseNs = System.nanoTime();
        return () -> startNs + (System.nanoTime() - baseNs);
    }
}
