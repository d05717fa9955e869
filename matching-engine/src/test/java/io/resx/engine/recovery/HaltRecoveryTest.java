package io.resx.engine.recovery;

import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.support.Ev;
import io.resx.engine.support.NdjsonSink;
import io.resx.engine.support.TestExchange;
import io.resx.protocol.command.Command;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.resx.engine.support.Commands.account;
import static io.resx.engine.support.Commands.deposit;
import static io.resx.engine.support.Commands.halt;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.list;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A halted book's state is journaled like any command's effect: it survives a snapshot and recovery, and a
 * replay of the journal publishes byte for byte the NDJSON the live run published.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HaltRecoveryTest
{
    private static final EngineFactory FACTORY =
        accounts -> new MatchingEngine(accounts, new ClearingRisk(accounts, 64), 64);

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
        // A snapshot every 4 commands: one falls before the halt, one after it, one at close.
        final Snapshotter snapshotter = new Snapshotter(context, FACTORY, 4, line -> { });
        try (NdjsonEventWriter writer = new NdjsonEventWriter(liveNdjson))
        {
            final PipelineContext pipelineContext = new PipelineContext().engine(engine).journal(journal)
                .sink(NdjsonSink.into(writer)).ringSize(64);
            try (ExchangePipeline pipeline = new ExchangePipeline(pipelineContext))
            {
                for (final Command command : stream())
                {
                    pipeline.sequencer().submit(Command::copyFrom, command);
                }
            }
        }
        snapshotter.close();
        liveDigest = new EngineState().digest(engine);
        assertThat(engine.book(AsciiKey.of("SYM")).halted()).isTrue();
    }

    @Test
    void shouldKeepTheBookHaltedAcrossSnapshotAndRecovery()
    {
        final Recovery.Recovered recovered = Recovery.load(context, FACTORY, Long.MAX_VALUE, false, null);

        assertThat(recovered.snapshot()).isNotNull();
        assertThat(recovered.position().sequence()).isEqualTo(stream().size());
        assertThat(new EngineState().digest(recovered.engine())).isEqualTo(liveDigest);
        assertThat(recovered.engine().book(AsciiKey.of("SYM")).halted()).isTrue();
        assertThat(recovered.engine().book(AsciiKey.of("OTH")).halted()).isFalse();

        final TestExchange after = new TestExchange(recovered.engine());
        assertThat(after.send(limit("A1", "late", "SYM", BUY, "10.00", "1")))
            .containsExactly("REJECTED A1 late BOOK_HALTED");
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

        assertThat(liveNdjson.toString()).contains("\"evt\":\"halted\",\"symbol\":\"SYM\"")
            .contains("\"evt\":\"resumed\",\"symbol\":\"OTH\"").contains("\"reason\":\"BOOK_HALTED\"");
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
            limit("B1", "s1", "SYM", SELL, "10.00", "5"),
            halt("SYM", true),
            halt("OTH", true),
            limit("A1", "b1", "SYM", BUY, "10.00", "5"),
            halt("OTH", false),
            limit("A1", "b2", "OTH", BUY, "10.00", "1"));
    }
}
