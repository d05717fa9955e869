package io.resx.engine.node;

import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.recovery.EngineState;
import io.resx.engine.recovery.EventsStartUp;
import io.resx.engine.recovery.Recovery;
import io.resx.engine.recovery.Snapshotter;
import io.resx.replay.ChronicleCommandJournal;
import io.resx.replay.ChronicleEventJournal;
import io.resx.replay.JournalContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * How a process that writes a journal starts (one way for {@code batch --journal} and {@code serve}): recover
 * the engine from the newest snapshot and the journal tail, cut a torn last record, open the journal to append
 * after what was recovered, and start the snapshotter that keeps its own replica off the engine thread. After a
 * power cut (a torn tail, snapshots covering records that are gone) it says in one line what it cut and which
 * snapshot it started from, and renames the snapshots it passed over to {@code *.stale}.
 *
 * @param engine      the recovered engine, not yet owned by any pipeline.
 * @param journal     the journal stage, appending after {@code recovered.position()}.
 * @param snapshotter writes snapshots from the journal; close it after the pipeline (null: none).
 * @param recovered   what recovery found.
 */
public record JournalStartUp(
    MatchingEngine engine, ChronicleCommandJournal journal, ChronicleEventJournal events, Snapshotter snapshotter,
    Recovery.Recovered recovered)
    implements AutoCloseable
{
    /** Appended to the name of a snapshot the journal no longer backs: kept for a person, never read again. */
    public static final String STALE_SUFFIX = ".stale";
    private static final String TORN = "torn last record";
    private static final String STALE = "which the journal no longer holds intact";

    /**
     * @param context       the journal's settings.
     * @param snapshotEvery commands between snapshots; 0 for no snapshotter (a cluster node, whose snapshots are
     *                      the cluster's, keeps the journal as its audit record only).
     * @param notes         receives what a person should know about the recovery, one line each.
     * @return the started parts.
     */
    public static JournalStartUp open(
        final JournalContext context, final long snapshotEvery, final Consumer<String> notes)
    {
        final EventsStartUp.Opened opened = EventsStartUp.open(context, StandardEngine.FACTORY, notes);
        final Recovery.Recovered recovered = opened.recovered();
        final ChronicleCommandJournal journal = ChronicleCommandJournal.open(context, recovered.position());
        if (recovered.tornIndex() >= 0)
        {
            journal.cut(recovered.tornIndex(), System.currentTimeMillis() * 1_000_000L);
        }
        final List<String> repairs = new ArrayList<>();
        for (final String note : recovered.notes())
        {
            if (note.startsWith(TORN) || note.contains(STALE))
            {
                repairs.add(note);
            }
            else
            {
                notes.accept(note);
            }
        }
        if (journal.lostTailBytes() > 0)
        {
            repairs.add(journal.lostTailBytes() + " bytes of lost journal pages after the readable end marked as " +
                "skipped");
        }
        for (final Path stale : recovered.staleSnapshots())
        {
            setAside(stale);
        }
        if (!repairs.isEmpty())
        {
            notes.accept("recovered after a crash: " + String.join("; ", repairs) + "; started from " +
                (recovered.snapshot() == null ? "no snapshot (the journal's first record)" :
                "snapshot " + recovered.snapshot().getFileName() + " (sequence " + recovered.snapshotSequence() +
                ")") + " and replayed " + recovered.replayed() + " commands");
        }
        final Snapshotter snapshotter = snapshotEvery <= 0 ? null :
            new Snapshotter(context, StandardEngine.FACTORY, snapshotEvery, line -> { });
        return new JournalStartUp(recovered.engine(), journal, opened.events(), snapshotter, recovered);
    }

    /** Renames a snapshot the journal no longer backs, so that no later start or pruning takes it for current. */
    private static void setAside(final Path snapshot)
    {
        try
        {
            Files.move(snapshot, snapshot.resolveSibling(snapshot.getFileName() + STALE_SUFFIX),
                StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot set aside snapshot " + snapshot, ex);
        }
    }

    /** @return the sequence number of the last recovered command: where the sequencer continues. */
    public long lastSequence()
    {
        return recovered.position().sequence();
    }

    /** @return one line saying what was recovered, with the state digest an auditor can compare. */
    public String describe()
    {
        return String.format("recovered to sequence %d (%s, %,d commands replayed), state digest %016x",
            lastSequence(),
            recovered.snapshot() == null ? "no snapshot" : "snapshot " + recovered.snapshot().getFileName(),
            recovered.replayed(), new EngineState().digest(engine));
    }

    /** Stops the snapshotter and closes the events writer (if the pipeline has not); the pipeline closes the journal. */
    @Override
    public void close()
    {
        if (snapshotter != null)
        {
            snapshotter.close();
        }
        events.close();
    }
}
