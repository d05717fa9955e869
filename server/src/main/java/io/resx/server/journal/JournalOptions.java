package io.resx.server.journal;

import io.resx.replay.Durability;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalRoll;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** The journal settings every journal-reading or -writing subcommand shares (a picocli mixin). */
public final class JournalOptions
{
    @Option(names = "--journal", paramLabel = "DIR", description = "The journal directory.")
    Path directory;

    @Option(names = "--journal-roll", paramLabel = "PERIOD",
        description = "A new journal file every FIVE_MINUTELY, HOURLY or DAILY (UTC). Default: ${DEFAULT-VALUE}.",
        defaultValue = "HOURLY")
    JournalRoll roll;

    /** @return the directory given, or null. */
    public Path directory()
    {
        return directory;
    }

    /** @return a context for reading the journal. */
    public JournalContext context()
    {
        return new JournalContext().directory(directory).roll(roll);
    }

    /** Settings only a writer of the journal uses. */
    public static final class Writing
    {
        @Option(names = "--durability", paramLabel = "MODE",
            description = "ASYNC (page cache: survives a process crash) or SYNC (fsync before release: survives " +
                "a machine crash). Default: ${DEFAULT-VALUE}.", defaultValue = "ASYNC")
        Durability durability;

        @Option(names = "--sync-every-commands", paramLabel = "N",
            description = "SYNC: fsync at least every N commands. Default: ${DEFAULT-VALUE}.", defaultValue = "512")
        int syncEveryCommands;

        @Option(names = "--sync-every-micros", paramLabel = "T",
            description = "SYNC: fsync at least every T µs. Default: ${DEFAULT-VALUE}.", defaultValue = "1000")
        long syncEveryMicros;

        @Option(names = "--journal-retention", paramLabel = "DURATION",
            description = "Delete journal files older than this (ISO-8601, e.g. P30D) once a snapshot covers " +
                "them; PT0S keeps everything. Default: ${DEFAULT-VALUE}.", defaultValue = "PT0S")
        Duration retention;

        @Option(names = "--snapshot-every", paramLabel = "N",
            description = "Write a snapshot every N commands (and at exit). Default: ${DEFAULT-VALUE}.",
            defaultValue = "1000000")
        long snapshotEvery;

        /**
         * @param context the reading settings to extend.
         * @return the context with the writing settings.
         */
        public JournalContext apply(final JournalContext context)
        {
            return context.durability(durability).syncEveryCommands(syncEveryCommands)
                .syncEveryMicros(syncEveryMicros).retention(retention);
        }

        /** @return commands between two snapshots. */
        public long snapshotEvery()
        {
            return snapshotEvery;
        }
    }
}
