package io.resx.server.replay;

import io.resx.engine.node.StandardEngine;
import io.resx.engine.pipeline.EventSink;
import io.resx.engine.recovery.JournalReplay;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.ndjson.NdjsonEventWriter;
import io.resx.replay.ChronicleEventJournal;
import io.resx.replay.EventJournal;
import io.resx.replay.EventReader;
import io.resx.replay.JournalContext;
import io.resx.replay.ProgressMeter;
import io.resx.replay.JournalPosition;
import io.resx.server.journal.JournalErrors;
import io.resx.server.journal.JournalOptions;
import io.resx.server.journal.JournalRange;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import java.util.concurrent.Callable;

/**
 * {@code resx replay}: re-runs a journal (or a stretch of it) through the same pipeline and writes the events
 * in the NDJSON of {@code resx batch}: byte for byte what the live run published for those commands. The
 * output is written to a temporary file and moved into place only when the whole range has replayed, so a
 * failure never leaves a partial answer under the asked-for name.
 */
@CommandLine.Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Replays a journal through the pipeline and writes its events as NDJSON, as `resx batch` did.")
public final class ReplayCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOptions journal;

    @Option(names = "--from", paramLabel = "SEQ|TIME",
        description = "First command to write events for: a sequence number or an ISO-8601 UTC time " +
            "(the first command at or after it). Default: the journal's first.")
    private String from;

    @Option(names = "--until", paramLabel = "SEQ|TIME",
        description = "Last command to replay: a sequence number or an ISO-8601 UTC time (the last command at " +
            "or before it). Default: the journal's last.")
    private String until;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the events.")
    private Path out;

    @Option(names = "--events", paramLabel = "DIR", description = "Also rebuild the events queue from the commands " +
        "into this new folder (needs the whole journal: no --from): record for record, byte for byte what the " +
        "live publisher wrote, hash chain included.")
    private Path eventsDir;

    @Override
    public Integer call()
    {
        return JournalErrors.run("resx replay", spec.commandLine().getErr(), () ->
        {
            JournalErrors.requireJournal(journal);
            final JournalContext context = journal.context();
            final JournalRange range = JournalRange.scan(context);
            final long fromSequence = from == null ? range.firstSequence() : range.resolve("--from", from, true);
            final long untilSequence = until == null ? range.lastSequence() : range.resolve("--until", until, false);
            if (untilSequence < fromSequence)
            {
                throw new IllegalArgumentException("--until (sequence " + untilSequence + ") is before --from " +
                    "(sequence " + fromSequence + ")");
            }
            if (eventsDir != null && (fromSequence != range.firstSequence() || range.firstSequence() != 1))
            {
                throw new IllegalArgumentException("--events rebuilds the whole events queue: it needs the journal " +
                    "from sequence 1, without --from");
            }
            if (eventsDir != null && EventReader.exists(new JournalContext().directory(eventsDir)))
            {
                throw new IllegalArgumentException("--events " + eventsDir + " already holds a queue: name a new " +
                    "folder");
            }
            final long events;
            try (ProgressMeter meter = ProgressMeter.start("resx replay", "commands",
                untilSequence - fromSequence + 1, spec.commandLine().getErr()))
            {
                events = replay(context, fromSequence, untilSequence, out, eventsDir == null ? null :
                    new JournalContext().directory(eventsDir).roll(context.roll()).hashKeyOf(context),
                    command -> meter.at(command.sequence() - fromSequence + 1));
            }
            spec.commandLine().getOut().printf("Replayed sequences %d to %d of %s: %,d events to %s%n",
                fromSequence, untilSequence, context.directory(), events, out);
            return 0;
        });
    }

    /**
     * Replays into a file, atomically.
     *
     * @param context       the journal.
     * @param fromSequence  first command whose events are written.
     * @param untilSequence last command replayed.
     * @param out           the file.
     * @return events written.
     * @throws IOException when the file cannot be written.
     */
    public static long replay(final JournalContext context, final long fromSequence, final long untilSequence,
        final Path out) throws IOException
    {
        return replay(context, fromSequence, untilSequence, out, null);
    }

    /**
     * Replays into a file, atomically, and optionally into a new events queue.
     *
     * @param context       the journal.
     * @param fromSequence  first command whose events are written.
     * @param untilSequence last command replayed.
     * @param out           the file.
     * @param rebuilt       a new events queue to write every outcome to, or null.
     * @return events written.
     * @throws IOException when the file cannot be written.
     */
    public static long replay(final JournalContext context, final long fromSequence, final long untilSequence,
        final Path out, final JournalContext rebuilt) throws IOException
    {
        return replay(context, fromSequence, untilSequence, out, rebuilt, command -> { });
    }

    /**
     * Replays into a file, atomically, and optionally into a new events queue, telling each command replayed.
     *
     * @param context       the journal.
     * @param fromSequence  first command whose events are written.
     * @param untilSequence last command replayed.
     * @param out           the file.
     * @param rebuilt       a new events queue to write every outcome to, or null.
     * @param progress      told each command whose events were written (a progress meter).
     * @return events written.
     * @throws IOException when the file cannot be written.
     */
    public static long replay(final JournalContext context, final long fromSequence, final long untilSequence,
        final Path out, final JournalContext rebuilt, final Consumer<Command> progress) throws IOException
    {
        final Path parent = out.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        final Path temporary = out.resolveSibling(out.getFileName() + ".partial");
        final long[] count = new long[1];
        try (Writer file = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
            NdjsonEventWriter writer = new NdjsonEventWriter(file);
            EventJournal queue = rebuilt == null ? EventJournal.NONE :
                ChronicleEventJournal.open(rebuilt, JournalPosition.START))
        {
            JournalReplay.run(context, StandardEngine.FACTORY, fromSequence, untilSequence, new EventSink()
            {
                @Override
                public void onOutcome(final Command command, final EventLog events)
                {
                    queue.append(command, events);
                    try
                    {
                        writer.write(events);
                        count[0] += events.size();
                        progress.accept(command);
                    }
                    catch (final IOException ex)
                    {
                        throw new UncheckedIOException("cannot write " + out + ": " + ex.getMessage(), ex);
                    }
                }
            });
        }
        catch (final RuntimeException | IOException ex)
        {
            Files.deleteIfExists(temporary);
            throw ex;
        }
        Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING);
        return count[0];
    }
}
