package io.resx.engine.recovery;

import io.resx.engine.matching.MatchingEngine;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalPosition;
import io.resx.replay.JournalReader;
import io.resx.replay.JournalRetention;
import io.resx.replay.SnapshotStore;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Takes snapshots without touching the matcher's thread: an {@link Agent} on its own thread keeps a replica
 * engine, fed from the journal as records land (the same deterministic code as the live engine), and writes
 * its state every {@code everyCommands} commands of the journal, counted from the newest snapshot (so across
 * restarts, however short the runs). The replica's state after command {@code n} is exactly the
 * live engine's after {@code n}, so every snapshot is a consistent point and names the journal position it
 * covers. On {@link #close()} it reads to the journal's end and writes a last snapshot there, so that the next
 * start-up has little to replay.
 */
public final class Snapshotter implements Agent, AutoCloseable
{
    private static final int RECORDS_PER_DUTY_CYCLE = 4_096;
    private static final int SNAPSHOTS_KEPT = 3;

    private final JournalContext context;
    private final long everyCommands;
    private final Consumer<String> log;
    private final MatchingEngine replica;
    private final JournalReader reader;
    private final SnapshotStore store;
    private final EngineState state = new EngineState();
    private final Command command = new Command();
    private final EventLog events = new EventLog();
    private final AgentRunner runner;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean finishing;
    private long lastSnapshotSequence;

    /**
     * Builds its replica from the journal (newest snapshot plus tail) and starts its thread. Start it after
     * recovery has cut any torn tail, before the pipeline starts appending.
     *
     * @param context       the journal.
     * @param factory       builds the replica engine.
     * @param everyCommands commands between two snapshots, at least 1.
     * @param log           where to report each snapshot written.
     */
    public Snapshotter(
        final JournalContext context, final EngineFactory factory, final long everyCommands,
        final Consumer<String> log)
    {
        if (everyCommands < 1)
        {
            throw new IllegalArgumentException("snapshot interval must be at least 1 command: " + everyCommands);
        }
        this.context = context;
        this.everyCommands = everyCommands;
        this.log = log;
        this.store = new SnapshotStore(context);
        final Recovery.Recovered start = Recovery.startUp(context, factory);
        if (start.tornIndex() >= 0)
        {
            throw new IllegalStateException("start the snapshotter after recovery has cut the torn record");
        }
        replica = start.engine();
        // The interval counts from the newest snapshot, not from this process's start: many short runs still
        // snapshot, and a start with more than an interval unsnapshotted writes one on its first duty cycle.
        lastSnapshotSequence = start.snapshotSequence();
        reader = JournalReader.openLive(context).startAfter(start.position());
        runner = new AgentRunner(new BackoffIdleStrategy(), failure::set, null, this);
        AgentRunner.startOnThread(runner);
    }

    @Override
    public int doWork()
    {
        int work = 0;
        if (reader.sequence() - lastSnapshotSequence >= everyCommands)
        {
            snapshot();
            work++;
        }
        while (work < RECORDS_PER_DUTY_CYCLE && reader.next())
        {
            reader.command(command);
            events.clear();
            replica.process(command, events);
            work++;
            if (reader.sequence() - lastSnapshotSequence >= everyCommands)
            {
                snapshot();
            }
        }
        if (work == 0 && finishing)
        {
            if (reader.sequence() > lastSnapshotSequence)
            {
                snapshot();
            }
            throw new AgentTerminationException();
        }
        return work;
    }

    @Override
    public void onClose()
    {
        reader.close();
    }

    @Override
    public String roleName()
    {
        return "resx-snapshotter";
    }

    /** @return the sequence of the newest snapshot written or started from. */
    public long lastSnapshotSequence()
    {
        return lastSnapshotSequence;
    }

    /**
     * Reads to the journal's end, writes a last snapshot, stops. Call after the journal's writer has closed.
     *
     * @throws IllegalStateException when the snapshotter failed.
     */
    @Override
    public void close()
    {
        finishing = true;
        final Thread thread = runner.thread();
        try
        {
            while (thread != null && thread.isAlive() && failure.get() == null)
            {
                thread.join(10);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        runner.close();
        final Throwable cause = failure.get();
        if (cause != null && !(cause instanceof AgentTerminationException))
        {
            throw new IllegalStateException("snapshotter failed: " + cause.getMessage(), cause);
        }
    }

    private void snapshot()
    {
        final JournalPosition position = reader.position();
        final Path file = store.write(position, state.capture(replica));
        store.prune(SNAPSHOTS_KEPT);
        lastSnapshotSequence = position.sequence();
        log.accept("snapshot at sequence " + position.sequence() + ": " + file);
        JournalRetention.apply(context, position);
    }
}
