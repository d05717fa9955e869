package io.resx.server.audit;

import io.resx.engine.node.StandardEngine;
import io.resx.engine.pipeline.EventSink;
import io.resx.engine.recovery.JournalReplay;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.replay.EventReader;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalException;
import io.resx.replay.ProgressMeter;
import io.resx.server.journal.JournalOptions;

import java.io.PrintWriter;

/**
 * Where the audit queries get each command's outcome: read from the {@code events} queue (fast: nothing is
 * recomputed), or recomputed by replaying the commands through the engine ({@code --recompute}, or when the
 * events queue does not cover the stretch asked for, e.g. a journal written before ResX kept one).
 * {@code audit verify} is what checks that the two agree.
 */
final class AuditOutcomes
{
    private AuditOutcomes()
    {
    }

    /**
     * @param context       the commands journal.
     * @param fromSequence  first command whose outcome the sink gets.
     * @param untilSequence last one.
     * @param recompute     true to replay the commands even when the events queue holds the outcomes.
     * @param sink          receives each outcome in order.
     * @param what          the job, as its progress lines on standard error name it.
     * @param err           standard error, for the progress lines (standard out stays what the audit prints).
     * @return where the outcomes came from, for the summary line.
     */
    static String run(final JournalContext context, final long fromSequence, final long untilSequence,
        final boolean recompute, final EventSink sink, final String what, final PrintWriter err)
    {
        try (ProgressMeter meter = ProgressMeter.start(what, "commands", untilSequence - fromSequence + 1, err))
        {
            return run(context, fromSequence, untilSequence, recompute, (command, events) ->
            {
                sink.onOutcome(command, events);
                meter.at(command.sequence() - fromSequence + 1);
            });
        }
    }

    /**
     * @param context       the commands journal.
     * @param fromSequence  first command whose outcome the sink gets.
     * @param untilSequence last one.
     * @param recompute     true to replay the commands even when the events queue holds the outcomes.
     * @param sink          receives each outcome in order.
     * @return where the outcomes came from, for the summary line.
     */
    static String run(final JournalContext context, final long fromSequence, final long untilSequence,
        final boolean recompute, final EventSink sink)
    {
        if (!recompute && covers(context.events(), untilSequence))
        {
            final Command command = new Command();
            final EventLog events = new EventLog();
            try (EventReader reader = EventReader.open(context.events()).startAfter(fromSequence - 1))
            {
                while (reader.sequence() < untilSequence && reader.next())
                {
                    reader.outcome(command, events);
                    sink.onOutcome(command, events);
                }
            }
            return "read from the events queue";
        }
        JournalReplay.run(context, StandardEngine.FACTORY, fromSequence, untilSequence, sink);
        return "recomputed from the commands";
    }

    /**
     * @param events        an events queue.
     * @param untilSequence a sequence.
     * @return whether the queue holds the outcome of that sequence (so everything up to it).
     */
    static boolean covers(final JournalContext events, final long untilSequence)
    {
        if (!EventReader.exists(events))
        {
            return false;
        }
        try (EventReader reader = EventReader.open(events).startAfter(untilSequence - 1))
        {
            return reader.next();
        }
        catch (final JournalException ex)
        {
            return false;
        }
    }
}
