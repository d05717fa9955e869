package io.resx.settlement.audit;

import io.resx.protocol.command.Command;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.replay.JournalContext;
import io.resx.settlement.bridge.ChainClient;
import io.resx.settlement.bridge.EventTradeFeed;
import io.resx.settlement.bridge.SettlementDirectory;
import io.resx.settlement.bridge.VaultAbi;
import io.resx.settlement.chain.ChainEvents;
import io.resx.settlement.netting.NetBatch;
import io.resx.settlement.netting.Netting;
import io.resx.settlement.netting.WindowPolicy;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares every wallet's on-chain holdings with the engine's ledger at the end of the {@code events} queue. No
 * engine runs: the ledger is read from the events — the engine publishes a BALANCE event with the new total after
 * every command that changed a pair (account, asset), so the last one of each pair is the ledger's total — and the
 * batches are cut from the TRADE events exactly as the bridge cuts them ({@link EventTradeFeed} from the queue's
 * start).
 * <p>
 * The engine moves cash and units at the trade; the chain moves them when the trade's batch settles. So the chain
 * is expected to hold the ledger minus what has not settled yet: for each wallet and asset,
 * {@code expected on chain = Σ ledger totals of the wallet's accounts − Σ net deltas of the batches the vault does
 * not report settled − the trades of the still-open window}. Assets compared: CASH (the cash token's
 * {@code balanceOf}), COLLATERAL (the vault's {@code collateralOf}) and every ownership symbol that has a resource
 * token ({@code balanceOf}, base units = fixed-point). Lease rights are not balances on chain (they are
 * schedules) and are not compared here.
 */
public final class Reconciliation
{
    /**
     * One compared balance.
     *
     * @param wallet   the wallet.
     * @param accounts its engine accounts.
     * @param asset    CASH, COLLATERAL or an ownership symbol.
     * @param ledger   the ledger's total for the wallet's accounts.
     * @param pending  the part not settled yet (net, signed: what the chain has still to move in).
     * @param chain    what the chain holds.
     */
    public record Line(String wallet, String accounts, String asset, long ledger, long pending, long chain)
    {
        /** @return chain − (ledger − pending): zero when they agree. */
        public long difference()
        {
            return chain - (ledger - pending);
        }
    }

    /**
     * The comparison.
     *
     * @param lines          every balance compared, wallet then asset.
     * @param unsettled      batches the vault does not report settled.
     * @param openTrades     trades of the open window.
     * @param journalSequence the last sequence of the events queue read.
     */
    public record Result(List<Line> lines, List<Long> unsettled, int openTrades, long journalSequence,
        List<Stuck> stuck, List<Recut> recut)
    {
        /** @return whether the pipeline needs someone: a batch stuck past the threshold or a re-cut one. */
        public boolean pipelineProblems()
        {
            return !stuck.isEmpty() || !recut.isEmpty();
        }

        /** @return the lines that differ. */
        public List<Line> differences()
        {
            return lines.stream().filter(l -> l.difference() != 0).toList();
        }
    }

    /**
     * A batch the vault does not report settled although its window closed longer ago than the threshold (stuck,
     * failing, or refused whole by the chain).
     *
     * @param batchId the batch.
     * @param trades  its trades.
     * @param ageMs   how long ago its last trade was journaled, ms.
     */
    public record Stuck(long batchId, int trades, long ageMs)
    {
    }

    /**
     * A batch settled on chain with fewer legs than its window nets to: the chain refused some of its obligations
     * for good and the bridge settled the rest (their trades moved in the ledger, not on chain).
     *
     * @param batchId     the batch.
     * @param nettedLegs  cash/unit/lease legs of the whole window.
     * @param settledLegs cash/unit/lease legs of the BatchSettled event.
     */
    public record Recut(long batchId, String nettedLegs, String settledLegs)
    {
    }

    private Reconciliation()
    {
    }

    /**
     * As {@link #run(JournalContext, WindowPolicy, SettlementDirectory, ChainClient, long)}, no batch counted stuck.
     *
     * @param events    the events queue.
     * @param window    the settlement window policy.
     * @param directory contracts and wallets.
     * @param chain     a client of the node.
     * @return the comparison.
     * @throws IOException when the node cannot be reached.
     */
    public static Result run(final JournalContext events, final WindowPolicy window,
        final SettlementDirectory directory, final ChainClient chain) throws IOException
    {
        return run(events, window, directory, chain, Long.MAX_VALUE);
    }

    /**
     * @param events    the events queue.
     * @param window    the settlement window policy the bridge runs with (batch ids depend on it).
     * @param directory contracts and wallets.
     * @param chain     a client of the node.
     * @param stuckAfterMs a batch unsettled whose last trade is older than this is listed as stuck.
     * @return the comparison.
     * @throws IOException when the node cannot be reached.
     */
    public static Result run(final JournalContext events, final WindowPolicy window,
        final SettlementDirectory directory, final ChainClient chain, final long stuckAfterMs) throws IOException
    {
        final List<NetBatch> batches = new ArrayList<>();
        final int openTrades;
        final long sequence;
        final Map<String, Long> pending = new TreeMap<>();
        // account → asset → the ledger's total, as the last BALANCE event of the pair says
        final Map<String, Map<String, Long>> totals = new TreeMap<>();
        final Netting netting = new Netting(account ->
        {
            final String wallet = directory.walletOf(account);
            return wallet == null ? "unmapped:" + account : wallet;
        });
        try (EventTradeFeed feed = new EventTradeFeed(events, 0, window, netting, new EventTradeFeed.Listener()
        {
            @Override
            public void onBatch(final NetBatch batch)
            {
                batches.add(batch);
            }

            @Override
            public void onConfirmed(final long batchId, final String txHash, final long sequence)
            {
            }

            @Override
            public void onOutcome(final Command command, final EventLog outcome)
            {
                for (int i = 0; i < outcome.size(); i++)
                {
                    final EngineEvent event = outcome.get(i);
                    if (event.type() == EventType.BALANCE)
                    {
                        totals.computeIfAbsent(event.account().toString(), a -> new TreeMap<>())
                            .put(event.symbol().toString(), event.amount());
                    }
                }
            }
        }))
        {
            feed.drain();
            openTrades = feed.openTrades();
            sequence = feed.sequence();
            final NetBatch open = feed.openBatch();
            if (open != null)
            {
                addPending(pending, open);
            }
        }
        final List<Long> unsettled = new ArrayList<>();
        final List<Stuck> stuck = new ArrayList<>();
        final long nowMs = System.currentTimeMillis();
        for (final NetBatch batch : batches)
        {
            if (chain.callNumber(directory.vault(), VaultAbi.settled(batch.batchId())).signum() == 0)
            {
                unsettled.add(batch.batchId());
                addPending(pending, batch);
                final long lastNs = batch.trades().isEmpty() ? 0 :
                    batch.trades().get(batch.trades().size() - 1).timestampNs();
                final long ageMs = Math.max(0, nowMs - lastNs / 1_000_000L);
                if (ageMs > stuckAfterMs)
                {
                    stuck.add(new Stuck(batch.batchId(), batch.tradeCount(), ageMs));
                }
            }
        }
        final List<Recut> recut = recutBatches(batches, directory, chain);

        // the ledger, per wallet and asset
        final Map<String, Map<String, Long>> ledger = new TreeMap<>();
        final Map<String, List<String>> accountsOf = new TreeMap<>();
        for (final Map.Entry<String, String> e : directory.wallets().entrySet())
        {
            accountsOf.computeIfAbsent(e.getValue(), w -> new ArrayList<>()).add(e.getKey());
            final Map<String, Long> assets = ledger.computeIfAbsent(e.getValue(), w -> new TreeMap<>());
            totals.getOrDefault(e.getKey(), Map.of()).forEach((asset, total) -> assets.merge(asset, total, Long::sum));
        }
        final List<Line> lines = new ArrayList<>();
        for (final Map.Entry<String, List<String>> w : accountsOf.entrySet())
        {
            final String wallet = w.getKey();
            final Map<String, Long> assets = ledger.get(wallet);
            final String names = String.join("+", w.getValue());
            lines.add(line(wallet, names, "CASH", assets, pending,
                chain.callNumber(directory.cash(), VaultAbi.viewOf("balanceOf", wallet))));
            lines.add(line(wallet, names, "COLLATERAL", assets, pending,
                chain.callNumber(directory.vault(), VaultAbi.viewOf("collateralOf", wallet))));
            for (final Map.Entry<String, String> token : directory.tokens().entrySet())
            {
                lines.add(line(wallet, names, token.getKey(), assets, pending,
                    chain.callNumber(token.getValue(), VaultAbi.viewOf("balanceOf", wallet))));
            }
        }
        return new Result(lines, unsettled, openTrades, sequence, stuck, recut);
    }

    /** Settled batches whose BatchSettled event carries fewer legs than the window nets to. */
    private static List<Recut> recutBatches(final List<NetBatch> batches, final SettlementDirectory directory,
        final ChainClient chain) throws IOException
    {
        final Map<Long, ChainEvents.BatchSettled> settled = new TreeMap<>();
        for (final ChainEvents.VaultEvent event : ChainEvents.vaultEvents(chain.logs(directory.fromBlock(),
            chain.blockNumber(), List.of(directory.vault()), List.of(VaultAbi.BATCH_SETTLED_TOPIC))))
        {
            if (event instanceof ChainEvents.BatchSettled s)
            {
                settled.put(s.batchId(), s);
            }
        }
        final List<Recut> out = new ArrayList<>();
        for (final NetBatch batch : batches)
        {
            final ChainEvents.BatchSettled s = settled.get(batch.batchId());
            if (s != null && (s.cashLegs() != batch.cash().size() || s.unitLegs() != batch.units().size() ||
                s.leaseLegs() != batch.leases().size()))
            {
                out.add(new Recut(batch.batchId(), batch.cash().size() + "/" + batch.units().size() + "/" +
                    batch.leases().size(), s.cashLegs() + "/" + s.unitLegs() + "/" + s.leaseLegs()));
            }
        }
        return out;
    }

    private static void addPending(final Map<String, Long> pending, final NetBatch batch)
    {
        batch.cash().forEach(c -> pending.merge(c.participant() + "\nCASH", c.amount(), Long::sum));
        batch.units().forEach(u -> pending.merge(u.participant() + "\n" + u.token(), u.amount(), Long::sum));
    }

    private static Line line(final String wallet, final String accounts, final String asset,
        final Map<String, Long> ledger, final Map<String, Long> pending, final BigInteger chain)
    {
        return new Line(wallet, accounts, asset, ledger.getOrDefault(asset, 0L),
            pending.getOrDefault(wallet + "\n" + asset, 0L), chain.longValueExact());
    }
}
