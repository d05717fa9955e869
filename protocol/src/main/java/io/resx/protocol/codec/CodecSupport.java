package io.resx.protocol.codec;

import io.resx.protocol.text.AsciiKey;
import org.agrona.DirectBuffer;

/** What every ResX codec does the same way when it reads: enum codes and variable-length ASCII fields. */
final class CodecSupport
{
    private CodecSupport()
    {
    }

    /**
     * @param values the enum's values, whose ordinals are the codes (enums are append-only).
     * @param code   the code read.
     * @param what   what the code names, for the error.
     * @param <E>    enum type.
     * @return the value.
     * @throws CodecException for a code this version does not know.
     */
    static <E> E code(final E[] values, final short code, final String what)
    {
        if (code < 0 || code >= values.length)
        {
            throw new CodecException("unknown " + what + " code " + code);
        }
        return values[code];
    }

    /**
     * @param varData a variable-length field wrapped by a decoder.
     * @param key     where to copy it.
     * @param what    the field's name, for the error.
     * @throws CodecException when the field is longer than the key can hold.
     */
    static void take(final DirectBuffer varData, final AsciiKey key, final String what)
    {
        if (varData.capacity() > key.capacity())
        {
            throw new CodecException(what + " of " + varData.capacity() + " bytes exceeds its limit of " +
                key.capacity());
        }
        key.set(varData, 0, varData.capacity());
    }
}
