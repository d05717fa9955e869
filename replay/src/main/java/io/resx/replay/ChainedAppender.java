package io.resx.replay;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Writes {@link JournalRecord}s to one Chronicle queue, each chained to the one before by {@link ChainHash}: the
 * part the {@code commands} and the {@code events} journals share. The caller writes a record's body at
 * {@link JournalRecord#HEADER_LENGTH} of {@link #buffer()}, then calls {@link #write}. Single writer.
 */
final class ChainedAppender implements AutoCloseable
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final ChainHash chainHash;
    private final long lostTailBytes;
    private byte[] record;
    private final UnsafeBuffer recordBuffer;
    private long lastHash;
    private long lastSequence;
    private long lastTimestampNs;
    private long lastIndex;

    /**
     * @param context       the journal's settings.
     * @param end           its last verified record ({@link JournalPosition#START} for a new journal).
     * @param maxBodyLength the largest body to write at first (the buffer grows on demand).
     */
    ChainedAppender(final JournalContext context, final JournalPosition end, final int maxBodyLength)
    {
        queue = JournalFiles.open(context, false);
        lostTailBytes = JournalTail.repair(queue);
        appender = queue.createAppender();
        appender.singleThreadedCheckDisabled(true);
        chainHash = context.chainHash();
        record = new byte[JournalRecord.length(maxBodyLength)];
        recordBuffer = new UnsafeBuffer(record);
        lastHash = end.hash();
        lastSequence = end.sequence();
        lastTimestampNs = end.timestampNs();
        lastIndex = end.index();
    }

    /** @return the record buffer: write the body at {@link JournalRecord#HEADER_LENGTH}. */
    UnsafeBuffer buffer()
    {
        return recordBuffer;
    }

    /**
     * Makes the buffer hold a body of {@code bodyLength} bytes, keeping nothing of what it held (call it before
     * writing the body). Grows only for a body larger than any before: no allocation in the steady state.
     *
     * @param bodyLength the body's largest length.
     */
    void ensureBody(final int bodyLength)
    {
        final int needed = JournalRecord.length(bodyLength);
        if (needed > record.length)
        {
            record = new byte[Math.max(needed, record.length * 2)];
            recordBuffer.wrap(record);
        }
    }

    /**
     * Frames, chains and appends the body already in the buffer.
     *
     * @param type        {@link JournalRecord#COMMAND}, {@link JournalRecord#EVENTS} or {@link JournalRecord#CUT}.
     * @param sequence    the record's sequence number.
     * @param timestampNs its sequencer time.
     * @param bodyLength  the body's length.
     */
    void write(final int type, final long sequence, final long timestampNs, final int bodyLength)
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
        lastSequence = sequence;
        lastTimestampNs = timestampNs;
    }

    /** Forces what was appended to the storage device. */
    void sync()
    {
        appender.sync();
    }

    /** @return the sequence of the last record appended (or the one opened after). */
    long lastSequence()
    {
        return lastSequence;
    }

    /** @return bytes Chronicle would have appended past a hole a power cut left at the readable end (0 normally). */
    long lostTailBytes()
    {
        return lostTailBytes;
    }

    /** @return the position of the last record appended (or the one opened after). */
    JournalPosition position()
    {
        return new JournalPosition(lastIndex, lastSequence, lastTimestampNs, lastHash);
    }

    @Override
    public void close()
    {
        appender.close();
        queue.close();
    }
}
