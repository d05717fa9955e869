package io.resx.server.journal;

import io.resx.engine.node.JournalStartUp;
import io.resx.replay.JournalRecord;
import io.resx.server.ResxCli;
import net.openhft.chronicle.wire.Wires;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a power cut leaves on a real Chronicle journal, and the start after it: a clean stop (which snapshots at
 * the journal's last record), then the last {@code cut} bytes of written data lost, as when the page cache never
 * reached the disk. The start must fall back to a snapshot the intact journal still covers, cut the torn record,
 * say so in one line, keep every intact record and carry on after it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TornTailRecoveryTest
{
    /** Journal record layout (JournalRecord): a 24-byte header with the body length at 4 and the sequence at 8. */
    private static final int HEADER = 24;
    private static final int TRAILER = 8;

    @TempDir
    Path dir;

    private StringWriter stdout = new StringWriter();
    private StringWriter stderr = new StringWriter();

    @ParameterizedTest(name = "{0}, {1} bytes lost")
    @CsvSource({"SYNC, 1", "SYNC, 5", "SYNC, 300", "ASYNC, 1", "ASYNC, 5", "ASYNC, 300"})
    void shouldStartFromASnapshotTheIntactJournalCoversAndKeepEveryIntactRecord(
        final String durability, final int cut) throws IOException
    {
        final Path journal = dir.resolve("journal");
        final Path first = batch(journal, durability, "first.ndjson");
        final long written = lastSeq(Files.readAllLines(first));
        final List<String> before = snapshots(journal);
        assertThat(before).as("the clean stop's snapshot").contains(snapshotName(written));

        final Path file = queueFile(journal);
        final byte[] bytes = Files.readAllBytes(file);
        final long end = recordEnd(bytes, written);
        final long lastIntact = lastIntact(bytes, written, end - cut);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(end - cut);
            raf.write(new byte[cut]);
        }

        final Path second = batch(journal, durability, "second.ndjson");
        final List<String> repairLines = stderr.toString().lines().filter(l -> l.contains("recovered after a crash"))
            .toList();
        assertThat(repairLines).as(stderr.toString()).hasSize(1);
        final String repair = repairLines.get(0);
        assertThat(repair).contains(snapshotName(written) + " covers sequence " + written)
            .contains("started from snapshot " + newestAtOrBefore(before, lastIntact));
        if (recordStart(bytes, lastIntact + 1) + 4 < end - cut)
        {
            assertThat(repair).contains("torn last record").contains("keeping sequences 1 to " + lastIntact);
        }
        if (documentHeader(bytes, recordStart(bytes, written)) >= end - cut)
        {
            assertThat(repair).as("the last document's header was lost too").contains("bytes of lost journal pages");
        }
        assertThat(stderr.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.readAllLines(second).get(0)).startsWith("{\"seq\":" + (lastIntact + 1) + ",");

        final Path replayed = dir.resolve("replayed.ndjson");
        assertThat(run("replay", "--journal", journal.toString(), "--out", replayed.toString()))
            .as(stderr.toString()).isZero();
        final List<String> expected = new ArrayList<>();
        Files.readAllLines(first).stream().filter(line -> seq(line) <= lastIntact).forEach(expected::add);
        expected.addAll(Files.readAllLines(second));
        assertThat(Files.readAllLines(replayed)).isEqualTo(expected);
        assertThat(run("audit", "verify", "--journal", journal.toString())).as(stderr.toString()).isZero();

        batch(journal, durability, "third.ndjson");
        assertThat(stderr.toString()).doesNotContain("recovered after a crash");
        assertThat(snapshots(journal)).contains(snapshotName(written) + JournalStartUp.STALE_SUFFIX);
    }

    private Path batch(final Path journal, final String durability, final String out)
    {
        assertThat(run("batch", "--quiet", "--journal", journal.toString(), "--durability", durability,
            "--snapshot-every", "500", "--out", dir.resolve(out).toString())).as(stderr.toString()).isZero();
        return dir.resolve(out);
    }

    /** @return "NAME (sequence N)" of the newest snapshot in {@code names} at or before {@code sequence}. */
    private static String newestAtOrBefore(final List<String> names, final long sequence)
    {
        long best = -1;
        for (final String name : names)
        {
            final long covered = Long.parseLong(name.substring("snapshot-".length(), name.indexOf('.')));
            best = covered <= sequence ? Math.max(best, covered) : best;
        }
        assertThat(best).as("a snapshot at or before " + sequence + " in " + names).isPositive();
        return snapshotName(best) + " (sequence " + best + ")";
    }

    private static String snapshotName(final long sequence)
    {
        return String.format("snapshot-%020d.resxsnap", sequence);
    }

    private static List<String> snapshots(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal.resolve("snapshots")))
        {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static Path queueFile(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal))
        {
            final List<Path> queues = files.filter(f -> f.toString().endsWith(".cq4")).toList();
            assertThat(queues).hasSize(1);
            return queues.get(0);
        }
    }

    /** @return the offset in the queue file just after the record of {@code sequence}. */
    private static long recordEnd(final byte[] bytes, final long sequence)
    {
        final int start = recordStart(bytes, sequence);
        return start + HEADER + ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(start + 4) + TRAILER;
    }

    private static int recordStart(final byte[] bytes, final long sequence)
    {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        // Records of a batch follow one another in one Chronicle document, at any offset.
        for (int i = 0; i + HEADER < bytes.length; i++)
        {
            if (bytes[i] == JournalRecord.VERSION && bytes[i + 1] == 1 && bytes[i + 2] == 0 && bytes[i + 3] == 0 &&
                buffer.getLong(i + 8) == sequence && buffer.getInt(i + 4) > 0 && buffer.getInt(i + 4) < 2000)
            {
                return i;
            }
        }
        throw new AssertionError("no record of sequence " + sequence);
    }

    /** @return the offset of the Chronicle header of the document holding the byte at {@code offset}. */
    private static long documentHeader(final byte[] bytes, final long offset)
    {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long position = 0;
        while (position + 4 <= bytes.length)
        {
            final int header = buffer.getInt((int)position);
            if (header == 0)
            {
                break;
            }
            // Chronicle starts every document on a 4-byte boundary.
            final long next = (position + 4 + Wires.lengthOf(header) + 3) & ~3L;
            if (offset < next)
            {
                return position;
            }
            position = next;
        }
        throw new AssertionError("no document holds offset " + offset);
    }

    private static long lastIntact(final byte[] bytes, final long written, final long intactEnd)
    {
        long sequence = written;
        while (sequence > 0 && recordEnd(bytes, sequence) > intactEnd)
        {
            sequence--;
        }
        return sequence;
    }

    private static long lastSeq(final List<String> lines)
    {
        return seq(lines.get(lines.size() - 1));
    }

    private static long seq(final String line)
    {
        return Long.parseLong(line.substring("{\"seq\":".length(), line.indexOf(',')));
    }

    private int run(final String... args)
    {
        stdout = new StringWriter();
        stderr = new StringWriter();
        final CommandLine cli = ResxCli.commandLine();
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));
        return cli.execute(args);
    }
}
