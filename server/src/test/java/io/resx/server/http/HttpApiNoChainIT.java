package io.resx.server.http;

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
            ""));
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
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).doesNotContain("embedded chain");
    }

    private static HttpResponse<String> get(final String base, final String key, final String path) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (key != null)
        {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
