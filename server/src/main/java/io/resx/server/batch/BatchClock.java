package io.resx.server.batch;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.RejectReason;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The sequencer's clock in a batch run: a batch file is history, so its time is part of the file. It starts at the
 * epoch (before every slot) and moves only at a {@code tick} line with a {@code time}, which the sequencer then
 * stamps with that time, as every line after it until the next. The same file therefore gives the same events on
 * any day. Time never goes back: a tick to an earlier time is refused {@code INVALID_TIME}.
 */
final class BatchClock implements EpochNanoClock
{
    private long nowNs;

    /**
     * Called by the batch's filler once a line is read into its ring slot, before the sequencer stamps it.
     *
     * @param command the command just read.
     */
    void onRead(final Command command)
    {
        if (command.type() != CommandType.TICK || command.atNs() == Command.ABSENT)
        {
            return;
        }
        if (command.atNs() < nowNs)
        {
            command.invalid(RejectReason.INVALID_TIME, "tick time is before the batch clock's current time");
            return;
        }
        nowNs = command.atNs();
    }

    @Override
    public long nanoTime()
    {
        return nowNs;
    }
}
