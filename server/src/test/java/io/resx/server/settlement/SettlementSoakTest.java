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
import io.resx.engine.node.JournalStartUp;
import io.resx.engine.node.TrustedInbox;
import io.resx.settlement.audit.Reconciliation;
import io.resx.settlement.bridge.BatchRecord;
import io.resx.settlement.bridge.BatchStatus;
import io.resx.settlement.bridge.ChainClient;
import io.resx.settlement.bridge.SettlementBridge;
import io.resx.settlement.bridge.SettlementDirectory;
import io.resx.settlement.bridge.SettlementPosition;
import io.resx.settlement.bridge.SettlementView;
import io.resx.settlement.chain.ChainSupervisor;
import io.resx.settlement.chain.LocalChain;
import io.resx.settlement.netting.WindowPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 * chain, so the waterfall pays the buyer from the seller's collateral), then 50 batches of mixed instruments with the
 * chain node killed half-way (restarted from its state file by the supervisor, the directory file updated): of every
 * five, three ownership batches, one lease batch (a future hourly slot of its own, leased by a lessor whose two units
 * carry NFTs) and one energy batch (a future 15-minute interval of its own, its token deployed before the loop and
 * the seller's unit on chain, so the delivery is real). Every batch that can settle is CONFIRMED, none stays queued,
 * and gas per batch stays flat within the ownership and energy kinds; a lease batch costs a fixed step more than the
 * one before (the lessor's units carry every future slot leased so far, and the token checks a new slot against
 * each). Slots and intervals are computed from the chain's block time, never from a calendar date.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES) // CI's run takes under a minute; the benchmark run longer
class SettlementSoakTest
{
    private static final long ONE = 1_000_000L;
    private static final String SPEC = "SPEC.3550-3560.CELL042";
    /**
     * Batches of the mixed loop after the first window: 50 in CI; a longer benchmark run with
     * -Dresx.soak.batches=1000 -Dresx.soak.kills=2. Of every five, the third is a lease batch and the fifth an energy
     * batch ({@link #kindOf}), the others ownership batches.
     */
    private static final int BATCHES = Integer.getInteger("resx.soak.batches", 50);
    private static final int EVERY = 5;
    private static final String OWNERSHIP = "ownership";
    private static final String LEASE = "lease";
    private static final String ENERGY = "energy";
    /** How many times the chain node is killed along the way. */
    private static final int KILLS = Integer.getInteger("resx.soak.kills", 1);
    private static final int OWNERSHIP_BATCHES = count(OWNERSHIP);
    private static final int LEASE_BATCHES = count(LEASE);
    private static final int ENERGY_BATCHES = count(ENERGY);

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
        chain = LocalChain.start(7, 0, dir.resolve("anvil-state.json"));
        chain.deploy(List.of(SPEC), Map.of("SELLER", "S", "BUYER", "B", "LESSEE", "L", "GRID", "G", "GBUY", "H",
            "LESSOR", "R", "ESELL", "E"));
        chain.fundDefaultFund(1_000 * ONE);
        chain.directory().save(directoryFile);
        final JournalContext journal = startExchange();
        bridge = new SettlementBridge(new SettlementBridge.Settings(journal.events(),
            dir.resolve(SettlementPosition.FILE_NAME), chain.directory(), chain.rpcUrl(),
            chain.operator(), WindowPolicy.of(2, 0), 1, 20, 10_000, SettlementBridge.Tuning.DEFAULTS,
            symbol -> chain.provision(symbol, directoryFile)), route).start();
        supervisor = new ChainSupervisor(chain, bridge, directoryFile).start();

        final long units = Math.max(100, OWNERSHIP_BATCHES + 1) * ONE;
        chain.fund("SELLER", SPEC, units);
        chain.fund("BUYER", "CASH", 10_000 * ONE);
        final long lesseeCash = (100 + 4L * LEASE_BATCHES) * ONE;
        final long gbuyCash = (100 + ENERGY_BATCHES) * ONE;
        chain.fund("LESSEE", "CASH", lesseeCash);
        chain.fund("GBUY", "CASH", gbuyCash);
        chain.fund("GRID", "COLLATERAL", 50 * ONE);
        // the lessor holds two units, so they carry NFTs and can be leased out on chain (at most 100 do)
        chain.fund("LESSOR", SPEC, 2 * ONE);
        await("deposits reach the ledger", () -> balance("SELLER", SPEC) == units &&
            balance("GBUY", "CASH") == gbuyCash && balance("LESSEE", "CASH") == lesseeCash &&
            balance("GRID", "COLLATERAL") == 50 * ONE && balance("LESSOR", SPEC) == 2 * ONE);
        assertThat(chain.token(SPEC).nftBalanceOf(chain.directory().walletOf("LESSOR"))).isEqualTo(2);

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

        // 2. the mixed loop's instruments, from the chain's clock after the first window: lease round j leases the
        // hourly slot j hours after the base, energy round j trades the 15-minute interval j quarters after it
        final Instant base = Instant.ofEpochSecond(chain.node().latestTimestamp()).truncatedTo(ChronoUnit.HOURS)
            .plus(3, ChronoUnit.HOURS);
        final List<String> slots = new ArrayList<>();
        final List<String> intervals = new ArrayList<>();
        for (int j = 0; j < LEASE_BATCHES; j++)
        {
            slots.add(SPEC + "@" + minutes(base.plus(j, ChronoUnit.HOURS)) + "/PT1H");
            submit("{\"cmd\":\"list\",\"symbol\":\"" + slots.get(j) + "\",\"tick\":\"0.01\",\"lot\":\"1\"}");
        }
        for (int j = 0; j < ENERGY_BATCHES; j++)
        {
            intervals.add("ENRG.KWH.NODE17@" + minutes(base.plus(15L * j, ChronoUnit.MINUTES)) + "/PT15M");
            submit("{\"cmd\":\"list\",\"symbol\":\"" + intervals.get(j) +
                "\",\"tick\":\"0.0001\",\"lot\":\"0.01\"}");
        }
        // the energy seller's units are real: each interval's token is deployed (the path the bridge takes at first
        // need) and one unit of it is put on chain in ESELL's wallet, before the loop, while the bridge is idle
        for (final String interval : intervals)
        {
            chain.provision(interval, directoryFile);
            chain.fund("ESELL", interval, ONE);
        }
        await("the energy seller's units reach the ledger", () -> intervals.stream()
            .allMatch(interval -> balance("ESELL", interval) == ONE));

        // 3. the loop, two trades per batch; the node is killed along the way (half-way in CI)
        final Map<Long, Long> submittedNs = new ConcurrentHashMap<>();
        final Map<Long, Long> confirmedNs = new ConcurrentHashMap<>();
        final Map<Long, String> kindAt = new ConcurrentHashMap<>();
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
        order("o-s", "SELLER", SPEC, "SELL", "10", String.valueOf(OWNERSHIP_BATCHES));
        final long startNs = System.nanoTime();
        int kills = 0;
        int leases = 0;
        int energies = 0;
        for (int b = 0; b < BATCHES; b++)
        {
            if (kills < KILLS && b == BATCHES * (kills + 1) / (KILLS + 1))
            {
                final int done = b;
                await("the batches before the kill confirmed", () -> count(BatchStatus.CONFIRMED) == 1 + done);
                Thread.sleep(2_500); // the node dumps its state every second
                final String before = chain.rpcUrl();
                ProcessHandle.of(chain.node().pid()).orElseThrow().destroyForcibly();
                final int restarts = ++kills;
                await("the supervisor restarts the node", () -> supervisor.restarts() == restarts && chain.alive());
                assertThat(chain.rpcUrl()).isNotEqualTo(before);
                assertThat(SettlementDirectory.load(directoryFile).rpc()).isEqualTo(chain.rpcUrl());
            }
            final String kind = kindOf(b);
            final long[] closing = new long[2];
            switch (kind)
            {
                case LEASE ->
                {
                    final String lease = slots.get(leases);
                    order("r-s" + leases, "LESSOR", lease, "SELL", "2", "2");
                    closing[0] = order("r-b" + leases + "a", "LESSEE", lease, "BUY", "2", "1");
                    closing[1] = order("r-b" + leases + "b", "LESSEE", lease, "BUY", "2", "1");
                    leases++;
                }
                case ENERGY ->
                {
                    final String interval = intervals.get(energies);
                    order("n-s" + energies, "ESELL", interval, "SELL", "1", "1");
                    closing[0] = order("n-b" + energies + "a", "GBUY", interval, "BUY", "1", "0.5");
                    closing[1] = order("n-b" + energies + "b", "GBUY", interval, "BUY", "1", "0.5");
                    energies++;
                }
                default ->
                {
                    closing[0] = order("o-b" + b + "a", "BUYER", SPEC, "BUY", "10", "0.5");
                    closing[1] = order("o-b" + b + "b", "BUYER", SPEC, "BUY", "10", "0.5");
                }
            }
            final long now = System.nanoTime();
            submittedNs.put(closing[1], now);
            kindAt.put(closing[1], kind);
        }
        await("every batch of the loop confirmed", () -> count(BatchStatus.CONFIRMED) == 1 + BATCHES &&
            bridge.health().backlog() == 0);
        final long loopMs = (System.nanoTime() - startNs) / 1_000_000L;

        final List<BatchRecord> batches = bridge.batches();
        sampler.interrupt();
        sampler.join();
        assertThat(batches).hasSize(1 + BATCHES);
        assertThat(batches).allMatch(b -> b.status() == BatchStatus.CONFIRMED);
        assertThat(batches.get(0).refused()).singleElement().satisfies(r ->
        {
            assertThat(r.symbol()).isEqualTo(slot);
            assertThat(r.reason()).startsWith("BadSlot(" + start.getEpochSecond() + ", ");
        });
        assertThat(batches.get(0).trades()).isEqualTo(1);
        assertThat(chain.directory().tokens()).containsKey(energy);
        assertThat(SettlementDirectory.load(directoryFile).tokens()).containsKey(energy);

        final List<BatchRecord> loop = batches.subList(1, batches.size());
        assertThat(loop).extracting(b -> kindAt.get(b.closedAt()))
            .as("each batch of the loop is one round's two trades")
            .containsExactlyElementsOf(java.util.stream.IntStream.range(0, BATCHES).mapToObj(SettlementSoakTest::kindOf)
                .toList());
        assertThat(loop).allMatch(b -> b.trades() == 2 && b.refused().isEmpty());
        final Map<String, List<BatchRecord>> byKind = loop.stream()
            .collect(Collectors.groupingBy(b -> kindAt.get(b.closedAt()), java.util.TreeMap::new, Collectors.toList()));
        final List<Long> price = loop.stream().map(BatchRecord::gasPriceWei).toList();
        final StringBuilder report = new StringBuilder("soak: " + BATCHES + " batches in " + loopMs + " ms");
        byKind.forEach((kind, list) -> report.append("\nsoak: ").append(kind).append(": ").append(list.size())
            .append(" confirmed; gas ").append(gasSummary(list)).append("; trade to confirmed ms ")
            .append(latencies(list, submittedNs, confirmedNs)));
        report.append("\nsoak: all kinds: trade to confirmed ms ").append(latencies(loop, submittedNs, confirmedNs))
            .append("; effective gas price wei first/last ").append(price.get(0)).append("/")
            .append(price.get(price.size() - 1)).append("; first-window (energy) batch gas ")
            .append(batches.get(0).gasUsed()).append("; node restarts ").append(supervisor.restarts());
        System.out.println(report);
        assertThat(byKind.get(OWNERSHIP)).hasSize(OWNERSHIP_BATCHES);
        assertThat(byKind.get(LEASE)).hasSize(LEASE_BATCHES);
        assertThat(byKind.get(ENERGY)).hasSize(ENERGY_BATCHES);
        // gas within each kind (the kinds cost differently): the first batch of a kind writes a new holder's storage
        // slots from zero (the buyer's units, the seller's cash), so it is left out of the steady figures
        for (final Map.Entry<String, List<BatchRecord>> kind : byKind.entrySet())
        {
            final List<Long> gas = kind.getValue().stream().map(BatchRecord::gasUsed).toList();
            final List<Long> steady = gas.subList(1, gas.size());
            final long minGas = steady.stream().mapToLong(Long::longValue).min().orElseThrow();
            final long maxGas = steady.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(gas.get(0)).as("first %s batch: %s", kind.getKey(), gas).isLessThanOrEqualTo(minGas * 2);
            if (!kind.getKey().equals(LEASE))
            {
                assertThat(maxGas).as("gas per %s batch stays flat: %s", kind.getKey(), gas)
                    .isLessThanOrEqualTo(minGas * 12 / 10);
                continue;
            }
            // a lease is not flat: assignLease checks the new slot against every slot scheduled on the lessor's
            // unit (ResourceToken._isFree), and the slots of this loop are all in the future, so each lease batch
            // reads one more slot per unit (2 units) than the one before. The growth is that and nothing else:
            // each step between consecutive lease batches is positive and at most 3,500 gas per unit
            for (int i = 1; i < steady.size(); i++)
            {
                assertThat(steady.get(i) - steady.get(i - 1)).as("lease gas step %d: %s", i, gas)
                    .isBetween(1L, 2 * 3_500L);
            }
        }
        assertThat(price.get(price.size() - 1)).as("gas price does not feed on itself: %s", price)
            .isLessThanOrEqualTo(price.get(0));
        assertThat(chain.token(SPEC).balanceOf(chain.directory().walletOf("BUYER")))
            .isEqualTo(OWNERSHIP_BATCHES * ONE).isEqualTo(balance("BUYER", SPEC));
        // every lease assigned on chain (a missing one would come back as a Default of the lessor) and held
        assertThat(outcomes).filteredOn(o -> o.startsWith("DEFAULT ")).as("the only default is GRID's")
            .allMatch(o -> o.startsWith("DEFAULT GRID " + energy));
        assertThat(slots).allMatch(lease -> balance("LESSEE", lease) == 2 * ONE);
        // every energy unit delivered for real: on chain in GBUY's wallet, none left with ESELL
        for (final String interval : intervals)
        {
            assertThat(chain.token(interval).balanceOf(chain.directory().walletOf("GBUY"))).as(interval)
                .isEqualTo(ONE).isEqualTo(balance("GBUY", interval));
            assertThat(chain.token(interval).balanceOf(chain.directory().walletOf("ESELL"))).as(interval).isZero();
        }
        assertThat(bridge.health().level()).isEqualTo(SettlementView.Level.UP);
        assertThat(bridge.stats().refusedTrades()).isEqualTo(1);
        assertThat(bridge.errors()).isZero();
        try (ChainClient client = new ChainClient(chain.rpcUrl(), null))
        {
            // audit reconcile: nothing stuck, one batch settled without its refused lease
            final Reconciliation.Result result = Reconciliation.run(journal.events(), WindowPolicy.of(2, 0),
                chain.directory(), client, 0);
            assertThat(result.unsettled()).isEmpty();
            assertThat(result.stuck()).isEmpty();
            assertThat(result.recut()).extracting(Reconciliation.Recut::batchId)
                .containsExactly(batches.get(0).batchId());
            assertThat(result.pipelineProblems()).isTrue();
        }
    }

    /** @return the kind of the loop's batch {@code b}: of every five, the third a lease, the fifth energy. */
    private static String kindOf(final int b)
    {
        return b % EVERY == 2 ? LEASE : b % EVERY == EVERY - 1 ? ENERGY : OWNERSHIP;
    }

    private static int count(final String kind)
    {
        return (int)java.util.stream.IntStream.range(0, BATCHES).filter(b -> kindOf(b).equals(kind)).count();
    }

    /** First, min, median, max and last gas of the batches, and the median of each tenth of them in order. */
    private static String gasSummary(final List<BatchRecord> batches)
    {
        final List<Long> gas = batches.stream().map(BatchRecord::gasUsed).toList();
        final List<Long> sorted = gas.stream().sorted().toList();
        final List<Long> tenths = new ArrayList<>();
        for (int t = 0; t < 10 && gas.size() >= 10; t++)
        {
            final List<Long> part = gas.subList(gas.size() * t / 10, gas.size() * (t + 1) / 10).stream().sorted()
                .toList();
            tenths.add(part.get(part.size() / 2));
        }
        return "first " + gas.get(0) + ", min " + sorted.get(0) + ", median " + sorted.get(sorted.size() / 2) +
            ", max " + sorted.get(sorted.size() - 1) + ", last " + gas.get(gas.size() - 1) + ", mean " +
            Math.round(gas.stream().mapToLong(Long::longValue).average().orElse(0)) + ", median by tenth " + tenths;
    }

    private static String minutes(final Instant instant)
    {
        return instant.toString().replace(":00Z", "Z");
    }

    private JournalContext startExchange()
    {
        final JournalContext journal = new JournalContext().directory(dir.resolve("journal"));
        started = JournalStartUp.open(journal, 1_000_000, note -> { });
        pipeline = new ExchangePipeline(new PipelineContext().journal(started.journal()).events(started.events())
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
        for (final String account : List.of("SELLER", "BUYER", "LESSEE", "GRID", "GBUY", "LESSOR", "ESELL"))
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
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90 + BATCHES / 2);
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
