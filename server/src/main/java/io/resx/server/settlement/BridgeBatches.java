package io.resx.server.settlement;

import io.resx.protocol.FixedPoint;
import io.resx.server.http.SettlementBatches;
import io.resx.settlement.bridge.BatchRecord;
import io.resx.settlement.bridge.BatchStatus;

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
            if (!batch.problem().isEmpty())
            {
                json.put("problem", batch.problem());
            }
            out.add(json);
        }
        return out;
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
