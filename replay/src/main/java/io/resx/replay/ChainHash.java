package io.resx.replay;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

import java.nio.ByteOrder;

/**
 * SipHash-2-4, a keyed 64-bit pseudo-random function, chained: each journal record's hash is
 * {@code SipHash(key, previousHash ‖ recordBytes)}, so editing, dropping, inserting or reordering any record
 * changes every hash after it. Chosen over SHA-256 because it is keyed: with a secret key it is a MAC, so a
 * forger who can rewrite the files still cannot recompute the chain (a plain SHA-256 chain he can; HMAC-SHA-256
 * would cost two digests per record). Its cost per ~175-byte record measured no higher than SHA-256's even on a
 * CPU with SHA instructions (docs/PERFORMANCE.md, "Journal and replay"), and it needs none. 64 bits are plenty to
 * detect accidents and, keyed, forgeries. Allocation-free, stateless.
 */
public final class ChainHash
{
    /** The hash a journal's first record chains from. */
    public static final long GENESIS = 0x5245_5358_4a4e_4c31L; // "RESXJNL1"

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Words are read straight from memory, checked once per record rather than once per word, where that is LE. */
    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == LE;

    private final long k0;
    private final long k1;

    /**
     * @param k0 first half of the 128-bit key.
     * @param k1 second half of the 128-bit key.
     */
    public ChainHash(final long k0, final long k1)
    {
        this.k0 = k0;
        this.k1 = k1;
    }

    /**
     * @param previous the previous record's hash, or {@link #GENESIS}.
     * @param buffer   holding the record's bytes.
     * @param offset   where they start.
     * @param length   how many.
     * @return the record's chained hash.
     */
    public long hash(final long previous, final DirectBuffer buffer, final int offset, final int length)
    {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;

        buffer.boundsCheck(offset, length);
        final byte[] array = buffer.byteArray();
        final long address = buffer.addressOffset() + offset;
        long m = previous;
        for (int i = 0, words = length >>> 3; ; i++)
        {
            v3 ^= m;
            for (int round = 0; round < 2; round++)
            {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
            if (i == words)
            {
                break;
            }
            m = NATIVE_LE ? UnsafeApi.getLong(array, address + ((long)i << 3)) : buffer.getLong(offset + (i << 3), LE);
        }

        final int tailStart = offset + (length & ~7);
        long last = ((long)(length + Long.BYTES) & 0xff) << 56;
        for (int i = 0, n = length & 7; i < n; i++)
        {
            last |= (buffer.getByte(tailStart + i) & 0xffL) << (i << 3);
        }
        v3 ^= last;
        for (int round = 0; round < 2; round++)
        {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= last;
        v2 ^= 0xff;
        for (int round = 0; round < 4; round++)
        {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
