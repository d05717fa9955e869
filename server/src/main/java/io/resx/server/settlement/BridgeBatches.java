package io.resx.server.settlement;

import io.resx.protocol.FixedPoint;
import io.resx.server.http.SettlementBatches;
import io.resx.settlement.bridge.BatchRecord;
import io.resx.settlement.bridge.BatchStatus;
import io.resx.settlement.bridge.BatchSubmitter;
import io.resx.settlement.bridge.SettlementView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settlement bridge's batches as the HTTP API shows them ({@code /api/v1/settlement/batches}, the console's
 * settlement view and {@code /metrics}): a read-only translation of {@link SettlementView}, nothing kept here.
 */
public final class BridgeBatches implements SettlementBatches
{
    private final SettlementView view;

    /**
     * @param view the running bridge's view.
     */
    public BridgeBatches(final SettlementView view)
    {
        this.view = view;
    }

    @Override
    public String chain()
    {
        return view.health().up() ? "connected" : "disconnected";
    }

    @Override
    public List<Map<String, Object>> batches(final int limit)
    {
        final List<BatchRecord> all = view.batches();
        final List<Map<String, Object>> out = new ArrayList<>(Math.min(limit, all.size()));
        for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--)
        {
            final BatchRecord batch = all.get(i);
            final Map<String, Object> json = new LinkedHashMap<>();
            json.put("batchId", batch.batchId());
            json.put("status", batch.status().name());
            json.put("trades", batch.trades());
            json.put("netCash", FixedPoint.toString(batch.netCash(), FixedPoint.SCALE));
            json.put("grossCash", FixedPoint.toString(batch.grossCash(), FixedPoint.SCALE));
            json.put("legs", batch.legs());
            json.put("gasUsed", batch.gasUsed());
            json.put("txHash", batch.txHash().isEmpty() ? null : batch.txHash());
            json.put("block", batch.block() < 0 ? null : batch.block());
            json.put("confirmations", batch.confirmations());
            json.put("gasPriceWei", batch.gasPriceWei());
            if (!batch.problem().isEmpty())
            {
                json.put("problem", batch.problem());
            }
            if (!batch.refused().isEmpty())
            {
                final List<Map<String, Object>> refused = new ArrayList<>();
                for (final BatchRecord.Refusal r : batch.refused())
                {
                    final Map<String, Object> one = new LinkedHashMap<>();
                    one.put("tradeId", r.tradeId());
                    one.put("symbol", r.symbol());
                    one.put("buyAccount", r.buyAccount());
                    one.put("sellAccount", r.sellAccount());
                    one.put("reason", r.reason());
                    refused.add(one);
                }
                json.put("refused", refused);
            }
            out.add(json);
        }
        return out;
    }

    @Override
    public Map<String, Object> health()
    {
        final SettlementView.Health health = view.health();
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("level", health.level().name());
        out.put("message", health.message());
        out.put("lastConfirmed", health.lastConfirmed());
        out.put("backlog", health.backlog());
        return out;
    }

    @Override
    public List<Metric> metrics()
    {
        final BatchSubmitter.Stats s = view.stats();
        final SettlementView.Health health = view.health();
        final long oldestAgeMs = s.oldestUnsettledNs() < 0 ? 0 :
            Math.max(0, System.currentTimeMillis() - s.oldestUnsettledNs() / 1_000_000L);
        return List.of(
            new Metric("resx_settlement_batches_confirmed_total", "counter",
                "Settlement batches confirmed on chain since this process started.", s.confirmed()),
            new Metric("resx_settlement_batch_attempts_failed_total", "counter",
                "Batch transactions that failed for a transient reason and were retried after a back-off.",
                s.failedAttempts()),
            new Metric("resx_settlement_batches_refused_total", "counter",
                "Batches every trade of which the chain refused for good.", s.refusedBatches()),
            new Metric("resx_settlement_trades_refused_total", "counter",
                "Trades the chain refused for good, cut out of their batches.", s.refusedTrades()),
            new Metric("resx_settlement_batches_queued", "gauge", "Batches netted and not yet confirmed.",
                s.backlog()),
            new Metric("resx_settlement_oldest_unsettled_trade_age_seconds", "gauge",
                "Age of the oldest trade in a batch not yet confirmed (0 when none).", oldestAgeMs / 1000.0),
            new Metric("resx_settlement_gas_price_paid_wei", "gauge",
                "Effective gas price of the last confirmed batch, wei per gas.", s.gasPriceWei()),
            new Metric("resx_settlement_operator_balance_wei", "gauge",
                "The vault operator's ether balance (gas money), wei; -1 until read.", s.operatorWei().doubleValue()),
            new Metric("resx_settlement_bridge_errors_total", "counter",
                "Errors the settlement bridge's loop caught and went on from.", view.errors()),
            new Metric("resx_settlement_chain_up", "gauge", "1 when the chain link is UP, 0.5 DEGRADED, 0 DOWN.",
                health.level() == SettlementView.Level.UP ? 1 : health.level() == SettlementView.Level.DEGRADED ?
                    0.5 : 0));
    }

    @Override
    public long lagCommands()
    {
        long confirmedUpTo = 0;
        for (final BatchRecord batch : view.batches())
        {
            if (batch.status() == BatchStatus.CONFIRMED)
            {
                confirmedUpTo = Math.max(confirmedUpTo, batch.closedAt());
            }
        }
        return Math.max(0, view.health().journalSequence() - confirmedUpTo);
    }
}
