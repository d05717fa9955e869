package io.resx.server.http;

import io.resx.server.support.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./resx serve --no-chain} (the real process, bundled demo participants and funding, no FIX): the API says the
 * chain is not configured instead of making anything up, health reports it NOT_CONFIGURED without being unready, and
 * the opening balances reach the engine directly.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HttpApiNoChainIT
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** OPERATOR-A's demo key (README, "HTTP API": public, for local use only). */
    private static final String DEMO_KEY = "rxk_demo_opa_329675db2c6e1cbdfbd63431976d583f";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stop() throws Exception
    {
        if (server != null)
        {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shouldSayTheChainIsNotConfigured() throws Exception
    {
        final int httpPort;
        try (ServerSocket socket = new ServerSocket(0))
        {
            httpPort = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "data.dir=" + dir.resolve("data"),
            "fix.enabled=false",
            "http.port=" + httpPort,
            "aeron.dir=/dev/shm/resx-nochain-it-" + ProcessHandle.current().pid(),
            "engine.in.channels=aeron:ipc",
            "engine.out.channels=aeron:ipc",
            "funding=@demo-funding," + dir.resolve("extra-funding.ndjson"),
            ""));
        // a funding line the engine refuses: its reject reaches the log, not only the events queue
        Files.writeString(dir.resolve("extra-funding.ndjson"),
            "{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"NO-SUCH-ACCOUNT\",\"asset\":\"CASH\",\"amount\":\"5\"}\n");
        final Path log = dir.resolve("serve.log");
        server = new ProcessBuilder(ROOT.resolve("resx").toString(), "serve", "--no-chain", "--config",
            dir.resolve("resx.properties").toString())
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitReady(log);
        final String base = "http://127.0.0.1:" + httpPort;

        final HttpResponse<String> health = get(base, null, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        final JsonNode components = JSON.readTree(health.body()).path("components");
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");
        assertThat(components.path("chain").path("status").asText()).isEqualTo("NOT_CONFIGURED");

        final JsonNode batches = JSON.readTree(get(base, DEMO_KEY, "/api/v1/settlement/batches").body());
        assertThat(batches.path("chain").asText()).isEqualTo("not configured");
        assertThat(batches.path("batches").size()).isZero();
        final HttpResponse<String> defaults = get(base, DEMO_KEY, "/api/v1/settlement/defaults");
        assertThat(defaults.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(defaults.body()).isArray()).isTrue();
        assertThat(JSON.readTree(defaults.body()).size()).isZero();
        assertThat(get(base, DEMO_KEY, "/metrics").body()).doesNotContain("resx_settlement_lag_commands");

        // without a chain the demo funding is deposited straight into the engine
        final JsonNode balances = JSON.readTree(get(base, DEMO_KEY, "/api/v1/accounts/OP-A-1/balances").body());
        assertThat(balances.toString()).contains("\"asset\":\"CASH\"");
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).doesNotContain("embedded chain")
            .containsPattern("DEPOSIT command \\(sequence \\d+, account 'NO-SUCH-ACCOUNT', symbol 'CASH', from no " +
                "gateway\\) refused: UNKNOWN_ACCOUNT");

        // the listing lives in the exchange's time: lease slots ahead of now, each with its gate closure and state
        final HttpResponse<String> listing = get(base, DEMO_KEY, "/api/v1/instruments?kind=LEASE&state=TRADING");
        assertThat(listing.statusCode()).isEqualTo(200);
        final Instant now = Instant.parse(listing.headers().firstValue("X-Exchange-Time").orElseThrow());
        assertThat(Duration.between(now, Instant.now()).abs()).isLessThan(Duration.ofMinutes(5));
        final JsonNode slots = JSON.readTree(listing.body());
        assertThat(slots.size()).isGreaterThan(10);
        Instant latest = now;
        for (final JsonNode slot : slots)
        {
            assertThat(slot.path("state").asText()).isEqualTo("TRADING");
            final Instant closes = Instant.parse(slot.path("closesAt").asText());
            assertThat(closes).as(slot.toString()).isAfter(now)
                .isBeforeOrEqualTo(Instant.parse(slot.path("slotStart").asText()));
            latest = latest.isAfter(closes) ? latest : closes;
        }
        // a rolling horizon: slots are listed many hours ahead of now, whatever the day
        assertThat(latest).isAfter(now.plus(Duration.ofHours(12)));
        // units without a slot (ownerships) never close: no closesAt, always TRADING
        int units = 0;
        for (final JsonNode o : JSON.readTree(get(base, DEMO_KEY, "/api/v1/instruments?kind=OWNERSHIP").body()))
        {
            if (!o.path("symbol").asText().contains("@"))
            {
                units++;
                assertThat(o.path("state").asText()).isEqualTo("TRADING");
                assertThat(o.has("closesAt")).as(o.toString()).isFalse();
                assertThat(o.has("slotEnd")).isFalse();
            }
        }
        assertThat(units).isPositive();
    }

    private static HttpResponse<String> get(final String base, final String key, final String path) throws Exception
    {
        return new ApiClient(base).get(key, path);
    }

    private void awaitReady(final Path log) throws Exception
    {
        final long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(90);
        while (System.currentTimeMillis() < deadline)
        {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("resx serve ready"))
            {
                return;
            }
            if (!server.isAlive())
            {
                throw new AssertionError("server exited: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within 90 s: " + Files.readString(log));
    }
}
