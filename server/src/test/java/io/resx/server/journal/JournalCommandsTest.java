package io.resx.server.journal;

import io.resx.replay.EventReader;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalRecord;
import io.resx.server.ResxCli;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;


import static org.assertj.core.api.Assertions.assertThat;

/** The journal subcommands in process, on real journals written by {@code resx batch --journal}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalCommandsTest
{
    /** Commands in the bundled example a plain {@code resx batch} runs: one per line of its two files. */
    private static final int EXAMPLE = lines("default-market.ndjson") + lines("example-day.ndjson");
    private static final Pattern BALANCE =
        Pattern.compile("\\{\"seq\":\\d+,\"evt\":\"balance\",\"account\":\"([^\"]+)\",\"asset\":\"([^\"]+)\",(.*)\\}");

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
        assertThat(Files.readAllLines(second).get(0)).startsWith("{\"seq\":" + (EXAMPLE + 1) + ",");
        assertThat(Files.readAllLines(replayed)).isEqualTo(published);
        assertThat(Files.size(replayed)).isEqualTo(Files.size(first) + Files.size(second));
    }

    @Test
    void shouldRebuildTheEventsQueueByteForByteAndReadTheAuditsFromIt() throws IOException
    {
        live("first.ndjson");
        live("second.ndjson");
        final Path rebuilt = dir.resolve("rebuilt-events");

        assertThat(run("replay", "--journal", journal().toString(), "--out", dir.resolve("r.ndjson").toString(),
            "--events", rebuilt.toString())).as(stderr.toString()).isZero();

        final List<String> live = records(new JournalContext().directory(journal()).events());
        assertThat(live).hasSize(2 * EXAMPLE);
        assertThat(records(new JournalContext().directory(rebuilt))).isEqualTo(live);
        assertThat(run("audit", "verify", "--journal", journal().toString())).as(stderr.toString()).isZero();
        assertThat(stdout.toString()).contains("events queue").contains("byte for byte what a replay gives (" +
            String.format("%,d", 2 * EXAMPLE) + " outcomes");

        final Path fromEvents = dir.resolve("trades-events.csv");
        final Path recomputed = dir.resolve("trades-recomputed.csv");
        assertThat(run("audit", "trades", "--journal", journal().toString(), "--csv", fromEvents.toString()))
            .isZero();
        assertThat(stdout.toString()).contains("(read from the events queue)");
        assertThat(run("audit", "trades", "--journal", journal().toString(), "--csv", recomputed.toString(),
            "--recompute")).isZero();
        assertThat(stdout.toString()).contains("(recomputed from the commands)");
        assertThat(Files.readAllLines(fromEvents)).hasSizeGreaterThan(10).isEqualTo(Files.readAllLines(recomputed));
    }

    @Test
    void shouldPrintFromTheEventsQueueTheBookTheEngineStateHoldsOrderByOrder() throws IOException
    {
        final Path first = live("first.ndjson");
        // the instruments that traded most, where queues are deepest and replaces and partial fills happen
        final Map<String, Long> trades = new HashMap<>();
        final Pattern symbol = Pattern.compile("\"evt\":\"trade\".*?\"symbol\":\"([^\"]+)\"");
        for (final String line : Files.readAllLines(first))
        {
            final Matcher m = symbol.matcher(line);
            if (m.find())
            {
                trades.merge(m.group(1), 1L, Long::sum);
            }
        }
        final List<String> busiest = trades.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(4).map(Map.Entry::getKey).toList();
        assertThat(busiest).hasSize(4);
        int compared = 0;
        int withOrders = 0;
        for (final String instrument : busiest)
        {
            for (final int at : new int[] {EXAMPLE / 3, 2 * EXAMPLE / 3, EXAMPLE})
            {
                if (run("audit", "book", "--journal", journal().toString(), "--symbol", instrument, "--at",
                    Integer.toString(at), "--recompute") != 0)
                {
                    continue; // not listed yet at that point
                }
                final String recomputed = stdout.toString();
                assertThat(run("audit", "book", "--journal", journal().toString(), "--symbol", instrument, "--at",
                    Integer.toString(at))).as(stderr.toString()).isZero();
                assertThat(stdout.toString()).as("%s at %d", instrument, at).isEqualTo(recomputed);
                compared++;
                withOrders += recomputed.contains(" #") ? 1 : 0;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(6);
        assertThat(withOrders).as("books with resting orders among them").isPositive();
    }

    /** @return each record of an events queue: sequence, time, hash and body, as one hex line. */
    private static List<String> records(final JournalContext events)
    {
        final List<String> lines = new ArrayList<>();
        final org.agrona.ExpandableArrayBuffer body = new org.agrona.ExpandableArrayBuffer();
        try (EventReader reader = EventReader.open(events))
        {
            while (reader.next())
            {
                final int length = reader.copyBody(body);
                final StringBuilder line = new StringBuilder(reader.sequence() + " " + reader.timestampNs() + " " +
                    Long.toHexString(reader.hash()) + " ");
                for (int i = 0; i < length; i++)
                {
                    line.append(String.format("%02x", body.getByte(i)));
                }
                lines.add(line.toString());
            }
        }
        return lines;
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
    void shouldRestartFromASnapshotWithEveryBalanceTheLiveRunLeft() throws IOException
    {
        final Path first = live("first.ndjson");
        final Map<String, String> left = new HashMap<>();
        for (final String line : Files.readAllLines(first))
        {
            final Matcher balance = BALANCE.matcher(line);
            if (balance.matches())
            {
                left.put(balance.group(1) + " " + balance.group(2), balance.group(3));
            }
        }
        final Set<String> accounts = new TreeSet<>();
        left.keySet().forEach(pair -> accounts.add(pair.substring(0, pair.indexOf(' '))));
        final Path queries = dir.resolve("balances.ndjson");
        Files.write(queries, accounts.stream().map(a -> "{\"cmd\":\"balances\",\"account\":\"" + a + "\"}")
            .collect(Collectors.toList()));
        final Path after = dir.resolve("after.ndjson");

        assertThat(run("batch", "--journal", journal().toString(), "--in", queries.toString(), "--out",
            after.toString())).as(stderr.toString()).isZero();

        assertThat(stdout.toString()).contains("recovered to sequence " + EXAMPLE + " (snapshot ")
            .contains("0 commands replayed");
        final Map<String, String> recovered = new HashMap<>();
        for (final String line : Files.readAllLines(after))
        {
            final Matcher balance = BALANCE.matcher(line);
            if (balance.matches())
            {
                recovered.put(balance.group(1) + " " + balance.group(2), balance.group(3));
            }
        }
        assertThat(left).as("the example day moves balances").hasSizeGreaterThan(20);
        assertThat(left).allSatisfy((pair, balance) -> assertThat(recovered).containsEntry(pair, balance));
    }

    @Test
    void shouldVerifyAndAuditTradesBooksAndOrders() throws IOException
    {
        final Path first = live("first.ndjson");
        final Path csv = dir.resolve("trades.csv");

        assertThat(run("audit", "verify", "--journal", journal().toString())).isZero();
        assertThat(stdout.toString()).contains("OK:").contains(String.format("%,d commands", EXAMPLE))
            .contains("hash chain intact");

        assertThat(run("audit", "trades", "--journal", journal().toString(), "--csv", csv.toString())).isZero();
        final long trades = Files.readAllLines(first).stream().filter(l -> l.contains("\"evt\":\"trade\"")).count();
        assertThat(Files.readAllLines(csv)).hasSize((int)trades + 1).first().asString().startsWith("seq,time,");

        assertThat(run("audit", "book", "--journal", journal().toString(), "--symbol",
            "SPEC.3550-3560.CELL042@2026-12-01T09:00Z/PT1H", "--at", Integer.toString(EXAMPLE))).isZero();
        assertThat(stdout.toString()).contains("Bids (best first)").contains("Asks (best first)");

        assertThat(run("audit", "orders", "--journal", journal().toString(), "--account", "DEV-H-1")).isZero();
        assertThat(stdout.toString()).contains("Orders of account DEV-H-1").contains("NEW").contains("FILL");
    }

    /**
     * The launcher's picocli writes to standard out through a buffered writer that flushes on println only; the
     * rows of the last table (GRID-F-1's refused request) were printed with print and never reached the terminal.
     */
    @Test
    void shouldPrintEveryRowOfTheLastTableOfAnAccountsOrders() throws IOException
    {
        live("first.ndjson");
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CommandLine cli = ResxCli.commandLine();
        // as picocli writes to System.out: buffered, auto-flush on println only; not flushed by this test
        cli.setOut(new PrintWriter(new BufferedWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8)), true));
        cli.setErr(new PrintWriter(stderr, true));

        assertThat(cli.execute("audit", "orders", "--journal", journal().toString(), "--account", "GRID-F-1"))
            .as(stderr.toString()).isZero();

        final String printed = bytes.toString(StandardCharsets.UTF_8);
        final Matcher counts = Pattern.compile("(\\d+) orders, (\\d+) refused requests").matcher(printed);
        assertThat(counts.find()).as(printed).isTrue();
        final long refusedRows = printed.lines().filter(l -> l.contains(" REJECTED ")).count();
        assertThat(refusedRows).as(printed).isPositive().isEqualTo(Long.parseLong(counts.group(2)));
        assertThat(printed).endsWith(System.lineSeparator()).doesNotEndWith(String.format("details%n"));
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
        assertThat(stderr.toString()).contains("is the last and is torn").contains("--until " + EXAMPLE);

        final Path second = live("second.ndjson");
        assertThat(stderr.toString()).contains("torn last record")
            .contains("cut, keeping sequences 1 to " + EXAMPLE);
        assertThat(Files.readAllLines(second).get(0)).startsWith("{\"seq\":" + (EXAMPLE + 1) + ",");
        assertThat(run("audit", "verify", "--journal", journal().toString())).isZero();
        assertThat(stdout.toString()).contains("note: torn record")
            .contains(String.format("%,d commands", 2 * EXAMPLE));
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

    private static int lines(final String bundled)
    {
        try (InputStream in = ResxCli.class.getResourceAsStream("/io/resx/server/markets/" + bundled);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
        {
            return (int)reader.lines().count();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
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
        // Records of a batch follow one another in one Chronicle document, at any offset.
        for (int i = 0; i + 24 < bytes.length; i++)
        {
            if (bytes[i] == JournalRecord.VERSION && bytes[i + 1] == 1 && bytes[i + 2] == 0 && bytes[i + 3] == 0 &&
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
