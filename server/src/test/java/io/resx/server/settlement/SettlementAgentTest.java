package io.resx.server.settlement;

import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.pipeline.Sequencer;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import io.resx.replay.JournalContext;
import io.resx.engine.node.JournalStartUp;
import io.resx.engine.node.TrustedInbox;
import io.resx.settlement.bridge.BatchStatus;
import io.resx.settlement.bridge.SettlementBridge;
import io.resx.settlement.bridge.SettlementPosition;
import io.resx.settlement.bridge.SettlementView;
import io.resx.settlement.chain.LocalChain;
import io.resx.settlement.netting.WindowPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge's loop cannot be stopped by an exception (anvil, real journal): a cycle that throws — here the token
 * deployment of a newly traded asset, failing three times — is counted, shown in health, and the next cycle runs;
 * once the deployment works the batch settles (the seller's units were in the ledger only: the vault's waterfall
 * pays the buyer).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SettlementAgentTest
{
    private static final String SPEC = "SPEC.3550-3560.CELL042";
    private static final String OTHER = "SPEC.3550-3560.CELL043";

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
    void shouldCountAnExceptionInACycleAndKeepTheLoopGoing() throws Exception
    {
        chain = LocalChain.start(2, 0);
        chain.deploy(List.of(SPEC), Map.of("SELLER", "S", "BUYER", "B"));
        final JournalContext journal = new JournalContext().directory(dir.resolve("journal"));
        started = JournalStartUp.open(journal, 1_000_000, note -> { });
        pipeline = new ExchangePipeline(new PipelineContext().journal(started.journal()).events(started.events())
            .lastSequence(started.lastSequence()).engine(started.engine()).sink((command, events) -> { }));
        final Sequencer sequencer = pipeline.sequencer();
        final TrustedInbox inbox = new TrustedInbox();
        final InternalRoute route = new InternalRoute(inbox);
        final NdjsonCommandReader reader = new NdjsonCommandReader(InstrumentSymbol::parse);
        final CommandFiller<String> fromLine = (command, line) -> reader.read(line, command);
        final AtomicInteger attempts = new AtomicInteger();
        bridge = new SettlementBridge(new SettlementBridge.Settings(journal.events(),
            dir.resolve(SettlementPosition.FILE_NAME), chain.directory(), chain.rpcUrl(),
            chain.operator(), WindowPolicy.of(1, 0), 1, 20, 10_000, SettlementBridge.Tuning.DEFAULTS, symbol ->
            {
                if (attempts.incrementAndGet() <= 3)
                {
                    throw new IllegalStateException("deployment of " + symbol + " failed (attempt " +
                        attempts.get() + ")");
                }
                return chain.provision(symbol, null);
            }), route).start();
        final int expected = chain.fund("BUYER", "CASH", 1_000_000_000L);
        chain.fundDefaultFund(1_000_000_000L); // the seller delivers nothing on chain: the waterfall pays the buyer
        List.of("{\"cmd\":\"list\",\"symbol\":\"" + OTHER + "\",\"tick\":\"0.01\",\"lot\":\"0.1\"}",
            "{\"cmd\":\"account\",\"account\":\"SELLER\",\"owner\":\"S\"}",
            "{\"cmd\":\"account\",\"account\":\"BUYER\",\"owner\":\"B\"}",
            // the seller's units are in the ledger only: the chain gets the token at the first batch
            "{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"SELLER\",\"asset\":\"" + OTHER + "\",\"amount\":\"5\"}")
            .forEach(line -> sequencer.submit(fromLine, line));
        await(() ->
        {
            inbox.drainTo(sequencer);
            return route.drained() >= expected;
        });
        sequencer.submit(fromLine, "{\"cmd\":\"new\",\"clOrdId\":\"s\",\"account\":\"SELLER\",\"symbol\":\"" + OTHER +
            "\",\"side\":\"SELL\",\"price\":\"10\",\"qty\":\"1\"}");
        sequencer.submit(fromLine, "{\"cmd\":\"new\",\"clOrdId\":\"b\",\"account\":\"BUYER\",\"symbol\":\"" + OTHER +
            "\",\"side\":\"BUY\",\"price\":\"10\",\"qty\":\"1\"}");
        await(() ->
        {
            inbox.drainTo(sequencer);
            return bridge.batches().size() == 1 && bridge.batches().get(0).status() == BatchStatus.CONFIRMED;
        });
        assertThat(bridge.errors()).isEqualTo(3);
        assertThat(attempts.get()).isEqualTo(4);
        assertThat(chain.directory().tokens()).containsKey(OTHER);
        assertThat(bridge.health().message()).contains("3 bridge errors", "deployment of " + OTHER + " failed");
        assertThat(bridge.health().level()).isEqualTo(SettlementView.Level.DEGRADED);
    }

    private static void await(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
