package io.resx.server.settlement;

import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.EventSink;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.pipeline.Sequencer;
import io.resx.protocol.command.Command;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import io.resx.replay.ChronicleCommandJournal;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalPosition;
import io.resx.replay.JournalReader;
import io.resx.server.ResxCli;
import io.resx.server.audit.AuditVerifyCommand;
import io.resx.engine.node.JournalStartUp;
import io.resx.engine.node.TrustedInbox;
import io.resx.settlement.audit.JournalAnchors;
import io.resx.settlement.bridge.BatchRecord;
import io.resx.settlement.bridge.BatchStatus;
import io.resx.settlement.bridge.ChainClient;
import io.resx.settlement.bridge.SettlementBridge;
import io.resx.settlement.bridge.SettlementPosition;
import io.resx.settlement.chain.LocalChain;
import io.resx.settlement.netting.WindowPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History anchored on chain, on a real anvil: every settled batch carries the journal's hash-chain head at its cut;
 * the journal as written matches every anchor, and a copy edited after the first batch settled — its hash chain
 * recomputed, so it passes the plain chain check — is named at the first batch whose head no longer matches.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JournalAnchorTest
{
    private static final String SPEC = "SPEC.3550-3560.CELL042";

    @TempDir
    Path dir;

    private LocalChain chain;
    private JournalStartUp started;
    private ExchangePipeline pipeline;
    private SettlementBridge bridge;

    @AfterEach
    void stop()
    {
        if (bridge != null)
        {
            bridge.close();
        }
        if (pipeline != null)
        {
            pipeline.close();
        }
        if (started != null)
        {
            started.close();
        }
        if (chain != null)
        {
            chain.close();
        }
    }

    @Test
    void shouldNameTheFirstSettledBatchWhoseJournalHeadNoLongerMatches() throws Exception
    {
        chain = LocalChain.start(2, 0);
        chain.deploy(List.of(SPEC), Map.of("SELLER", "S", "BUYER", "B"));
        final JournalContext journal = new JournalContext().directory(dir.resolve("journal"));
        started = JournalStartUp.open(journal, 1_000_000, note -> { });
        pipeline = new ExchangePipeline(new PipelineContext().journal(started.journal()).events(started.events())
            .lastSequence(started.lastSequence()).engine(started.engine()).sink(new EventSink()
            {
                @Override
                public void onOutcome(final Command command, final io.resx.protocol.event.EventLog events)
                {
                }
            }));
        final Sequencer sequencer = pipeline.sequencer();
        final TrustedInbox inbox = new TrustedInbox();
        final NdjsonCommandReader reader = new NdjsonCommandReader(InstrumentSymbol::parse);
        final CommandFiller<String> fromLine = (command, line) -> reader.read(line, command);
        final InternalRoute route = new InternalRoute(inbox);
        bridge = new SettlementBridge(new SettlementBridge.Settings(journal.events(),
            dir.resolve(SettlementPosition.FILE_NAME), chain.directory(), chain.rpcUrl(),
            chain.operator(), WindowPolicy.of(1, 0), 1, 20, 10_000), route).start();
        final int expected = chain.fund("SELLER", SPEC, 10_000_000L) + chain.fund("BUYER", "CASH", 1_000_000_000L);
        final List<String> lines = List.of(
            "{\"cmd\":\"list\",\"symbol\":\"" + SPEC + "\",\"tick\":\"0.01\",\"lot\":\"0.1\"}",
            "{\"cmd\":\"account\",\"account\":\"SELLER\",\"owner\":\"S\"}",
            "{\"cmd\":\"account\",\"account\":\"BUYER\",\"owner\":\"B\"}");
        lines.forEach(line -> sequencer.submit(fromLine, line));
        awaitTrue(() ->
        {
            inbox.drainTo(sequencer);
            return bridge.caughtUp() && route.drained() >= expected;
        });
        sequencer.submit(fromLine, "{\"cmd\":\"new\",\"clOrdId\":\"s\",\"account\":\"SELLER\",\"symbol\":\"" + SPEC +
            "\",\"side\":\"SELL\",\"price\":\"10\",\"qty\":\"3\"}");
        for (int i = 0; i < 3; i++)
        {
            sequencer.submit(fromLine, "{\"cmd\":\"new\",\"clOrdId\":\"b" + i + "\",\"account\":\"BUYER\"," +
                "\"symbol\":\"" + SPEC + "\",\"side\":\"BUY\",\"price\":\"10\",\"qty\":\"1\"}");
        }
        awaitTrue(() ->
        {
            inbox.drainTo(sequencer);
            return bridge.batches().size() == 3 &&
                bridge.batches().stream().allMatch(b -> b.status() == BatchStatus.CONFIRMED);
        });
        final List<BatchRecord> batches = bridge.batches();
        bridge.close();
        bridge = null;
        pipeline.close();
        pipeline = null;
        started.close();
        started = null;

        try (ChainClient client = new ChainClient(chain.rpcUrl(), null))
        {
            final JournalAnchors.Result clean = JournalAnchors.check(journal.events(), chain.directory(), client);
            assertThat(clean.anchors()).isEqualTo(3);
            assertThat(clean.matched()).isEqualTo(3);
            assertThat(clean.mismatches()).isEmpty();

            // rewrite the commands journal, changing the command of the second batch's trade, hash chain recomputed;
            // the start-up then writes the events queue from it (as replay does): consistent, but not what settled
            final Path editedDir = dir.resolve("edited");
            final JournalContext edited = new JournalContext().directory(editedDir);
            try (JournalReader in = JournalReader.open(journal);
                ChronicleCommandJournal out = ChronicleCommandJournal.open(edited, JournalPosition.START))
            {
                final Command command = new Command();
                while (in.next())
                {
                    in.command(command);
                    if (command.sequence() == batches.get(1).batchId())
                    {
                        command.clOrdId().set("edited");
                    }
                    out.append(command);
                }
            }
            JournalStartUp.open(edited, 1_000_000, note -> { }).close();
            final JournalAnchors.Result result = JournalAnchors.check(edited.events(), chain.directory(), client);
            assertThat(result.matched()).isEqualTo(1);
            assertThat(result.mismatches()).hasSize(2);
            assertThat(result.mismatches().get(0).batchId()).isEqualTo(batches.get(1).batchId());
            assertThat(result.mismatches().get(0).sequence()).isEqualTo(batches.get(1).closedAt());

            // the CLI: `audit verify --rpc` exits 0 on the history the chain anchored, 5 on the edited one (whose
            // events agree with its commands, so only the anchors can tell)
            final Path directoryFile = dir.resolve("settlement.properties");
            chain.directory().save(directoryFile);
            assertThat(verify(journal.directory(), chain.rpcUrl(), directoryFile)).isZero();
            assertThat(verify(editedDir, chain.rpcUrl(), directoryFile)).isEqualTo(AuditVerifyCommand.ANCHOR_MISMATCH);
            // `audit reconcile` (from events, no engine): chain and ledger agree, nothing stuck
            final CommandLine cli = ResxCli.commandLine();
            final StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(new StringWriter(), true));
            assertThat(cli.execute("audit", "reconcile", "--journal", journal.directory().toString(), "--rpc",
                chain.rpcUrl(), "--directory", directoryFile.toString(), "--window-trades", "1", "--window-ms", "0"))
                .as(out.toString()).isZero();
            assertThat(out.toString()).contains("6 balances compared, 0 differ")
                .contains("0 batches not settled on chain")
                .contains("events to sequence 12");
        }
    }

    private static int verify(final Path journal, final String rpc, final Path directoryFile)
    {
        final CommandLine cli = ResxCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute("audit", "verify", "--journal", journal.toString(), "--rpc", rpc, "--directory",
            directoryFile.toString());
    }


    private static void awaitTrue(final java.util.function.BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
