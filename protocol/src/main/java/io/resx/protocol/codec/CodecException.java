package io.resx.protocol.codec;

/** A message that this version of ResX cannot read: another schema, a newer version, or corrupt content. */
public final class CodecException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, specific enough to act on.
     */
    public CodecException(final String message)
    {
        super(message);
    }
}
