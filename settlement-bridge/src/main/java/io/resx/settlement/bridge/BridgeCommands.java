package io.resx.settlement.bridge;

/**
 * Where the bridge sends what it learns from the chain: commands through the sequencer (an internal, admin route —
 * gateways can never send these), so they are journaled and replayed like every other input. Each command from a
 * chain event carries the event's position {@code c<block>.<logIndex>} as its ClOrdID, so that a restarted bridge
 * resumes after the last event the journal holds (see {@link ChainPosition}).
 */
public interface BridgeCommands
{
    /**
     * @param account engine account.
     * @param asset   CASH, COLLATERAL or an ownership symbol.
     * @param amount  fixed-point, positive.
     * @param event   the chain event's position.
     */
    void deposit(String account, String asset, long amount, ChainPosition event);

    /**
     * @param account engine account.
     * @param asset   CASH or an ownership symbol.
     * @param amount  fixed-point, positive.
     * @param event   the chain event's position.
     */
    void withdraw(String account, String asset, long amount, ChainPosition event);

    /**
     * @param account   the defaulter.
     * @param asset     CASH or the ownership symbol it failed to deliver.
     * @param shortfall fixed-point, positive.
     * @param event     the Default event's position.
     */
    void settlementFailed(String account, String asset, long shortfall, ChainPosition event);

    /**
     * @param batchId the batch, settled with enough confirmations.
     * @param txHash  its transaction.
     */
    void batchSettled(long batchId, String txHash);

    /** Closes a settlement window whose journal time ran out while no command came. */
    void settlementCut();

    /**
     * A trade the chain refused for good (nothing of it moved on chain): the engine unwinds it in its ledger
     * ({@code settlementRefused}, journaled with the trade id, so a restarted bridge does not send it again).
     *
     * @param refusal the refused trade and the chain's reason.
     */
    void settlementRefused(BatchRecord.Refusal refusal);
}
