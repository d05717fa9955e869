package io.resx.engine.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How idle pipeline threads wait. On a machine with fewer cores than pipeline threads, spinning starves the
 * thread that has work, so the default is {@link #BLOCKING}; {@link #YIELDING} suits benchmarks and
 * {@link #BUSY_SPIN} only machines with a free core per stage.
 */
public enum WaitStrategyKind
{
    /** Lock and condition: no CPU while idle, a few microseconds to wake. */
    BLOCKING,
    /** Spin, then yield, then park briefly: little CPU while idle. */
    SLEEPING,
    /** Spin, then yield: lowest latency that still shares a core. */
    YIELDING,
    /** Spin only: a core per thread. */
    BUSY_SPIN;

    /** @return a new Disruptor wait strategy of this kind. */
    public WaitStrategy create()
    {
        switch (this)
        {
            case SLEEPING:
                return new SleepingWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            default:
                return new BlockingWaitStrategy();
        }
    }
}
