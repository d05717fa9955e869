package io.resx.server.serve;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Message;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.resx.server.serve.FixClient.report;
import static io.resx.server.serve.FixClient.str;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code resx serve} stopped with SIGTERM and started again continues from its journal: an order resting
 * before the stop trades after the restart, and the opening balances are not deposited a second time.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ServeRestartIT
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final String SECRET = "restart-s3cret";
    private static final String SYMBOL = "SPEC.3550-3560.CELL041";

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private Process server;

    @AfterEach
    void stop() throws Exception
    {
        for (final AutoCloseable closeable : open)
        {
            closeable.close();
        }
        if (server != null && server.isAlive())
        {
            // SIGTERM first: the server stops its embedded anvil on the way out; a SIGKILL would leave it running
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS))
            {
                server.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void shouldContinueFromTheJournalAfterARestart() throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("participants.json"), "{ \"participants\": [\n" +
            FixServeIT.participant("SELLER", "S-1", "SELL", SECRET, "") + ",\n" +
            FixServeIT.participant("BUYER", "B-1", "BUY", SECRET, "") + "\n] }");
        Files.writeString(dir.resolve("funding.ndjson"), String.join("\n",
            "{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"S-1\",\"asset\":\"" + SYMBOL + "\",\"amount\":\"5\"}",
            "{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"B-1\",\"asset\":\"CASH\",\"amount\":\"1000\"}", ""));
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "participants=" + dir.resolve("participants.json"),
            "funding=" + dir.resolve("funding.ndjson"),
            "data.dir=" + dir.resolve("data"),
            "fix.port=" + port,
            "http.port=0",
            "fix.storeDir=" + dir.resolve("store"),
            "aeron.dir=/dev/shm/resx-restart-it-" + ProcessHandle.current().pid(),
            "engine.in.channels=aeron:ipc",
            "engine.out.channels=aeron:ipc",
            ""));

        final Path firstLog = dir.resolve("first.log");
        server = start(firstLog);
        final FixClient seller = client("SELL", port, "seller-1");
        seller.send(FixServeIT.order("S-REST", "S-1", SYMBOL, '2', "100.50", "1"));
        assertThat(str(seller.expect("resting order acknowledged", report("S-REST", '0')), 39)).isEqualTo("0");
        seller.close();
        open.remove(seller);

        server.destroy(); // SIGTERM
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(firstLog)).contains("stopped cleanly").contains("funding commands");

        final Path secondLog = dir.resolve("second.log");
        server = start(secondLog);
        final String restarted = Files.readString(secondLog, StandardCharsets.UTF_8);
        assertThat(restarted).containsPattern("recovered to sequence [1-9][0-9]*").contains("not a fresh start");
        // the rolling listings: a fresh start lists the template's horizon; a restart only what entered it since
        // (at most one slot per rolling product, 37 in the default template, when a slot boundary passed between)
        assertThat(listingsSent(Files.readString(firstLog))).isGreaterThan(1000);
        assertThat(listingsSent(restarted)).isLessThanOrEqualTo(37);

        final FixClient buyer = client("BUY", port, "buyer-1");
        final Message buy = FixServeIT.order("B-TAKE", "B-1", SYMBOL, '1', "101", "1");
        buy.setChar(59, '3');
        buyer.send(buy);
        final Message fill = buyer.expect("fill against the order that rested before the restart",
            report("B-TAKE", 'F'));
        assertThat(new BigDecimal(str(fill, 31))).isEqualByComparingTo("100.50");
        assertThat(new BigDecimal(str(fill, 32))).isEqualByComparingTo("1");
        assertThat(str(fill, 39)).isEqualTo("2");
    }

    private static int listingsSent(final String log)
    {
        final java.util.regex.Matcher matcher =
            java.util.regex.Pattern.compile("market \\S+: (\\d+) listings sent").matcher(log);
        assertThat(matcher.find()).as("the market clock's start-up line").isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private Process start(final Path log) throws Exception
    {
        final Process process = new ProcessBuilder(ROOT.resolve("resx").toString(), "serve", "--config",
            dir.resolve("resx.properties").toString())
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(120);
        while (System.currentTimeMillis() < deadline)
        {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("resx serve ready"))
            {
                return process;
            }
            if (!process.isAlive())
            {
                throw new AssertionError("server exited: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within 120 s: " + Files.readString(log));
    }

    private FixClient client(final String compId, final int port, final String store) throws Exception
    {
        final FixClient client = new FixClient(compId, SECRET, port, dir.resolve("client-" + store));
        open.add(client);
        assertThat(client.awaitLogon(15_000)).as(compId + " logs on").isTrue();
        return client;
    }
}
