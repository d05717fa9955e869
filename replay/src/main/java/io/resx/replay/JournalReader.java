package io.resx.replay;

import io.resx.protocol.codec.CodecException;
import io.resx.protocol.codec.CommandCodec;
import io.resx.protocol.command.Command;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.resx.replay.JournalException.Kind;

/**
 * Reads a journal's commands in order, verifying as it goes: every record's format version, its hash chained
 * from the record before, and sequence numbers that follow one another. A record it cannot trust stops it
 * with a {@link JournalException} naming the record; it never skips one silently. The one exception is a torn
 * record that recovery has already cut (a {@link JournalRecord#CUT} record right after it names it): that is
 * skipped and listed in {@link #cuts()}.
 * <p>
 * A Chronicle document holds one record or the several of one pipeline batch ({@link JournalRecord}); the reader
 * walks the records of each in order, each checked on its own, and reads them in place in the memory-mapped file
 * (no copy) wherever a document lies in one mapped chunk. A record's {@link #position()} is its document's index
 * and its sequence. A damaged record makes the rest of its document unreadable: a {@link JournalRecord#CUT} names
 * the document, and the reader goes on after it.
 * <p>
 * Usage: {@link #open}, optionally {@link #startAfter}, then {@link #next()} until false, reading the current
 * record's {@link #sequence()}, {@link #timestampNs()} and {@link #command(Command)}. Not thread-safe: one
 * thread at a time, handed over with a happens-before (a thread start).
 */
