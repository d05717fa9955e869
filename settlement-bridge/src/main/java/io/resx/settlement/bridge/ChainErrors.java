package io.resx.settlement.bridge;

import java.util.Locale;

/**
 * The bridge's failure model: every error the chain gives a batch is one of three classes, and each class has one
 * rule.
 * <ul>
 *   <li>{@link Kind#TRANSIENT}: the node could not be reached or answered in time, a nonce race (nonce too low,
 *       replacement underpriced, already known), fees above the ceiling, the operator short of gas money, or any
 *       other refusal that is not a contract revert, and {@code BatchAlreadySettled} (a transaction of ours, maybe
 *       still pending, got there first: it is followed, never refused). Rule: retry the same batch after a capped
 *       exponential back-off with jitter ({@link Backoff}); never skip it.</li>
 *   <li>{@link Kind#DEFAULT}: the vault's own default path could not cover a participant
 *       ({@code DefaultFundExhausted(batchId, participant, uncovered)}). A default the waterfall covers is not an
 *       error at all: the batch settles and its {@code Default} events go to the engine as settlement failures.
 *       Rule: the trades of the uncovered participant are refused (as below) and the rest of the batch settles.</li>
 *   <li>{@link Kind#REFUSED}: any other revert (e.g. {@code BadSlot} for a lease whose slot ended before it
 *       settled), or an obligation on an asset with no token. Rule: the obligations that cause it are found (each
 *       instrument's trades simulated alone), the batch is re-cut without them under the same batch id so the rest
 *       settles, and the refused trades are reported; later batches go on in order.</li>
 * </ul>
 */
public final class ChainErrors
{
    /** The three classes. */
    public enum Kind
    {
        /** Retry with back-off. */
        TRANSIENT,
        /** The waterfall could not cover a participant. */
        DEFAULT,
        /** A permanent refusal: re-cut without the refused obligations. */
        REFUSED
    }

    private ChainErrors()
    {
    }

    /**
     * @param ex what the node answered.
     * @return its class.
     */
    public static Kind classify(final ChainClient.ChainException ex)
    {
        final String name = ex.errorName();
        if ("BatchAlreadySettled".equals(name))
        {
            return Kind.TRANSIENT; // a transaction of ours got there first: follow it, never refuse the batch
        }
        if ("DefaultFundExhausted".equals(name))
        {
            return Kind.DEFAULT;
        }
        if (!ex.revertData().isEmpty())
        {
            return Kind.REFUSED;
        }
        final String text = ex.getMessage() == null ? "" : ex.getMessage().toLowerCase(Locale.ROOT);
        return text.contains("execution reverted") || text.contains("revert") ? Kind.REFUSED : Kind.TRANSIENT;
    }

    /**
     * @param ex what the node answered.
     * @return whether it says the nonce used is no longer free (a fresh nonce is needed).
     */
    public static boolean nonceTaken(final ChainClient.ChainException ex)
    {
        final String text = ex.getMessage() == null ? "" : ex.getMessage().toLowerCase(Locale.ROOT);
        return text.contains("nonce too low") || text.contains("nonce has already been used");
    }

    /**
     * @param ex what the node answered.
     * @return whether the operator cannot pay for gas.
     */
    public static boolean outOfFunds(final ChainClient.ChainException ex)
    {
        final String text = ex.getMessage() == null ? "" : ex.getMessage().toLowerCase(Locale.ROOT);
        return text.contains("insufficient funds");
    }
}
