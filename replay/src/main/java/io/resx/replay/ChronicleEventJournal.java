package io.resx.replay;

import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;

/**
 * The {@code events} queue's writer: appends each command's outcome (the command as sequenced and every event it
 * caused) as one {@link JournalRecord#EVENTS} record (a batch's records in one Chronicle document), under the command's sequence and timestamp, chained by
 * {@link ChainHash} like the commands journal. It is derived data: replaying {@code commands} through the same
 * engine writes the same bytes, which is how recovery completes it and how {@code audit verify} checks it.
 * <p>
 * Single writer: the pipeline's publisher. {@link #flush()} at the end of each batch makes the batch as durable
 * as {@link Durability} says before any of its outcomes leaves for a gateway.
 */
public final class ChronicleEventJournal implements EventJournal
{
    private final ChainedAppender appender;
    private final GatewayCodec codec = new GatewayCodec();
    private final boolean sync;
    private boolean unsynced;
    private boolean closed;

    private ChronicleEventJournal(final JournalContext context, final JournalPosition end)
    {
        appender = new ChainedAppender(context, end, 64 * 1024);
        sync = context.durability() == Durability.SYNC;
    }

    /**
     * @param context the events queue's settings ({@link JournalContext#events()}).
     * @param end     its last verified record ({@link JournalPosition#START} for a new queue).
     * @return the queue, open for appending after {@code end}.
     */
    public static ChronicleEventJournal open(final JournalContext context, final JournalPosition end)
    {
        return new ChronicleEventJournal(context, end);
    }

    /**
     * Appends one command's outcome.
     *
     * @param command the command as sequenced.
     * @param events  what it caused.
     * @throws IllegalStateException when the command does not follow the last one appended.
     */
    @Override
    public void append(final Command command, final EventLog events)
    {
        if (command.sequence() != appender.lastSequence() + 1)
        {
            throw new IllegalStateException("events queue expects sequence " + (appender.lastSequence() + 1) +
                ", got " + command.sequence());
        }
        appender.ensureBody(GatewayCodec.maxOutcomeLength(events));
        final int bodyLength = codec.encodeSequenced(appender.buffer(), appender.bodyOffset(), command, events);
        appender.write(JournalRecord.EVENTS, command.sequence(), command.timestampNs(), bodyLength);
        unsynced = true;
    }

    /**
     * Marks a torn last record as cut, as {@link ChronicleCommandJournal#cut} does for commands: start-up calls it
     * once, before the pipeline starts, when a crash interrupted the write of an outcome.
     *
     * @param tornIndex   the torn record's Chronicle index.
     * @param timestampNs when the cut was made.
     */
    public void cut(final long tornIndex, final long timestampNs)
    {
        appender.commit();
        appender.ensureBody(Long.BYTES);
        appender.buffer().putLong(appender.bodyOffset(), tornIndex, java.nio.ByteOrder.LITTLE_ENDIAN);
        appender.write(JournalRecord.CUT, appender.lastSequence(), timestampNs, Long.BYTES);
        appender.sync();
    }

    /** Makes everything appended so far as durable as configured: called at the end of each batch. */
    @Override
    public void flush()
    {
        if (sync && unsynced)
        {
            appender.sync();
        }
        else
        {
            appender.commit();
        }
        unsynced = false;
    }

    /** @return the sequence of the last outcome appended (or the one opened after). */
    public long lastSequence()
    {
        return appender.lastSequence();
    }

    /** @return the position of the last record appended (or the one opened after). */
    public JournalPosition position()
    {
        return appender.position();
    }

    /** Idempotent: the pipeline closes it when it drains, the start-up that opened it closes it again. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            flush();
            appender.close();
        }
    }
}
