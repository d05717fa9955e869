package io.resx.engine.pipeline;

import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.support.CommandStream;
import io.resx.engine.support.Ev;
import io.resx.engine.support.TestExchange;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import io.resx.replay.CommandJournal;
import io.resx.risk.AccountRegistry;
import io.resx.risk.RiskStage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.resx.engine.support.Commands.limit;
import static io.resx.protocol.command.Side.BUY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Disruptor pipeline (sequencer, journal in parallel with the engine, publisher; or all on one thread) gives
 * exactly what calling {@link MatchingEngine#process} directly gives, numbers commands 1..N without gaps, answers
 * each one first and hands out no outcome before its command is flushed to the journal — in both layouts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class ExchangePipelineTest
{
    private static final int COMMANDS = 20_000;
    private static final CommandFiller<Command> COPY = (slot, input) -> slot.copyFrom(input);

    private static List<Command> stream;
    private static List<List<Ev>> direct;

    @BeforeAll
    static void runTheStreamDirectly()
    {
        stream = new ArrayList<>(CommandStream.setup(List.of(StpPolicy.CANCEL_AGGRESSOR, StpPolicy.CANCEL_RESTING,
            StpPolicy.OFF)));
        final CommandStream generator = new CommandStream();
        final Random random = new Random(20_260_501L);
        final int[] choices = new int[CommandStream.CHOICES];
        while (stream.size() < COMMANDS)
        {
            for (int i = 0; i < choices.length; i++)
            {
                choices[i] = random.nextInt(10_000);
            }
            final Command command = generator.next(choices);
            generator.issued(command);
            stream.add(command);
        }

        final TestExchange exchange = TestExchange.empty();
        direct = new ArrayList<>();
        for (final Command command : stream)
        {
            direct.add(exchange.process(new Command().copyFrom(command)));
        }
    }

    @ParameterizedTest
    @EnumSource(PipelineLayout.class)
    void shouldPublishExactlyTheEventsTheEngineGivesWhenCalledDirectly(final PipelineLayout layout)
    {
        final Outcome outcome = runThroughPipeline(stream, COPY, layout);

        assertThat(outcome.events).hasSize(COMMANDS);
        for (int i = 0; i < COMMANDS; i++)
        {
            assertThat(outcome.events.get(i)).as("events of command %d", i + 1).isEqualTo(direct.get(i));
        }
        final long trades = direct.stream().flatMap(List::stream).filter(e -> e.type() == EventType.TRADE).count();
        assertThat(trades).as("a busy stream").isGreaterThan(COMMANDS / 10);
    }

    @ParameterizedTest
    @EnumSource(PipelineLayout.class)
    void shouldNumberCommandsOneToNWithoutGapsInTheJournalAndThePublisher(final PipelineLayout layout)
    {
        final Outcome outcome = runThroughPipeline(stream, COPY, layout);

        final List<Long> expected = new ArrayList<>();
        for (long sequence = 1; sequence <= COMMANDS; sequence++)
        {
            expected.add(sequence);
        }
        assertThat(outcome.publishedSequences).isEqualTo(expected);
        assertThat(outcome.journaledSequences).isEqualTo(expected);
        for (int i = 0; i < COMMANDS; i++)
        {
            for (final Ev event : outcome.events.get(i))
            {
                assertThat(event.sequence()).isEqualTo(i + 1L);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(PipelineLayout.class)
    void shouldGiveEveryCommandExactlyOneAcceptedOrRejectedFirst(final PipelineLayout layout)
    {
        final Outcome outcome = runThroughPipeline(stream, COPY, layout);

        for (final List<Ev> events : outcome.events)
        {
            assertThat(events).isNotEmpty();
            assertThat(events.get(0).isOutcome()).as("first of %s", events).isTrue();
            assertThat(events.subList(1, events.size())).noneMatch(Ev::isOutcome);
        }
    }

    @ParameterizedTest
    @EnumSource(PipelineLayout.class)
    void shouldPublishAndJournalEveryCommandWhenClosedRightAfterStarting(final PipelineLayout layout)
    {
        // Disruptor's shutdown only waits for stages that are already running: closing just after start must
        // still see every submitted command through the journal and the publisher.
        final List<Command> input = stream.subList(0, 3);
        for (int attempt = 0; attempt < 50; attempt++)
        {
            final Outcome outcome = runThroughPipeline(input, COPY, layout);

            assertThat(outcome.journaledSequences).as("attempt %d", attempt).containsExactly(1L, 2L, 3L);
            assertThat(outcome.publishedSequences).as("attempt %d", attempt).containsExactly(1L, 2L, 3L);
            assertThat(outcome.events).isEqualTo(direct.subList(0, 3));
        }
    }

    @ParameterizedTest
    @EnumSource(PipelineLayout.class)
    void shouldRejectInputTheFillerCannotReadWithoutSkippingASequenceNumber(final PipelineLayout layout)
    {
        final List<Command> input = List.of(
            limit("A1", "ok1", "X", BUY, "10.00", "1"),
            limit("A1", "boom", "X", BUY, "10.00", "1"),
            limit("A1", "ok2", "X", BUY, "10.00", "1"));
        final CommandFiller<Command> failing = (slot, in) ->
        {
            if (in.clOrdId().toString().equals("boom"))
            {
                throw new IllegalStateException("cannot read");
            }
            slot.copyFrom(in);
        };

        final Outcome outcome = runThroughPipeline(input, failing, layout);

        assertThat(outcome.publishedSequences).containsExactly(1L, 2L, 3L);
        assertThat(outcome.events.get(1)).hasSize(1);
        assertThat(outcome.events.get(1).get(0).type()).isEqualTo(EventType.REJECTED);
        assertThat(outcome.events.get(1).get(0).reason()).isEqualTo(RejectReason.MALFORMED);
    }

    @ParameterizedTest
    @EnumSource(PipelineLayout.class)
    void shouldHandOutNoOutcomeBeforeItsCommandIsFlushedToTheJournal(final PipelineLayout layout)
    {
        final Outcome outcome = runThroughPipeline(stream, COPY, layout);

        assertThat(outcome.publishedSequences).hasSize(COMMANDS);
        assertThat(outcome.handedOutBeforeFlush).as("outcomes handed out before their command was flushed").isEmpty();
        assertThat(outcome.flushes.get()).as("flushed per batch, not once at the end").isGreaterThan(1);
        if (layout == PipelineLayout.SERIAL)
        {
            assertThat(outcome.flushes.get()).as("a release at least every %d commands", SerialStage.MAX_RELEASE)
                .isGreaterThanOrEqualTo(COMMANDS / SerialStage.MAX_RELEASE);
        }
    }

    private static Outcome runThroughPipeline(
        final List<Command> input, final CommandFiller<Command> filler, final PipelineLayout layout)
    {
        final Outcome outcome = new Outcome();
        final MatchingEngine engine = new MatchingEngine(new AccountRegistry(), RiskStage.NONE, 64);
        final PipelineContext context = new PipelineContext()
            .ringSize(1024)
            .clock(() -> 42L)
            .engine(engine)
            .journal(outcome)
            .layout(layout)
            .sink(outcome);
        try (ExchangePipeline pipeline = new ExchangePipeline(context))
        {
            for (final Command command : input)
            {
                pipeline.sequencer().submit(filler, command);
            }
        }
        return outcome;
    }

    /** Collects what the journal and the publisher see; both run on pipeline threads. */
    private static final class Outcome implements EventSink, CommandJournal
    {
        final List<List<Ev>> events = Collections.synchronizedList(new ArrayList<>());
        final List<Long> publishedSequences = Collections.synchronizedList(new ArrayList<>());
        final List<Long> journaledSequences = Collections.synchronizedList(new ArrayList<>());
        final List<Long> handedOutBeforeFlush = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong flushedUpTo = new AtomicLong();
        final AtomicLong flushes = new AtomicLong();
        private long lastAppended;

        @Override
        public void onOutcome(final Command command, final EventLog log)
        {
            publishedSequences.add(command.sequence());
            if (command.sequence() > flushedUpTo.get())
            {
                handedOutBeforeFlush.add(command.sequence());
            }
            final List<Ev> copies = new ArrayList<>(log.size());
            for (int i = 0; i < log.size(); i++)
            {
                copies.add(Ev.of(log.get(i)));
            }
            events.add(copies);
        }

        @Override
        public void append(final Command command)
        {
            journaledSequences.add(command.sequence());
            lastAppended = command.sequence();
        }

        @Override
        public void flush()
        {
            flushes.incrementAndGet();
            flushedUpTo.set(lastAppended);
        }

        @Override
        public void close()
        {
        }
    }
}
