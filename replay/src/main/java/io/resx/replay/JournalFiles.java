package io.resx.replay;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Opens a journal's Chronicle Queue, and tells a missing or empty journal apart before opening it. */
final class JournalFiles
{
    /** Chronicle's data file suffix. */
    static final String SUFFIX = ".cq4";
    /** How long an appender waits on a write lock a dead process left behind before taking it over. */
    private static final long LOCK_TIMEOUT_MS = 2_000;

    private JournalFiles()
    {
    }

    /**
     * @param context the journal.
     * @return whether its directory holds at least one data file.
     */
    static boolean hasData(final JournalContext context)
    {
        final Path directory = context.directory();
        if (!Files.isDirectory(directory))
        {
            return false;
        }
        try (Stream<Path> files = Files.list(directory))
        {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(SUFFIX));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list journal " + directory + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param context the journal; for reading, its directory must hold data ({@link #requireData}).
     * @param readOnly true to open without creating or changing anything.
     * @return the open queue.
     */
    static SingleChronicleQueue open(final JournalContext context, final boolean readOnly)
    {
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(context.directory())
            .rollCycle(context.roll().rollCycle())
            .timeoutMS(LOCK_TIMEOUT_MS)
            .readOnly(readOnly);
        if (context.timeProvider() != null)
        {
            builder.timeProvider(context.timeProvider());
        }
        return builder.build();
    }

    /**
     * @param context the journal.
     * @throws JournalException {@link JournalException.Kind#MISSING} or {@link JournalException.Kind#EMPTY}.
     */
    static void requireData(final JournalContext context)
    {
        final Path directory = context.directory();
        if (!Files.exists(directory))
        {
            throw new JournalException(JournalException.Kind.MISSING, "no journal at " + directory +
                ": the directory does not exist");
        }
        if (!Files.isDirectory(directory))
        {
            throw new JournalException(JournalException.Kind.MISSING, "no journal at " + directory +
                ": it is not a directory");
        }
        if (!hasData(context))
        {
            throw new JournalException(JournalException.Kind.EMPTY, "journal " + directory +
                " is empty: it holds no journal files (*" + SUFFIX + ")");
        }
    }
}
