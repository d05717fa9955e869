package io.resx.server.http;

import java.util.List;
import java.util.Map;

/**
 * Read-only view of settlement batches for {@code /api/v1/settlement/batches}, supplied by the settlement bridge
 * when a chain is configured. Until then the API serves {@link #NOT_CONFIGURED}: no batches, chain "not configured".
 */
public interface SettlementBatches
{
    /** No chain configured: no batches. */
    SettlementBatches NOT_CONFIGURED = new SettlementBatches()
    {
        @Override
        public String chain()
        {
            return "not configured";
        }

        @Override
        public List<Map<String, Object>> batches(final int limit)
        {
            return List.of();
        }

        @Override
        public long lagCommands()
        {
            return -1;
        }
    };

    /**
     * One {@code /metrics} series of settlement.
     *
     * @param name  the series name ({@code resx_settlement_…}).
     * @param type  counter or gauge.
     * @param help  what it counts, with its unit.
     * @param value its value.
     */
    record Metric(String name, String type, String help, double value)
    {
    }

    /** @return the chain link's health for the console: level (UP, DEGRADED, DOWN) and why; empty when none. */
    default Map<String, Object> health()
    {
        return Map.of();
    }

    /** @return settlement's series for {@code /metrics} (none when no chain is configured). */
    default List<Metric> metrics()
    {
        return List.of();
    }

    /** @return the chain link's state as a word: "not configured", "connected", "disconnected". */
    String chain();

    /**
     * @param limit at most this many, newest first.
     * @return batches, each {@code {batchId, trades, netCash:[..], gasUsed?, txHash?, confirmations, status}}.
     */
    List<Map<String, Object>> batches(int limit);

    /**
     * @return commands journaled since the end of the newest window confirmed on chain (the bridge's batches are
     *     cut on journal sequence, not wall-clock time), or -1 when there is no chain.
     */
    long lagCommands();
}
