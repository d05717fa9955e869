package io.resx.replay;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Writes small journals of real commands and finds and edits their records' bytes in the queue files. */
final class JournalFixture
{
    /** Journal times start here: 2026-12-01T10:00:00Z. */
    static final long START_NS = 1_796_119_200_000_000_000L;

    private JournalFixture()
    {
    }

    static Command order(final long sequence)
    {
        final Command command = new Command().type(CommandType.NEW_ORDER).side(sequence % 2 == 0 ? Side.BUY : Side.SELL)
            .price(100_000_000L + sequence).qty(1_000_000L);
        command.clOrdId().set("c" + sequence);
        command.account().set("ACC" + (sequence % 7));
        command.symbol().set("COMP.GPU-H100.EU-WEST");
        command.stamp(sequence, START_NS + sequence * 1_000);
        return command;
    }

    /** Writes commands 1..count (or after the journal's end) and returns the end position. */
    static JournalPosition write(final JournalContext context, final JournalPosition after, final int count)
    {
        try (ChronicleCommandJournal journal = ChronicleCommandJournal.open(context, after))
        {
            for (int i = 1; i <= count; i++)
            {
                journal.append(order(after.sequence() + i));
                if (i % 10 == 0)
                {
                    journal.flush();
                }
            }
            journal.flush();
            return journal.position();
        }
    }

    static List<Path> queueFiles(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(f -> f.toString().endsWith(".cq4")).sorted().collect(Collectors.toList());
        }
    }

    /** @return the file offset of the record holding {@code sequence} (its first byte; records of a batch follow one another in a document, unaligned). */
    static long offsetOf(final Path file, final long sequence) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r"))
        {
            final int length = (int)Math.min(raf.length(), 8 << 20);
            final byte[] bytes = new byte[length];
            raf.readFully(bytes);
            final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i + 24 < length; i++)
            {
                if (bytes[i] == JournalRecord.VERSION && bytes[i + 1] == JournalRecord.COMMAND && bytes[i + 2] == 0 &&
                    bytes[i + 3] == 0 && buffer.getLong(i + JournalRecord.SEQUENCE_OFFSET) == sequence &&
                    buffer.getLong(i + JournalRecord.TIMESTAMP_OFFSET) == START_NS + sequence * 1_000)
                {
                    return i;
                }
            }
        }
        throw new AssertionError("no record of sequence " + sequence + " in " + file);
    }

    static byte[] read(final Path file, final long offset, final int length) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r"))
        {
            final byte[] bytes = new byte[length];
            raf.seek(offset);
            raf.readFully(bytes);
            return bytes;
        }
    }

    static void write(final Path file, final long offset, final byte[] bytes) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            raf.write(bytes);
        }
    }

    static int recordLength(final Path file, final long offset) throws IOException
    {
        final ByteBuffer header = ByteBuffer.wrap(read(file, offset, 8)).order(ByteOrder.LITTLE_ENDIAN);
        return JournalRecord.length(header.getInt(JournalRecord.BODY_LENGTH_OFFSET));
    }
}
