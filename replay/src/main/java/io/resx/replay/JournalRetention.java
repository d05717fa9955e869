package io.resx.replay;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes journal files past the retention period, but only files a snapshot fully covers: every record in
 * them is at or before the snapshot's position, so recovery never needs them. The current file is never
 * deleted. With retention zero (the default) nothing is deleted.
 */
public final class JournalRetention
{
    private JournalRetention()
    {
    }

    /**
     * @param context  the journal, with its retention.
     * @param snapshot the position the newest snapshot covers.
     * @return the files deleted.
     */
    public static List<Path> apply(final JournalContext context, final JournalPosition snapshot)
    {
        final List<Path> deleted = new ArrayList<>();
        if (context.retention().isZero() || snapshot.isStart())
        {
            return deleted;
        }
        final long nowMs = context.timeProvider() == null ?
            System.currentTimeMillis() : context.timeProvider().currentTimeMillis();
        final long keepAfterMs = nowMs - context.retention().toMillis();
        try (SingleChronicleQueue queue = JournalFiles.open(context, false))
        {
            final RollCycle rollCycle = queue.rollCycle();
            final int coveredCycle = rollCycle.toCycle(snapshot.index());
            final DateTimeFormatter names = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
            final long lengthMs = rollCycle.lengthInMillis();
            for (final long cycle : queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle()))
            {
                final long cycleEndMs = (cycle + 1) * lengthMs;
                if (cycle >= coveredCycle || cycle >= queue.lastCycle() || cycleEndMs > keepAfterMs)
                {
                    continue;
                }
                final Path file = context.directory().resolve(
                    names.format(Instant.ofEpochMilli(cycle * lengthMs)) + JournalFiles.SUFFIX);
                if (Files.deleteIfExists(file))
                {
                    deleted.add(file);
                }
            }
            if (!deleted.isEmpty())
            {
                queue.refreshDirectoryListing();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot apply journal retention in " + context.directory() + ": " +
                ex.getMessage(), ex);
        }
        return deleted;
    }
}
