package io.resx.perf.compare;

import io.resx.replay.ChronicleCommandJournal;
import io.resx.replay.CommandJournal;
import io.resx.replay.Durability;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalPosition;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Which {@link CommandJournal} the "with journaling" ResX runs plug in, by name: {@code none} is
 * {@link CommandJournal#NONE}; {@code chronicle} is the Chronicle Queue journal of the {@code replay} module in
 * its {@code ASYNC} durability (page cache: what survives a process crash); {@code chronicle-sync} the same
 * with an fsync per batch.
 */
final class JournalChoice
{
    private final String name;
    private String unavailableReason;

    /**
     * @param name {@code none}, {@code chronicle} or {@code chronicle-sync}.
     */
    JournalChoice(final String name)
    {
        this.name = name;
    }

    /** @return the name given. */
    String name()
    {
        return name;
    }

    /**
     * @param directory where the journal writes (fresh, deleted by the caller afterwards).
     * @return a new journal, or null for an unknown name (see {@link #unavailableReason}).
     */
    CommandJournal open(final Path directory)
    {
        switch (name.toLowerCase(Locale.ROOT))
        {
            case "none":
                return CommandJournal.NONE;
            case "chronicle":
                return chronicle(directory, Durability.ASYNC);
            case "chronicle-sync":
                return chronicle(directory, Durability.SYNC);
            default:
                unavailableReason = "no journal named '" + name + "' (none, chronicle, chronicle-sync)";
                return null;
        }
    }

    /** @return why {@link #open} returned null, or null. */
    String unavailableReason()
    {
        return unavailableReason;
    }

    private static CommandJournal chronicle(final Path directory, final Durability durability)
    {
        return ChronicleCommandJournal.open(
            new JournalContext().directory(directory).durability(durability), JournalPosition.START);
    }
}
