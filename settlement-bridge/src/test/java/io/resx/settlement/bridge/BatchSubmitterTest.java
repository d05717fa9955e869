package io.resx.settlement.bridge;

import io.resx.settlement.chain.AnvilNode;
import io.resx.settlement.chain.CashTokenClient;
import io.resx.settlement.chain.ChainAccount;
import io.resx.settlement.chain.Deployer;
import io.resx.settlement.chain.ResourceTokenClient;
import io.resx.settlement.chain.VaultClient;
import io.resx.settlement.netting.NetBatch;
import io.resx.settlement.netting.Netting;
import io.resx.settlement.netting.SettlementWindows;
import io.resx.settlement.netting.Trade;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch submitter on a real anvil (public dev keys: local chain only): batches settle in order with the
 * confirmations asked for; a restarted submitter that lost its memory (and even its journal) neither settles a batch
 * twice nor skips one; a batch whose transaction was lost before mining (a crash, a dropped tx) is sent again and
 * settles once; an unreachable node is reported and nothing moves.
 */
class BatchSubmitterTest
{
    private static final long ONE = 1_000_000L;
    private static final String SPEC = "SPEC.3550-3560.CELL042";

    private AnvilNode anvil;
    private SettlementDirectory directory;
    private CashTokenClient cash;
    private ResourceTokenClient token;
    private final List<String> journal = new ArrayList<>();

    /** The confirmations the bridge would journal, recorded in order. */
    private final BridgeCommands commands = new BridgeCommands()
    {
        @Override
        public void deposit(final String account, final String asset, final long amount, final ChainPosition event)
        {
            journal.add("deposit " + account + " " + asset + " " + amount);
        }

        @Override
        public void withdraw(final String account, final String asset, final long amount, final ChainPosition event)
        {
            journal.add("withdraw " + account + " " + asset + " " + amount);
        }

        @Override
        public void settlementFailed(final String account, final String asset, final long shortfall,
            final ChainPosition event)
        {
            journal.add("settlementFailed " + account + " " + asset + " " + shortfall);
        }

        @Override
        public void batchSettled(final long batchId, final String txHash)
        {
            journal.add("batchSettled " + batchId);
        }

        @Override
        public void settlementCut()
        {
            journal.add("cut");
        }

        @Override
        public void settlementRefused(final BatchRecord.Refusal refusal)
        {
            journal.add("settlementRefused " + refusal.tradeId() + " " + refusal.symbol() + " " + refusal.reason());
        }
    };

    @BeforeEach
    void deploy() throws IOException
    {
        anvil = AnvilNode.start();
        final ChainAccount admin = anvil.account(0);
        final Deployer deployer = new Deployer(admin);
        cash = deployer.cashToken("ResX cash", "RXC");
        final VaultClient vault = deployer.vault(cash, admin.address());
        token = deployer.resourceToken("Spectrum", "S42", SPEC, vault);
        directory = SettlementDirectory.of(vault.address(), cash.address()).token(SPEC, token.address());
        for (int i = 1; i <= 3; i++)
        {
            final ChainAccount wallet = anvil.account(i);
            directory.wallet("ACC-" + i, wallet.address());
            cash.mint(wallet.address(), 1_000 * ONE);
            cash.as(wallet).approveAll(vault.address());
            token.as(wallet).setApprovalForAll(vault.address(), true);
        }
        token.setPrimaryHolder(anvil.account(1).address());
        token.as(anvil.account(1)).uploadEntries(List.of(new ResourceTokenClient.Entry("3550-3560", "CELL042"),
            new ResourceTokenClient.Entry("3550-3560", "CELL042"), new ResourceTokenClient.Entry("3550-3560",
                "CELL042")));
        nonceBefore = nonce();
    }

    private long nonceBefore;

    @AfterEach
    void stop()
    {
        anvil.close();
    }

