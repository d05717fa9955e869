package io.resx.perf.compare;

import io.resx.replay.ChronicleCommandJournal;
import io.resx.replay.ChronicleEventJournal;
import io.resx.replay.CommandJournal;
import io.resx.replay.Durability;
import io.resx.replay.EventJournal;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalPosition;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Which journals the "with journaling" ResX runs plug in, by name, mapped to what {@code resx serve} runs
 * ({@code ServeNode}: {@code journal.enabled=true} opens the {@code commands} journal and its {@code events}
 * queue from one {@link JournalContext}, {@code journal.durability} default {@code ASYNC}):
 * <ul>
 *   <li>{@code none}: neither ({@link CommandJournal#NONE}, {@link EventJournal#NONE});</li>
 *   <li>{@code chronicle}: both queues, {@code ASYNC} (page cache: what survives a process crash) — the
 *   production default;</li>
 *   <li>{@code chronicle-sync}: both, with an fsync per batch ({@code journal.durability=SYNC});</li>
 *   <li>{@code commands-only}: the {@code commands} journal alone, {@code ASYNC} (a reference: no production
 *   set-up runs without its events queue).</li>
 * </ul>
 */
final class JournalChoice
{
    private final String name;
    private String unavailableReason;

    /** The journals of one run; {@link #close} is the pipeline's (it closes both). */
    record Journals(CommandJournal commands, EventJournal events)
    {
    }

    /**
     * @param name {@code none}, {@code chronicle}, {@code chronicle-sync} or {@code commands-only}.
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

    /** @return whether this choice journals anything. */
    boolean journals()
    {
        return !"none".equalsIgnoreCase(name);
    }

    /**
     * @param directory where the journals write (fresh, deleted by the caller afterwards).
     * @return new journals, or null for an unknown name (see {@link #unavailableReason}).
     */
    Journals open(final Path directory)
    {
        switch (name.toLowerCase(Locale.ROOT))
        {
            case "none":
                return new Journals(CommandJournal.NONE, EventJournal.NONE);
            case "chronicle":
                return chronicle(directory, Durability.ASYNC, true);
            case "chronicle-sync":
                return chronicle(directory, Durability.SYNC, true);
            case "commands-only":
                return chronicle(directory, Durability.ASYNC, false);
            default:
                unavailableReason = "no journal named '" + name + "' (none, chronicle, chronicle-sync, commands-only)";
                return null;
        }
    }

    /** @return why {@link #open} returned null, or null. */
    String unavailableReason()
    {
        return unavailableReason;
    }

    private static Journals chronicle(final Path directory, final Durability durability, final boolean events)
    {
        final JournalContext context = new JournalContext().directory(directory).durability(durability);
        final CommandJournal commands = ChronicleCommandJournal.open(context, JournalPosition.START);
        return new Journals(commands, events ?
            ChronicleEventJournal.open(context.events(), JournalPosition.START) : EventJournal.NONE);
    }
}
