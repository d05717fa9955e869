package io.resx.engine.recovery;

import io.resx.engine.matching.DeadManSwitches;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.support.NdjsonSink;
import io.resx.engine.support.TestExchange;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.ndjson.NdjsonEventWriter;
import io.resx.protocol.text.AsciiKey;
import io.resx.replay.ChronicleCommandJournal;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalPosition;
import io.resx.risk.AccountRegistry;
import io.resx.risk.ClearingRisk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.resx.engine.support.Commands.account;
import static io.resx.engine.support.Commands.cancelAllAfter;
import static io.resx.engine.support.Commands.deposit;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.list;
import static io.resx.engine.support.Commands.massCancel;
import static io.resx.engine.support.Commands.tick;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order-entry state of issue 18 is engine state like any other: the ClOrdID window, the armed dead-man switches
 * and each order's connection tag survive a snapshot and recovery, the journal replays byte for byte, and a recovered
 * engine answers a retry, fires a dead-man switch and cancels a dropped connection's orders as the live one would.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrderEntryRecoveryTest
{
    private static final EngineFactory FACTORY =
        accounts -> new MatchingEngine(accounts, new ClearingRisk(accounts, 64), 64);
    private static final long T0 = Instant.parse("2031-03-01T10:00:00Z").getEpochSecond() * 1_000_000_000L;
    private static final long MS = 1_000_000L;

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
        final long[] nowNs = {T0};
        try (NdjsonEventWriter writer = new NdjsonEventWriter(liveNdjson))
        {
            final PipelineContext pipelineContext = new PipelineContext().engine(engine).journal(journal)
                .sink(NdjsonSink.into(writer)).ringSize(64).clock(() -> nowNs[0]);
            try (ExchangePipeline pipeline = new ExchangePipeline(pipelineContext))
            {
                for (final Command command : stream())
                {
                    nowNs[0] += MS;
                    pipeline.sequencer().submit(Command::copyFrom, command);
                }
            }
        }
        snapshotter.close();
        liveDigest = new EngineState().digest(engine);
    }

    @Test
    void shouldKeepTheWindowTheSwitchesAndTheTagsAcrossSnapshotAndRecovery()
    {
        final Recovery.Recovered recovered = Recovery.load(context, FACTORY, Long.MAX_VALUE, false, null);

        assertThat(recovered.snapshot()).isNotNull();
        assertThat(new EngineState().digest(recovered.engine())).isEqualTo(liveDigest);
        final MatchingEngine engine = recovered.engine();
        assertThat(engine.deadManDeadlineNs(engine.accounts().account(AsciiKey.of("A1")))).isEqualTo(T0 + 7 * MS + 60_000 * MS);
        assertThat(engine.clOrdIdsHeld()).isEqualTo(5);

        final TestExchange after = new TestExchange(engine);
        after.at(Instant.ofEpochSecond(0, T0 + 20 * MS));
        // the finished order's ClOrdID is still taken: a retry gets the original order, a reuse is refused
        assertThat(after.send(limit("B1", "s1", "SYM", SELL, "10.00", "5"))).containsExactly(
            "REJECTED B1 s1 RETRY_OF_ACCEPTED");
        assertThat(after.lastEvents().get(0).orderId()).isEqualTo(1);
        assertThat(after.send(limit("B1", "s1", "SYM", SELL, "10.00", "4"))).containsExactly(
            "REJECTED B1 s1 DUPLICATE_CLORDID");
        // the dropped connection's tag survived: only its order goes
        final long lockedBefore = lockedCash(engine);
        assertThat(after.send(massCancel(null, "OA", null).sessionTag(7).cancelReason(CancelReason.DISCONNECT)))
            .startsWith("ACCEPTED MASS_CANCEL OA", "CANCELLED A1/t1 SYM leaves=1 DISCONNECT")
            .hasSize(3); // and the balance its unlock changed
        assertThat(lockedBefore - lockedCash(engine)).as("the cancelled buy's cash (1 x 9.00) is unlocked")
            .isEqualTo(io.resx.protocol.FixedPoint.parse("9"));
        // the dead-man switch armed before the snapshot fires at the first tick after its deadline
        after.at(Instant.ofEpochSecond(0, T0 + 7 * MS + 60_000 * MS));
        assertThat(after.send(tick())).startsWith("ACCEPTED TICK", "CANCELLED A1/u1 SYM leaves=1 DEAD_MAN")
            .hasSize(3); // and the balance its unlock changed
        assertThat(engine.deadManDeadlineNs(engine.accounts().account(AsciiKey.of("A1"))))
            .isEqualTo(DeadManSwitches.DISARMED);
    }

    private static long lockedCash(final MatchingEngine engine)
    {
        final TestExchange probe = new TestExchange(engine);
        final Command balances = new Command().type(io.resx.protocol.command.CommandType.BALANCES);
        balances.account().set("A1");
        probe.process(balances);
        for (int i = 0; i < probe.lastEvents().size(); i++)
        {
            final io.resx.protocol.event.EngineEvent event = probe.lastEvents().get(i);
            if (event.type() == io.resx.protocol.event.EventType.BALANCE && event.symbol().toString().equals("CASH"))
            {
                return event.locked();
            }
        }
        throw new AssertionError("no CASH balance of A1");
    }

    @Test
    void shouldGiveFromAnySnapshotPlusTailTheStateOfAFullReplay()
    {
        for (long at = 1; at <= stream().size(); at++)
        {
            assertThat(new EngineState().digest(Recovery.load(context, FACTORY, at, false, null).engine()))
                .as("at %d", at)
                .isEqualTo(new EngineState().digest(Recovery.fromJournalOnly(context, FACTORY, at).engine()));
        }
    }

    @Test
    void shouldReplayTheLiveRunsNdjsonByteForByte() throws IOException
    {
        final StringWriter replayed = new StringWriter();
        try (NdjsonEventWriter writer = new NdjsonEventWriter(replayed))
        {
            JournalReplay.run(context, FACTORY, 1, Long.MAX_VALUE, NdjsonSink.into(writer));
        }

        assertThat(liveNdjson.toString()).contains("\"reason\":\"RETRY_OF_ACCEPTED\",\"orderId\":1")
            .contains("\"reason\":\"DUPLICATE_CLORDID\"").contains("\"cmd\":\"massCancel\"")
            .contains("\"reason\":\"MASS_CANCEL\"");
        assertThat(replayed.toString()).isEqualTo(liveNdjson.toString());
    }

    private static List<Command> stream()
    {
        return List.of(
            list("SYM", "0.01", "1"),
            list("OTH", "0.01", "1"),
            account("A1", "OA"),
            account("B1", "OB"),
            deposit("A1", "CASH", "1000"),
            deposit("B1", "SYM", "10"),
            cancelAllAfter("A1", 60_000),
            limit("B1", "s1", "SYM", SELL, "10.00", "5"),
            limit("A1", "b1", "SYM", BUY, "10.00", "5"),
            limit("B1", "s1", "SYM", SELL, "10.00", "5"),
            limit("B1", "s1", "SYM", SELL, "11.00", "5"),
            limit("A1", "t1", "SYM", BUY, "9.00", "1").sessionTag(7),
            limit("A1", "u1", "SYM", BUY, "8.00", "1"),
            limit("A1", "m1", "OTH", BUY, "7.00", "1"),
            massCancel("A1", null, "OTH"));
    }
}
