package io.resx.replay;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.Wires;

/**
 * Makes what a journal's last file appends visible after a power cut. Chronicle's write position (in the file's
 * header page) can survive data pages that never reached the disk: the file then reads as ending at the first
 * zero header, yet an appender would write past that hole, where no reader would ever see it. Walking the
 * documents from the file's start finds the readable end; the hole, up to and including the document at the
 * write position, is marked as one Chronicle metadata document (which readers skip), so that what is appended
 * next follows the readable end. A document still being written when a process died (not complete) counts as
 * written: Chronicle recovers it itself.
 * <p>
 * Limitation: Chronicle indexes every 16th document or so; a lost document that was indexed keeps its index entry,
 * pointing into the hole. Sequential reading (recovery, replay, audit) does not use the index; seeking by index to
 * a record after the hole (a snapshot taken later) scans from the nearest entry.
 */
final class JournalTail
{
    private static final int HEADER_BYTES = 4;

    private JournalTail()
    {
    }

    /**
     * @param queue the journal's queue, opened for writing, before its appender is created.
     * @return how many bytes of lost documents were marked as skipped (0 when the file was whole).
     */
    static long repair(final SingleChronicleQueue queue)
    {
        final int cycle = queue.lastCycle();
        if (cycle == Integer.MIN_VALUE)
        {
            return 0;
        }
        final SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (store == null)
        {
            return 0;
        }
        try
        {
            final Bytes<?> bytes = store.bytes();
            final long fileLength = store.file().length();
            long position = 0;
            boolean hole = false;
            while (position + HEADER_BYTES <= fileLength)
            {
                final int header = bytes.readVolatileInt(position);
                hole = header == 0;
                if (hole || Wires.isEndOfFile(header) || !Wires.isReady(header))
                {
                    break;
                }
                // Chronicle starts every document on a 4-byte boundary.
                position = (position + HEADER_BYTES + Wires.lengthOf(header) + 3) & ~3L;
            }
            final long writePosition = store.writePosition();
            if (!hole || position == 0 || position > writePosition)
            {
                return 0;
            }
            // The documents from the readable end (position) up to the one at the write position are lost: they
            // become one metadata document, which readers skip, and the appender carries on after it.
            if (position < writePosition)
            {
                bytes.writeVolatileInt(position, Wires.META_DATA | (int)(writePosition - position - HEADER_BYTES));
            }
            final int last = bytes.readVolatileInt(writePosition);
            bytes.writeVolatileInt(writePosition, Wires.META_DATA | (last == 0 ? 0 : Wires.lengthOf(last)));
            return writePosition + HEADER_BYTES - position;
        }
        finally
        {
            queue.closeStore(store);
        }
    }
}
