package io.resx.settlement.chain;

/**
 * A call or transaction the chain refused, with the contract's custom error decoded when it is one of ours
 * ({@link #errorName()} = e.g. {@code BatchAlreadySettled}), or a node that could not be reached.
 */
public final class ChainException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String errorName;
    private final String revertData;

    /**
     * @param message    what was attempted and why it failed.
     * @param errorName  the custom error's name, empty when not a decoded revert.
     * @param revertData raw revert data, may be null.
     * @param cause      underlying exception, may be null.
     */
    public ChainException(String message, String errorName, String revertData, Throwable cause)
    {
        super(message, cause);
        this.errorName = errorName == null ? "" : errorName;
        this.revertData = revertData;
    }

    /** @return the contract error's name ({@code BatchAlreadySettled}), or empty. */
    public String errorName()
    {
        return errorName;
    }

    /** @return the raw revert data (0x...), or null. */
    public String revertData()
    {
        return revertData;
    }
}
