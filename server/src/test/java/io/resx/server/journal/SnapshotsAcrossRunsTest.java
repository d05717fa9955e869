package io.resx.server.journal;

import io.resx.server.ResxCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot interval counts journal positions, not a process's lifetime: many short runs that each end in a
 * crash (simulated: the snapshot a clean stop writes is removed, as a kill -9 never writes it) still snapshot.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SnapshotsAcrossRunsTest
{
    private static final int RUN = 700;

    @TempDir
    Path dir;

    private StringWriter stderr = new StringWriter();

    @Test
    void shouldSnapshotEveryIntervalOfJournalAcrossShortRunsAndCatchUpSoonAfterAStart() throws IOException
    {
        final Path journal = dir.resolve("journal");
        final Path commands = dir.resolve("deposits.ndjson");
        Files.writeString(commands, "{\"cmd\":\"account\",\"account\":\"ACC-1\",\"owner\":\"OWNER-1\"}\n" +
            IntStream.range(1, RUN).mapToObj(i -> "{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"ACC-1\"," +
                "\"asset\":\"CASH\",\"amount\":\"1\"}").collect(Collectors.joining("\n")) + "\n");
        for (int run = 1; run <= 4; run++)
        {
            batch(journal, commands, 1000);
            crashBeforeTheStopSnapshot(journal, (long)run * RUN);
        }
        assertThat(snapshots(journal)).as("snapshots after 4 short runs of %d commands, every 1000", RUN)
            .containsExactly(name(1000), name(2000));

        // 800 commands since the newest snapshot, more than the interval: one is written right after the start.
        batch(journal, commands, 500);
        assertThat(snapshots(journal)).contains(name(4 * RUN)).contains(name(4 * RUN + 500))
            .contains(name(5 * RUN));
    }

    private void crashBeforeTheStopSnapshot(final Path journal, final long lastSequence) throws IOException
    {
        Files.deleteIfExists(journal.resolve("snapshots").resolve(name(lastSequence)));
    }

    private void batch(final Path journal, final Path commands, final int every)
    {
        stderr = new StringWriter();
        final CommandLine cli = ResxCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(stderr, true));
        assertThat(cli.execute("batch", "--quiet", "--in", commands.toString(), "--journal", journal.toString(),
            "--snapshot-every", Integer.toString(every), "--out", dir.resolve("events.ndjson").toString()))
            .as(stderr.toString()).isZero();
    }

    private static String name(final long sequence)
    {
        return String.format("snapshot-%020d.resxsnap", sequence);
    }

    private static List<String> snapshots(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal.resolve("snapshots")))
        {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".resxsnap")).sorted().toList();
        }
    }
}
