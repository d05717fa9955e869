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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a real {@code ./resx batch --journal} process with SIGKILL while it trades a stream of orders fed
 * to its standard input, restarts it on the same journal, and checks that every command whose outcome was
 * published before the kill survived with that outcome, that the recovered state (newest snapshot plus
 * journal tail, clearing risk included) equals a clean replay of the whole journal, and that a restart from
 * a snapshot reports every balance a clean replay leaves.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ResxKillRecoveryIT
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Pattern RECOVERED =
        Pattern.compile("recovered to sequence (\\d+) \\((.*?), .*\\), state digest ([0-9a-f]{16})");
    private static final Pattern CLEAN = Pattern.compile("State after sequence (\\d+): digest ([0-9a-f]{16})");
    private static final String[] SYMBOLS = {"COMP.GPU-H100.EU-WEST", "SPEC.3550-3560.CELL042"};
    private static final int ACCOUNTS = 8;
    /** Listings, accounts, then a deposit of cash and of each instrument's units into every account. */
    private static final int SETUP = SYMBOLS.length + ACCOUNTS * (2 + SYMBOLS.length);
    private static final Pattern BALANCE =
        Pattern.compile("\\{\"seq\":\\d+,\"evt\":\"balance\",\"account\":\"([^\"]+)\",\"asset\":\"([^\"]+)\",(.*)\\}");

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
        // The kill may land between two events of one command (an order's trade and its balances): what was
        // published is then a prefix of the replay, which holds the rest of that last command's events.
        final List<String> replayedLines = Files.readAllLines(replayed);
        assertThat(replayedLines).as("every outcome published before the kill, byte for byte")
            .hasSizeGreaterThanOrEqualTo(before.size());
        assertThat(replayedLines.subList(0, before.size())).isEqualTo(before);
        assertThat(replayedLines.subList(before.size(), replayedLines.size()))
            .as("only the rest of the last published command").allMatch(line -> line.startsWith(
                "{\"seq\":" + lastPublished + ","));

        final Path full = dir.resolve("full.ndjson");
        final Result fullReplay = run("replay", "--journal", journal.toString(), "--out", full.toString());
        assertThat(fullReplay.exit).as(fullReplay.output).isZero();
        final Path queries = dir.resolve("balances.ndjson");
        final List<String> queryLines = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS; a++)
        {
            queryLines.add("{\"cmd\":\"balances\",\"account\":\"A" + a + "\"}");
        }
        Files.write(queries, queryLines);
        final Path balances = dir.resolve("balances-after.ndjson");
        final Result fromSnapshot = run("batch", "--journal", journal.toString(), "--in", queries.toString(),
            "--out", balances.toString());
        assertThat(fromSnapshot.exit).as(fromSnapshot.output).isZero();
        assertThat(fromSnapshot.output).contains("recovered to sequence " + recoveredTo + " (snapshot ");
        final Map<String, String> expected = lastBalances(Files.readAllLines(full));
        assertThat(expected).as("trades moved balances").hasSizeGreaterThanOrEqualTo(ACCOUNTS * 3);
        assertThat(lastBalances(Files.readAllLines(balances))).as("balances restored from the snapshot")
            .isEqualTo(expected);
    }

    /** @return the last balance event per account and asset: what each holds after the lines. */
    private static Map<String, String> lastBalances(final List<String> lines)
    {
        final Map<String, String> balances = new TreeMap<>();
        for (final String line : lines)
        {
            final Matcher balance = BALANCE.matcher(line);
            if (balance.matches())
            {
                balances.put(balance.group(1) + " " + balance.group(2), balance.group(3));
            }
        }
        return balances;
    }

    /** A market of two instruments and eight funded accounts, then crossing limit orders and cancels. */
    private static String commands(final int from, final int count)
    {
        final StringBuilder out = new StringBuilder();
        for (int n = from; n < from + count; n++)
        {
            if (n < SYMBOLS.length)
            {
                out.append("{\"cmd\":\"list\",\"symbol\":\"").append(SYMBOLS[n]).append("\",\"tick\":\"0.01\",\"lot\":\"1\"}\n");
            }
            else if (n < SYMBOLS.length + ACCOUNTS)
            {
                final int a = n - SYMBOLS.length;
                out.append("{\"cmd\":\"account\",\"account\":\"A").append(a).append("\",\"owner\":\"O").append(a)
                    .append("\"}\n");
            }
            else if (n < SETUP)
            {
                final int d = n - SYMBOLS.length - ACCOUNTS;
                final int asset = d % (1 + SYMBOLS.length);
                out.append("{\"cmd\":\"deposit\",\"account\":\"A").append(d / (1 + SYMBOLS.length))
                    .append("\",\"asset\":\"").append(asset == 0 ? "CASH" : SYMBOLS[asset - 1])
                    .append("\",\"amount\":\"").append(asset == 0 ? "100000000" : "10000000")
                    .append("\",\"admin\":true}\n");
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
