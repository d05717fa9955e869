package io.resx.replay;

import io.resx.protocol.codec.CommandCodec;
import io.resx.protocol.command.Command;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The journal stage on Chronicle Queue: appends each sequenced command as one {@link JournalRecord}, chained
 * by {@link ChainHash}, and makes it as durable as {@link Durability} says before the stage passes it (the
 * pipeline releases a batch's outcomes only after {@link #flush()} at its end).
 * <p>
 * Single writer: after opening, only the journal stage's thread appends (the Disruptor's start orders the
 * hand-over). Open it only at the end of a verified journal ({@link JournalReader} gives that position), so
 * that the chain and the sequence numbers carry on.
 */
public final class ChronicleCommandJournal implements CommandJournal
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final CommandCodec codec = new CommandCodec();
    private final ChainHash chainHash;
    private final byte[] record = new byte[JournalRecord.length(CommandCodec.MAX_ENCODED_LENGTH)];
    private final UnsafeBuffer recordBuffer = new UnsafeBuffer(record);
    private final boolean sync;
    private final long lostTailBytes;
    private final int syncEveryCommands;
    private final long syncEveryNs;
    private long lastHash;
    private long lastSequence;
    private long lastIndex;
    private int unsynced;
    private long firstUnsyncedNs;

    private ChronicleCommandJournal(final JournalContext context, final JournalPosition end)
    {
        queue = JournalFiles.open(context, false);
        lostTailBytes = JournalTail.repair(queue);
        appender = queue.createAppender();
        appender.singleThreadedCheckDisabled(true);
        chainHash = context.chainHash();
        sync = context.durability() == Durability.SYNC;
        syncEveryCommands = context.syncEveryCommands();
        syncEveryNs = context.syncEveryMicros() * 1_000;
        lastHash = end.hash();
        lastSequence = end.sequence();
        lastIndex = end.index();
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
        if (command.sequence() != lastSequence + 1)
        {
            throw new IllegalStateException("journal expects sequence " + (lastSequence + 1) + ", got " +
                command.sequence());
        }
        final int bodyLength = codec.encode(command, recordBuffer, JournalRecord.HEADER_LENGTH);
        write(JournalRecord.COMMAND, command.sequence(), command.timestampNs(), bodyLength);
        lastSequence = command.sequence();
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
        recordBuffer.putLong(JournalRecord.HEADER_LENGTH, tornIndex, LE);
        write(JournalRecord.CUT, lastSequence, timestampNs, Long.BYTES);
        sync();
    }

    /**
     * @return bytes between the journal's last readable document and where Chronicle would have appended, when a
     * power cut left a hole there (0 normally): appending now starts right after the readable end.
     */
    public long lostTailBytes()
    {
        return lostTailBytes;
    }

    /** @return the position of the last record appended (or the one opened after). */
    public JournalPosition position()
    {
        return new JournalPosition(lastIndex, lastSequence, 0, lastHash);
    }

    @Override
    public void flush()
    {
        if (sync && unsynced > 0)
        {
            sync();
        }
    }

    @Override
    public void close()
    {
        flush();
        appender.close();
        queue.close();
    }

    private void write(final int type, final long sequence, final long timestampNs, final int bodyLength)
    {
        recordBuffer.putByte(JournalRecord.VERSION_OFFSET, (byte)JournalRecord.VERSION);
        recordBuffer.putByte(JournalRecord.TYPE_OFFSET, (byte)type);
        recordBuffer.putShort(JournalRecord.TYPE_OFFSET + 1, (short)0, LE);
        recordBuffer.putInt(JournalRecord.BODY_LENGTH_OFFSET, bodyLength, LE);
        recordBuffer.putLong(JournalRecord.SEQUENCE_OFFSET, sequence, LE);
        recordBuffer.putLong(JournalRecord.TIMESTAMP_OFFSET, timestampNs, LE);
        final int hashed = JournalRecord.HEADER_LENGTH + bodyLength;
        final long hash = chainHash.hash(lastHash, recordBuffer, 0, hashed);
        recordBuffer.putLong(hashed, hash, LE);
        try (DocumentContext document = appender.writingDocument())
        {
            final Bytes<?> bytes = document.wire().bytes();
            bytes.write(record, 0, hashed + JournalRecord.TRAILER_LENGTH);
        }
        lastIndex = appender.lastIndexAppended();
        lastHash = hash;
    }

    private void sync()
    {
        appender.sync();
        unsynced = 0;
    }
}
