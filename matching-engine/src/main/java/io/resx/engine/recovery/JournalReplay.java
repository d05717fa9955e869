package io.resx.engine.recovery;

import io.resx.engine.node.EngineNode;
import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.EventSink;
import io.resx.engine.pipeline.Sequencer;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalReader;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Re-runs a stretch of a journal through the same pipeline as the live run (sequencer → engine → publisher,
 * without a journal stage), so the sink receives, command for command, the events the live run published.
 * The state before {@code fromSequence} comes from {@link Recovery} (newest snapshot at or before it, then
 * the journal); from there every command goes through the pipeline stamped with its journaled sequence number
 * and time, and the sink sees commands {@code fromSequence} to {@code untilSequence} only.
 */
public final class JournalReplay
{
    /** Copies a command decoded beforehand: a decoding error must stop the replay, not become a reject. */
    private static final CommandFiller<Command> COPY = Command::copyFrom;

    private JournalReplay()
    {
    }

    /**
     * @param context       the journal.
     * @param factory       builds the engine as the live process did.
     * @param fromSequence  first command whose events the sink gets, at least 1.
     * @param untilSequence last command replayed; {@link Long#MAX_VALUE} for the journal's end.
     * @param sink          receives each command's outcome, in order, on the publisher thread.
     * @return the number of commands run through the pipeline.
     * @throws io.resx.replay.JournalException when the journal cannot be read as asked.
     */
    public static long run(
        final JournalContext context, final EngineFactory factory, final long fromSequence,
        final long untilSequence, final EventSink sink)
    {
        final ReplayClock clock = new ReplayClock();
        final EngineNode node = EngineNode.recover(new EngineNode.Context().readAt(context, fromSequence - 1)
            .factory(factory).clock(clock));
        final EventSink filtered = new EventSink()
        {
            @Override
            public void onOutcome(final Command command, final EventLog events)
            {
                if (command.sequence() >= fromSequence)
                {
                    sink.onOutcome(command, events);
                }
            }

            @Override
            public void endOfBatch()
            {
                sink.endOfBatch();
            }
        };
        long count = 0;
        try (JournalReader reader = JournalReader.open(context).startAfter(node.position());
            EngineNode started = node.start(filtered))
        {
            final Sequencer sequencer = started.sequencer();
            final Command decoded = new Command();
            while (reader.sequence() < untilSequence && reader.next())
            {
                reader.command(decoded);
                clock.nowNs = reader.timestampNs();
                sequencer.submit(COPY, decoded);
                count++;
            }
        }
        return count;
    }

    /** The sequencer's clock during a replay: the journaled time of the command being submitted. */
    private static final class ReplayClock implements EpochNanoClock
    {
        private long nowNs;

        @Override
        public long nanoTime()
        {
            return nowNs;
        }
    }
}
