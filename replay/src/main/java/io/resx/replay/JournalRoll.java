package io.resx.replay;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/** How often the journal starts a new file: each file holds the commands of one period, in UTC. */
public enum JournalRoll
{
    /** A file per five minutes: for tests and very busy venues. */
    FIVE_MINUTELY(RollCycles.FIVE_MINUTELY),
    /** A file per hour: the default. */
    HOURLY(RollCycles.FAST_HOURLY),
    /** A file per day. */
    DAILY(RollCycles.FAST_DAILY);

    private final RollCycles cycle;

    JournalRoll(final RollCycles cycle)
    {
        this.cycle = cycle;
    }

    /** @return Chronicle Queue's roll cycle. */
    public RollCycle rollCycle()
    {
        return cycle;
    }

    /** @return length of one period in milliseconds. */
    public long lengthMs()
    {
        return cycle.lengthInMillis();
    }
}
