package io.resx.replay;

/**
 * A point in the journal: the Chronicle index of the document holding a record (a document holds a batch of
 * records; the sequence picks the record in it), the sequence and time of the command it holds, and its
 * chained hash. A snapshot names the position it covers; a reader can start after it and keep verifying the
 * chain from its hash.
 *
 * @param index       Chronicle Queue index of the record's document (cycle and number within it).
 * @param sequence    sequence number of the last command up to here; 0 before the first.
 * @param timestampNs sequencer time of that command, nanoseconds since the epoch; 0 before the first.
 * @param hash        the record's chained hash; {@link ChainHash#GENESIS} before the first.
 */
public record JournalPosition(long index, long sequence, long timestampNs, long hash)
{
    /** The position before the first record of a journal. */
    public static final JournalPosition START = new JournalPosition(-1, 0, 0, ChainHash.GENESIS);

    /** @return whether this is {@link #START}. */
    public boolean isStart()
    {
        return sequence == 0 && index == -1;
    }
}
