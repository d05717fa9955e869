package io.resx.settlement.bridge;

import io.resx.settlement.bridge.BatchRecord;
import io.resx.settlement.bridge.BatchSubmitter;

import java.util.List;

/**
 * A read-only view of settlement for the HTTP API and the logs: the batches (id, trades, net and gross cash, gas,
 * transaction, confirmations, status), the trades the chain refused, counters and the chain link's health. Safe to
 * call from any thread.
 */
public interface SettlementView
{
    /** The chain link's state as {@code /health} shows it. */
    enum Level
    {
        /** Batches settle. */
        UP,
        /** The node answers but settlement is behind: a batch unconfirmed or a trade unsettled past the threshold,
         * the operator low on gas money, or bridge errors lately. */
        DEGRADED,
        /** The node cannot be reached. */
        DOWN
    }

    /**
     * The chain link's state.
     *
     * @param rpc               the node's URL.
     * @param up                whether the last round reached the node.
     * @param headBlock         the head block last seen, or -1.
     * @param lastConfirmed     the last batch confirmed (journaled), or 0.
     * @param backlog           batches netted but not yet confirmed.
     * @param openTrades        trades in the open window.
     * @param journalSequence   the last sequence of the events queue the bridge has read (the commands' numbering).
     * @param message           the state in words (the last error when down, why when degraded).
     * @param level             UP, DEGRADED or DOWN.
     */
    record Health(String rpc, boolean up, long headBlock, long lastConfirmed, int backlog, int openTrades,
        long journalSequence, String message, Level level)
    {
    }

    /** @return every batch known this run (those confirmed before a restart show as CONFIRMED), oldest first. */
    List<BatchRecord> batches();

    /** @return the trades the chain refused for good this run, in the order refused. */
    List<BatchRecord.Refusal> refusals();

    /** @return the bridge's counters and gauges. */
    BatchSubmitter.Stats stats();

    /** @return errors the bridge's loop caught and went on from. */
    long errors();

    /** @return the chain link's health. */
    Health health();
}
