package io.resx.server.serve;

import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.pipeline.EventSink;
import io.resx.replay.CommandJournal;

import java.nio.file.Path;

/**
 * Where {@code resx serve} keeps its commands and how it gets back to where it stopped: the journal stage of
 * the pipeline and the recovery that runs before it starts. This is the one place the Chronicle journal and
 * recovery plug in; until they exist, {@link #NONE} keeps nothing and says so at start-up.
 */
public interface EngineStorage
{
    /** Keeps nothing: every start is a fresh exchange. */
    EngineStorage NONE = new EngineStorage()
    {
        @Override
        public String describe()
        {
            return "none (CommandJournal.NONE): commands are not durable and a restart starts empty; " +
                "the Chronicle journal plugs in through io.resx.server.serve.EngineStorage";
        }

        @Override
        public CommandJournal openJournal(final Path dataDir)
        {
            return CommandJournal.NONE;
        }

        @Override
        public long recover(final Path dataDir, final MatchingEngine engine, final EventSink replayed)
        {
            return 0;
        }
    };

    /** @return one line for the start-up log: which journal, where. */
    String describe();

    /**
     * Opens the journal the pipeline appends every sequenced command to, after {@link #recover}.
     *
     * @param dataDir the data folder.
     * @return the journal; the pipeline closes it.
     */
    CommandJournal openJournal(Path dataDir);

    /**
     * Rebuilds the engine's state from what was kept, before the pipeline starts: replays every journaled
     * command (from a snapshot, if any) through {@code engine}, on the calling thread, and hands each outcome
     * to {@code replayed} so the server can rebuild what it derives from events (its listing directory).
     *
     * @param dataDir  the data folder.
     * @param engine   a fresh engine.
     * @param replayed receives each replayed outcome, in order; publishes nothing to clients.
     * @return the sequence number of the last command recovered, 0 for a fresh start.
     */
    long recover(Path dataDir, MatchingEngine engine, EventSink replayed);
}
