package io.resx.settlement.bridge;

import io.resx.settlement.netting.NetBatch;

import java.util.List;

/**
 * What the bridge knows about one batch, as a read-only snapshot for views (HTTP API, logs).
 *
 * @param batchId       the batch id.
 * @param closedAt      journal sequence at which its window closed (its trades are in [batchId, closedAt]).
 * @param trades        trades netted in it.
 * @param netCash       cash moved on chain: the sum of the positive net cash deltas, micro-units.
 * @param grossCash     cash the trades moved one by one, micro-units.
 * @param legs          cash + unit + lease legs.
 * @param status        where it is.
 * @param txHash        its transaction, or empty.
 * @param block         the block it was mined in, or -1.
 * @param confirmations blocks on top of it, counting its own; 0 until mined.
 * @param gasUsed       gas its transaction used, or 0.
 * @param problem       the last refusal or error, or empty.
 * @param refused       the trades permanently refused and cut out of the batch, each with the decoded reason.
 * @param gasPriceWei   the effective gas price its transaction paid, wei, or 0.
 */
public record BatchRecord(
    long batchId, long closedAt, int trades, long netCash, long grossCash, int legs, BatchStatus status,
    String txHash, long block, long confirmations, long gasUsed, String problem, List<Refusal> refused,
    long gasPriceWei)
{
    /**
     * @param batch a netted batch.
     * @return its record, queued.
     */
    public static BatchRecord queued(final NetBatch batch)
    {
        final long net = batch.cash().stream().mapToLong(NetBatch.CashDelta::amount).filter(a -> a > 0).sum();
        return new BatchRecord(batch.batchId(), batch.closedAt(), batch.tradeCount(), net, batch.grossCash(),
            batch.cash().size() + batch.units().size() + batch.leases().size(), BatchStatus.QUEUED, "", -1, 0, 0, "",
            List.of(), 0);
    }

    /**
     * @param status new status.
     * @param txHash transaction.
     * @param block  block, or -1.
     * @param confirmations confirmations.
     * @param gasUsed gas.
     * @param problem problem text.
     * @return a copy with these.
     */
    public BatchRecord with(final BatchStatus status, final String txHash, final long block, final long confirmations,
        final long gasUsed, final String problem)
    {
        return new BatchRecord(batchId, closedAt, trades, netCash, grossCash, legs, status, txHash, block,
            confirmations, gasUsed, problem, refused, gasPriceWei);
    }

    /**
     * @param cut        the batch as re-cut without the refused trades.
     * @param refusals   every trade refused so far.
     * @return a copy with the re-cut batch's figures and the refusals.
     */
    public BatchRecord recut(final NetBatch cut, final List<Refusal> refusals)
    {
        final long net = cut.cash().stream().mapToLong(NetBatch.CashDelta::amount).filter(a -> a > 0).sum();
        return new BatchRecord(batchId, closedAt, cut.tradeCount(), net, cut.grossCash(),
            cut.cash().size() + cut.units().size() + cut.leases().size(), status, txHash, block, confirmations,
            gasUsed, problem, List.copyOf(refusals), gasPriceWei);
    }

    /**
     * @param wei the effective gas price paid.
     * @return a copy with it.
     */
    public BatchRecord withGasPrice(final long wei)
    {
        return new BatchRecord(batchId, closedAt, trades, netCash, grossCash, legs, status, txHash, block,
            confirmations, gasUsed, problem, refused, wei);
    }

    /**
     * A trade the chain refused for good, cut out of its batch.
     *
     * @param tradeId     the engine's trade id.
     * @param symbol      its instrument.
     * @param buyAccount  the buyer.
     * @param sellAccount the seller.
     * @param price       the trade's price, fixed-point.
     * @param qty         its quantity, fixed-point.
     * @param reason      the contract's error with its arguments, e.g. {@code BadSlot(1764547200, 1764550800)}.
     */
    public record Refusal(long tradeId, String symbol, String buyAccount, String sellAccount, long price, long qty,
        String reason)
    {
    }
}
