package io.resx.server.journal;

import io.resx.server.ResxCli;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal subcommands in process, on real journals written by {@code resx batch --journal}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalCommandsTest
{
    @TempDir
    Path dir;

    private StringWriter stdout = new StringWriter();
    private StringWriter stderr = new StringWriter();

    private Path journal()
    {
        return dir.resolve("journal");
    }

    private Path live(final String name)
    {
        assertThat(run("batch", "--quiet", "--journal", journal().toString(), "--snapshot-every", "500",
            "--out", dir.resolve(name).toString())).as(stderr.toString()).isZero();
        return dir.resolve(name);
    }

    @Test
    void shouldReplayByteForByteWhatTheLiveRunsPublishedAcrossARestart() throws IOException
    {
        final Path first = live("first.ndjson");
        final Path second = live("second.ndjson");
        final Path replayed = dir.resolve("replayed.ndjson");

        assertThat(run("replay", "--journal", journal().toString(), "--out", replayed.toString())).isZero();

        final List<String> published = new ArrayList<>(Files.readAllLines(first));
        published.addAll(Files.readAllLines(second));
        assertThat(Files.readAllLines(second).get(0)).startsWith("{\"seq\":1747,");
        assertThat(Files.readAllLines(replayed)).isEqualTo(published);
        assertThat(Files.size(replayed)).isEqualTo(Files.size(first) + Files.size(second));
    }

    @Test
    void shouldReplayAStretchBySequence() throws IOException
    {
        final Path first = live("first.ndjson");
        final Path stretch = dir.resolve("stretch.ndjson");

        assertThat(run("replay", "--journal", journal().toString(), "--from", "1200", "--until", "1300",
            "--out", stretch.toString())).isZero();

        assertThat(Files.readAllLines(stretch)).isNotEmpty().isEqualTo(Files.readAllLines(first).stream()
            .filter(line -> seq(line) >= 1200 && seq(line) <= 1300).collect(Collectors.toList()));
    }

    @Test
    void shouldVerifyAndAuditTradesBooksAndOrders() throws IOException
    {
        final Path first = live("first.ndjson");
        final Path csv = dir.resolve("trades.csv");

        assertThat(run("audit", "verify", "--journal", journal().toString())).isZero();
        assertThat(stdout.toString()).contains("OK:").contains("1,746 commands").contains("hash chain intact");

        assertThat(run("audit", "trades", "--journal", journal().toString(), "--csv", csv.toString())).isZero();
        final long trades = Files.readAllLines(first).stream().filter(l -> l.contains("\"evt\":\"trade\"")).count();
        assertThat(Files.readAllLines(csv)).hasSize((int)trades + 1).first().asString().startsWith("seq,time,");

        assertThat(run("audit", "book", "--journal", journal().toString(), "--symbol",
            "SPEC.3550-3560.CELL042@2026-12-01T09:00Z/PT1H", "--at", "1746")).isZero();
        assertThat(stdout.toString()).contains("Bids (best first)").contains("Asks (best first)");

        assertThat(run("audit", "orders", "--journal", journal().toString(), "--account", "DEV-H-1")).isZero();
        assertThat(stdout.toString()).contains("Orders of account DEV-H-1").contains("NEW").contains("FILL");
    }

    @Test
    void shouldRefuseBadInputWithASpecificMessageAndNonZeroExit() throws IOException
    {
        assertThat(run("replay", "--journal", journal().toString(), "--out", dir.resolve("o").toString()))
            .isEqualTo(1);
        assertThat(stderr.toString()).contains("no journal at").doesNotContain("Exception");

        Files.createDirectories(dir.resolve("empty"));
        assertThat(run("audit", "verify", "--journal", dir.resolve("empty").toString())).isEqualTo(1);
        assertThat(stderr.toString()).contains("is empty");

        live("first.ndjson");
        assertThat(run("audit", "book", "--journal", journal().toString(), "--symbol", "X", "--at",
            "2020-01-01T00:00:00Z")).isEqualTo(1);
        assertThat(stderr.toString()).contains("is outside the journal");
        assertThat(run("replay", "--journal", journal().toString(), "--from", "yesterday", "--out",
            dir.resolve("o").toString())).isEqualTo(2);
        assertThat(stderr.toString()).contains("neither a sequence number nor an ISO-8601");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void shouldReportATamperedRecordAsTheFirstBadOne() throws IOException
    {
        live("first.ndjson");
        final Path file = queueFile();
        final long offset = find(file, 900);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset + 24 + 60);
            final int b = raf.read();
            raf.seek(offset + 24 + 60);
            raf.write(b ^ 1);
        }

        assertThat(run("audit", "verify", "--journal", journal().toString())).isEqualTo(1);
        assertThat(stderr.toString()).contains("after sequence 899").contains("hash chain breaks");
        assertThat(run("replay", "--journal", journal().toString(), "--out", dir.resolve("o").toString()))
            .isEqualTo(1);
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void shouldRefuseAReadOfATornTailThenCutItAtStartUpAndGoOn() throws IOException
    {
        live("first.ndjson");
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(journal()).build();
            ExcerptAppender appender = queue.createAppender();
            DocumentContext document = appender.writingDocument())
        {
            document.wire().bytes().write(new byte[] {1, 1, 0, 0, 77, 0});
        }

        assertThat(run("audit", "verify", "--journal", journal().toString())).isEqualTo(1);
        assertThat(stderr.toString()).contains("is the last and is torn").contains("--until 1746");

        final Path second = live("second.ndjson");
        assertThat(stderr.toString()).contains("torn last record").contains("cut, keeping sequences 1 to 1746");
        assertThat(Files.readAllLines(second).get(0)).startsWith("{\"seq\":1747,");
        assertThat(run("audit", "verify", "--journal", journal().toString())).isZero();
        assertThat(stdout.toString()).contains("note: torn record").contains("3,492 commands");
    }

    @Test
    void shouldRefuseToStartFromASnapshotOfAnotherVersion() throws IOException
    {
        live("first.ndjson");
        final Path snapshot;
        try (Stream<Path> files = Files.list(journal().resolve("snapshots")))
        {
            snapshot = files.sorted().reduce((a, b) -> b).orElseThrow();
        }
        final byte[] bytes = Files.readAllBytes(snapshot);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 9);
        Files.write(snapshot, bytes);

        assertThat(run("batch", "--quiet", "--journal", journal().toString(), "--out",
            dir.resolve("second.ndjson").toString())).isEqualTo(1);
        assertThat(stderr.toString()).contains("is format version 9; this ResX reads version 1");
    }

    private Path queueFile() throws IOException
    {
        try (Stream<Path> files = Files.list(journal()))
        {
            return files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    private static long find(final Path file, final long sequence) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 24 < bytes.length; i += 4)
        {
            if (bytes[i] == 1 && bytes[i + 1] == 1 && bytes[i + 2] == 0 && bytes[i + 3] == 0 &&
                buffer.getLong(i + 8) == sequence && buffer.getInt(i + 4) > 0 && buffer.getInt(i + 4) < 2000)
            {
                return i;
            }
        }
        throw new AssertionError("no record of sequence " + sequence);
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