public final class JournalReader implements AutoCloseable
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final JournalContext context;
    private final int recordType;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final ChainHash chainHash;
    private final CommandCodec codec = new CommandCodec();
    private final List<String> cuts = new ArrayList<>();
    /** Holds a document copied out of the queue when it cannot be read in place. */
    private byte[] copy = new byte[1024];
    /** The current document: in place in the mapped file, or {@link #copy}. */
    private final UnsafeBuffer documentBuffer = new UnsafeBuffer(copy);

    private int documentLength;
    private long documentIndex = -1;
    /** Offset of the current record in the document. */
    private int recordOffset;
    /** Offset of the record after it; {@link #documentLength} when the document has no more. */
    private int nextOffset;
    private int recordLength;
    private int bodyLength;
    private long index = -1;
    private long sequence;
    private long timestampNs;
    private long hash = ChainHash.GENESIS;
    private long badIndex = -1;

    private JournalReader(final JournalContext context, final int recordType)
    {
        this.context = context;
        this.recordType = recordType;
        queue = JournalFiles.open(context, true);
        tailer = queue.createTailer();
        // One thread at a time: a snapshotter opens its reader on the starting thread and hands it to its own.
        tailer.singleThreadedCheckDisabled(true);
        chainHash = context.chainHash();
    }

    /**
     * @param context the journal.
     * @return a reader positioned before the journal's first record.
     * @throws JournalException when the journal is missing or empty.
     */
    public static JournalReader open(final JournalContext context)
    {
        JournalFiles.requireData(context);
        return new JournalReader(context, JournalRecord.COMMAND);
    }

    /**
     * @param context    a journal.
     * @param recordType the type of record it holds besides cuts: {@link JournalRecord#COMMAND} or
     *                   {@link JournalRecord#EVENTS}.
     * @param live       true to follow a journal that may not exist yet (its directory is created).
     * @return a reader positioned before its first record.
     */
    static JournalReader open(final JournalContext context, final int recordType, final boolean live)
    {
        if (!live)
        {
            JournalFiles.requireData(context);
        }
        return new JournalReader(context, recordType);
    }

    /**
     * Opens a journal that may not have been written yet, to follow it as it grows (a snapshotter does).
     *
     * @param context the journal; its directory is created if missing.
     * @return a reader positioned before the journal's first record.
     */
    public static JournalReader openLive(final JournalContext context)
    {
        return new JournalReader(context, JournalRecord.COMMAND);
    }

    /**
     * @param context a journal.
     * @return whether it holds any journal file yet.
     */
    public static boolean exists(final JournalContext context)
    {
        return JournalFiles.hasData(context);
    }

    /**
     * Positions the reader after a known record, typically the one a snapshot covers, and checks that the
     * journal holds that very record.
     *
     * @param position a position this journal gave earlier.
     * @return this reader.
     * @throws JournalException when the journal no longer holds that record or holds another one there.
     */
    public JournalReader startAfter(final JournalPosition position)
    {
        if (position.isStart())
        {
            tailer.toStart();
            documentLength = 0;
            nextOffset = 0;
            return this;
        }
        if (!tailer.moveToIndex(position.index()) || !readDocument())
        {
            throw new JournalException(Kind.OUT_OF_RANGE, "journal " + context.directory() +
                " no longer holds the record of sequence " + position.sequence() + " (index " +
                Long.toHexString(position.index()) + ")");
        }
        final int at = findRecord(position.sequence());
        if (at < 0 || documentBuffer.getLong(at + recordLengthAt(at) - JournalRecord.TRAILER_LENGTH, LE) !=
            position.hash())
        {
            throw new JournalException(Kind.SNAPSHOT, "journal " + context.directory() + " holds another record " +
                "at index " + Long.toHexString(position.index()) + " than the one of sequence " +
                position.sequence() + " a snapshot covers: the snapshot belongs to another journal");
        }
        nextOffset = at + recordLengthAt(at);
        index = position.index();
        sequence = position.sequence();
        timestampNs = position.timestampNs();
        hash = position.hash();
        return this;
    }

    /**
     * Moves to the next command, verifying it.
     *
     * @return false at the end of the journal.
     * @throws JournalException when a record cannot be trusted: see {@link JournalException.Kind}.
     */
    public boolean next()
    {
        while (true)
        {
            if (nextOffset >= documentLength && !readDocument())
            {
                return false;
            }
            recordOffset = nextOffset;
            final long recordIndex = documentIndex;
            if (sequence == 0 && hash == ChainHash.GENESIS && recordSequence(recordOffset) != Long.MAX_VALUE &&
                recordSequence(recordOffset) > 1)
            {
                throw new JournalException(Kind.OUT_OF_RANGE, "journal " + context.directory() + " starts at " +
                    "sequence " + recordSequence(recordOffset) + ": older files were " +
                    "removed by retention, so it can only be read from a snapshot that covers them");
            }
            final String problem = problemWithRecord();
            if (problem != null)
            {
                skipIfCut(recordIndex, problem);
                continue;
            }
            nextOffset = recordOffset + recordLength;
            final int type = documentBuffer.getByte(recordOffset + JournalRecord.TYPE_OFFSET);
            final long recordSequence = documentBuffer.getLong(recordOffset + JournalRecord.SEQUENCE_OFFSET, LE);
            final long recordHash = documentBuffer.getLong(nextOffset - JournalRecord.TRAILER_LENGTH, LE);
            if (type == JournalRecord.CUT)
            {
                // A cut whose torn record is not visible (Chronicle never completed its header): nothing to skip.
                hash = recordHash;
                index = recordIndex;
                continue;
            }
            if (recordSequence != sequence + 1)
            {
                throw new JournalException(Kind.SEQUENCE_BROKEN, "journal " + context.directory() + ": record at " +
                    "index " + Long.toHexString(recordIndex) + " holds sequence " + recordSequence + " after " +
                    sequence + ": records are missing or out of order");
            }
            index = recordIndex;
            sequence = recordSequence;
            timestampNs = documentBuffer.getLong(recordOffset + JournalRecord.TIMESTAMP_OFFSET, LE);
            hash = recordHash;
            return true;
        }
    }

    /**
     * Decodes the current record's command.
     *
     * @param into reset, then filled; stamped with the record's sequence and time.
     * @return {@code into}.
     * @throws JournalException when the body, though its hash holds, is not a command this code can decode.
     */
    public Command command(final Command into)
    {
        try
        {
            codec.decode(documentBuffer, recordOffset + JournalRecord.HEADER_LENGTH, bodyLength, into);
        }
        catch (final CodecException ex)
        {
            throw new JournalException(Kind.CORRUPT, "journal " + context.directory() + ": command of sequence " +
                sequence + " cannot be decoded: " + ex.getMessage(), ex);
        }
        if (into.sequence() != sequence)
        {
            throw new JournalException(Kind.CORRUPT, "journal " + context.directory() + ": record of sequence " +
                sequence + " holds a command stamped " + into.sequence());
        }
        into.stamp(sequence, timestampNs);
        return into;
    }

    /** @return the current command's sequence number; 0 before the first. */
    public long sequence()
    {
        return sequence;
    }

    /** @return the current command's sequencer time, nanoseconds since the epoch. */
    public long timestampNs()
    {
        return timestampNs;
    }

    /** @return the current record's position: what a snapshot taken here covers. */
    public JournalPosition position()
    {
        return new JournalPosition(index, sequence, timestampNs, hash);
    }

    /** @return the index of the record that stopped the reader, or -1. */
    public long badIndex()
    {
        return badIndex;
    }

    /** @return a line per torn record that recovery had cut and this reader skipped. */
    public List<String> cuts()
    {
        return cuts;
    }

    /** @return the buffer holding the current record; its body starts at {@link #bodyOffset()}. */
    UnsafeBuffer recordBuffer()
    {
        return documentBuffer;
    }

    /** @return where the current record's body starts in {@link #recordBuffer()}. */
    int bodyOffset()
    {
        return recordOffset + JournalRecord.HEADER_LENGTH;
    }

    /** @return the current record's body length. */
    int bodyLength()
    {
        return bodyLength;
    }

    /** @return the directory read, for messages. */
    Path directory()
    {
        return context.directory();
    }

    /**
     * Positions the reader after the record of {@code wanted} (or at the start for 0) by a binary search over
     * the Chronicle indices of each cycle, so that a consumer can resume from a sequence number it stored without
     * reading the journal from its start. The chain is verified from that record on (its stored hash is taken
     * as given: what came before it was verified when it was written and read then).
     *
     * @param wanted the last sequence already consumed.
     * @return this reader.
     * @throws JournalException {@link Kind#OUT_OF_RANGE} when the journal does not hold that sequence.
     */
    JournalReader startAfterSequence(final long wanted)
    {
        if (wanted <= 0)
        {
            tailer.toStart();
            documentLength = 0;
            nextOffset = 0;
            return this;
        }
        final net.openhft.chronicle.queue.RollCycle rollCycle = queue.rollCycle();
        for (int cycle = queue.lastCycle(); cycle >= queue.firstCycle() && cycle != Integer.MIN_VALUE; cycle--)
        {
            long low = rollCycle.toIndex(cycle, 0);
            if (!tailer.moveToIndex(low) || !readDocument())
            {
                continue; // no such cycle (a gap between roll cycles)
            }
            if (recordSequence(0) > wanted)
            {
                continue;
            }
            long high = rollCycle.toIndex(cycle, rollCycle.maxMessagesPerCycle() - 1);
            // invariant: the record at low holds a sequence <= wanted
            while (low < high)
            {
                final long mid = low + (high - low + 1) / 2;
                if (tailer.moveToIndex(mid) && readDocument() && recordSequence(0) <= wanted)
                {
                    low = mid;
                }
                else
                {
                    high = mid - 1;
                }
            }
            final int at = tailer.moveToIndex(low) && readDocument() ? findRecord(wanted) : -1;
            if (at >= 0)
            {
                final int length = recordLengthAt(at);
                startAfter(new JournalPosition(low, wanted,
                    documentBuffer.getLong(at + JournalRecord.TIMESTAMP_OFFSET, LE),
                    documentBuffer.getLong(at + length - JournalRecord.TRAILER_LENGTH, LE)));
                return this;
            }
            break;
        }
        throw new JournalException(Kind.OUT_OF_RANGE, "journal " + context.directory() + " does not hold sequence " +
            wanted);
    }

    /** @return the sequence of the record at {@code offset} of the current document, or Long.MAX_VALUE. */
    private long recordSequence(final int offset)
    {
        return documentLength - offset >= JournalRecord.HEADER_LENGTH ?
            documentBuffer.getLong(offset + JournalRecord.SEQUENCE_OFFSET, LE) : Long.MAX_VALUE;
    }

    /** @return the length of the record at {@code offset} as its header says, or -1 when it cannot be whole. */
    private int recordLengthAt(final int offset)
    {
        final int remaining = documentLength - offset;
        if (remaining < JournalRecord.HEADER_LENGTH + JournalRecord.TRAILER_LENGTH)
        {
            return -1;
        }
        final int body = documentBuffer.getInt(offset + JournalRecord.BODY_LENGTH_OFFSET, LE);
        return body < 0 || body > remaining - JournalRecord.HEADER_LENGTH - JournalRecord.TRAILER_LENGTH ? -1 :
            JournalRecord.length(body);
    }

    /** @return the offset of the record of {@code wanted} in the current document, or -1 when it holds none. */
    private int findRecord(final long wanted)
    {
        for (int at = 0; at < documentLength; )
        {
            final int length = recordLengthAt(at);
            if (length < 0)
            {
                return -1;
            }
            if (recordSequence(at) == wanted)
            {
                return at;
            }
            at += length;
        }
        return -1;
    }

    @Override
    public void close()
    {
        tailer.close();
        queue.close();
    }

    /** Reads the next document: in place where it lies in one mapped chunk, else copied. */
    private boolean readDocument()
    {
        try (DocumentContext document = tailer.readingDocument())
        {
            if (!document.isPresent())
            {
                documentLength = 0;
                nextOffset = 0;
                return false;
            }
            final Bytes<?> bytes = document.wire().bytes();
            final int length = (int)bytes.readRemaining();
            final long start = bytes.readPosition();
            // The tailer keeps the chunk mapped until it reads elsewhere: the record is used only until then.
            if (bytes.bytesStore() instanceof MappedBytesStore store && store.inside(start, length))
            {
                documentBuffer.wrap(store.addressForRead(start), length);
            }
            else
            {
                if (length > copy.length)
                {
                    copy = new byte[Math.max(length, copy.length * 2)];
                }
                bytes.read(copy, 0, length);
                documentBuffer.wrap(copy, 0, length);
            }
            documentLength = length;
            documentIndex = document.index();
            recordOffset = 0;
            nextOffset = 0;
            return true;
        }
    }

    /** @return null when the record at {@link #recordOffset} is whole, of a known version and chained; else what is wrong. */
    private String problemWithRecord()
    {
        final int remaining = documentLength - recordOffset;
        if (remaining < JournalRecord.HEADER_LENGTH + JournalRecord.TRAILER_LENGTH)
        {
            return "it is " + remaining + " bytes, shorter than a record's header";
        }
        final int version = documentBuffer.getByte(recordOffset + JournalRecord.VERSION_OFFSET) & 0xff;
        final int type = documentBuffer.getByte(recordOffset + JournalRecord.TYPE_OFFSET);
        bodyLength = documentBuffer.getInt(recordOffset + JournalRecord.BODY_LENGTH_OFFSET, LE);
        if (version > JournalRecord.VERSION)
        {
            throw new JournalException(Kind.UNKNOWN_VERSION, "journal " + context.directory() + ": record at index " +
                Long.toHexString(documentIndex) + " is format version " + version + "; this ResX reads " +
                "versions " + JournalRecord.OLDEST_VERSION + " to " + JournalRecord.VERSION +
                " (was the journal written by a newer ResX?)");
        }
        recordLength = bodyLength < 0 || bodyLength > remaining ? -1 : JournalRecord.length(bodyLength);
        // Version 1 wrote one record per document; from version 2 a document holds a batch of them.
        final boolean fits = version == JournalRecord.OLDEST_VERSION ?
            recordOffset == 0 && recordLength == remaining : recordLength > 0 && recordLength <= remaining;
        if (version == 0 || (type != recordType && type != JournalRecord.CUT) || !fits)
        {
            return "its header is incomplete or damaged";
        }
        final int hashed = JournalRecord.HEADER_LENGTH + bodyLength;
        if (chainHash.hash(hash, documentBuffer, recordOffset, hashed) !=
            documentBuffer.getLong(recordOffset + hashed, LE))
        {
            return "its hash does not follow from the record before";
        }
        return null;
    }

    /**
     * @return whether the record at {@link #recordOffset}, whole in its header but not matching its hash, is followed
     * in its document by a record that chains on from the hash it stores: what an edit leaves, and a torn write
     * (lost or zeroed bytes) cannot.
     */
    private boolean chainContinuesAfter()
    {
        final int next = recordOffset + recordLength;
        final int length = recordLengthAt(next);
        if (length < 0)
        {
            return false;
        }
        final int hashed = length - JournalRecord.TRAILER_LENGTH;
        final long stored = documentBuffer.getLong(next - JournalRecord.TRAILER_LENGTH, LE);
        return chainHash.hash(stored, documentBuffer, next, hashed) == documentBuffer.getLong(next + hashed, LE);
    }

    private void skipIfCut(final long recordIndex, final String problem)
    {
        final String where = "journal " + context.directory() + ": record at index " + Long.toHexString(recordIndex) +
            " (after sequence " + sequence + ")";
        badIndex = recordIndex;
        if (problem.startsWith("its hash") && chainContinuesAfter())
        {
            // The bytes after it reached the disk whole and chain on from its stored hash: not torn, changed.
            throw new JournalException(Kind.CHAIN_BROKEN, where + ": the hash chain breaks there: this record was " +
                "edited, or one before it dropped, inserted or reordered");
        }
        if (!readDocument())
        {
            throw new JournalException(Kind.TORN_TAIL, where + " is the last and is torn: " + problem +
                ". A crash interrupted its write; starting `resx batch --journal` on this journal cuts it " +
                "and keeps everything before, or read with --until " + sequence);
        }
        final boolean cut = problemWithRecord() == null &&
            documentBuffer.getByte(JournalRecord.TYPE_OFFSET) == JournalRecord.CUT &&
            documentBuffer.getLong(JournalRecord.HEADER_LENGTH, LE) == recordIndex;
        if (!cut)
        {
            final String kindOfBreak = problem.startsWith("its hash") ?
                "the hash chain breaks there: this record was edited, or one before it dropped, inserted or " +
                "reordered" : "it is damaged (" + problem + ") and is not the last";
            throw new JournalException(Kind.CHAIN_BROKEN, where + ": " + kindOfBreak);
        }
        cuts.add("torn record at index " + Long.toHexString(recordIndex) + " after sequence " + sequence +
            " was cut by recovery");
        badIndex = -1;
        index = documentIndex;
        nextOffset = recordLength;
        hash = documentBuffer.getLong(recordLength - JournalRecord.TRAILER_LENGTH, LE);
    }
}
