package io.resx.engine.recovery;

import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.replay.ChronicleEventJournal;
import io.resx.replay.EventReader;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalException;
import io.resx.replay.JournalPosition;
import io.resx.replay.SnapshotStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Start-up of a process that writes both queues: recovers the engine from {@code commands} (as {@link Recovery}
 * does) and completes {@code events} up to the same sequence, so that the two agree before the pipeline starts.
 * <ul>
 *   <li>The end of {@code events} is found from the newest snapshot's sequence (binary search, then the tail read
 *       and verified), not by reading the queue from its start.</li>
 *   <li>Recovery starts from a snapshot no newer than that end and appends the outcome of every command after it:
 *       the outcomes a crash kept the publisher from writing.</li>
 *   <li>A torn last outcome is cut, like a torn command. An {@code events} queue that cannot be trusted (its chain
 *       breaks) is set aside as {@code events.stale-<n>} and rebuilt from the commands: it is derived data, the
 *       commands are the truth. One ahead of the commands it derives from (the commands' torn tail was cut) is set
 *       aside too, and its prefix up to the commands' end copied into a new queue.</li>
 * </ul>
 */
public final class EventsStartUp
{
    private EventsStartUp()
    {
    }

    /**
     * What start-up opened.
     *
     * @param recovered the engine and what recovery found in {@code commands}.
     * @param events    the {@code events} writer, positioned at the recovered sequence.
     * @param completed outcomes appended to {@code events} during recovery.
     */
    public record Opened(Recovery.Recovered recovered, ChronicleEventJournal events, long completed)
    {
    }

    /**
     * @param commands the commands journal ({@link JournalContext#events()} names its events queue).
     * @param factory  builds engines as the caller's process does.
     * @param notes    receives what a person should know, one line each.
     * @return the recovered engine and the open events writer.
     */
    public static Opened open(final JournalContext commands, final EngineFactory factory, final Consumer<String> notes)
    {
        final Opened opened = attempt(commands, factory, notes);
        final long commandsEnd = opened.recovered().position().sequence();
        if (opened.events().lastSequence() <= commandsEnd)
        {
            return opened;
        }
        // Events ahead of the commands: the commands journal lost its tail (a torn record cut, pages lost), so
        // the outcomes past its end were never acknowledged. Keep the queue's prefix, copied record by record.
        opened.events().close();
        final Path aside = setAside(commands.events(), "it holds outcomes up to sequence " +
            opened.events().lastSequence() + ", past the commands journal's end at " + commandsEnd, notes);
        final ChronicleEventJournal rebuilt = ChronicleEventJournal.open(commands.events(), JournalPosition.START);
        final Command command = new Command();
        final EventLog outcome = new EventLog();
        try (EventReader stale = EventReader.open(new JournalContext().directory(aside).roll(commands.roll())
            .hashKeyOf(commands)))
        {
            while (stale.sequence() < commandsEnd && stale.next())
            {
                stale.outcome(command, outcome);
                rebuilt.append(command, outcome);
            }
        }
        rebuilt.flush();
        return new Opened(opened.recovered(), rebuilt, opened.completed());
    }

    private static Opened attempt(final JournalContext commands, final EngineFactory factory,
        final Consumer<String> notes)
    {
        final JournalContext eventsContext = commands.events();
        End end;
        try
        {
            end = findEnd(eventsContext, newestSnapshotSequence(commands));
        }
        catch (final JournalException ex)
        {
            setAside(eventsContext, ex.getMessage() + "; rebuilt from the commands journal", notes);
            end = new End(JournalPosition.START, -1);
        }
        final ChronicleEventJournal events = ChronicleEventJournal.open(eventsContext, end.position());
        if (end.tornIndex() >= 0)
        {
            events.cut(end.tornIndex(), System.currentTimeMillis() * 1_000_000L);
            notes.accept("events: torn last outcome at index " + Long.toHexString(end.tornIndex()) + " after " +
                "sequence " + end.position().sequence() + " cut; it is rewritten from the commands");
        }
        final long eventsEnd = end.position().sequence();
        final long[] completed = new long[1];
        final Recovery.Recovered recovered = Recovery.startUp(commands, factory, eventsEnd, (command, outcome) ->
        {
            if (command.sequence() > events.lastSequence())
            {
                events.append(command, outcome);
                completed[0]++;
            }
        });
        events.flush();
        if (completed[0] > 0)
        {
            notes.accept("events: " + completed[0] + " outcomes after sequence " + eventsEnd +
                " rewritten from the commands journal");
        }
        return new Opened(recovered, events, completed[0]);
    }

    /** The last verified outcome of an events queue, and a torn record after it (or -1). */
    private record End(JournalPosition position, long tornIndex)
    {
    }

    private static End findEnd(final JournalContext events, final long hint)
    {
        if (!EventReader.exists(events))
        {
            return new End(JournalPosition.START, -1);
        }
        try (EventReader reader = EventReader.open(events))
        {
            try
            {
                reader.startAfter(hint);
            }
            catch (final JournalException ex)
            {
                if (ex.kind() != JournalException.Kind.OUT_OF_RANGE)
                {
                    throw ex;
                }
                reader.startAfter(0); // the queue ends before the snapshot: read it all
            }
            try
            {
                while (reader.next())
                {
                    // verifying each record on the way to the end
                }
            }
            catch (final JournalException ex)
            {
                if (ex.kind() == JournalException.Kind.TORN_TAIL)
                {
                    return new End(reader.position(), reader.badIndex());
                }
                throw ex;
            }
            return new End(reader.position(), -1);
        }
    }

    private static long newestSnapshotSequence(final JournalContext commands)
    {
        final List<Path> files = new SnapshotStore(commands).files();
        return files.isEmpty() ? 0 : SnapshotStore.sequenceOf(files.get(0));
    }

    private static Path setAside(final JournalContext events, final String why, final Consumer<String> notes)
    {
        final Path folder = events.directory();
        try
        {
            Path aside;
            int n = 1;
            do
            {
                aside = folder.resolveSibling(folder.getFileName() + ".stale-" + n++);
            }
            while (Files.exists(aside));
            Files.move(folder, aside);
            notes.accept("events queue " + folder + " set aside as " + aside.getFileName() + " (" + why + ")");
            return aside;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot set aside events queue " + folder, ex);
        }
    }
}
