package io.resx.engine.recovery;

import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.support.NdjsonSink;
import io.resx.engine.support.TestExchange;
import io.resx.protocol.command.Command;
import io.resx.protocol.ndjson.NdjsonEventWriter;
import io.resx.protocol.text.AsciiKey;
import io.resx.replay.ChronicleCommandJournal;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalPosition;
import io.resx.replay.Snapshot;
import io.resx.risk.AccountRegistry;
import io.resx.risk.ClearingRisk;
import io.resx.risk.ClearingRiskCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.resx.engine.support.Commands.account;
import static io.resx.engine.support.Commands.deposit;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.list;
import static io.resx.engine.support.Commands.shareRule;
import static io.resx.engine.support.Commands.tick;
import static io.resx.engine.support.Commands.use;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Use-it-or-share-it is journaled like any command's effect: the rule and each {@code use} are commands and the
 * clearing happens inside the journaled TICK at gate closure, so a journal that runs through a clearing recovers from
 * any snapshot (the risk section carries rules and declared use) to the live state, a replay publishes byte for byte
 * the NDJSON the live run published, and a risk section of the version before the rule still loads.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShareRuleRecoveryTest
{
    private static final EngineFactory FACTORY =
        accounts -> new MatchingEngine(accounts, new ClearingRisk(accounts, 64), 64);
    /** Any moment: the slot below starts an hour later. */
    private static final Instant T0 = Instant.parse("2031-06-15T12:00:00Z");
    private static final String OWN = "SPEC.3550-3560.CELL042";
    private static final String SLOT = OWN + "@2031-06-15T13:00Z/PT1H";
    private static final String NEXT = OWN + "@2031-06-15T14:00Z/PT1H";

    @TempDir
    Path dir;

    private JournalContext context;
    private final StringWriter liveNdjson = new StringWriter();
    private long liveDigest;

    @BeforeEach
    void runLive() throws IOException
    {
        context = new JournalContext().directory(dir.resolve("journal"));
        final MatchingEngine engine = FACTORY.create(new AccountRegistry());
        final ChronicleCommandJournal journal = ChronicleCommandJournal.open(context, JournalPosition.START);
        final Snapshotter snapshotter = new Snapshotter(context, FACTORY, 3, line -> { });
        final long[] nowNs = new long[1];
        try (NdjsonEventWriter writer = new NdjsonEventWriter(liveNdjson))
        {
            final PipelineContext pipelineContext = new PipelineContext().engine(engine).journal(journal)
                .sink(NdjsonSink.into(writer)).ringSize(64).clock(() -> nowNs[0]);
            try (ExchangePipeline pipeline = new ExchangePipeline(pipelineContext))
            {
                for (final Timed timed : stream())
                {
                    nowNs[0] = nanos(timed.at());
                    pipeline.sequencer().submit(Command::copyFrom, timed.command());
                }
            }
        }
        snapshotter.close();
        liveDigest = new EngineState().digest(engine);
        assertThat(engine.book(AsciiKey.of(SLOT)).closed()).as("closed in the live run").isTrue();
    }

    @Test
    void shouldRecoverTheRuleAndTheUseFromEverySnapshot()
    {
        for (long at = 1; at <= stream().size(); at++)
        {
            assertThat(new EngineState().digest(Recovery.load(context, FACTORY, at, false, null).engine()))
                .as("at %d", at)
                .isEqualTo(new EngineState().digest(Recovery.fromJournalOnly(context, FACTORY, at).engine()));
        }
        final Recovery.Recovered recovered = Recovery.load(context, FACTORY, Long.MAX_VALUE, false, null);
        assertThat(new EngineState().digest(recovered.engine())).isEqualTo(liveDigest);
        final TestExchange after = new TestExchange(recovered.engine()).at(T0.plus(Duration.ofMinutes(40)));
        assertThat(after.send(use("B1", NEXT, "9"))).as("the use of NEXT survived: 2 of 10 are in use")
            .containsExactly("REJECTED B1 LEASE_UNIT_COMMITTED");
        assertThat(after.send(use("B1", NEXT, "8"))).containsExactly("ACCEPTED B1");
    }

    @Test
    void shouldReplayTheLiveRunsNdjsonByteForByteThroughAClearing() throws IOException
    {
        final StringWriter replayed = new StringWriter();
        try (NdjsonEventWriter writer = new NdjsonEventWriter(replayed))
        {
            JournalReplay.run(context, FACTORY, 1, Long.MAX_VALUE, NdjsonSink.into(writer));
        }

        assertThat(liveNdjson.toString()).contains("\"sellClOrdId\":\"USE-OR-SHARE\"")
            .contains("\"cmd\":\"shareRule\"").contains("\"cmd\":\"use\"")
            .contains("\"evt\":\"closed\",\"symbol\":\"" + SLOT + "\"");
        assertThat(replayed.toString()).isEqualTo(liveNdjson.toString());
    }

    @Test
    void shouldLoadARiskSectionOfTheVersionBeforeTheRule()
    {
        final MatchingEngine engine = FACTORY.create(new AccountRegistry());
        final TestExchange x = new TestExchange(engine).at(T0);
        for (final Timed timed : stream().subList(0, 8)) // listings, accounts, deposits: no rule, no use yet
        {
            x.given(timed.command());
        }
        final Map<String, Snapshot.Section> sections =
            new LinkedHashMap<>(new EngineState().capture(engine));
        final Snapshot.Section risk = sections.get(ClearingRiskCodec.SECTION);
        // version 1 ends where version 2 appends its two (here empty) tables: u32 rules, u32 uses
        sections.put(ClearingRiskCodec.SECTION, new Snapshot.Section(1, risk.bytes(), risk.offset(),
            risk.length() - 8));
        final MatchingEngine restored = EngineState.restore(
            new Snapshot(Path.of("in-memory"), new JournalPosition(0, 0, 0, 0), sections), FACTORY);
        assertThat(new EngineState().digest(restored)).isEqualTo(new EngineState().digest(engine));
    }

    /** A command and the sequencer time it is stamped with. */
    private record Timed(Instant at, Command command)
    {
    }

    private static List<Timed> stream()
    {
        final Instant closes = T0.plus(Duration.ofMinutes(30));
        return List.of(
            new Timed(T0, list(OWN, "0.01", "1")),
            new Timed(T0, list(SLOT, "0.01", "1", closes)),
            new Timed(T0, list(NEXT, "0.01", "1", closes.plus(Duration.ofHours(1)))),
            new Timed(T0, account("A1", "OA")),
            new Timed(T0, account("B1", "OB")),
            new Timed(T0, account("F1", "OF")),
            new Timed(T0, deposit("A1", "CASH", "1000")),
            new Timed(T0, deposit("B1", OWN, "10")),
            new Timed(T0, shareRule(OWN, "2.00", "0.25", "F1")),
            new Timed(T0.plusSeconds(60), use("B1", SLOT, "6")),
            new Timed(T0.plusSeconds(61), use("B1", NEXT, "2")),
            new Timed(T0.plusSeconds(62), limit("B1", "s1", SLOT, SELL, "10.00", "1")),
            new Timed(T0.plusSeconds(63), limit("A1", "b1", SLOT, BUY, "10.00", "1")),
            new Timed(T0.plusSeconds(64), limit("A1", "b2", SLOT, BUY, "7.00", "2")),
            new Timed(T0.plusSeconds(65), limit("A1", "b3", SLOT, BUY, "3.00", "5")),
            new Timed(T0.plusSeconds(66), limit("A1", "b4", NEXT, BUY, "9.00", "1")),
            new Timed(closes, tick()),
            new Timed(closes.plusSeconds(1), use("B1", SLOT, "1")),
            new Timed(closes.plusSeconds(2), limit("A1", "b5", NEXT, BUY, "4.00", "1")));
    }

    private static long nanos(final Instant instant)
    {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
