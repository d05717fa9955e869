package io.resx.protocol.text;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A mutable, fixed-capacity ASCII string with a cached 64-bit hash: the engine's form of identifiers
 * (account, owner, ClOrdID, symbol) so that commands can carry them in pre-allocated ring slots and the
 * matcher can look them up without creating a {@link String} per message.
 * <p>
 * The hash is computed when the value is set, on the producer's thread, so the single-writer matcher only
 * probes and compares bytes. Equality is by content; instances used as map keys must not change while stored.
 */
public final class AsciiKey implements CharSequence
{
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final byte[] bytes;
    private UnsafeBuffer view;
    private int length;
    private long hash = FNV_OFFSET;

    /**
     * @param capacity the longest value this key can hold, in bytes.
     */
    public AsciiKey(final int capacity)
    {
        this.bytes = new byte[capacity];
    }

    /**
     * A new key holding a copy of {@code value}, sized to fit it.
     *
     * @param value printable ASCII.
     * @return the new key.
     */
    public static AsciiKey of(final CharSequence value)
    {
        final AsciiKey key = new AsciiKey(value.length());
        key.set(value);
        return key;
    }

    /** @return the longest value this key can hold. */
    public int capacity()
    {
        return bytes.length;
    }

    /**
     * Sets the value.
     *
     * @param value to copy; must be printable ASCII and no longer than {@link #capacity()}.
     * @return this key.
     * @throws IllegalArgumentException when the value is too long or not printable ASCII (edge code checks
     *                                  {@link #fits(CharSequence)} first to reject with a reason).
     */
    public AsciiKey set(final CharSequence value)
    {
        if (!fits(value))
        {
            throw new IllegalArgumentException("not printable ASCII of at most " + bytes.length + " chars: " + value);
        }
        final int n = value.length();
        for (int i = 0; i < n; i++)
        {
            bytes[i] = (byte)value.charAt(i);
        }
        length = n;
        rehash();
        return this;
    }

    /**
     * Copies another key's value.
     *
     * @param other to copy; must fit in this key's capacity.
     * @return this key.
     */
    public AsciiKey set(final AsciiKey other)
    {
        if (other.length > bytes.length)
        {
            throw new IllegalArgumentException("value of " + other.length + " bytes exceeds capacity " + bytes.length);
        }
        System.arraycopy(other.bytes, 0, bytes, 0, other.length);
        length = other.length;
        hash = other.hash;
        return this;
    }

    /**
     * @param value a candidate value.
     * @return whether {@code value} is printable ASCII (0x20..0x7e) that fits in this key.
     */
    public boolean fits(final CharSequence value)
    {
        final int n = value.length();
        if (n > bytes.length)
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            final char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Sets the value from bytes in a buffer, as codecs decode it.
     *
     * @param src    buffer holding ASCII.
     * @param offset where the value starts.
     * @param count  its length in bytes; at most {@link #capacity()}.
     * @return this key.
     */
    public AsciiKey set(final DirectBuffer src, final int offset, final int count)
    {
        if (count > bytes.length)
        {
            throw new IllegalArgumentException("value of " + count + " bytes exceeds capacity " + bytes.length);
        }
        src.getBytes(offset, bytes, 0, count);
        length = count;
        rehash();
        return this;
    }

    /**
     * A view of the key's bytes for codecs to copy from, valid for the first {@link #length()} bytes and only
     * until the key changes. Callers must not write through it.
     *
     * @return the view.
     */
    public DirectBuffer buffer()
    {
        // Created on first use: most keys never meet a codec, and ring slots stay smaller without it.
        if (view == null)
        {
            view = new UnsafeBuffer(bytes);
        }
        return view;
    }

    /** Empties the key. */
    public void clear()
    {
        // Ring slots are reset before every command: leaving an empty key unwritten keeps its cache line clean,
        // so it is not passed between the producer's and the engine's cores for nothing.
        if (length != 0)
        {
            length = 0;
            hash = FNV_OFFSET;
        }
    }

    /** @return whether the key holds no characters. */
    public boolean isEmpty()
    {
        return length == 0;
    }

    /** @return the 64-bit FNV-1a hash of the content. */
    public long hash64()
    {
        return hash;
    }

    /**
     * @param other key to compare.
     * @return whether both keys hold the same characters.
     */
    public boolean contentEquals(final AsciiKey other)
    {
        return other.hash == hash && Arrays.equals(bytes, 0, length, other.bytes, 0, other.length);
    }

    @Override
    public int length()
    {
        return length;
    }

    @Override
    public char charAt(final int index)
    {
        if (index >= length)
        {
            throw new IndexOutOfBoundsException(index);
        }
        return (char)bytes[index];
    }

    @Override
    public CharSequence subSequence(final int start, final int end)
    {
        return toString().subSequence(start, end);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof AsciiKey && contentEquals((AsciiKey)o);
    }

    @Override
    public int hashCode()
    {
        return (int)(hash ^ (hash >>> 32));
    }

    @Override
    public String toString()
    {
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }

    private void rehash()
    {
        long h = FNV_OFFSET;
        for (int i = 0; i < length; i++)
        {
            h ^= bytes[i];
            h *= FNV_PRIME;
        }
        hash = h;
    }
}
