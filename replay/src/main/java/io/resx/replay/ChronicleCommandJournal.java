package io.resx.replay;

import io.resx.protocol.codec.CommandCodec;
import io.resx.protocol.command.Command;

import java.nio.ByteOrder;

/**
 * The journal stage on Chronicle Queue: appends each sequenced command as one {@link JournalRecord}, chained
 * by {@link ChainHash}, the records of one pipeline batch in one Chronicle document written at {@link #flush()},
 * and makes them as durable as {@link Durability} says before the stage passes them (the pipeline releases a
 * batch's outcomes only after {@link #flush()} at its end, so a document torn by a crash held nothing a client
 * saw acknowledged).
 * <p>
 * Single writer: after opening, only the journal stage's thread appends (the Disruptor's start orders the
 * hand-over). Open it only at the end of a verified journal ({@link JournalReader} gives that position), so
 * that the chain and the sequence numbers carry on.
 */
public final class ChronicleCommandJournal implements CommandJournal
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final ChainedAppender appender;
    private final CommandCodec codec = new CommandCodec();
    private final boolean sync;
    private final int syncEveryCommands;
    private final long syncEveryNs;
    private int unsynced;
    private long firstUnsyncedNs;

    private ChronicleCommandJournal(final JournalContext context, final JournalPosition end)
    {
        appender = new ChainedAppender(context, end, CommandCodec.MAX_ENCODED_LENGTH);
        sync = context.durability() == Durability.SYNC;
        syncEveryCommands = context.syncEveryCommands();
        syncEveryNs = context.syncEveryMicros() * 1_000;
    }

    /**
     * Opens a journal for appending after {@code end}.
     *
     * @param context the journal's settings.
     * @param end     its last verified record ({@link JournalPosition#START} for a new journal).
     * @return the open journal.
     */
    public static ChronicleCommandJournal open(final JournalContext context, final JournalPosition end)
    {
        return new ChronicleCommandJournal(context, end);
    }

    @Override
    public void append(final Command command)
    {
        if (command.sequence() != appender.lastSequence() + 1)
        {
            throw new IllegalStateException("journal expects sequence " + (appender.lastSequence() + 1) + ", got " +
                command.sequence());
        }
        appender.ensureBody(CommandCodec.MAX_ENCODED_LENGTH);
        final int bodyLength = codec.encode(command, appender.buffer(), appender.bodyOffset());
        appender.write(JournalRecord.COMMAND, command.sequence(), command.timestampNs(), bodyLength);
        if (sync)
        {
            if (unsynced++ == 0)
            {
                firstUnsyncedNs = System.nanoTime();
            }
            if (unsynced >= syncEveryCommands || System.nanoTime() - firstUnsyncedNs >= syncEveryNs)
            {
                sync();
            }
        }
    }

    /**
     * Marks a torn record as cut: recovery calls this once, before the pipeline starts, when
     * {@link JournalReader} found the journal's last record incomplete.
     *
     * @param tornIndex the torn record's Chronicle index.
     * @param timestampNs when the cut was made, nanoseconds since the epoch.
     */
    public void cut(final long tornIndex, final long timestampNs)
    {
        appender.commit();
        appender.ensureBody(Long.BYTES);
        appender.buffer().putLong(appender.bodyOffset(), tornIndex, LE);
        appender.write(JournalRecord.CUT, appender.lastSequence(), timestampNs, Long.BYTES);
        sync();
    }

    /**
     * @return bytes between the journal's last readable document and where Chronicle would have appended, when a
     * power cut left a hole there (0 normally): appending now starts right after the readable end.
     */
    public long lostTailBytes()
    {
        return appender.lostTailBytes();
    }

    /** @return the position of the last record appended (or the one opened after). */
    public JournalPosition position()
    {
        final JournalPosition position = appender.position();
        return new JournalPosition(position.index(), position.sequence(), 0, position.hash());
    }

    @Override
    public void flush()
    {
        if (sync && unsynced > 0)
        {
            sync();
        }
        else
        {
            appender.commit();
        }
    }

    @Override
    public void close()
    {
        flush();
        appender.close();
    }

    private void sync()
    {
        appender.sync();
        unsynced = 0;
    }

    /** @return the pre-toucher of this journal's pages (tests). */
    JournalPretoucher pretoucher()
    {
        return appender.pretoucher();
    }
}
