package io.resx.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a real {@code ./resx batch --journal} process with SIGKILL while it trades a stream of orders fed
 * to its standard input, restarts it on the same journal, and checks that every command whose outcome was
 * published before the kill survived with that outcome, and that the recovered state (newest snapshot plus
 * journal tail) equals a clean replay of the whole journal.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ResxKillRecoveryIT
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Pattern RECOVERED =
        Pattern.compile("recovered to sequence (\\d+) \\((.*?), .*\\), state digest ([0-9a-f]{16})");
    private static final Pattern CLEAN = Pattern.compile("State after sequence (\\d+): digest ([0-9a-f]{16})");
    private static final String[] SYMBOLS = {"COMP.GPU-H100.EU-WEST", "SPEC.3550-3560.CELL042"};

    @TempDir
    Path dir;

    @Test
    void shouldRecoverEveryPublishedCommandAfterKillNine() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Path published = dir.resolve("published.ndjson");
        final Process live = start("batch", "--quiet", "--journal", journal.toString(), "--snapshot-every", "3000",
            "--in", "-", "--out", published.toString());
        try (OutputStream in = live.getOutputStream())
        {
            int line = 0;
            while (live.isAlive() && line < 2_000_000)
            {
                in.write(commands(line, 500).getBytes(StandardCharsets.US_ASCII));
                in.flush();
                line += 500;
                if (line >= 20_000 && Files.exists(published) && Files.size(published) > 1_500_000)
                {
                    live.destroyForcibly();
                }
            }
        }
        catch (final IOException ex)
        {
            // The pipe broke: the process is gone, as intended.
        }
        assertThat(live.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(live.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        final List<String> before = completeLines(published);
        assertThat(before).hasSizeGreaterThan(1_000);
        final String last = before.get(before.size() - 1);
        final long lastPublished = Long.parseLong(last.substring("{\"seq\":".length(), last.indexOf(',')));

        final Path empty = Files.writeString(dir.resolve("empty.ndjson"), "");
        final Result restart = run("batch", "--journal", journal.toString(), "--in", empty.toString(),
            "--out", dir.resolve("after.ndjson").toString());
        assertThat(restart.exit).as(restart.output).isZero();
        final Matcher recovered = RECOVERED.matcher(restart.output);
        assertThat(recovered.find()).as(restart.output).isTrue();
        final long recoveredTo = Long.parseLong(recovered.group(1));
        assertThat(recoveredTo).isGreaterThanOrEqualTo(lastPublished);
        assertThat(recovered.group(2)).as("recovered from a snapshot plus the tail").startsWith("snapshot");

        final Result verify = run("audit", "verify", "--journal", journal.toString());
        assertThat(verify.exit).as(verify.output).isZero();
        final Matcher clean = CLEAN.matcher(verify.output);
        assertThat(clean.find()).as(verify.output).isTrue();
        assertThat(Long.parseLong(clean.group(1))).isEqualTo(recoveredTo);
        assertThat(clean.group(2)).as("recovered state equals a clean replay").isEqualTo(recovered.group(3));

        final Path replayed = dir.resolve("replayed.ndjson");
        final Result replay = run("replay", "--journal", journal.toString(), "--until", Long.toString(lastPublished),
            "--out", replayed.toString());
        assertThat(replay.exit).as(replay.output).isZero();
        assertThat(Files.readAllLines(replayed)).as("every outcome published before the kill, byte for byte")
            .isEqualTo(before);
    }

    /** A market of two instruments and eight accounts, then crossing limit orders and cancels. */
    private static String commands(final int from, final int count)
    {
        final StringBuilder out = new StringBuilder();
        for (int n = from; n < from + count; n++)
        {
            if (n < SYMBOLS.length)
            {
                out.append("{\"cmd\":\"list\",\"symbol\":\"").append(SYMBOLS[n]).append("\",\"tick\":\"0.01\",\"lot\":\"1\"}\n");
            }
            else if (n < SYMBOLS.length + 8)
            {
                final int a = n - SYMBOLS.length;
                out.append("{\"cmd\":\"account\",\"account\":\"A").append(a).append("\",\"owner\":\"O").append(a)
                    .append("\"}\n");
            }
            else if (n % 5 == 4)
            {
                out.append("{\"cmd\":\"cancel\",\"clOrdId\":\"x").append(n).append("\",\"origClOrdId\":\"c")
                    .append(n - 3).append("\",\"account\":\"A").append((n - 3) % 8).append("\"}\n");
            }
            else
            {
                out.append("{\"cmd\":\"new\",\"clOrdId\":\"c").append(n).append("\",\"account\":\"A").append(n % 8)
                    .append("\",\"symbol\":\"").append(SYMBOLS[n % 2]).append("\",\"side\":\"")
                    .append(n % 3 == 0 ? "BUY" : "SELL").append("\",\"price\":\"").append(10 + n % 7)
                    .append(".00\",\"qty\":\"").append(1 + n % 4).append("\"}\n");
            }
        }
        return out.toString();
    }

    private static List<String> completeLines(final Path file) throws IOException
    {
        final String text = Files.readString(file);
        final int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : new ArrayList<>(Arrays.asList(text.substring(0, end).split("\n")));
    }

    private Process start(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("resx").toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile())
            .redirectError(dir.resolve("live.err").toFile()).redirectOutput(dir.resolve("live.out").toFile()).start();
    }

    private Result run(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("resx").toString());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
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
