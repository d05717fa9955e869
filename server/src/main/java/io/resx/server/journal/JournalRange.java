package io.resx.server.journal;

import io.resx.replay.JournalContext;
import io.resx.replay.JournalException;
import io.resx.replay.JournalReader;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;

/**
 * What a journal holds (first and last sequence and time), read by verifying the whole journal, and the
 * translation of a {@code SEQ|TIME} argument into a sequence number within it. A sequence or time outside
 * the journal is an error, never an empty or partial answer.
 */
public final class JournalRange
{
    private final JournalContext context;
    private final long firstSequence;
    private final long lastSequence;
    private final long firstNs;
    private final long lastNs;
    private final long records;

    private JournalRange(final JournalContext context, final long firstSequence, final long lastSequence,
        final long firstNs, final long lastNs, final long records)
    {
        this.context = context;
        this.firstSequence = firstSequence;
        this.lastSequence = lastSequence;
        this.firstNs = firstNs;
        this.lastNs = lastNs;
        this.records = records;
    }

    /**
     * Reads and verifies the whole journal.
     *
     * @param context the journal.
     * @return its range.
     * @throws JournalException when it is missing, empty or broken anywhere.
     */
    public static JournalRange scan(final JournalContext context)
    {
        try (JournalReader reader = JournalReader.open(context))
        {
            long first = 0;
            long firstNs = 0;
            long count = 0;
            while (reader.next())
            {
                if (count++ == 0)
                {
                    first = reader.sequence();
                    firstNs = reader.timestampNs();
                }
            }
            if (count == 0)
            {
                throw new JournalException(JournalException.Kind.EMPTY, "journal " + context.directory() +
                    " is empty: it holds no commands");
            }
            return new JournalRange(context, first, reader.sequence(), firstNs, reader.timestampNs(), count);
        }
    }

    /** @return the first command's sequence number. */
    public long firstSequence()
    {
        return firstSequence;
    }

    /** @return the last command's sequence number. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** @return the first command's time. */
    public Instant firstTime()
    {
        return instant(firstNs);
    }

    /** @return the last command's time. */
    public Instant lastTime()
    {
        return instant(lastNs);
    }

    /** @return commands held. */
    public long records()
    {
        return records;
    }

    /**
     * @param option the option's name, for messages.
     * @param value  a sequence number or an ISO-8601 time.
     * @param atOrAfter true for the first command at or after a time (--from), false for the last command at or
     *                  before it (--until, --at).
     * @return the sequence number.
     * @throws IllegalArgumentException when the value is neither.
     * @throws JournalException ({@link JournalException.Kind#OUT_OF_RANGE}) when it is outside the journal.
     */
    public long resolve(final String option, final String value, final boolean atOrAfter)
    {
        if (value.chars().allMatch(Character::isDigit) && !value.isEmpty())
        {
            final long sequence;
            try
            {
                sequence = Long.parseLong(value);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(option + " " + value + " is not a sequence number", ex);
            }
            if (sequence < firstSequence || sequence > lastSequence)
            {
                throw new JournalException(JournalException.Kind.OUT_OF_RANGE, option + " sequence " + sequence +
                    " is outside the journal, which holds sequences " + firstSequence + " to " + lastSequence);
            }
            return sequence;
        }
        final Instant time;
        try
        {
            time = Instant.parse(value);
        }
        catch (final DateTimeParseException ex)
        {
            throw new IllegalArgumentException(option + " '" + value + "' is neither a sequence number nor an " +
                "ISO-8601 UTC time such as 2026-12-01T10:00:00Z", ex);
        }
        final long ns = TimeUnit.SECONDS.toNanos(time.getEpochSecond()) + time.getNano();
        if (ns < firstNs || ns > lastNs)
        {
            throw new JournalException(JournalException.Kind.OUT_OF_RANGE, option + " time " + time +
                " is outside the journal, which runs from " + firstTime() + " (sequence " + firstSequence +
                ") to " + lastTime() + " (sequence " + lastSequence + ")");
        }
        try (JournalReader reader = JournalReader.open(context))
        {
            long before = firstSequence;
            while (reader.next())
            {
                if (reader.timestampNs() >= ns && atOrAfter)
                {
                    return reader.sequence();
                }
                if (reader.timestampNs() > ns)
                {
                    return before;
                }
                before = reader.sequence();
            }
            return before;
        }
    }

    /**
     * @param epochNs nanoseconds since the epoch.
     * @return the instant.
     */
    public static Instant instant(final long epochNs)
    {
        return Instant.ofEpochSecond(0, epochNs);
    }
}
