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
    /** Its last attempt failed for a transient reason (node away, nonce race, fees); retried after a back-off. */
    FAILED,
    /** Every obligation in it was permanently refused ({@link ChainErrors.Kind#REFUSED}); nothing of it settles
     * and the batches after it go on. */
    REFUSED
}
