package io.resx.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.ImageFragmentAssembler;
import io.aeron.Publication;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Moves an encoded engine snapshot (the bytes of a {@code .resxsnap} file) through an Aeron Cluster snapshot
 * stream. A book of a million orders is far larger than one Aeron message, so it goes in chunks:
 * <pre>
 *   0        4          8            12
 *   ┌────────┬──────────┬────────────┬─────────────────────┐
 *   │ magic  │ total    │ offset     │ bytes (≤ CHUNK)      │   little-endian ints
 *   └────────┴──────────┴────────────┴─────────────────────┘
 * </pre>
 * The reader knows it has the whole snapshot when offset + bytes reaches the total.
 */
final class SnapshotTransfer
{
    /** Marks a ResX chunk ("RXSC"). */
    static final int MAGIC = 0x52585343;
    static final int HEADER_LENGTH = 12;
    /** Bytes of snapshot per chunk: well under the smallest term length's maximum message. */
    static final int CHUNK = 32 * 1024;

    private SnapshotTransfer()
    {
    }

    /**
     * Offers the snapshot, waiting out back-pressure.
     *
     * @param publication the cluster's snapshot publication.
     * @param snapshot    the encoded snapshot.
     * @param length      its length.
     * @param idle        how to wait.
     */
    static void write(final ExclusivePublication publication, final DirectBuffer snapshot, final int length,
        final IdleStrategy idle)
    {
        final UnsafeBuffer chunk = new UnsafeBuffer(new byte[HEADER_LENGTH + CHUNK]);
        int offset = 0;
        do
        {
            final int bytes = Math.min(CHUNK, length - offset);
            chunk.putInt(0, MAGIC);
            chunk.putInt(4, length);
            chunk.putInt(8, offset);
            chunk.putBytes(HEADER_LENGTH, snapshot, offset, bytes);
            idle.reset();
            long result;
            while ((result = publication.offer(chunk, 0, HEADER_LENGTH + bytes)) < 0)
            {
                if (result == Publication.CLOSED || result == Publication.NOT_CONNECTED ||
                    result == Publication.MAX_POSITION_EXCEEDED)
                {
                    throw new IllegalStateException("snapshot publication refused a chunk: " + result);
                }
                idle.idle();
            }
            offset += bytes;
        }
        while (offset < length);
    }

    /**
     * Reads a whole snapshot from the cluster's snapshot image.
     *
     * @param image the snapshot image given to {@code onStart}.
     * @param idle  how to wait for more.
     * @return the bytes, from offset 0; the length is {@link Reader#length()}.
     */
    static Reader read(final Image image, final IdleStrategy idle)
    {
        final Reader reader = new Reader();
        // A chunk is larger than the MTU: Aeron delivers it in fragments, the assembler hands over whole chunks.
        final ImageFragmentAssembler assembler = new ImageFragmentAssembler(reader);
        while (!reader.done())
        {
            final int fragments = image.poll(assembler, 1);
            if (fragments == 0)
            {
                if (image.isClosed() || image.isEndOfStream())
                {
                    throw new IllegalStateException("snapshot image ended after " + reader.received + " of " +
                        reader.total + " bytes");
                }
                idle.idle();
            }
            else
            {
                idle.reset();
            }
        }
        return reader;
    }

    /** Assembles the chunks. */
    static final class Reader implements FragmentHandler
    {
        private final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(1 << 16);
        private int total = -1;
        private int received;

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            if (length < HEADER_LENGTH || buffer.getInt(offset) != MAGIC)
            {
                throw new IllegalStateException("not a ResX snapshot chunk in the cluster snapshot");
            }
            final int chunkTotal = buffer.getInt(offset + 4);
            final int at = buffer.getInt(offset + 8);
            if (at != received || (total >= 0 && chunkTotal != total))
            {
                throw new IllegalStateException("snapshot chunk at " + at + " of " + chunkTotal + " out of order (had " +
                    received + ")");
            }
            total = chunkTotal;
            bytes.putBytes(at, buffer, offset + HEADER_LENGTH, length - HEADER_LENGTH);
            received += length - HEADER_LENGTH;
        }

        boolean done()
        {
            return total >= 0 && received >= total;
        }

        /** @return the snapshot's bytes. */
        DirectBuffer buffer()
        {
            return bytes;
        }

        /** @return its length. */
        int length()
        {
            return total;
        }
    }
}
