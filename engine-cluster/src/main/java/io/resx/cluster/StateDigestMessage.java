package io.resx.cluster;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * What the leader's engine puts into the cluster log after each snapshot: the log position the snapshot was taken
 * at, the last command sequence and the state digest there. Every node took its snapshot at the same position, so
 * each compares the leader's digest with its own; a node whose state differs has stopped being a replica.
 * <pre>
 *   0        4                 12                20                28
 *   ┌────────┬─────────────────┬─────────────────┬─────────────────┐
 *   │ magic  │ log position    │ sequence        │ digest          │   little-endian
 *   └────────┴─────────────────┴─────────────────┴─────────────────┘
 * </pre>
 * It comes from a service, never from a client, so it cannot be mistaken for a gateway's command.
 */
final class StateDigestMessage
{
    /** "RXDG". */
    static final int MAGIC = 0x52584447;
    static final int LENGTH = 28;

    private StateDigestMessage()
    {
    }

    static int encode(final MutableDirectBuffer buffer, final long logPosition, final long sequence,
        final long digest)
    {
        buffer.putInt(0, MAGIC);
        buffer.putLong(4, logPosition);
        buffer.putLong(12, sequence);
        buffer.putLong(20, digest);
        return LENGTH;
    }

    static boolean is(final DirectBuffer buffer, final int offset, final int length)
    {
        return length == LENGTH && buffer.getInt(offset) == MAGIC;
    }

    static long logPosition(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 4);
    }

    static long sequence(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 12);
    }

    static long digest(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 20);
    }
}
