package io.resx.server.settlement;

import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.pipeline.Sequencer;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventType;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import io.resx.replay.JournalContext;
import io.resx.engine.node.JournalStartUp;
import io.resx.engine.node.TrustedInbox;
import io.resx.settlement.audit.Reconciliation;
import io.resx.settlement.bridge.BatchRecord;
import io.resx.settlement.bridge.BatchStatus;
import io.resx.settlement.bridge.ChainClient;
import io.resx.settlement.bridge.SettlementBridge;
import io.resx.settlement.bridge.SettlementPosition;
import io.resx.settlement.bridge.VaultAbi;
import io.resx.settlement.chain.ChainEvents;
import io.resx.settlement.chain.LocalChain;
import io.resx.settlement.netting.WindowPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge restarts from its stored position in {@code events}: it reads only the records after it (never the
 * commands journal, and no engine), settles what was traded while it was down, and settles nothing twice — also when
 * it restarts from an older position, as after a crash before its last store. Real parts: the engine's pipeline with
 * a Chronicle journal and its events queue, anvil (a block per transaction), web3j.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SettlementRestartTest
{
    private static final String SPEC = "SPEC.3550-3560.CELL042";
    private static final long ONE = 1_000_000L;
    private static final WindowPolicy WINDOW = WindowPolicy.of(2, 0);

    @TempDir
    Path dir;

    private LocalChain chain;
    private JournalStartUp started;
    private ExchangePipeline pipeline;
    private Sequencer sequencer;
    private final TrustedInbox inbox = new TrustedInbox();
    private final InternalRoute route = new InternalRoute(inbox);
    private final NdjsonCommandReader reader = new NdjsonCommandReader(InstrumentSymbol::parse);
    private final CommandFiller<String> fromLine = (command, line) -> reader.read(line, command);
    /** trade id → sequence of the command that made it, as the engine published them. */
    private final Map<Long, Long> tradeSequences = new ConcurrentSkipListMap<>();
    private volatile long published;
    private JournalContext journal;
    private Path positionFile;
    private SettlementBridge bridge;
    private int orders;

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
    void shouldResumeFromItsStoredPositionSettleWhatCameWhileDownAndNothingTwice() throws Exception
    {
        startExchange();
        bridge = startBridge();
        final int funding = chain.fund("SELLER", SPEC, 100 * ONE) + chain.fund("BUYER", "CASH", 10_000 * ONE);
        await("funding journaled", () -> route.drained() >= funding);
        trade(6);
        await("the first run's batches confirmed and read back", () -> confirmedTrades(bridge) == 6 &&
            bridge.position() != null && bridge.position().settledThrough() >= lastTradeSequence());
        final List<BatchRecord> firstRun = bridge.batches();
        bridge.close();
        bridge = null;
        pump();
        final SettlementPosition stored = SettlementPosition.load(positionFile);
        assertThat(stored.settledThrough()).isGreaterThanOrEqualTo(lastTradeSequence());
        final Path older = dir.resolve("position-after-first-run");
        Files.copy(positionFile, older);

        // while the bridge is down: more trades, and a deposit on chain
        trade(6);
        final int deposit = chain.fund("BUYER", "CASH", 500 * ONE);
        assertThat(deposit).isEqualTo(1);
        awaitPublished(sequencer.lastSequence());
        final long endBeforeRestart = sequencer.lastSequence();

        bridge = startBridge();
        await("the restarted bridge caught up", bridge::caughtUp, false);
        assertThat(bridge.startedFrom().settledThrough()).isEqualTo(stored.settledThrough());
        // it read the records after its position, and only those: not the history before it
        assertThat(bridge.readAtStart()).isEqualTo(endBeforeRestart - stored.settledThrough());
        assertThat(bridge.readAtStart()).isLessThan(endBeforeRestart / 2);
        await("the trades made while it was down are settled", () -> confirmedTrades(bridge) == 6 &&
            route.drained() >= funding + 6 + 1);
        final List<BatchRecord> secondRun = bridge.batches();
        final Set<Long> firstIds = ids(firstRun);
        final Set<Long> secondIds = ids(secondRun);
        assertThat(secondIds).doesNotContainAnyElementsOf(firstIds);
        assertThat(secondIds).hasSize(3);

        // on chain: every batch settled once, every trade in exactly one of them
        final List<ChainEvents.BatchSettled> settled = settledOnChain();
        assertThat(settled.stream().map(ChainEvents.BatchSettled::batchId).toList())
            .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(union(firstIds, secondIds));
        final List<Long> tradesInBatches = new ArrayList<>();
        for (final BatchRecord batch : concat(firstRun, secondRun))
        {
            tradeSequences.forEach((tradeId, sequence) ->
            {
                if (sequence >= batch.batchId() && sequence <= batch.closedAt())
                {
                    tradesInBatches.add(tradeId);
                }
            });
        }
        assertThat(tradesInBatches).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
            tradeSequences.keySet());
        assertThat(tradesInBatches).hasSize(12);
        // and the chain holds what the ledger says: the deposit made while the bridge was down counted once
        await("the chain agrees with the ledger", () -> reconcile().differences().isEmpty());
        assertThat(reconcile().unsettled()).isEmpty();

        // a restart from an older position (a crash before the last store): the same batches are cut again, all
        // found confirmed in events, and nothing is sent
        final long settledThrough = bridge.position().settledThrough();
        bridge.close();
        bridge = null;
        pump();
        awaitPublished(sequencer.lastSequence());
        final long blockBefore = blockNumber();
        final long drainedBefore = route.drained();
        Files.copy(older, positionFile, StandardCopyOption.REPLACE_EXISTING);
        bridge = startBridge();
        await("the bridge restarted from the older position caught up", bridge::caughtUp, false);
        assertThat(bridge.startedFrom().settledThrough()).isEqualTo(stored.settledThrough());
        assertThat(ids(bridge.batches())).isEqualTo(secondIds);
        await("its position moves past what is settled", () -> bridge.position().settledThrough() >= settledThrough);
        Thread.sleep(300); // a few bridge rounds
        assertThat(bridge.batches()).allMatch(b -> b.status() == BatchStatus.CONFIRMED);
        pump();
        assertThat(blockNumber()).as("no transaction sent").isEqualTo(blockBefore);
        assertThat(route.drained()).as("no command sent: no deposit twice, no confirmation twice")
            .isEqualTo(drainedBefore);
        assertThat(settledOnChain()).hasSize(6);
    }

    // ------------------------------------------------------------------------------------------------ harness

    private void startExchange()
    {
        chain = LocalChain.start(2, 0);
        chain.deploy(List.of(SPEC), Map.of("SELLER", "S", "BUYER", "B"));
        journal = new JournalContext().directory(dir.resolve("journal"));
        positionFile = dir.resolve("chain").resolve(SettlementPosition.FILE_NAME);
        started = JournalStartUp.open(journal, 1_000_000, note -> { });
        pipeline = new ExchangePipeline(new PipelineContext().journal(started.journal()).events(started.events())
            .lastSequence(started.lastSequence()).engine(started.engine()).sink((command, events) ->
            {
                for (int i = 0; i < events.size(); i++)
                {
                    final EngineEvent e = events.get(i);
                    if (e.type() == EventType.TRADE)
                    {
                        tradeSequences.put(e.tradeId(), command.sequence());
                    }
                }
                published = command.sequence();
            }));
        sequencer = pipeline.sequencer();
        submit("{\"cmd\":\"list\",\"symbol\":\"" + SPEC + "\",\"tick\":\"0.01\",\"lot\":\"0.1\"}");
        submit("{\"cmd\":\"account\",\"account\":\"SELLER\",\"owner\":\"S\"}");
        submit("{\"cmd\":\"account\",\"account\":\"BUYER\",\"owner\":\"B\"}");
        // history the bridge must not read again at a restart (orders refused QTY_NOT_POSITIVE: records all the same)
        for (int i = 0; i < 200; i++)
        {
            submit("{\"cmd\":\"new\",\"clOrdId\":\"r" + i + "\",\"account\":\"SELLER\",\"symbol\":\"" + SPEC +
                "\",\"side\":\"SELL\",\"price\":\"99\",\"qty\":\"0\"}");
        }
    }

    private SettlementBridge startBridge()
    {
        return new SettlementBridge(new SettlementBridge.Settings(journal.events(), positionFile, chain.directory(),
            chain.rpcUrl(), chain.operator(), WINDOW, 1, 20, 10_000), route).start();
    }

    /** Crossing pairs of one unit at 10: one trade each. */
    private void trade(final int trades)
    {
        for (int i = 0; i < trades; i++)
        {
            orders++;
            submit("{\"cmd\":\"new\",\"clOrdId\":\"s" + orders + "\",\"account\":\"SELLER\",\"symbol\":\"" + SPEC +
                "\",\"side\":\"SELL\",\"price\":\"10\",\"qty\":\"1\"}");
            submit("{\"cmd\":\"new\",\"clOrdId\":\"b" + orders + "\",\"account\":\"BUYER\",\"symbol\":\"" + SPEC +
                "\",\"side\":\"BUY\",\"price\":\"10\",\"qty\":\"1\"}");
        }
    }

    private long lastTradeSequence()
    {
        return tradeSequences.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static long confirmedTrades(final SettlementBridge bridge)
    {
        return bridge.batches().stream().filter(b -> b.status() == BatchStatus.CONFIRMED)
            .mapToLong(BatchRecord::trades).sum();
    }

    private static Set<Long> ids(final List<BatchRecord> batches)
    {
        final Set<Long> ids = new HashSet<>();
        batches.forEach(b -> ids.add(b.batchId()));
        return ids;
    }

    private static Set<Long> union(final Set<Long> a, final Set<Long> b)
    {
        final Set<Long> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static List<BatchRecord> concat(final List<BatchRecord> a, final List<BatchRecord> b)
    {
        final List<BatchRecord> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private List<ChainEvents.BatchSettled> settledOnChain() throws IOException
    {
        try (ChainClient client = new ChainClient(chain.rpcUrl(), null))
        {
            final List<ChainEvents.BatchSettled> out = new ArrayList<>();
            for (final ChainEvents.VaultEvent event : ChainEvents.vaultEvents(client.logs(chain.directory()
                .fromBlock(), client.blockNumber(), List.of(chain.directory().vault()),
                List.of(VaultAbi.BATCH_SETTLED_TOPIC))))
            {
                if (event instanceof ChainEvents.BatchSettled s)
                {
                    out.add(s);
                }
            }
            return out;
        }
    }

    private long blockNumber() throws IOException
    {
        try (ChainClient client = new ChainClient(chain.rpcUrl(), null))
        {
            return client.blockNumber();
        }
    }

    private Reconciliation.Result reconcile()
    {
        try (ChainClient client = new ChainClient(chain.rpcUrl(), null))
        {
            return Reconciliation.run(journal.events(), WINDOW, chain.directory(), client);
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** The test thread is the sequencer's single producer: the bridge's commands go in here too. */
    private void submit(final String line)
    {
        pump();
        sequencer.submit(fromLine, line);
    }

    private void pump()
    {
        inbox.drainTo(sequencer);
    }

    private void awaitPublished(final long sequence) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (published < sequence)
        {
            assertThat(System.nanoTime()).as("published up to " + sequence).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private void await(final String what, final BooleanSupplier condition)
    {
        await(what, condition, true);
    }

    private void await(final String what, final BooleanSupplier condition, final boolean pumping)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting: " + what + "; bridge " +
                    (bridge == null ? "-" : bridge.health() + "; batches " + bridge.batches()));
            }
            if (pumping)
            {
                pump();
            }
            try
            {
                Thread.sleep(10);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }
}