    @Test
    void shouldSettleInOrderOnceEvenAcrossRestarts() throws IOException
    {
        final List<NetBatch> batches = batches();
        final ChainClient chain = new ChainClient(anvil.rpcUrl(), AnvilNode.devCredentials(0));
        final BatchSubmitter submitter = new BatchSubmitter(chain, directory, commands, 2, 60_000);
        batches.forEach(submitter::enqueue);
        runUntilConfirmed(submitter, batches.size());
        assertThat(journal).containsExactly("batchSettled 5", "batchSettled 9");
        assertThat(submitter.records()).allMatch(r -> r.status() == BatchStatus.CONFIRMED && r.gasUsed() > 0 &&
            r.confirmations() >= 2 && r.txHash().startsWith("0x"));
        final Map<String, Long> after = holdings();
        // ACC-2 bought 2 @ 10 then 0.5 @ 12 from ACC-1; ACC-3 bought 0.5 @ 12 from ACC-2
        assertThat(after).containsEntry("ACC-1 CASH", (1_000 + 26) * ONE)
            .containsEntry("ACC-2 CASH", (1_000 - 26 + 6) * ONE)
            .containsEntry("ACC-3 CASH", (1_000 - 6) * ONE).containsEntry("ACC-1 " + SPEC, ONE / 2)
            .containsEntry("ACC-2 " + SPEC, 2 * ONE).containsEntry("ACC-3 " + SPEC, ONE / 2);
        final long nonce = nonce();

        // a restart that remembers nothing: the vault says both are settled; no transaction is sent
        journal.clear();
        final BatchSubmitter restarted = new BatchSubmitter(chain, directory, commands, 2, 60_000);
        batches.forEach(restarted::enqueue);
        runUntilConfirmed(restarted, batches.size());
        assertThat(journal).containsExactly("batchSettled 5", "batchSettled 9");
        assertThat(nonce()).isEqualTo(nonce);
        assertThat(holdings()).isEqualTo(after);

        // a restart that has the journal: nothing asked of the chain beyond the head
        journal.clear();
        final BatchSubmitter withJournal = new BatchSubmitter(chain, directory, commands, 2, 60_000);
        batches.forEach(withJournal::enqueue);
        batches.forEach(b -> withJournal.confirmedInJournal(b.batchId()));
        assertThat(withJournal.step(0)).isTrue();
        assertThat(journal).isEmpty();
        assertThat(withJournal.backlog()).isZero();
        assertThat(nonce()).isEqualTo(nonce);
    }

    @Test
    void shouldSendAgainATransactionLostBeforeMiningAndSettleOnce() throws IOException
    {
        final List<NetBatch> batches = batches();
        final ChainClient chain = new ChainClient(anvil.rpcUrl(), AnvilNode.devCredentials(0));
        chain.raw("evm_setAutomine", List.of(false));
        final BatchSubmitter crashed = new BatchSubmitter(chain, directory, commands, 1, 60_000);
        crashed.enqueue(batches.get(0));
        assertThat(crashed.step(0)).isTrue();
        assertThat(crashed.records().get(0).status()).isEqualTo(BatchStatus.SUBMITTED);
        final String lost = crashed.records().get(0).txHash();
        // the node forgets the pending transaction (as a restarted node or an evicting mempool would)
        chain.raw("anvil_dropTransaction", List.of(lost));
        assertThat(chain.known(lost)).isFalse();

        final BatchSubmitter restarted = new BatchSubmitter(chain, directory, commands, 1, 60_000);
        batches.forEach(restarted::enqueue);
        restarted.step(1);
        final String resent = restarted.records().get(0).txHash();
        // the same nonce and data: the node holds the batch's transaction again
        assertThat(restarted.records().get(0).status()).isEqualTo(BatchStatus.SUBMITTED);
        assertThat(chain.known(resent)).isTrue();
        chain.raw("evm_setAutomine", List.of(true));
        chain.raw("evm_mine", List.of());
        runUntilConfirmed(restarted, batches.size());
        assertThat(journal).containsExactly("batchSettled 5", "batchSettled 9");
        assertThat(holdings()).containsEntry("ACC-1 CASH", (1_000 + 26) * ONE);
    }

    @Test
    void shouldFollowAReorgWithinTheConfirmationDepth() throws IOException
    {
        final List<NetBatch> batches = batches();
        final ChainClient chain = new ChainClient(anvil.rpcUrl(), AnvilNode.devCredentials(0));
        final BatchSubmitter submitter = new BatchSubmitter(chain, directory, commands, 3, 60_000);
        submitter.enqueue(batches.get(0));
        for (int i = 0; i < 100 && submitter.records().get(0).status() != BatchStatus.MINED; i++)
        {
            submitter.step(0); // automine: the block comes right after the send; its receipt a moment later
        }
        assertThat(submitter.records().get(0).status()).isEqualTo(BatchStatus.MINED);
        final long minedIn = submitter.records().get(0).block();
        // a reorg of depth 1 replaces the block that held the batch with an empty one
        chain.raw("anvil_reorg", List.of(1, List.of()));
        assertThat(chain.receipt(submitter.records().get(0).txHash())).isEmpty();
        submitter.step(0);
        assertThat(submitter.records().get(0).status()).isIn(BatchStatus.SUBMITTED, BatchStatus.QUEUED);
        assertThat(journal).isEmpty();
        runUntilConfirmed(submitter, 1);
        assertThat(journal).containsExactly("batchSettled 5");
        assertThat(submitter.records().get(0).block()).isGreaterThanOrEqualTo(minedIn);
        assertThat(holdings()).containsEntry("ACC-1 CASH", (1_000 + 20) * ONE);
    }

