package io.resx.simulation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateCommandTest
{
    @Test
    void shouldWriteCsvChartsAndASummary(@TempDir final Path dir) throws IOException
    {
        final StringWriter out = new StringWriter();
        final int exit = command(out, new StringWriter()).execute(
            "--scenario", "src/test/resources/small.json", "--no-attacks", "--out", dir.toString(),
            "--commands", dir.resolve("commands").toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("small         LEASE-on").contains("Goal check at scarcity 2.0");
        assertThat(Files.readAllLines(dir.resolve("summary.csv"))).hasSize(1 + 4);
        assertThat(dir.resolve("small/seed-7/LEASE-on.csv")).isNotEmptyFile();
        assertThat(dir.resolve("commands/small/seed-7/LEASE-on.ndjson")).isNotEmptyFile();
        for (final String chart : new String[] {"simulation-utilization.png", "simulation-served-demand.png"})
        {
            final byte[] png = Files.readAllBytes(dir.resolve(chart));
            assertThat(png).hasSizeGreaterThan(1000);
            assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }

    @Test
    void shouldRefuseAnUnknownScenarioClearly(@TempDir final Path dir)
    {
        final StringWriter err = new StringWriter();
        final int exit = command(new StringWriter(), err).execute("--scenario", "@scarcity-9", "--out", dir.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no bundled scenario @scarcity-9").contains("@scarcity-4");
    }

    @Test
    void shouldRefuseZeroSeeds(@TempDir final Path dir)
    {
        final StringWriter err = new StringWriter();
        final int exit = command(new StringWriter(), err).execute("--seeds", "0", "--out", dir.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--seeds must be at least 1, got 0");
    }

    private static CommandLine command(final StringWriter out, final StringWriter err)
    {
        return new CommandLine(new SimulateCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    }
}
