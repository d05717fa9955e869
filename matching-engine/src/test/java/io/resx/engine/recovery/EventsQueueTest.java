package io.resx.engine.recovery;

import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.pipeline.EventSink;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.support.CommandStream;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.event.EventLog;
import io.resx.replay.ChronicleCommandJournal;
import io.resx.replay.EventJournal;
import io.resx.replay.EventReader;
import io.resx.replay.JournalContext;
import io.resx.risk.ClearingRisk;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code events} queue on disk: written by the publisher before any outcome leaves, completed at start-up
 * after a run that did not write it, set aside and rebuilt when it runs ahead of the commands, and equal byte for
 * byte to what a replay of the commands recomputes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EventsQueueTest
{
    private static final EngineFactory FACTORY =
        accounts -> new MatchingEngine(accounts, new ClearingRisk(accounts, 1024), 1024);

    @TempDir
    Path dir;

    @Test
    void shouldHoldEveryOutcomeBeforeTheSinkSeesItAndAgreeWithAReplay()
    {
        final JournalContext context = new JournalContext().directory(dir.resolve("journal"));
        final List<byte[]> published = new ArrayList<>();
        final long[] notYetStored = new long[1];
        try (EventReader watcher = EventReader.open(context.events()))
        {
            run(context, stream(0, 3_000), true, (command, events) ->
            {
                published.add(encode(command, events));
                // the outcome a gateway would get now must already be readable in the queue
                while (watcher.sequence() < command.sequence() && watcher.next())
                {
                    // catching up to the outcome being published
                }
                if (watcher.sequence() < command.sequence())
                {
                    notYetStored[0]++;
                }
            });
        }

        assertThat(notYetStored[0]).as("outcomes published before the events queue held them").isZero();
        assertThat(stored(context)).hasSameSizeAs(published).zipSatisfy(published,
            (stored, live) -> assertThat(stored).isEqualTo(live));
        final EventsAudit.Result audit = EventsAudit.check(context, FACTORY);
        assertThat(audit.agrees()).as(audit.problem()).isTrue();
        assertThat(audit.compared()).isEqualTo(published.size());
    }

    @Test
    void shouldCompleteAtStartUpTheOutcomesARunDidNotWrite()
    {
        final JournalContext context = new JournalContext().directory(dir.resolve("journal"));
        run(context, stream(0, 2_000), true, (c, e) -> { });
        final long written = stored(context).size();
        run(context, stream(1, 700), false, (c, e) -> { }); // a publisher that stopped writing: a crash's lag

        final List<String> notes = new ArrayList<>();
        final EventsStartUp.Opened opened = EventsStartUp.open(context, FACTORY, notes::add);
        opened.events().close();

        assertThat(opened.completed()).isEqualTo(700);
        assertThat(opened.recovered().position().sequence()).isEqualTo(written + 700);
        assertThat(notes).anyMatch(line -> line.contains("700 outcomes after sequence " + written + " rewritten"));
        assertThat(stored(context)).hasSize((int)written + 700);
        final EventsAudit.Result audit = EventsAudit.check(context, FACTORY);
        assertThat(audit.agrees()).as(audit.problem()).isTrue();
    }

    @Test
    void shouldRebuildAnEventsQueueThatRunsAheadOfItsCommands() throws Exception
    {
        final JournalContext longer = new JournalContext().directory(dir.resolve("longer"));
        run(longer, stream(0, 1_500), true, (c, e) -> { });
        final JournalContext shorter = new JournalContext().directory(dir.resolve("shorter"));
        run(shorter, stream(0, 1_000), true, (c, e) -> { });
        final Path shorterEvents = shorter.events().directory();
        try (Stream<Path> files = Files.list(shorterEvents))
        {
            for (final Path file : files.toList())
            {
                Files.delete(file);
            }
        }
        try (Stream<Path> files = Files.list(longer.events().directory()))
        {
            for (final Path file : files.toList())
            {
                Files.copy(file, shorterEvents.resolve(file.getFileName()));
            }
        }
        assertThat(EventsAudit.check(shorter, FACTORY).agrees()).isFalse();

        final List<String> notes = new ArrayList<>();
        final EventsStartUp.Opened opened = EventsStartUp.open(shorter, FACTORY, notes::add);
        opened.events().close();

        assertThat(notes).anyMatch(line -> line.contains("set aside as events.stale-1") &&
            line.contains("past the commands journal's end"));
        assertThat(EventsAudit.check(shorter, FACTORY).agrees()).isTrue();
    }

    @Test
    void shouldResumeFromAStoredSequenceWithoutReadingFromTheStart()
    {
        final JournalContext context = new JournalContext().directory(dir.resolve("journal"));
        run(context, stream(0, 2_500), true, (c, e) -> { });
        final List<byte[]> all = stored(context);
        final Command command = new Command();
        final EventLog events = new EventLog();
        for (final long after : new long[] {0, 1, 777, all.size() - 1})
        {
            try (EventReader reader = EventReader.open(context.events()).startAfter(after))
            {
                assertThat(reader.next()).isTrue();
                assertThat(reader.sequence()).isEqualTo(after + 1);
                reader.outcome(command, events);
                assertThat(encode(command, events)).isEqualTo(all.get((int)after));
            }
        }
    }

    /** Runs commands through a journaled pipeline, resuming where the journal ends. */
    private static void run(final JournalContext context, final List<Command> commands, final boolean withEvents,
        final EventSink sink)
    {
        final EventsStartUp.Opened opened = EventsStartUp.open(context, FACTORY, line -> { });
        final ChronicleCommandJournal journal = ChronicleCommandJournal.open(context, opened.recovered().position());
        final PipelineContext pipelineContext = new PipelineContext().engine(opened.recovered().engine())
            .journal(journal).events(withEvents ? opened.events() : EventJournal.NONE)
            .lastSequence(opened.recovered().position().sequence()).sink(sink).ringSize(256);
        try (ExchangePipeline pipeline = new ExchangePipeline(pipelineContext))
        {
            for (final Command command : commands)
            {
                pipeline.sequencer().submit(Command::copyFrom, command);
            }
        }
        opened.events().close();
    }

    private static List<byte[]> stored(final JournalContext context)
    {
        final List<byte[]> outcomes = new ArrayList<>();
        final Command command = new Command();
        final EventLog events = new EventLog();
        try (EventReader reader = EventReader.open(context.events()))
        {
            while (reader.next())
            {
                reader.outcome(command, events);
                outcomes.add(encode(command, events));
            }
        }
        return outcomes;
    }

    private static byte[] encode(final Command command, final EventLog events)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(GatewayCodec.maxOutcomeLength(events));
        final int length = new GatewayCodec().encodeSequenced(buffer, 0, command, events);
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    /** Setup and funding, then random orders; {@code part} 1 continues a stream without repeating its setup. */
    private static List<Command> stream(final int part, final int orders)
    {
        final List<Command> commands = new ArrayList<>();
        if (part == 0)
        {
            commands.addAll(CommandStream.setup(
                List.of(StpPolicy.CANCEL_AGGRESSOR, StpPolicy.CANCEL_RESTING, StpPolicy.OFF)));
            commands.addAll(CommandStream.funding());
        }
        final CommandStream stream = new CommandStream();
        final Random random = new Random(20261201L + part);
        final int[] choices = new int[CommandStream.CHOICES];
        for (int i = 0; i < orders; i++)
        {
            for (int c = 0; c < choices.length; c++)
            {
                choices[c] = random.nextInt(1 << 20);
            }
            commands.add(stream.next(choices));
        }
        return commands;
    }
}
