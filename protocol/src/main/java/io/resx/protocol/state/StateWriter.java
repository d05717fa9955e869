package io.resx.protocol.state;

import io.resx.protocol.text.AsciiKey;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;

/**
 * Appends values to a growing buffer, little-endian: the write side of a state section. Reused across
 * snapshots with {@link #reset()}. Not thread-safe.
 */
public final class StateWriter
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final ExpandableArrayBuffer buffer;
    private int position;

    /**
     * @param initialCapacity bytes to allocate up front; the buffer grows as needed.
     */
    public StateWriter(final int initialCapacity)
    {
        buffer = new ExpandableArrayBuffer(initialCapacity);
    }

    /**
     * Forgets what was written; keeps the buffer.
     *
     * @return this writer.
     */
    public StateWriter reset()
    {
        position = 0;
        return this;
    }

    /** @return the bytes written so far, valid for the first {@link #length()} bytes. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return bytes written. */
    public int length()
    {
        return position;
    }

    /**
     * @param value a byte.
     * @return this writer.
     */
    public StateWriter putByte(final int value)
    {
        buffer.putByte(position, (byte)value);
        position += Byte.BYTES;
        return this;
    }

    /**
     * @param value a boolean, as one byte 0 or 1.
     * @return this writer.
     */
    public StateWriter putBoolean(final boolean value)
    {
        return putByte(value ? 1 : 0);
    }

    /**
     * @param value an int.
     * @return this writer.
     */
    public StateWriter putInt(final int value)
    {
        buffer.putInt(position, value, ORDER);
        position += Integer.BYTES;
        return this;
    }

    /**
     * @param value a long.
     * @return this writer.
     */
    public StateWriter putLong(final long value)
    {
        buffer.putLong(position, value, ORDER);
        position += Long.BYTES;
        return this;
    }

    /**
     * @param key ASCII, as a u16 length then its bytes.
     * @return this writer.
     */
    public StateWriter putKey(final AsciiKey key)
    {
        final int length = key.length();
        buffer.putShort(position, (short)length, ORDER);
        buffer.putBytes(position + Short.BYTES, key.buffer(), 0, length);
        position += Short.BYTES + length;
        return this;
    }

    /**
     * @param src    bytes to append verbatim.
     * @param offset where they start.
     * @param length how many.
     * @return this writer.
     */
    public StateWriter putBytes(final DirectBuffer src, final int offset, final int length)
    {
        buffer.putBytes(position, src, offset, length);
        position += length;
        return this;
    }
}
