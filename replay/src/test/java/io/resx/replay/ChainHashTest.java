package io.resx.replay;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChainHashTest
{
    @Test
    void shouldMatchTheSipHash24ReferenceVectorForFifteenBytes()
    {
        // Reference key 00..0f and message 00..0e: the previous hash supplies the first eight message bytes.
        final ChainHash hash = new ChainHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);
        final UnsafeBuffer rest = new UnsafeBuffer(new byte[] {8, 9, 10, 11, 12, 13, 14});

        assertThat(hash.hash(0x0706050403020100L, rest, 0, 7)).isEqualTo(0xa129ca6149be45e5L);
    }

    @Test
    void shouldMatchTheReferenceVectorForSixtyThreeBytes()
    {
        final ChainHash hash = new ChainHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);
        final byte[] message = new byte[55];
        for (int i = 0; i < message.length; i++)
        {
            message[i] = (byte)(i + 8);
        }

        assertThat(hash.hash(0x0706050403020100L, new UnsafeBuffer(message), 0, 55)).isEqualTo(0x958a324ceb064572L);
    }

    @Test
    void shouldChangeWithTheKeyAndThePreviousHash()
    {
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[32]);
        final long base = new ChainHash(1, 2).hash(ChainHash.GENESIS, bytes, 0, 32);

        assertThat(new ChainHash(1, 3).hash(ChainHash.GENESIS, bytes, 0, 32)).isNotEqualTo(base);
        assertThat(new ChainHash(1, 2).hash(ChainHash.GENESIS + 1, bytes, 0, 32)).isNotEqualTo(base);
    }
}