    @Test
    void shouldWaitOutANodeThatGoesAwayAndResume() throws IOException
    {
        final List<NetBatch> batches = batches();
        try (TcpRelay relay = new TcpRelay(anvil.port()))
        {
            final BatchSubmitter submitter = new BatchSubmitter(
                new ChainClient(relay.url(), AnvilNode.devCredentials(0)), directory, commands, 1, 60_000);
            batches.forEach(submitter::enqueue);
            relay.down();
            assertThat(relay.refusesWithin(2_000)).as("the relay's port refuses connections once it is down").isTrue();
            assertThat(submitter.step(0)).as(submitter.health()).isFalse();
            assertThat(submitter.step(1)).isFalse();
            assertThat(submitter.health()).startsWith("down: ");
            assertThat(nonce()).as("nothing sent while the node was away").isEqualTo(nonceBefore);
            relay.up();
            runUntilConfirmed(submitter, batches.size());
            assertThat(submitter.health()).startsWith("up: ");
            assertThat(journal).containsExactly("batchSettled 5", "batchSettled 9");
            assertThat(holdings()).containsEntry("ACC-1 CASH", (1_000 + 26) * ONE);
        }
    }

    @Test
    void shouldReportAnUnreachableNodeAndMoveNothing()
    {
        final ChainClient dead = new ChainClient("http://127.0.0.1:1", AnvilNode.devCredentials(0));
        final BatchSubmitter submitter = new BatchSubmitter(dead, directory, commands, 1, 60_000);
        batches().forEach(submitter::enqueue);
        assertThat(submitter.step(0)).isFalse();
        assertThat(submitter.health()).startsWith("down: ");
        assertThat(submitter.backlog()).isEqualTo(2);
        assertThat(journal).isEmpty();
    }

    private void runUntilConfirmed(final BatchSubmitter submitter, final int count) throws IOException
    {
        final ChainClient miner = new ChainClient(anvil.rpcUrl(), null);
        for (int i = 0; i < 200 && submitter.backlog() > 0; i++)
        {
            assertThat(submitter.step(i)).isTrue();
            miner.raw("evm_mine", List.of());
        }
        assertThat(submitter.backlog()).as(submitter.health()).isZero();
        assertThat(submitter.records().stream().filter(r -> r.status() == BatchStatus.CONFIRMED).count())
            .isEqualTo(count);
    }

    private long nonce() throws IOException
    {
        return anvil.web3j().ethGetTransactionCount(anvil.account(0).address(),
            org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getTransactionCount().longValueExact();
    }

    private Map<String, Long> holdings()
    {
        final Map<String, Long> out = new java.util.TreeMap<>();
        for (int i = 1; i <= 3; i++)
        {
            final String wallet = directory.walletOf("ACC-" + i);
            out.put("ACC-" + i + " CASH", cash.balanceOf(wallet));
            out.put("ACC-" + i + " " + SPEC, token.balanceOf(wallet));
        }
        return out;
    }

    /** Two windows: ACC-1 sells 2 @ 10 to ACC-2 (batch 5); ACC-1 sells 0.5 @ 12 to ACC-2, ACC-2 0.5 @ 12 to ACC-3. */
    private List<NetBatch> batches()
    {
        final Netting netting = new Netting(directory::walletOf);
        return List.of(
            netting.net(new SettlementWindows.Window(5, 5, List.of(
                new Trade(5, 1, 1, SPEC, 10 * ONE, 2 * ONE, "ACC-2", "ACC-1")))),
            netting.net(new SettlementWindows.Window(9, 10, List.of(
                new Trade(9, 2, 2, SPEC, 12 * ONE, ONE / 2, "ACC-2", "ACC-1"),
                new Trade(10, 3, 3, SPEC, 12 * ONE, ONE / 2, "ACC-3", "ACC-2")))));
    }
}
