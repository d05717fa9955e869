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
import io.resx.settlement.bridge.SettlementPosition;
import io.resx.settlement.bridge.VaultAbi;
import io.resx.settlement.chain.ChainEvents;
import io.resx.settlement.chain.LocalChain;
import io.resx.settlement.chain.ResourceTokenClient;
import io.resx.settlement.netting.WindowPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settlement end to end with real parts: orders through the engine's pipeline with a Chronicle journal on disk →
 * trades → the bridge follows the journal, nets, settles batches on anvil (public dev keys: local chain only) and
 * sends chain events back as journaled commands. Checks the chain against the ledger (cash, units, NFTs, lease
 * users, reconcile), then a participant that empties its wallet before settlement defaults while the others are
 * paid in full; and a bridge stopped mid-way and restarted settles every batch once, none skipped.
 */
class SettlementEndToEndTest
{
    private static final long ONE = 1_000_000L;
    private static final String SPEC = "SPEC.3550-3560.CELL042";
    /** An hour slot a day after the chain's own time when the test starts: the test's pipeline stamps the epoch. */
    private long slotStart;
    private String slot;

    @TempDir
    Path dir;

    private LocalChain chain;
    private JournalStartUp started;
    private ExchangePipeline pipeline;
    private Sequencer sequencer;
    private final TrustedInbox inbox = new TrustedInbox();
    private final InternalRoute route = new InternalRoute(inbox);
    private final Map<String, Long> balances = new ConcurrentHashMap<>();
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private final NdjsonCommandReader reader = new NdjsonCommandReader(InstrumentSymbol::parse);
    private final CommandFiller<String> fromLine = (command, line) -> reader.read(line, command);
    private JournalContext journal;
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
    void tradesSettleOnChainAsTheLedgerSaysAndADefaulterLeavesTheOthersWhole() throws IOException
    {
        startExchange(Map.of("SELLER", "S", "BUY1", "B1", "BUY2", "B2", "DEF", "D"));
        bridge = startBridge(WindowPolicy.of(3, 0));
        chain.fund("SELLER", SPEC, 10 * ONE);
        chain.fund("BUY1", "CASH", 100 * ONE);
        chain.fund("BUY2", "CASH", 100 * ONE);
        chain.fund("DEF", "CASH", 100 * ONE);
        chain.fund("DEF", "COLLATERAL", 5 * ONE);
        chain.fundDefaultFund(1_000 * ONE);
        // BUY2 pledges 10 of its cash as collateral in the vault, then takes 4 back
        chain.vault().as(chain.wallet("BUY2")).depositCollateral(10 * ONE);
        chain.vault().as(chain.wallet("BUY2")).withdrawCollateral(4 * ONE);
        // the engine learns its balances from the chain
        await("deposits reach the ledger", () -> balance("SELLER", SPEC) == 10 * ONE &&
            balance("BUY2", "CASH") == 94 * ONE && balance("BUY2", "COLLATERAL") == 6 * ONE &&
            balance("DEF", "COLLATERAL") == 5 * ONE &&
            balance("DEF", "CASH") == 100 * ONE);

        submit("{\"cmd\":\"new\",\"clOrdId\":\"s1\",\"account\":\"SELLER\",\"symbol\":\"" + SPEC +
            "\",\"side\":\"SELL\",\"price\":\"10\",\"qty\":\"3\"}");
        submit("{\"cmd\":\"new\",\"clOrdId\":\"b1\",\"account\":\"BUY1\",\"symbol\":\"" + SPEC +
            "\",\"side\":\"BUY\",\"price\":\"10\",\"qty\":\"2\"}");
        submit("{\"cmd\":\"new\",\"clOrdId\":\"b2\",\"account\":\"BUY2\",\"symbol\":\"" + SPEC +
            "\",\"side\":\"BUY\",\"price\":\"10\",\"qty\":\"1\"}");
        submit("{\"cmd\":\"new\",\"clOrdId\":\"s2\",\"account\":\"SELLER\",\"symbol\":\"" + slot +
            "\",\"side\":\"SELL\",\"price\":\"2\",\"qty\":\"1\"}");
        submit("{\"cmd\":\"new\",\"clOrdId\":\"b3\",\"account\":\"BUY1\",\"symbol\":\"" + slot +
            "\",\"side\":\"BUY\",\"price\":\"2\",\"qty\":\"1\"}");
        await("the first batch is confirmed", () -> confirmed() == 1);
        final BatchRecord first = bridge.batches().get(0);
        assertThat(first.trades()).isEqualTo(3);
        assertThat(first.gasUsed()).isPositive();
        assertThat(first.txHash()).startsWith("0x");

        // chain == ledger: cash, units, NFTs (whole units), and reconcile finds nothing
        assertThat(cashOf("SELLER")).isEqualTo(balance("SELLER", "CASH")).isEqualTo(32 * ONE);
        assertThat(cashOf("BUY1")).isEqualTo(balance("BUY1", "CASH")).isEqualTo(78 * ONE);
        assertThat(cashOf("BUY2")).isEqualTo(balance("BUY2", "CASH")).isEqualTo(84 * ONE);
        assertThat(chain.vault().collateralOf(wallet("BUY2"))).isEqualTo(balance("BUY2", "COLLATERAL"))
            .isEqualTo(6 * ONE);
        final ResourceTokenClient token = chain.token(SPEC);
        assertThat(token.balanceOf(wallet("BUY1"))).isEqualTo(balance("BUY1", SPEC)).isEqualTo(2 * ONE);
        assertThat(token.balanceOf(wallet("BUY2"))).isEqualTo(balance("BUY2", SPEC)).isEqualTo(ONE);
        assertThat(token.balanceOf(wallet("SELLER"))).isEqualTo(balance("SELLER", SPEC)).isEqualTo(7 * ONE);
        assertThat(token.nftBalanceOf(wallet("BUY1"))).isEqualTo(2);
        assertThat(token.nftBalanceOf(wallet("BUY2"))).isEqualTo(1);
        assertThat(reconcile(WindowPolicy.of(3, 0)).differences()).isEmpty();

        // the lease: during the slot, exactly one of the lessor's NFTs has BUY1 as its user
        chain.node().setNextBlockTimestamp(slotStart + 60);
        chain.node().mine();
        final List<Long> ids = token.ownedIds(wallet("SELLER"));
        assertThat(ids.stream().filter(id -> token.userOf(id).equalsIgnoreCase(wallet("BUY1"))).count())
            .isEqualTo(1);

        // DEF buys 2 @ 10, then empties its wallet before the batch settles: it defaults, the others are whole
        submit("{\"cmd\":\"new\",\"clOrdId\":\"s3\",\"account\":\"SELLER\",\"symbol\":\"" + SPEC +
            "\",\"side\":\"SELL\",\"price\":\"10\",\"qty\":\"4\"}");
        submit("{\"cmd\":\"new\",\"clOrdId\":\"d1\",\"account\":\"DEF\",\"symbol\":\"" + SPEC +
            "\",\"side\":\"BUY\",\"price\":\"10\",\"qty\":\"2\"}");
        chain.cash().as(chain.wallet("DEF")).transfer(chain.node().account(6).address(), 100 * ONE);
        submit("{\"cmd\":\"new\",\"clOrdId\":\"b4\",\"account\":\"BUY2\",\"symbol\":\"" + SPEC +
            "\",\"side\":\"BUY\",\"price\":\"10\",\"qty\":\"1\"}");
        submit("{\"cmd\":\"new\",\"clOrdId\":\"b5\",\"account\":\"BUY1\",\"symbol\":\"" + SPEC +
            "\",\"side\":\"BUY\",\"price\":\"10\",\"qty\":\"1\"}");
        await("the second batch is confirmed and DEF's default reaches the engine", () -> confirmed() == 2 &&
            outcomes.contains("DEFAULT DEF CASH " + 20 * ONE));
        assertThat(outcomes).contains("SUSPENDED DEF");
        assertThat(cashOf("SELLER")).isEqualTo(72 * ONE); // paid in full: 32 + 40
        assertThat(cashOf("BUY1")).isEqualTo(68 * ONE);
        assertThat(cashOf("BUY2")).isEqualTo(74 * ONE);
        assertThat(token.balanceOf(wallet("DEF"))).isEqualTo(2 * ONE); // delivered all the same
        assertThat(chain.vault().collateralOf(wallet("DEF"))).isZero();
        assertThat(chain.vault().defaultFund()).isEqualTo(985 * ONE);
        // reconcile lists DEF's wallet, whose cash left outside the exchange, as a difference
        final Reconciliation.Result result = reconcile(WindowPolicy.of(3, 0));
        assertThat(result.differences()).isNotEmpty()
            .allMatch(line -> line.accounts().equals("DEF") || line.accounts().equals("SELLER"));
        assertThat(result.differences()).anyMatch(line -> line.accounts().equals("DEF") &&
            line.asset().equals("CASH"));
        assertThat(bridge.health().up()).isTrue();
        assertThat(bridge.health().lastConfirmed()).isEqualTo(bridge.batches().get(1).batchId());
    }

