package io.resx.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real browser against a real {@code resx serve}: Debian's Chromium (installed by the build's
 * {@code install-chromium.sh}) driven by playwright-core ({@code npm ci} in the build) through
 * {@code src/test/browser/console-test.mjs}, with the bundled demo participants and funding. The demo participant
 * OPERATOR-A logs in with its demo API key, buys against OPERATOR-B's resting order (placed through the REST API with
 * its own key), and the trade shows in the ladder, the recent trades and its fills without a reload; it replaces a
 * resting bid that OPERATOR-B then hits (the fill appears by itself), cancels another, fills a spectrum + compute
 * bundle, and finds a traded lease in the spectrum heat map and lease calendar. The lease slot is picked from the
 * server's own listing (the first TRADING slot of the unit whose gate closure is more than 30 minutes of exchange time
 * away), never from a date. At 1280 × 800 it also sees the trade in the price chart (1 min and 1 h candles) and the
 * lease slot's forward curve, a refused order with its reason in plain words, a refused bundle naming its leg, a bundle
 * builder offering only tradable instruments grouped by time, every trading table fitting its panel with a lease
 * held, the heat map's "now" marker, and its positions and P&amp;L following a sale without a reload. Screenshots of
 * every view land in {@code target/console-screenshots}.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ConsoleBrowserIT
{
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final Path ROOT = MODULE.getParent();
    private static final Path SCREENSHOTS = MODULE.resolve("target/console-screenshots");
    /**
     * The demo participants' demo keys (README, "HTTP API": public, for local use only); the bundled demo participants
     * file holds their hashes, and the demo funding gives OP-A-1 cash and OP-B-1 the units it offers.
     */
    private static final String BUYER_KEY = "rxk_demo_opa_329675db2c6e1cbdfbd63431976d583f";
    private static final String SELLER_KEY = "rxk_demo_opb_1409ac4880cc37527edcd1d9878af72b";
    private static final String SYMBOL = "SPEC.3550-3560.CELL041";
    private static final String GPU = "COMP.GPU-H100.EU-WEST";

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stop() throws Exception
    {
        if (server != null && server.isAlive())
        {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS))
            {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void shouldTradeFromTheBrowserAndSeeTheTradeLive() throws Exception
    {
        final int httpPort = freePort();
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "data.dir=" + dir.resolve("data"),
            "fix.enabled=false",
            "http.port=" + httpPort,
            "aeron.dir=/dev/shm/resx-console-it-" + ProcessHandle.current().pid(),
            "engine.in.channels=aeron:ipc",
            "engine.out.channels=aeron:ipc",
            ""));
        final Path serverLog = dir.resolve("serve.log");
        server = new ProcessBuilder(ROOT.resolve("resx").toString(), "serve", "--config",
            dir.resolve("resx.properties").toString())
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        final String base = "http://127.0.0.1:" + httpPort;
        final long startedAt = System.nanoTime();
        awaitReady(serverLog, base);
        System.out.printf("resx serve ready in %.1f s%n", (System.nanoTime() - startedAt) / 1e9);

        Files.createDirectories(SCREENSHOTS);
        try (var old = Files.list(SCREENSHOTS))
        {
            for (final Path png : old.toList())
            {
                Files.delete(png);
            }
        }
        final String leaseSlot = tradableLeaseSlot(base);
        final Path userData = Files.createDirectories(dir.resolve("chromium-profile"));
        final Path browserLog = dir.resolve("browser.log");
        final ProcessBuilder node = new ProcessBuilder("node", MODULE.resolve("src/test/browser/console-test.mjs").toString())
            .directory(MODULE.toFile()).redirectErrorStream(true).redirectOutput(browserLog.toFile());
        node.environment().putAll(Map.of(
            "BASE_URL", base,
            "BUYER_KEY", BUYER_KEY, "BUYER_ACCOUNT", "OP-A-1",
            "SELLER_KEY", SELLER_KEY, "SELLER_ACCOUNT", "OP-B-1",
            "SYMBOL", SYMBOL, "GPU_SYMBOL", GPU,
            "SCREENSHOTS", SCREENSHOTS.toString(),
            "USER_DATA_DIR", userData.toString(),
            "CHROMIUM", "/usr/bin/chromium"));
        node.environment().put("LEASE_SLOT", leaseSlot);
        final Process browser = node.start();
        final boolean finished = browser.waitFor(240, TimeUnit.SECONDS);
        if (!finished)
        {
            browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        final String output = Files.readString(browserLog, StandardCharsets.UTF_8);
        System.out.println("console-test.mjs: " + output.strip());
        assertThat(finished).as("browser test finished within 240 s:\n" + output).isTrue();
        assertThat(browser.exitValue()).as("browser test output:\n" + output + "\nserver log tail:\n" + tail(serverLog))
            .isZero();
        assertThat(output).contains("\"ok\":true").contains("\"participant\":\"OPERATOR-A");
        // the settlement view showed a batch of these trades confirmed on the embedded chain, with its transaction
        assertThat(output).containsPattern("\"chain\":\"Chain connected, UP [^\"]*Confirmed [1-9][0-9]*, queued 0")
            .containsPattern("\"settled\":\\[\"\\d+\",\"CONFIRMED\",\"\\d+\",\"[^\"]*\",\"[1-9][0-9,]*\"," +
                "\"0x[0-9a-f]{8}\u2026[0-9a-f]{6}\"");

        assertThat(output).contains("\"refusedOrder\":\"BUY 1 " + SYMBOL + " @ 99.001: rejected PRICE_OFF_TICK: ")
            .contains("rejected BUNDLE_LEG_UNFILLABLE at leg 2 (BUY " + GPU + "): ")
            .containsPattern("\"positions\":\\{\"before\":\\[\"" + SYMBOL + "\",\"3[.0]*\"")
            .containsPattern("\"after\":\\[\"" + SYMBOL + "\",\"2[.0]*\"");

        for (final String view : List.of("login", "market", "market-after-trade", "trading-open-order", "trading",
            "trading-lease-held", "spectrum", "market-forward-curve", "positions", "settlement"))
        {
            final Path png = SCREENSHOTS.resolve(view + ".png");
            assertThat(png).as(view + " screenshot").exists();
            final byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes.length).as(view + " screenshot size").isGreaterThan(5_000);
            assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).as(view + " is a PNG").isEqualTo("PNG");
        }
    }

    /**
     * @return the first TRADING lease slot of {@link #SYMBOL}, by slot start, whose gate closure is more than 30
     *     minutes after the exchange time the API answers with.
     */
    private static String tradableLeaseSlot(final String base) throws Exception
    {
        final HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(base + "/api/v1/instruments?kind=LEASE&state=TRADING&location=CELL041"))
            .header("Authorization", "Bearer " + BUYER_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        final Instant now = Instant.parse(answer.headers().firstValue("X-Exchange-Time").orElseThrow());
        String best = null;
        Instant bestStart = null;
        for (final JsonNode instrument : new ObjectMapper().readTree(answer.body()))
        {
            final Instant start = Instant.parse(instrument.path("slotStart").asText());
            if (instrument.path("symbol").asText().startsWith(SYMBOL + "@") &&
                Instant.parse(instrument.path("closesAt").asText()).isAfter(now.plus(Duration.ofMinutes(30))) &&
                (bestStart == null || start.isBefore(bestStart)))
            {
                best = instrument.path("symbol").asText();
                bestStart = start;
            }
        }
        assertThat(best).as("a tradable lease slot of " + SYMBOL + " in " + answer.body()).isNotNull();
        return best;
    }

    private void awaitReady(final Path log, final String base) throws Exception
    {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(120);
        while (System.currentTimeMillis() < deadline)
        {
            if (!server.isAlive())
            {
                throw new AssertionError("server exited: " + Files.readString(log));
            }
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("resx serve ready"))
            {
                try
                {
                    final HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                    assertThat(page.statusCode()).as("console page at /").isEqualTo(200);
                    assertThat(page.body()).contains("<title>ResX console</title>");
                    return;
                }
                catch (final IOException notYet)
                {
                    // the HTTP listener may come up just after the ready line
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within 120 s: " + Files.readString(log));
    }

    private static String tail(final Path log) throws IOException
    {
        final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
