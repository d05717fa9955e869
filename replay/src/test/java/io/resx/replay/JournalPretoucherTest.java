package io.resx.replay;

import net.openhft.posix.PosixAPI;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.resx.replay.JournalPretoucher.AHEAD_BYTES;
import static io.resx.replay.JournalPretoucher.STEP_BYTES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pre-toucher against the real kernel, on a mapped file of its own: it makes the pages ahead of the writer
 * resident (the mapping's resident size, read from {@code /proc/self/smaps}, grows by what it populated) without
 * changing a byte; it waits for a step's worth of new pages; it follows a new chunk; an unmapped range is counted
 * and passed over, and an advice the kernel refuses switches it off.
 */
class JournalPretoucherTest
{
    private static final long FILE_BYTES = 32L << 20;
    private static final long PAGE = 4096;

    @TempDir
    Path dir;

    private MappedByteBuffer mapped;
    private long base;

    @BeforeEach
    void mapAFreshFile() throws IOException
    {
        final Path file = dir.resolve("chunk.cq4");
        mapped = IoUtil.mapNewFile(file.toFile(), FILE_BYTES, false);
        base = new UnsafeBuffer(mapped).addressOffset();
    }

    @AfterEach
    void unmap()
    {
        IoUtil.unmap(mapped);
    }

    @Test
    void shouldMakeThePagesAheadOfTheWriterResidentWithoutChangingThem() throws IOException
    {
        final UnsafeBuffer bytes = new UnsafeBuffer(mapped);
        for (int i = 0; i < 1000; i++)
        {
            bytes.putByte(i, (byte)(i % 251 + 1)); // what the writer has written: the first page
        }
        final long residentBefore = residentKiB(base);
        final JournalPretoucher pretoucher = new JournalPretoucher("test", PosixAPI.posix());

        pretoucher.publish(base + 1000, base + FILE_BYTES);
        assertThat(pretoucher.doWork()).isEqualTo(1);

        assertThat(pretoucher.failures()).isZero();
        assertThat(pretoucher.populatedBytes()).isEqualTo(AHEAD_BYTES); // from the writer's page, 8 MiB on
        final long grownKiB = residentKiB(base) - residentBefore;
        assertThat(grownKiB).as("resident KiB gained").isGreaterThanOrEqualTo(AHEAD_BYTES / 1024 - PAGE / 1024);
        for (int i = 0; i < 1000; i++)
        {
            assertThat(bytes.getByte(i)).isEqualTo((byte)(i % 251 + 1));
        }
        for (long offset = 1000; offset < FILE_BYTES; offset += 997)
        {
            assertThat(bytes.getByte((int)offset)).isZero();
        }
    }

    @Test
    void shouldWaitForAStepOfNewPagesThenFollowTheWriter()
    {
        final JournalPretoucher pretoucher = new JournalPretoucher("test", PosixAPI.posix());
        pretoucher.publish(base, base + FILE_BYTES);
        assertThat(pretoucher.doWork()).isEqualTo(1);

        pretoucher.publish(base + STEP_BYTES - PAGE, base + FILE_BYTES); // less than a step of new pages ahead
        assertThat(pretoucher.doWork()).isZero();
        assertThat(pretoucher.populatedBytes()).isEqualTo(AHEAD_BYTES);

        pretoucher.publish(base + STEP_BYTES, base + FILE_BYTES);
        assertThat(pretoucher.doWork()).isEqualTo(1);
        assertThat(pretoucher.populatedBytes()).isEqualTo(AHEAD_BYTES + STEP_BYTES);

        // near the chunk's end it populates up to the end, even less than a step
        pretoucher.publish(base + FILE_BYTES - AHEAD_BYTES + PAGE, base + FILE_BYTES);
        assertThat(pretoucher.doWork()).isEqualTo(1);
        assertThat(pretoucher.populatedBytes()).isEqualTo(AHEAD_BYTES + STEP_BYTES + AHEAD_BYTES - PAGE);
        assertThat(pretoucher.doWork()).isZero();
        assertThat(pretoucher.failures()).isZero();
    }

    @Test
    void shouldStartAgainAtTheWritePositionOfANewChunk()
    {
        final JournalPretoucher pretoucher = new JournalPretoucher("test", PosixAPI.posix());
        final long half = FILE_BYTES / 2;
        pretoucher.publish(base, base + half); // first chunk: the first half
        assertThat(pretoucher.doWork()).isEqualTo(1);
        pretoucher.publish(base + half, base + FILE_BYTES); // the writer moved to the next chunk
        assertThat(pretoucher.doWork()).isEqualTo(1);
        assertThat(pretoucher.populatedBytes()).isEqualTo(2 * AHEAD_BYTES);
        assertThat(pretoucher.failures()).isZero();
    }

    @Test
    void shouldCountARangeNoLongerMappedAndCarryOn()
    {
        final JournalPretoucher pretoucher = new JournalPretoucher("test", PosixAPI.posix());
        pretoucher.publish(PAGE * 16, PAGE * 16 + FILE_BYTES); // below any mapping (mmap_min_addr)
        assertThat(pretoucher.doWork()).isEqualTo(1);
        assertThat(pretoucher.failures()).isEqualTo(1);
        assertThat(pretoucher.disabled()).isFalse();
        assertThat(pretoucher.populatedBytes()).isZero();

        pretoucher.publish(base, base + FILE_BYTES); // the next chunk is mapped: it works again
        assertThat(pretoucher.doWork()).isEqualTo(1);
        assertThat(pretoucher.populatedBytes()).isEqualTo(AHEAD_BYTES);
    }

    @Test
    void shouldSwitchItselfOffWhenTheKernelRefusesTheAdvice()
    {
        final int unknownAdvice = 9_999; // what a kernel before 5.14 answers MADV_POPULATE_WRITE: EINVAL
        final JournalPretoucher pretoucher = new JournalPretoucher("test", PosixAPI.posix(), unknownAdvice);
        pretoucher.publish(base, base + FILE_BYTES);
        assertThat(pretoucher.doWork()).isEqualTo(1);
        assertThat(pretoucher.disabled()).isTrue();
        assertThat(pretoucher.failures()).isEqualTo(1);

        pretoucher.publish(base + STEP_BYTES * 4, base + FILE_BYTES);
        assertThat(pretoucher.doWork()).isZero();
        assertThat(pretoucher.failures()).isEqualTo(1);
    }

    @Test
    void shouldPopulateAheadOfARealJournalWhoseRecordsStillReadBack()
    {
        final JournalContext context = new JournalContext().directory(dir.resolve("commands"));
        try (ChronicleCommandJournal journal = ChronicleCommandJournal.open(context, JournalPosition.START))
        {
            for (int sequence = 1; sequence <= 20_000; sequence++)
            {
                journal.append(JournalFixture.order(sequence));
                if (sequence % 10 == 0)
                {
                    journal.flush(); // a document: the pre-toucher learns where the writer is
                }
            }
            journal.flush();
            final JournalPretoucher pretoucher = journal.pretoucher();
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (pretoucher.populatedBytes() == 0 && System.nanoTime() < deadline)
            {
                if (!ChainedAppender.PRETOUCH)
                {
                    pretoucher.doWork(); // no thread of its own on this machine: drive it from here
                }
                Thread.onSpinWait();
            }
            assertThat(pretoucher.populatedBytes()).as("bytes populated ahead").isPositive();
            assertThat(pretoucher.failures()).isZero();
        }
        try (JournalReader reader = JournalReader.open(context))
        {
            long count = 0;
            while (reader.next())
            {
                count++;
                assertThat(reader.sequence()).isEqualTo(count);
            }
            assertThat(count).isEqualTo(20_000);
        }
    }

    /** The resident size of the mapping holding {@code address}, from {@code /proc/self/smaps}. */
    private static long residentKiB(final long address) throws IOException
    {
        final List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
        boolean inside = false;
        for (final String line : lines)
        {
            final int dash = line.indexOf('-');
            final int space = line.indexOf(' ');
            if (dash > 0 && space > dash && line.substring(0, dash).matches("[0-9a-f]+"))
            {
                final long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                final long end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                inside = address >= start && address < end;
            }
            else if (inside && line.startsWith("Rss:"))
            {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no mapping holds address " + Long.toHexString(address));
    }
}
