package io.resx.protocol.state;

/** A state section that cannot be read: truncated, of an unknown version, or inconsistent. */
public final class StateFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, specifically.
     */
    public StateFormatException(final String message)
    {
        super(message);
    }
}
