package io.resx.engine.node;

/**
 * Work the engine agent does on its duty cycle at given times, by commands only: the market clock's ticks and
 * listings. It runs on the sequencer's single producer thread, so its commands need no lock.
 */
public interface DutyTimer
{
    /**
     * @param nowNs     the sequencer's clock.
     * @param submitter where its commands go.
     * @return work done (commands submitted), for the idle strategy.
     */
    int onTime(long nowNs, CommandSubmitter submitter);
}
