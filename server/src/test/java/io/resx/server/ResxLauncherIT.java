package io.resx.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the real {@code ./resx} launcher from the repository root, as a newcomer would. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ResxLauncherIT
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path dir;

    @Test
    void shouldListEverySubcommandInHelp() throws Exception
    {
        final Result result = resx("--help");

        assertThat(result.exit).isZero();
        assertThat(result.output).contains("Usage: resx").contains("batch");
    }

    /** Help is answered from the text the jar printed, kept next to it, which must be what the jar prints. */
    @Test
    void shouldAnswerHelpFromTheTextTheSameJarPrinted() throws Exception
    {
        final Path jar = ROOT.resolve("server/target/resx.jar");
        final Path kept = ROOT.resolve("server/target/help/audit+--help.txt");
        Files.deleteIfExists(kept);

        final Result first = resx("audit", "--help");
        final Result second = resx("audit", "--help");

        assertThat(first.exit).isZero();
        assertThat(first.output).startsWith("Usage: resx audit").contains("orders", "verify");
        assertThat(second).usingRecursiveComparison().isEqualTo(first);
        assertThat(kept).exists();
        assertThat(Files.readString(kept)).isEqualTo(first.output);
        assertThat(Files.getLastModifiedTime(kept)).isGreaterThan(Files.getLastModifiedTime(jar));
    }

    @Test
    void shouldRunTheBundledExampleAndPrintASummary() throws Exception
    {
        final Path out = dir.resolve("events.ndjson");

        final Result result = resx("batch", "--out", out.toString());

        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output).contains("ResX batch:").contains("trades").contains("Best bid");
        assertThat(Files.readAllLines(out)).isNotEmpty()
            .allSatisfy(line -> assertThat(line).startsWith("{\"seq\":"));
    }

    @Test
    void shouldExitNonZeroWithAMessageForAMissingInput() throws Exception
    {
        final Result result = resx("batch", "--in", dir.resolve("missing.ndjson").toString());

        assertThat(result.exit).isEqualTo(2);
        assertThat(result.output).contains("no such file");
    }

    private Result resx(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("resx").toString());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static final class Result
    {
        final int exit;
        final String output;

        Result(final int exit, final String output)
        {
            this.exit = exit;
            this.output = output;
        }
    }
}
