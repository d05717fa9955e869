package io.resx.settlement.bridge;

/** Where a batch is on its way to the chain. */
public enum BatchStatus
{
    /** Netted, waiting for the batches before it. */
    QUEUED,
    /** Its transaction is sent, not yet mined (or mined and then reorganised out). */
    SUBMITTED,
    /** Mined, waiting for confirmations. */
    MINED,
    /** Mined under enough confirmations; its confirmation is journaled. */
    CONFIRMED,
    /** The chain refused it (a revert other than "already settled"); retried after a pause, never skipped. */
    FAILED
}
