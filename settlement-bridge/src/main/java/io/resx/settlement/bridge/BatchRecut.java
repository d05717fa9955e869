package io.resx.settlement.bridge;

import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.settlement.netting.NetBatch;
import io.resx.settlement.netting.Netting;
import io.resx.settlement.netting.SettlementWindows;
import io.resx.settlement.netting.Trade;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the obligations of a batch the chain refuses for good and re-cuts the batch without them, under the same
 * batch id, so that the rest settles ({@link ChainErrors}). The culprits are found by simulation ({@code eth_call},
 * nothing sent): each instrument's trades of the batch alone; for {@code DefaultFundExhausted}, the trades of the
 * participant it names. A re-cut that still reverts is searched again, a few rounds at most; when no single
 * instrument can be blamed, every trade left is refused (an all-or-nothing batch the chain will not take).
 */
final class BatchRecut
{
    private static final int ROUNDS = 4;

    private final ChainClient chain;
    private final SettlementDirectory directory;
    private final Netting netting;

    /**
     * What is left of a batch.
     *
     * @param kept    the re-cut batch, or null when nothing of it can settle.
     * @param refused the trades cut out, with their reasons.
     */
    record Result(NetBatch kept, List<BatchRecord.Refusal> refused)
    {
    }

    BatchRecut(final ChainClient chain, final SettlementDirectory directory)
    {
        this.chain = chain;
        this.directory = directory;
        this.netting = new Netting(directory::walletOf);
    }

    /**
     * @param trade a trade.
     * @return the resource token symbol it moves (a lease slot's ownership symbol).
     */
    static String tokenSymbol(final Trade trade)
    {
        final InstrumentSymbol symbol = InstrumentSymbol.parse(trade.symbol());
        return symbol.isLease() ? symbol.ownershipSymbol().toString() : trade.symbol();
    }

    /**
     * @param batch a batch.
     * @return it without the trades on assets that have no token in the directory (refused: {@code NoToken}) and
     *         the trades of accounts that have no wallet (refused: {@code NoWallet}).
     */
    Result withoutUnknownAssets(final NetBatch batch)
    {
        final List<Trade> kept = new ArrayList<>();
        final List<BatchRecord.Refusal> refused = new ArrayList<>();
        for (final Trade trade : batch.trades())
        {
            final String token = tokenSymbol(trade);
            if (!directory.tokens().containsKey(token))
            {
                refused.add(refusal(trade, "NoToken(" + token + ")"));
            }
            else if (directory.walletOf(trade.buyAccount()) == null || directory.walletOf(trade.sellAccount()) == null)
            {
                refused.add(refusal(trade, "NoWallet(" + (directory.walletOf(trade.buyAccount()) == null ?
                    trade.buyAccount() : trade.sellAccount()) + ")"));
            }
            else
            {
                kept.add(trade);
            }
        }
        return refused.isEmpty() ? new Result(batch, List.of()) :
            new Result(kept.isEmpty() ? null : net(batch, kept), refused);
    }

    /**
     * @param batch the batch refused.
     * @param why   the refusal.
     * @return the batch without the refused trades.
     * @throws IOException when the node cannot be reached (then nothing is decided).
     */
    Result recut(final NetBatch batch, final ChainClient.ChainException why) throws IOException
    {
        final List<Trade> kept = new ArrayList<>(batch.trades());
        final List<BatchRecord.Refusal> refused = new ArrayList<>();
        ChainClient.ChainException reason = why;
        for (int round = 0; round < ROUNDS && !kept.isEmpty(); round++)
        {
            final Set<Long> out = new HashSet<>();
            if (ChainErrors.classify(reason) == ChainErrors.Kind.DEFAULT)
            {
                blameParticipant(kept, reason, out, refused);
            }
            else
            {
                blameInstruments(batch, kept, out, refused);
            }
            if (out.isEmpty())
            {
                for (final Trade trade : kept)
                {
                    refused.add(refusal(trade, describe(reason)));
                }
                kept.clear();
                break;
            }
            kept.removeIf(t -> out.contains(t.tradeId()));
            if (kept.isEmpty())
            {
                break;
            }
            final NetBatch candidate = net(batch, kept);
            final ChainClient.ChainException again = chain.simulate(directory.vault(),
                VaultAbi.settleBatch(candidate, directory));
            if (again == null || ChainErrors.classify(again) == ChainErrors.Kind.TRANSIENT)
            {
                return new Result(candidate, refused);
            }
            reason = again;
        }
        return new Result(kept.isEmpty() ? null : net(batch, kept), refused);
    }

    private void blameInstruments(final NetBatch batch, final List<Trade> kept, final Set<Long> out,
        final List<BatchRecord.Refusal> refused) throws IOException
    {
        final Map<String, List<Trade>> bySymbol = new LinkedHashMap<>();
        for (final Trade trade : kept)
        {
            bySymbol.computeIfAbsent(trade.symbol(), s -> new ArrayList<>()).add(trade);
        }
        for (final List<Trade> group : bySymbol.values())
        {
            final ChainClient.ChainException ex = chain.simulate(directory.vault(),
                VaultAbi.settleBatch(net(batch, group), directory));
            if (ex != null && ChainErrors.classify(ex) != ChainErrors.Kind.TRANSIENT)
            {
                for (final Trade trade : group)
                {
                    out.add(trade.tradeId());
                    refused.add(refusal(trade, describe(ex)));
                }
            }
        }
    }

    private void blameParticipant(final List<Trade> kept, final ChainClient.ChainException reason,
        final Set<Long> out, final List<BatchRecord.Refusal> refused)
    {
        // DefaultFundExhausted(uint256 batchId, address participant, uint256 uncovered): the address is word 2
        final String data = reason.revertData();
        if (data.length() < 10 + 128)
        {
            return;
        }
        final String wallet = "0x" + data.substring(10 + 64 + 24, 10 + 128);
        for (final Trade trade : kept)
        {
            if (wallet.equalsIgnoreCase(directory.walletOf(trade.buyAccount())) ||
                wallet.equalsIgnoreCase(directory.walletOf(trade.sellAccount())))
            {
                out.add(trade.tradeId());
                refused.add(refusal(trade, describe(reason)));
            }
        }
    }

    private NetBatch net(final NetBatch batch, final List<Trade> trades)
    {
        return netting.net(new SettlementWindows.Window(batch.batchId(), batch.closedAt(), trades))
            .withJournalHead(batch.journalHead());
    }

    private static String describe(final ChainClient.ChainException ex)
    {
        return ex.revertData().isEmpty() ? ex.getMessage() :
            io.resx.settlement.chain.ContractArtifacts.describeRevert(ex.revertData());
    }

    private static BatchRecord.Refusal refusal(final Trade trade, final String reason)
    {
        return new BatchRecord.Refusal(trade.tradeId(), trade.symbol(), trade.buyAccount(), trade.sellAccount(),
            trade.price(), trade.qty(), reason);
    }
}
