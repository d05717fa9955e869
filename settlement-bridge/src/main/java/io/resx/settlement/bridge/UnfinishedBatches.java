package io.resx.settlement.bridge;

import io.resx.settlement.netting.NetBatch;
import io.resx.settlement.netting.Trade;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The batches cut from {@code events} whose end is not in {@code events} yet: a batch is finished when its
 * {@code batchSettled} is read back, or when every one of its trades has been unwound ({@code settlementRefused} read
 * back: the chain refused the whole batch). Only what is read from {@code events} finishes a batch, so what this
 * says is durable. It tells the lowest sequence a restart must read again ({@link #settledThrough}).
 * <p>
 * Single-threaded: the bridge's agent thread.
 */
final class UnfinishedBatches
{
    /** batch id (its first trade's sequence) → trade ids not unwound yet. */
    private final TreeMap<Long, Set<Long>> open = new TreeMap<>();
    private final Map<Long, Long> batchOfTrade = new HashMap<>();

    /** @param batch a batch just cut. */
    void onBatch(final NetBatch batch)
    {
        final Set<Long> trades = new HashSet<>();
        for (final Trade trade : batch.trades())
        {
            trades.add(trade.tradeId());
            batchOfTrade.put(trade.tradeId(), batch.batchId());
        }
        open.put(batch.batchId(), trades);
    }

    /** @param batchId a batch whose {@code batchSettled} was read back. */
    void onConfirmed(final long batchId)
    {
        final Set<Long> trades = open.remove(batchId);
        if (trades != null)
        {
            trades.forEach(batchOfTrade::remove);
        }
    }

    /** @param tradeId a trade whose {@code settlementRefused} was read back. */
    void onUnwound(final long tradeId)
    {
        final Long batchId = batchOfTrade.remove(tradeId);
        if (batchId == null)
        {
            return;
        }
        final Set<Long> trades = open.get(batchId);
        if (trades != null && trades.remove(tradeId) && trades.isEmpty())
        {
            open.remove(batchId);
        }
    }

    /**
     * @param openWindowFrom the open window's first trade's sequence, or -1 when it is empty.
     * @param read           the last sequence read.
     * @return the last sequence up to which every trade is finished.
     */
    long settledThrough(final long openWindowFrom, final long read)
    {
        long first = read + 1;
        if (!open.isEmpty())
        {
            first = Math.min(first, open.firstKey());
        }
        if (openWindowFrom > 0)
        {
            first = Math.min(first, openWindowFrom);
        }
        return first - 1;
    }

    /** @return batches not finished. */
    int size()
    {
        return open.size();
    }
}
