package io.resx.replay;

import io.resx.protocol.codec.CodecException;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;

/**
 * Reads the {@code events} queue in order, verifying each record's version, hash chain and sequence like
 * {@link JournalReader} does for commands. Any number of readers, in any process, also while the publisher
 * appends: {@link #next()} returns false at the current end, and true again once more has been written.
 * <p>
 * Usage: {@link #open}, optionally {@link #startAfter(long)} (resume from a stored sequence, found by binary
 * search) or {@link #startAfter(JournalPosition)} (exact, verified), then {@link #next()} and
 * {@link #outcome(Command, EventLog)}. One thread at a time.
 */
public final class EventReader implements AutoCloseable
{
    private final JournalReader records;
    private final GatewayCodec codec = new GatewayCodec();

    private EventReader(final JournalReader records)
    {
        this.records = records;
    }

    /**
     * @param context the events queue ({@link JournalContext#events()}); created empty if missing, so a reader
     *                may start before the first outcome is written.
     * @return a reader before the first outcome.
     */
    public static EventReader open(final JournalContext context)
    {
        return new EventReader(JournalReader.open(context, JournalRecord.EVENTS, true));
    }

    /**
     * @param context an events queue.
     * @return whether it holds any file yet.
     */
    public static boolean exists(final JournalContext context)
    {
        return JournalFiles.hasData(context);
    }

    /**
     * @param sequence the last sequence already consumed (0: from the start).
     * @return this reader, positioned so that {@link #next()} gives {@code sequence + 1}.
     * @throws JournalException {@link JournalException.Kind#OUT_OF_RANGE} when the queue does not hold it.
     */
    public EventReader startAfter(final long sequence)
    {
        records.startAfterSequence(sequence);
        return this;
    }

    /**
     * @param position a position this queue gave earlier ({@link #position()}).
     * @return this reader, after that record, the record checked to be the one named.
     */
    public EventReader startAfter(final JournalPosition position)
    {
        records.startAfter(position);
        return this;
    }

    /**
     * @return false at the current end of the queue.
     * @throws JournalException when a record cannot be trusted.
     */
    public boolean next()
    {
        return records.next();
    }

    /** @return the current outcome's sequence number (its command's); 0 before the first. */
    public long sequence()
    {
        return records.sequence();
    }

    /** @return the current outcome's sequencer time, nanoseconds since the epoch. */
    public long timestampNs()
    {
        return records.timestampNs();
    }

    /** @return the current record's position: store it to resume exactly here. */
    public JournalPosition position()
    {
        return records.position();
    }

    /** @return the index of the record that stopped the reader (a torn last record), or -1. */
    public long badIndex()
    {
        return records.badIndex();
    }

    /** @return the current record's chained hash. */
    public long hash()
    {
        return records.position().hash();
    }

    /**
     * Decodes the current outcome.
     *
     * @param command filled with the command as sequenced.
     * @param events  cleared, then filled with its events.
     * @throws JournalException when the body, though its hash holds, cannot be decoded.
     */
    public void outcome(final Command command, final EventLog events)
    {
        try
        {
            codec.decodeSequenced(records.recordBuffer(), records.bodyOffset(), records.bodyLength(), command,
                events);
        }
        catch (final CodecException ex)
        {
            throw new JournalException(JournalException.Kind.CORRUPT, "events " + records.directory() +
                ": outcome of sequence " + records.sequence() + " cannot be decoded: " + ex.getMessage(), ex);
        }
        command.stamp(records.sequence(), records.timestampNs());
    }

    /**
     * @param into receives a copy of the current record's body (the encoded outcome).
     * @return the body's length.
     */
    public int copyBody(final org.agrona.MutableDirectBuffer into)
    {
        into.putBytes(0, records.recordBuffer(), records.bodyOffset(), records.bodyLength());
        return records.bodyLength();
    }

    @Override
    public void close()
    {
        records.close();
    }
}
