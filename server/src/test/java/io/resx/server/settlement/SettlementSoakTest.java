package io.resx.server.settlement;

import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.EventSink;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.pipeline.Sequencer;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import io.resx.replay.JournalContext;
import io.resx.server.journal.JournalStartUp;
import io.resx.server.serve.TrustedInbox;
import io.resx.settlement.bridge.BatchRecord;
import io.resx.settlement.bridge.BatchStatus;
import io.resx.settlement.bridge.ChainClient;
import io.resx.settlement.bridge.SettlementDirectory;
import io.resx.settlement.netting.WindowPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short soak of settlement as {@code resx serve} wires it, in one process with real parts (engine pipeline,
 * Chronicle journal on disk, anvil with a state file, the bridge agent with token deployment at first need, the
 * node supervisor): a lease whose slot ended on chain before it settled (refused for good: BadSlot, the queue goes
 * on), an energy trade on an interval that had no token (deployed at its first batch; the seller holds nothing on
 * chain, so the waterfall pays the buyer from the seller's collateral), then 50 ownership batches with the chain
 * node killed half-way (restarted from its state file by the supervisor, the directory file updated). Every batch
 * that can settle is CONFIRMED, none stays queued, and gas per batch stays flat. Slots and intervals are computed
 * from the chain's block time, never from a calendar date.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES) // CI's run takes under a minute; the benchmark run longer
class SettlementSoakTest
{
    private static final long ONE = 1_000_000L;
    private static final String SPEC = "SPEC.3550-3560.CELL042";
    /** Ownership batches: 50 in CI; a longer benchmark run with -Dresx.soak.batches=1000 -Dresx.soak.kills=2. */
    private static final int OWNERSHIP_BATCHES = Integer.getInteger("resx.soak.batches", 50);
    /** How many times the chain node is killed along the way. */
    private static final int KILLS = Integer.getInteger("resx.soak.kills", 1);

    @TempDir
    Path dir;

    private LocalChain chain;
    private JournalStartUp started;
    private ExchangePipeline pipeline;
    private Sequencer sequencer;
    private SettlementBridge bridge;
    private ChainSupervisor supervisor;
    private final TrustedInbox inbox = new TrustedInbox();
    private final InternalRoute route = new InternalRoute(inbox);
    private final Map<String, Long> balances = new ConcurrentHashMap<>();
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private final NdjsonCommandReader reader = new NdjsonCommandReader(InstrumentSymbol::parse);
    private final CommandFiller<String> fromLine = (command, line) -> reader.read(line, command);

    @AfterEach
    void stop()
    {
        if (supervisor != null)
        {
            supervisor.close();
        }
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
    void shouldSettleEveryBatchThatCanSettleThroughARefusalAnUnknownAssetAndANodeRestart() throws Exception
    {
        final Path directoryFile = dir.resolve("settlement.properties");
        chain = LocalChain.start(6, 0, dir.resolve("anvil-state.json"));
        chain.deploy(List.of(SPEC), Map.of("SELLER", "S", "BUYER", "B", "LESSEE", "L", "GRID", "G", "GBUY", "H"));
        chain.fundDefaultFund(1_000 * ONE);
        chain.directory().save(directoryFile);
        final JournalContext journal = startExchange();
        bridge = new SettlementBridge(new SettlementBridge.Settings(journal, chain.directory(), chain.rpcUrl(),
            chain.operator(), WindowPolicy.of(2, 0), 1, 20, 10_000, SettlementBridge.Tuning.DEFAULTS,
            symbol -> chain.provision(symbol, directoryFile)), route).start();
        supervisor = new ChainSupervisor(chain, bridge, directoryFile).start();

        final long units = Math.max(100, OWNERSHIP_BATCHES + 1) * ONE;
        chain.fund("SELLER", SPEC, units);
        chain.fund("BUYER", "CASH", 10_000 * ONE);
        chain.fund("LESSEE", "CASH", 100 * ONE);
        chain.fund("GBUY", "CASH", 100 * ONE);
        chain.fund("GRID", "COLLATERAL", 50 * ONE);
        await("deposits reach the ledger", () -> balance("SELLER", SPEC) == units &&
            balance("GBUY", "CASH") == 100 * ONE && balance("GRID", "COLLATERAL") == 50 * ONE);

        // slots from the chain's own clock: both start three hours after its latest block
        final Instant start = Instant.ofEpochSecond(chain.node().latestTimestamp()).truncatedTo(ChronoUnit.HOURS)
            .plus(3, ChronoUnit.HOURS);
        final String slot = SPEC + "@" + minutes(start) + "/PT1H";
        final String energy = "ENRG.KWH.NODE17@" + minutes(start) + "/PT15M";
        submit("{\"cmd\":\"list\",\"symbol\":\"" + slot + "\",\"tick\":\"0.01\",\"lot\":\"1\"}");
        submit("{\"cmd\":\"list\",\"symbol\":\"" + energy + "\",\"tick\":\"0.0001\",\"lot\":\"0.01\"}");
        // GRID's energy reaches the ledger by an admin deposit only: nothing of it is on chain
        submit("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"GRID\",\"asset\":\"" + energy +
            "\",\"amount\":\"10\"}");

        // 1. one window (two trades): a lease whose slot the chain's time has passed before it settles, and an
        // energy interval with no token yet (deployed at the first batch that needs it)
        chain.node().setNextBlockTimestamp(start.plus(5, ChronoUnit.HOURS).getEpochSecond());
        chain.node().mine();
        order("l-s", "SELLER", slot, "SELL", "2", "1");
        order("l-b", "LESSEE", slot, "BUY", "2", "1");
        order("e-s", "GRID", energy, "SELL", "0.5", "1");
        order("e-b", "GBUY", energy, "BUY", "0.5", "1");
        await("the batch is confirmed without the lease", () -> count(BatchStatus.CONFIRMED) == 1);
        await("GRID's failed delivery reaches the engine", () -> outcomes.stream()
            .anyMatch(o -> o.startsWith("DEFAULT GRID " + energy)));
        // the refused lease comes back as a journaled settlementRefused and is unwound: the slot is SELLER's again
        await("the refused lease unwound in the engine's ledger", () -> outcomes.contains(
            "SETTLEMENT_REFUSED LEASE_REVOKED LESSEE SELLER " + slot));
        assertThat(balance("LESSEE", slot)).isZero();
        assertThat(balance("SELLER", slot)).isZero();

        // 2. ownership batches, two trades each; the node is killed along the way (half-way in CI)
        final Map<Long, Long> submittedNs = new ConcurrentHashMap<>();
        final Map<Long, Long> confirmedNs = new ConcurrentHashMap<>();
        final Thread sampler = new Thread(() ->
        {
            while (!Thread.currentThread().isInterrupted())
            {
                bridge.batches().stream().filter(b -> b.status() == BatchStatus.CONFIRMED)
                    .forEach(b -> confirmedNs.putIfAbsent(b.closedAt(), System.nanoTime()));
                try
                {
                    Thread.sleep(5);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        }, "soak-sampler");
        sampler.setDaemon(true);
        sampler.start();
        order("o-s", "SELLER", SPEC, "SELL", "10", String.valueOf(OWNERSHIP_BATCHES)); // one unit is leased out
        int kills = 0;
        for (int i = 0; i < 2 * OWNERSHIP_BATCHES; i++)
        {
            if (kills < KILLS && i == 2 * OWNERSHIP_BATCHES * (kills + 1) / (KILLS + 1) / 2 * 2)
            {
                final int done = i / 2;
                await("the batches before the kill confirmed", () -> count(BatchStatus.CONFIRMED) == 1 + done);
                Thread.sleep(2_500); // the node dumps its state every second
                final String before = chain.rpcUrl();
                ProcessHandle.of(chain.node().pid()).orElseThrow().destroyForcibly();
                final int restarts = ++kills;
                await("the supervisor restarts the node", () -> supervisor.restarts() == restarts && chain.alive());
                assertThat(chain.rpcUrl()).isNotEqualTo(before);
                assertThat(SettlementDirectory.load(directoryFile).rpc()).isEqualTo(chain.rpcUrl());
            }
            submittedNs.put(order("o-b" + i, "BUYER", SPEC, "BUY", "10", "0.5"), System.nanoTime());
        }
        await("every ownership batch confirmed", () -> count(BatchStatus.CONFIRMED) == 1 + OWNERSHIP_BATCHES &&
            bridge.health().backlog() == 0);

        final List<BatchRecord> batches = bridge.batches();
        sampler.interrupt();
        sampler.join();
        assertThat(batches).hasSize(1 + OWNERSHIP_BATCHES);
        assertThat(batches).allMatch(b -> b.status() == BatchStatus.CONFIRMED);
        assertThat(batches.get(0).refused()).singleElement().satisfies(r ->
        {
            assertThat(r.symbol()).isEqualTo(slot);
            assertThat(r.reason()).startsWith("BadSlot(" + start.getEpochSecond() + ", ");
        });
        assertThat(batches.get(0).trades()).isEqualTo(1);
        assertThat(chain.directory().tokens()).containsKey(energy);
        assertThat(SettlementDirectory.load(directoryFile).tokens()).containsKey(energy);

        final List<BatchRecord> ownership = batches.subList(1, batches.size());
        final List<Long> gas = ownership.stream().map(BatchRecord::gasUsed).toList();
        final List<Long> price = ownership.stream().map(BatchRecord::gasPriceWei).toList();
        System.out.println("soak: gas per ownership batch " +
            gas.stream().mapToLong(Long::longValue).summaryStatistics() +
            "; first/last gas " + gas.get(0) + "/" + gas.get(gas.size() - 1) + "; effective gas price wei first/last " +
            price.get(0) + "/" + price.get(price.size() - 1) + "; energy batch gas " + batches.get(0).gasUsed() +
            "; trade to confirmed ms " +
            latencies(ownership, submittedNs, confirmedNs) + "; node restarts " + supervisor.restarts());
        // the first batch to a new holder writes its storage slots from zero; after that the cost is flat
        final List<Long> steady = gas.subList(1, gas.size());
        final long minGas = steady.stream().mapToLong(Long::longValue).min().orElseThrow();
        final long maxGas = steady.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(maxGas).as("gas per batch stays flat: %s", gas).isLessThanOrEqualTo(minGas * 12 / 10);
        assertThat(gas.get(0)).isLessThanOrEqualTo(minGas * 2);
        assertThat(price.get(price.size() - 1)).as("gas price does not feed on itself: %s", price)
            .isLessThanOrEqualTo(price.get(0));
        assertThat(chain.token(SPEC).balanceOf(chain.directory().walletOf("BUYER")))
            .isEqualTo(OWNERSHIP_BATCHES * ONE).isEqualTo(balance("BUYER", SPEC));
        assertThat(bridge.health().level()).isEqualTo(SettlementView.Level.UP);
        assertThat(bridge.stats().refusedTrades()).isEqualTo(1);
        assertThat(bridge.errors()).isZero();
        try (ChainClient client = new ChainClient(chain.rpcUrl(), null))
        {
            // audit reconcile: nothing stuck, one batch settled without its refused lease
            final Reconciliation.Result result = Reconciliation.run(journal, WindowPolicy.of(2, 0),
                chain.directory(), client, 0);
            assertThat(result.unsettled()).isEmpty();
            assertThat(result.stuck()).isEmpty();
            assertThat(result.recut()).extracting(Reconciliation.Recut::batchId)
                .containsExactly(batches.get(0).batchId());
            assertThat(result.pipelineProblems()).isTrue();
        }
    }

    private static String minutes(final Instant instant)
    {
        return instant.toString().replace(":00Z", "Z");
    }

    private JournalContext startExchange()
    {
        final JournalContext journal = new JournalContext().directory(dir.resolve("journal"));
        started = JournalStartUp.open(journal, 1_000_000, note -> { });
        pipeline = new ExchangePipeline(new PipelineContext().journal(started.journal())
            .lastSequence(started.lastSequence()).engine(started.engine()).sink(new EventSink()
            {
                @Override
                public void onOutcome(final Command command, final EventLog events)
                {
                    for (int i = 0; i < events.size(); i++)
                    {
                        final EngineEvent e = events.get(i);
                        if (e.type() == EventType.BALANCE)
                        {
                            balances.put(e.account() + " " + e.symbol(), e.amount());
                        }
                        else if (e.type() == EventType.DEFAULT)
                        {
                            outcomes.add("DEFAULT " + e.account() + " " + e.symbol() + " " + e.amount());
                        }
                        else if (e.type() == EventType.LEASE_REVOKED)
                        {
                            outcomes.add(command.type() + " LEASE_REVOKED " + e.buyAccount() + " " + e.sellAccount() +
                                " " + e.symbol());
                        }
                        else if (e.type() == EventType.REJECTED)
                        {
                            outcomes.add("REJECTED " + command.type() + " " + e.reason() + " " + e.account() + " " +
                                command.clOrdId());
                        }
                    }
                }
            }));
        sequencer = pipeline.sequencer();
        submit("{\"cmd\":\"list\",\"symbol\":\"" + SPEC + "\",\"tick\":\"0.01\",\"lot\":\"0.1\"}");
        for (final String account : List.of("SELLER", "BUYER", "LESSEE", "GRID", "GBUY"))
        {
            submit("{\"cmd\":\"account\",\"account\":\"" + account + "\",\"owner\":\"" + account + "-O\"}");
        }
        submit("{\"cmd\":\"account\",\"account\":\"FUND\",\"owner\":\"CCP\"}");
        submit("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"FUND\",\"asset\":\"CASH\",\"amount\":\"1000\"}");
        submit("{\"cmd\":\"defaultFund\",\"admin\":true,\"account\":\"FUND\"}");
        return journal;
    }

    /** p50, p99 and max of the time from the order that closed a batch's window to its confirmation being seen. */
    private static String latencies(final List<BatchRecord> batches, final Map<Long, Long> submittedNs,
        final Map<Long, Long> confirmedNs)
    {
        final List<Long> ms = batches.stream().filter(b -> submittedNs.containsKey(b.closedAt()) &&
                confirmedNs.containsKey(b.closedAt()))
            .map(b -> (confirmedNs.get(b.closedAt()) - submittedNs.get(b.closedAt())) / 1_000_000L).sorted().toList();
        return ms.isEmpty() ? "n/a" : "p50 " + ms.get(ms.size() / 2) + ", p99 " + ms.get(ms.size() * 99 / 100) +
            ", max " + ms.get(ms.size() - 1) + " (" + ms.size() + " batches)";
    }

    private long order(final String id, final String account, final String symbol, final String side,
        final String price, final String qty)
    {
        return submit("{\"cmd\":\"new\",\"clOrdId\":\"" + id + "\",\"account\":\"" + account + "\",\"symbol\":\"" +
            symbol +
            "\",\"side\":\"" + side + "\",\"price\":\"" + price + "\",\"qty\":\"" + qty + "\"}");
    }

    private long submit(final String line)
    {
        inbox.drainTo(sequencer);
        return sequencer.submit(fromLine, line);
    }

    private long count(final BatchStatus status)
    {
        return bridge.batches().stream().filter(b -> b.status() == status).count();
    }

    private long balance(final String account, final String asset)
    {
        return balances.getOrDefault(account + " " + asset, 0L);
    }

    private void await(final String what, final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90 + OWNERSHIP_BATCHES / 2);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting: " + what + "; bridge " + bridge.health() + "; batches " +
                    bridge.batches().stream().map(b -> b.batchId() + " " + b.status() + " " + b.problem() + " " +
                        b.refused()).collect(Collectors.joining("; ")) + "; outcomes " + outcomes);
            }
            inbox.drainTo(sequencer);
            Thread.sleep(10);
        }
    }
}
