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

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real anvil (public dev keys: local chain only) with the cash token, the vault and one resource token deployed,
 * three funded wallets ACC-1..3 that approved the vault (ACC-1 holds {@code units} NFT-carrying units), and the
 * commands the bridge would journal, recorded in order.
 */
final class ChainFixture implements AutoCloseable
{
    static final long ONE = 1_000_000L;
    static final String SPEC = "SPEC.3550-3560.CELL042";

    final AnvilNode anvil;
    final SettlementDirectory directory;
    final CashTokenClient cash;
    final VaultClient vault;
    final ResourceTokenClient token;
    final Deployer deployer;
    final List<String> journal = new CopyOnWriteArrayList<>();
    final BridgeCommands commands = new BridgeCommands()
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

    ChainFixture(final int units)
    {
        anvil = AnvilNode.start();
        final ChainAccount admin = anvil.account(0);
        deployer = new Deployer(admin);
        cash = deployer.cashToken("ResX cash", "RXC");
        vault = deployer.vault(cash, admin.address());
        token = deployer.resourceToken("Spectrum", "S42", SPEC, vault);
        directory = SettlementDirectory.of(vault.address(), cash.address()).token(SPEC, token.address());
        for (int i = 1; i <= 3; i++)
        {
            final ChainAccount wallet = anvil.account(i);
            directory.wallet("ACC-" + i, wallet.address());
            cash.mint(wallet.address(), 100_000 * ONE);
            cash.as(wallet).approveAll(vault.address());
            token.as(wallet).setApprovalForAll(vault.address(), true);
        }
        token.setPrimaryHolder(anvil.account(1).address());
        final List<ResourceTokenClient.Entry> entries = new ArrayList<>();
        for (int i = 0; i < units; i++)
        {
            entries.add(new ResourceTokenClient.Entry("3550-3560", "CELL042"));
        }
        token.as(anvil.account(1)).uploadEntries(entries);
        token.setExempt(anvil.account(1).address(), false);
    }

    ChainClient operator()
    {
        return new ChainClient(anvil.rpcUrl(), AnvilNode.devCredentials(0));
    }

    /**
     * @param trades trades of one window (sequences ascending).
     * @return its batch, netted per wallet.
     */
    NetBatch batch(final Trade... trades)
    {
        final Netting netting = Netting.byWallet(directory::walletOf);
        return netting.net(new SettlementWindows.Window(trades[0].sequence(), trades[trades.length - 1].sequence(),
            List.of(trades)));
    }

    /**
     * @param hoursBack how many whole hours before the chain's latest block the slot starts.
     * @return a one-hour lease slot of {@link #SPEC} computed from the chain's own block time (no calendar date).
     */
    String leaseSlot(final int hoursBack)
    {
        final Instant start = Instant.ofEpochSecond(anvil.latestTimestamp()).truncatedTo(ChronoUnit.HOURS)
            .minus(hoursBack, ChronoUnit.HOURS);
        return SPEC + "@" + start.toString().replace(":00Z", "Z") + "/PT1H";
    }

    /** Steps the submitter, mining a block after each step, until its backlog is empty (or 400 steps). */
    void runUntilIdle(final BatchSubmitter submitter) throws IOException
    {
        final ChainClient miner = new ChainClient(anvil.rpcUrl(), null);
        for (int i = 0; i < 400 && submitter.backlog() > 0; i++)
        {
            submitter.step(i);
            miner.raw("evm_mine", List.of());
        }
    }

    @Override
    public void close()
    {
        anvil.close();
    }
}
