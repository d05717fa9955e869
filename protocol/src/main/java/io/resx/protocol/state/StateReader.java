package io.resx.protocol.state;

import io.resx.protocol.text.AsciiKey;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Reads values written by a {@link StateWriter}, checking every read against the section's end so that a
 * truncated section is a {@link StateFormatException} naming where, never a read past the data. Not
 * thread-safe.
 */
public final class StateReader
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private final String what;
    private int position;
    private int limit;

    /**
     * @param what names the section in error messages, e.g. {@code "snapshot section 'engine'"}.
     */
    public StateReader(final String what)
    {
        this.what = what;
    }

    /**
     * @param src    buffer holding the section.
     * @param offset where it starts.
     * @param length its length in bytes.
     * @return this reader.
     */
    public StateReader wrap(final DirectBuffer src, final int offset, final int length)
    {
        buffer.wrap(src, offset, length);
        position = 0;
        limit = length;
        return this;
    }

    /** @return bytes not read yet. */
    public int remaining()
    {
        return limit - position;
    }

    /** @return a byte. */
    public int getByte()
    {
        need(Byte.BYTES);
        return buffer.getByte(position++);
    }

    /** @return a boolean written as one byte 0 or 1. */
    public boolean getBoolean()
    {
        final int value = getByte();
        if (value != 0 && value != 1)
        {
            throw new StateFormatException(what + ": byte " + (position - 1) + " is " + value + ", not a boolean");
        }
        return value == 1;
    }

    /** @return an int. */
    public int getInt()
    {
        need(Integer.BYTES);
        final int value = buffer.getInt(position, ORDER);
        position += Integer.BYTES;
        return value;
    }

    /**
     * @param max the largest count that makes sense here.
     * @return a non-negative int no larger than {@code max}: a count of what follows.
     */
    public int getCount(final int max)
    {
        final int count = getInt();
        if (count < 0 || count > max)
        {
            throw new StateFormatException(what + ": count " + count + " at byte " + (position - Integer.BYTES) +
                " is outside 0.." + max);
        }
        return count;
    }

    /** @return a long. */
    public long getLong()
    {
        need(Long.BYTES);
        final long value = buffer.getLong(position, ORDER);
        position += Long.BYTES;
        return value;
    }

    /**
     * @param into reset to the key read; must have the capacity for it.
     * @return {@code into}.
     */
    public AsciiKey getKey(final AsciiKey into)
    {
        need(Short.BYTES);
        final int length = buffer.getShort(position, ORDER) & 0xffff;
        position += Short.BYTES;
        need(length);
        if (length > into.capacity())
        {
            throw new StateFormatException(what + ": text of " + length + " bytes at byte " + position +
                " exceeds its limit of " + into.capacity());
        }
        into.set(buffer, position, length);
        position += length;
        return into;
    }

    /** Checks that the whole section was read: a section longer than its reader expects is an error too. */
    public void expectEnd()
    {
        if (position != limit)
        {
            throw new StateFormatException(what + ": " + (limit - position) + " unread bytes after its end");
        }
    }

    private void need(final int bytes)
    {
        if (limit - position < bytes)
        {
            throw new StateFormatException(what + " is truncated: " + bytes + " bytes needed at byte " + position +
                " of " + limit);
        }
    }
}
