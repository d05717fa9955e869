package io.resx.replay;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.posix.PosixAPI;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes {@link JournalRecord}s to one Chronicle queue, each chained to the one before by {@link ChainHash}: the
 * part the {@code commands} and the {@code events} journals share. Records are gathered and written as one
 * Chronicle document per {@link #commit()} (the journals commit at the end of each pipeline batch), bounded by
 * {@link #MAX_DOCUMENT_BYTES} and {@link #MAX_DOCUMENT_RECORDS}: Chronicle's cost per document (header, index,
 * write lock) is paid once per batch instead of once per record, while the hash chain still runs over every record.
 * <p>
 * The caller makes room with {@link #ensureBody}, writes a record's body at {@link #bodyOffset()} of
 * {@link #buffer()}, then calls {@link #write}. Single writer.
 */
final class ChainedAppender implements AutoCloseable
{
    /** A document is committed once it holds this many bytes of records (a record larger is a document alone). */
    static final int MAX_DOCUMENT_BYTES = 64 * 1024;
    /** ... or this many records. */
    static final int MAX_DOCUMENT_RECORDS = 512;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final Logger LOG = LoggerFactory.getLogger(ChainedAppender.class);
    /**
     * Whether a thread per journal populates its pages ahead of the writer ({@link JournalPretoucher}); system
     * property {@code resx.journal.pretouch}; by default on with four cores or more, like the parallel pipeline
     * layout: on the 2-core VM it measured no gain (the thread takes the CPU the producer needs; docs/JOURNAL.md).
     */
    static final boolean PRETOUCH = Boolean.parseBoolean(System.getProperty("resx.journal.pretouch",
        String.valueOf(Runtime.getRuntime().availableProcessors() >= 4)));

    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final ChainHash chainHash;
    private final long lostTailBytes;
    // Off the heap, so that Chronicle copies a document into the mapped file with one memcpy (from a byte[] it
    // copies in a Java loop: a fifth of the journal's time in a profile, docs/PERFORMANCE.md "Pipeline layout").
    private ByteBuffer batch;
    private BytesStore<?, ByteBuffer> batchStore;
    private final UnsafeBuffer batchBuffer;
    private int batchLength;
    private int batchRecords;
    private long lastHash;
    private long lastSequence;
    private long lastTimestampNs;
    private long lastIndex;
    private final JournalPretoucher pretoucher;
    private final AgentRunner pretouchRunner;

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
        batch = ByteBuffer.allocateDirect(MAX_DOCUMENT_BYTES + JournalRecord.length(maxBodyLength));
        batchStore = BytesStore.wrap(batch);
        batchBuffer = new UnsafeBuffer(batch);
        lastHash = end.hash();
        lastSequence = end.sequence();
        lastTimestampNs = end.timestampNs();
        lastIndex = end.index();
        pretoucher = new JournalPretoucher(context.directory().getFileName().toString(), PosixAPI.posix());
        if (PRETOUCH)
        {
            pretouchRunner = new AgentRunner(new SleepingMillisIdleStrategy(1),
                ex -> LOG.warn("journal {}: pre-touching pages failed; the writer faults them in itself",
                    context.directory(), ex), null, pretoucher);
            AgentRunner.startOnThread(pretouchRunner, ChainedAppender::daemon);
        }
        else
        {
            pretouchRunner = null;
        }
    }

    private static Thread daemon(final Runnable runnable)
    {
        final Thread thread = new Thread(runnable);
        thread.setDaemon(true); // an appender left open must not keep the JVM alive
        return thread;
    }

    /** @return the buffer the document is gathered in: write the next record's body at {@link #bodyOffset()}. */
    UnsafeBuffer buffer()
    {
        return batchBuffer;
    }

    /** @return where in {@link #buffer()} the next record's body goes. */
    int bodyOffset()
    {
        return batchLength + JournalRecord.HEADER_LENGTH;
    }

    /**
     * Makes room for a next record with a body of up to {@code bodyLength} bytes (call it before writing the body).
     * Grows only for a record larger than any before: no allocation in the steady state.
     *
     * @param bodyLength the body's largest length.
     */
    void ensureBody(final int bodyLength)
    {
        final int needed = batchLength + JournalRecord.length(bodyLength);
        if (needed > batch.capacity())
        {
            final ByteBuffer grown = ByteBuffer.allocateDirect(Math.max(needed, batch.capacity() * 2));
            batchBuffer.getBytes(0, grown, 0, batchLength);
            batchStore.releaseLast();
            batch = grown;
            batchStore = BytesStore.wrap(batch);
            batchBuffer.wrap(batch);
        }
    }

    /**
     * Frames and chains the body already in the buffer at {@link #bodyOffset()}; it reaches the queue with the
     * document, at {@link #commit()} or once the document is full.
     *
     * @param type        {@link JournalRecord#COMMAND}, {@link JournalRecord#EVENTS} or {@link JournalRecord#CUT}.
     * @param sequence    the record's sequence number.
     * @param timestampNs its sequencer time.
     * @param bodyLength  the body's length.
     */
    void write(final int type, final long sequence, final long timestampNs, final int bodyLength)
    {
        final int at = batchLength;
        batchBuffer.putByte(at + JournalRecord.VERSION_OFFSET, (byte)JournalRecord.VERSION);
        batchBuffer.putByte(at + JournalRecord.TYPE_OFFSET, (byte)type);
        batchBuffer.putShort(at + JournalRecord.TYPE_OFFSET + 1, (short)0, LE);
        batchBuffer.putInt(at + JournalRecord.BODY_LENGTH_OFFSET, bodyLength, LE);
        batchBuffer.putLong(at + JournalRecord.SEQUENCE_OFFSET, sequence, LE);
        batchBuffer.putLong(at + JournalRecord.TIMESTAMP_OFFSET, timestampNs, LE);
        final int hashed = JournalRecord.HEADER_LENGTH + bodyLength;
        final long hash = chainHash.hash(lastHash, batchBuffer, at, hashed);
        batchBuffer.putLong(at + hashed, hash, LE);
        batchLength = at + hashed + JournalRecord.TRAILER_LENGTH;
        batchRecords++;
        lastHash = hash;
        lastSequence = sequence;
        lastTimestampNs = timestampNs;
        if (batchLength >= MAX_DOCUMENT_BYTES || batchRecords >= MAX_DOCUMENT_RECORDS)
        {
            commit();
        }
    }

    /** Writes the records gathered since the last commit as one Chronicle document (nothing when there are none). */
    void commit()
    {
        if (batchRecords == 0)
        {
            return;
        }
        try (DocumentContext document = appender.writingDocument())
        {
            final Bytes<?> bytes = document.wire().bytes();
            bytes.write(batchStore, 0L, (long)batchLength);
            publishPosition(bytes);
        }
        lastIndex = appender.lastIndexAppended();
        batchLength = 0;
        batchRecords = 0;
    }

    /** Tells the pre-toucher where the next document goes in the mapped chunk, and where the chunk ends. */
    private void publishPosition(final Bytes<?> bytes)
    {
        if (bytes.bytesStore() instanceof MappedBytesStore chunk)
        {
            final long position = bytes.writePosition();
            if (position < chunk.safeLimit())
            {
                final long address = chunk.addressForWrite(position);
                pretoucher.publish(address, address + (chunk.safeLimit() - position));
            }
        }
    }

    /** @return the pre-toucher of this journal's pages (tests). */
    JournalPretoucher pretoucher()
    {
        return pretoucher;
    }

    /** Commits, then forces what was appended to the storage device. */
    void sync()
    {
        commit();
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

    /** @return the position of the last record appended (or the one opened after); commits first. */
    JournalPosition position()
    {
        commit();
        return new JournalPosition(lastIndex, lastSequence, lastTimestampNs, lastHash);
    }

    @Override
    public void close()
    {
        CloseHelper.quietClose(pretouchRunner); // before Chronicle unmaps what it populates
        commit();
        appender.close();
        queue.close();
        batchStore.releaseLast();
    }
}