    @Test
    void aBridgeStoppedMidwayAndRestartedSettlesEveryBatchOnce() throws IOException
    {
        startExchange(Map.of("SELLER", "S", "BUYER", "B"));
        bridge = startBridge(WindowPolicy.of(1, 0));
        chain.fund("SELLER", SPEC, 10 * ONE);
        chain.fund("BUYER", "CASH", 1_000 * ONE);
        await("deposits", () -> balance("SELLER", SPEC) == 10 * ONE && balance("BUYER", "CASH") == 1_000 * ONE);
        submit("{\"cmd\":\"new\",\"clOrdId\":\"s\",\"account\":\"SELLER\",\"symbol\":\"" + SPEC +
            "\",\"side\":\"SELL\",\"price\":\"10\",\"qty\":\"6\"}");
        for (int i = 0; i < 6; i++)
        {
            submit("{\"cmd\":\"new\",\"clOrdId\":\"b" + i + "\",\"account\":\"BUYER\",\"symbol\":\"" + SPEC +
                "\",\"side\":\"BUY\",\"price\":\"10\",\"qty\":\"1\"}");
        }
        await("a first batch confirmed", () -> confirmed() >= 1);
        bridge.close();
        final long before = confirmed();
        assertThat(before).isLessThan(6);

        bridge = startBridge(WindowPolicy.of(1, 0));
        await("every batch confirmed after the restart", () -> bridge.caughtUp() && bridge.health().backlog() == 0 &&
            bridge.batches().size() == 6 &&
            bridge.batches().stream().allMatch(b -> b.status() == BatchStatus.CONFIRMED));
        // on chain: each batch settled exactly once, all six of them
        final ChainClient client = new ChainClient(chain.rpcUrl(), null);
        final List<Long> settledOnChain = ChainEvents.vaultEvents(client.logs(0, client.blockNumber(),
                List.of(chain.directory().vault()), List.of(VaultAbi.BATCH_SETTLED_TOPIC))).stream()
            .map(e -> ((ChainEvents.BatchSettled)e).batchId()).toList();
        assertThat(settledOnChain).doesNotHaveDuplicates().hasSize(6)
            .containsExactlyElementsOf(bridge.batches().stream().map(BatchRecord::batchId).toList());
        assertThat(cashOf("SELLER")).isEqualTo(60 * ONE).isEqualTo(balance("SELLER", "CASH"));
        assertThat(chain.token(SPEC).balanceOf(wallet("BUYER"))).isEqualTo(6 * ONE);
        assertThat(reconcile(WindowPolicy.of(1, 0)).differences()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ harness

    private void startExchange(final Map<String, String> accounts)
    {
        chain = LocalChain.start(6, 0);
        slotStart = (chain.node().latestTimestamp() / 3600 + 24) * 3600;
        slot = SPEC + "@" + Instant.ofEpochSecond(slotStart).toString().substring(0, 16) + "Z/PT1H";
        chain.deploy(List.of(SPEC), accounts);
        journal = new JournalContext().directory(dir.resolve("journal"));
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
                        else if (e.type() == EventType.SUSPENDED)
                        {
                            outcomes.add("SUSPENDED " + e.account());
                        }
                        else if (e.type() == EventType.REJECTED)
                        {
                            outcomes.add("REJECTED " + command.type() + " " + e.reason() + " " + e.account());
                        }
                    }
                }
            }));
        sequencer = pipeline.sequencer();
        submit("{\"cmd\":\"list\",\"symbol\":\"" + SPEC + "\",\"tick\":\"0.01\",\"lot\":\"0.1\"}");
        submit("{\"cmd\":\"list\",\"symbol\":\"" + slot + "\",\"tick\":\"0.01\",\"lot\":\"1\"}");
        accounts.forEach((account, owner) -> submit("{\"cmd\":\"account\",\"account\":\"" + account +
            "\",\"owner\":\"" + owner + "\"}"));
        submit("{\"cmd\":\"account\",\"account\":\"FUND\",\"owner\":\"CCP\"}");
        submit("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"FUND\",\"asset\":\"CASH\",\"amount\":\"1000\"}");
        submit("{\"cmd\":\"defaultFund\",\"admin\":true,\"account\":\"FUND\"}");
    }

    private SettlementBridge startBridge(final WindowPolicy window)
    {
        return new SettlementBridge(new SettlementBridge.Settings(journal.events(),
            dir.resolve(SettlementPosition.FILE_NAME), chain.directory(), chain.rpcUrl(),
            chain.operator(), window, 1, 20, 10_000), route).start();
    }

    private Reconciliation.Result reconcile(final WindowPolicy window) throws IOException
    {
        try (ChainClient client = new ChainClient(chain.rpcUrl(), null))
        {
            return Reconciliation.run(journal.events(), window, chain.directory(), client);
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

    private void await(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting: " + what + "; bridge " + bridge.health() +
                    "; batches " + bridge.batches() + "; balances " + balances + "; outcomes " + outcomes);
            }
            pump();
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

    private long confirmed()
    {
        return bridge.batches().stream().filter(b -> b.status() == BatchStatus.CONFIRMED).count();
    }

    private long balance(final String account, final String asset)
    {
        return balances.getOrDefault(account + " " + asset, 0L);
    }

    private String wallet(final String account)
    {
        return chain.directory().walletOf(account);
    }

    private long cashOf(final String account)
    {
        return chain.cash().balanceOf(wallet(account));
    }
}
