package io.resx.cluster;

import io.aeron.cluster.service.ClusterClock;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.util.concurrent.TimeUnit;

/**
 * The consensus module's clock, in nanoseconds: the wall clock plus a fixed offset. The leader stamps each log
 * entry with it, and that stamp is the exchange's time on every node (so replay and failover keep it). The offset
 * lets a test or a demo run the exchange on another day ({@code cluster.clockOffset}); every member must be given
 * the same one, so that a new leader's time goes on from the old one's.
 */
final class ExchangeClusterClock implements ClusterClock
{
    private final EpochNanoClock wall = new OffsetEpochNanoClock();
    private final long offsetNs;

    /**
     * @param offsetNs added to the wall clock.
     */
    ExchangeClusterClock(final long offsetNs)
    {
        this.offsetNs = offsetNs;
    }

    @Override
    public TimeUnit timeUnit()
    {
        return TimeUnit.NANOSECONDS;
    }

    @Override
    public long time()
    {
        return wall.nanoTime() + offsetNs;
    }

    @Override
    public long timeNanos()
    {
        return time();
    }
}
