package io.resx.server.batch;

import io.resx.server.ResxCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchCommandTest
{
    @TempDir
    Path dir;

    private final StringWriter stdout = new StringWriter();
    private final StringWriter stderr = new StringWriter();

    @Test
    void shouldWriteTheSameBytesForTheSameInput() throws IOException
    {
        final Path first = dir.resolve("first.ndjson");
        final Path second = dir.resolve("second.ndjson");

        assertThat(run("batch", "--quiet", "--out", first.toString())).isZero();
        assertThat(run("batch", "--quiet", "--out", second.toString())).isZero();

        assertThat(Files.size(first)).isPositive();
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    }

    @Test
    void shouldPrintTradesLastPricesAndBookTopsForTheBundledExample() throws IOException
    {
        final Path out = dir.resolve("events.ndjson");

        assertThat(run("batch", "--out", out.toString())).isZero();

        final String summary = stdout.toString();
        final long tradeLines = Files.readAllLines(out).stream().filter(l -> l.contains("\"evt\":\"trade\"")).count();
        assertThat(tradeLines).isPositive();
        assertThat(summary).contains(String.format("%,d trades", tradeLines))
            .contains("Last price").contains("Best bid").contains("Best ask")
            .contains("1,138 instruments listed");
    }

    @Test
    void shouldRejectAMalformedLineNamingItsProblemAndGoOn() throws IOException
    {
        final Path in = write("in.ndjson",
            "{\"cmd\":\"list\",\"symbol\":\"COMP.GPU-H100.EU-WEST\",\"tick\":\"0.01\",\"lot\":\"1\"}",
            "{\"cmd\":\"account\",\"account\":\"A\",\"owner\":\"OA\"}",
            "{\"cmd\":\"deposit\",\"account\":\"A\",\"asset\":\"CASH\",\"amount\":\"10\",\"admin\":true}",
            "{\"cmd\":\"new\",\"clOrdId\":\"c1\",\"account\":\"A\",\"symbol\":\"COMP.GPU-H100.EU-WEST\"",
            "{\"cmd\":\"new\",\"clOrdId\":\"c2\",\"account\":\"A\",\"symbol\":\"COMP.GPU-H100.EU-WEST\"," +
                "\"side\":\"BUY\",\"price\":\"10.00\",\"qty\":\"1\"}");
        final Path out = dir.resolve("out.ndjson");

        assertThat(run("batch", "--quiet", "--in", in.toString(), "--out", out.toString())).isZero();

        final List<String> events = Files.readAllLines(out);
        assertThat(events).hasSize(7);
        assertThat(events.get(4)).startsWith("{\"seq\":4,\"evt\":\"rejected\"")
            .contains("\"reason\":\"MALFORMED\"").contains("\"detail\":");
        assertThat(events.get(5)).startsWith("{\"seq\":5,\"evt\":\"accepted\"").contains("\"clOrdId\":\"c2\"");
        assertThat(events.get(6)).isEqualTo(
            "{\"seq\":5,\"evt\":\"balance\",\"account\":\"A\",\"asset\":\"CASH\",\"total\":\"10.000000\"," +
            "\"locked\":\"10.000000\"}");
    }

    @Test
    void shouldNumberEventsByLineAcrossSeveralInputs() throws IOException
    {
        final Path market = write("market.ndjson",
            "{\"cmd\":\"list\",\"symbol\":\"COMP.GPU-H100.EU-WEST\",\"tick\":\"0.01\",\"lot\":\"1\"}");
        final Path orders = write("orders.ndjson",
            "{\"cmd\":\"account\",\"account\":\"A\",\"owner\":\"OA\"}",
            "{\"cmd\":\"book\",\"symbol\":\"COMP.GPU-H100.EU-WEST\",\"depth\":5}");
        final Path out = dir.resolve("out.ndjson");

        assertThat(run("batch", "--quiet", "--in", market + "," + orders, "--out", out.toString())).isZero();

        assertThat(Files.readAllLines(out)).containsExactly(
            "{\"seq\":1,\"evt\":\"accepted\",\"cmd\":\"list\",\"symbol\":\"COMP.GPU-H100.EU-WEST\"}",
            "{\"seq\":2,\"evt\":\"accepted\",\"cmd\":\"account\",\"account\":\"A\",\"owner\":\"OA\"}",
            "{\"seq\":3,\"evt\":\"accepted\",\"cmd\":\"book\",\"symbol\":\"COMP.GPU-H100.EU-WEST\"}",
            "{\"seq\":3,\"evt\":\"book\",\"symbol\":\"COMP.GPU-H100.EU-WEST\",\"bids\":[],\"asks\":[]}");
    }

    @Test
    void shouldExitWithAClearMessageWhenAnInputIsMissing()
    {
        final int exit = run("batch", "--in", dir.resolve("nope.ndjson").toString(), "--out",
            dir.resolve("out.ndjson").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(stderr.toString()).contains("no such file").contains("nope.ndjson");
        assertThat(dir.resolve("out.ndjson")).doesNotExist();
    }

    @Test
    void shouldRefuseAnUnknownBundledName()
    {
        assertThat(run("batch", "--in", "@no-such-market", "--out", dir.resolve("o").toString())).isEqualTo(2);
        assertThat(stderr.toString()).contains("no bundled command file named @no-such-market");
    }

    private Path write(final String name, final String... lines) throws IOException
    {
        return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
    }

    private int run(final String... args)
    {
        final CommandLine cli = ResxCli.commandLine();
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));
        return cli.execute(args);
    }
}
