package io.resx.engine.recovery;

import io.resx.engine.matching.MatchingEngine;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalException;
import io.resx.replay.JournalPosition;
import io.resx.replay.JournalReader;
import io.resx.replay.Snapshot;
import io.resx.replay.SnapshotStore;
import io.resx.risk.AccountRegistry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Rebuilds the engine's state from a journal: the newest usable snapshot at or before the wanted sequence,
 * then the journal's commands after it, through the same deterministic {@link MatchingEngine#process}.
 * <ul>
 *   <li>A damaged snapshot is reported and the next older one used (or none: the journal from its start).</li>
 *   <li>A snapshot of another format or section version is refused: {@link JournalException.Kind#SNAPSHOT}.</li>
 *   <li>A torn last record is reported in {@link Recovered#tornIndex()} when the caller allows it (start-up,
 *       which then cuts it); otherwise it is an error, like every other broken record.</li>
 *   <li>At start-up, a snapshot covering a record the journal no longer holds intact (a power cut under ASYNC
 *       durability tore or lost the tail after it was taken) is passed over for the newest one the intact journal
 *       still covers, or none, and listed in {@link Recovered#staleSnapshots()}.</li>
 * </ul>
 */
public final class Recovery
{
    private Recovery()
    {
    }

    /**
     * What recovery rebuilt.
     *
     * @param engine    the engine, state as of {@code position}.
     * @param position  the last command applied (with the journal record it came from).
     * @param snapshot  the snapshot file started from, or null for the journal's start.
     * @param replayed  commands applied after the snapshot.
     * @param tornIndex Chronicle index of a torn last record (not applied), or -1.
     * @param notes     what a person should know: snapshots skipped, cuts seen, the torn record.
     * @param staleSnapshots snapshots (newest first) that cover records the journal no longer holds intact; only
     *                  at start-up, which then sets them aside.
     */
    public record Recovered(
        MatchingEngine engine, JournalPosition position, Path snapshot, long replayed, long tornIndex,
        List<String> notes, List<Path> staleSnapshots)
    {
        /** @return the sequence of the snapshot started from, or 0 for none. */
        public long snapshotSequence()
        {
            return position.sequence() - replayed;
        }
    }

    /**
     * Recovery at start-up: a journal not written yet gives a new engine; a torn last record is allowed and
     * reported (the caller cuts it before appending).
     *
     * @param context the journal.
     * @param factory builds engines as the caller's process does.
     * @return the state at the journal's end.
     */
    public static Recovered startUp(final JournalContext context, final EngineFactory factory)
    {
        if (!JournalReader.exists(context))
        {
            return new Recovered(factory.create(new AccountRegistry()), JournalPosition.START, null, 0, -1,
                List.of(), List.of());
        }
        return load(context, factory, Long.MAX_VALUE, true, null);
    }

    /**
     * Recovery at start-up that also hands every outcome it recomputes to {@code afterEach}, starting from a
     * snapshot no newer than {@code maxSnapshotSequence}: how the {@code events} queue is completed up to the
     * commands journal's end when the publisher had not written the last outcomes before the process stopped.
     *
     * @param context             the journal.
     * @param factory             builds engines as the caller's process does.
     * @param maxSnapshotSequence the newest snapshot sequence usable (the events queue's last sequence).
     * @param afterEach           receives each command replayed with its outcome.
     * @return the state at the journal's end.
     */
    public static Recovered startUp(
        final JournalContext context, final EngineFactory factory, final long maxSnapshotSequence,
        final BiConsumer<Command, EventLog> afterEach)
    {
        if (!JournalReader.exists(context))
        {
            return new Recovered(factory.create(new AccountRegistry()), JournalPosition.START, null, 0, -1,
                List.of(), List.of());
        }
        return load(context, factory, Long.MAX_VALUE, maxSnapshotSequence, true, null, afterEach, true);
    }

    /**
     * @param context         the journal.
     * @param factory         builds engines as the caller's process does.
     * @param untilSequence   the last command to apply; {@link Long#MAX_VALUE} for all.
     * @param allowTornTail   true at start-up (the caller cuts it), false for read-only uses.
     * @param beforeEach      called with each command before it is applied, or null.
     * @return the state.
     * @throws JournalException when the journal is missing (unless writing may create it), broken, or a
     *                          snapshot must not be used.
     */
    public static Recovered load(
        final JournalContext context, final EngineFactory factory, final long untilSequence,
        final boolean allowTornTail, final Consumer<Command> beforeEach)
    {
        return load(context, factory, untilSequence, untilSequence, allowTornTail, beforeEach, null, true);
    }

    /**
     * A clean replay from the journal's first record, ignoring snapshots: what a recovered state is checked
     * against.
     *
     * @param context       the journal.
     * @param factory       builds engines as the caller's process does.
     * @param untilSequence the last command to apply; {@link Long#MAX_VALUE} for all.
     * @return the state.
     * @throws JournalException when the journal is missing or broken.
     */
    public static Recovered fromJournalOnly(
        final JournalContext context, final EngineFactory factory, final long untilSequence)
    {
        return load(context, factory, untilSequence, untilSequence, false, null, null, false);
    }

    private static Recovered load(
        final JournalContext context, final EngineFactory factory, final long untilSequence,
        final long maxSnapshotSequence, final boolean allowTornTail, final Consumer<Command> beforeEach,
        final BiConsumer<Command, EventLog> afterEach, final boolean useSnapshots)
    {
        final List<String> notes = new ArrayList<>();
        final List<Path> stale = new ArrayList<>();
        final SnapshotStore snapshots = new SnapshotStore(context);
        long replayed = 0;
        long tornIndex = -1;
        final Snapshot snapshot;
        final MatchingEngine engine;
        final JournalPosition position;
        try (JournalReader reader = JournalReader.open(context))
        {
            final Start start = startingPoint(reader, snapshots, factory, useSnapshots,
                Math.min(untilSequence, maxSnapshotSequence), allowTornTail, notes, stale);
            snapshot = start.snapshot();
            engine = start.engine();
            final Command command = new Command();
            final EventLog events = new EventLog();
            try
            {
                while (reader.sequence() < untilSequence && reader.next())
                {
                    reader.command(command);
                    if (beforeEach != null)
                    {
                        beforeEach.accept(command);
                    }
                    events.clear();
                    engine.process(command, events);
                    if (afterEach != null)
                    {
                        afterEach.accept(command, events);
                    }
                    replayed++;
                }
            }
            catch (final JournalException ex)
            {
                if (!allowTornTail || ex.kind() != JournalException.Kind.TORN_TAIL)
                {
                    throw ex;
                }
                tornIndex = reader.badIndex();
                notes.add("torn last record at index " + Long.toHexString(tornIndex) + " (a crash mid-write) " +
                    "after sequence " + reader.sequence() + ": cut, keeping sequences 1 to " + reader.sequence());
            }
            notes.addAll(reader.cuts());
            position = reader.position();
        }
        return new Recovered(engine, position, snapshot == null ? null : snapshot.file(), replayed, tornIndex,
            notes, stale);
    }

    /**
     * Chooses the newest readable snapshot at or before {@code untilSequence} and positions {@code reader} after
     * the record it covers. At start-up ({@code fallBack}), a snapshot whose record the journal no longer holds
     * intact (a power cut tore or lost the tail it covered) is listed in {@code stale} and the next older one
     * tried, down to none: the journal from its start. Otherwise that is an error.
     */
    private static Start startingPoint(
        final JournalReader reader, final SnapshotStore snapshots, final EngineFactory factory,
        final boolean useSnapshots, final long untilSequence, final boolean fallBack, final List<String> notes,
        final List<Path> stale)
    {
        for (final Path file : useSnapshots ? snapshots.files() : List.<Path>of())
        {
            final Snapshot candidate;
            try
            {
                candidate = snapshots.read(file);
            }
            catch (final JournalException ex)
            {
                if (ex.kind() != JournalException.Kind.SNAPSHOT_DAMAGED)
                {
                    throw ex;
                }
                notes.add(ex.getMessage() + ": skipped, using an older one");
                continue;
            }
            if (candidate.position().sequence() > untilSequence)
            {
                continue;
            }
            final MatchingEngine engine = EngineState.restore(candidate, factory);
            try
            {
                reader.startAfter(candidate.position());
                return new Start(candidate, engine);
            }
            catch (final JournalException ex)
            {
                final boolean notHeld = ex.kind() == JournalException.Kind.OUT_OF_RANGE ||
                    ex.kind() == JournalException.Kind.SNAPSHOT;
                if (!fallBack || !notHeld)
                {
                    throw ex;
                }
                stale.add(file);
                notes.add("snapshot " + file.getFileName() + " covers sequence " + candidate.position().sequence() +
                    ", which the journal no longer holds intact: not used");
            }
        }
        reader.startAfter(JournalPosition.START);
        return new Start(null, factory.create(new AccountRegistry()));
    }

    /** Where replay starts: a snapshot and the engine restored from it, or none and a new engine. */
    private record Start(Snapshot snapshot, MatchingEngine engine)
    {
    }
}
