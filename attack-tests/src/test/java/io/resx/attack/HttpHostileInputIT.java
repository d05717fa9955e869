package io.resx.attack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile HTTP at a real {@code ./resx serve --no-chain} (no FIX) over loopback: slowloris with and without a
 * key, an oversized body and headers, {@code /metrics} without a key, a WebSocket from a foreign page.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HttpHostileInputIT
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    /** OPERATOR-A's demo key (README, "HTTP API": public, for local use only). */
    private static final String DEMO_KEY = "rxk_demo_opa_329675db2c6e1cbdfbd63431976d583f";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static Path dir;
    private static Process server;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception
    {
        dir = Files.createTempDirectory("resx-http-hostile-it");
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "data.dir=" + dir.resolve("data"),
            "fix.enabled=false",
            "http.port=" + port,
            "http.idleTimeoutMs=3000",
            "aeron.dir=/dev/shm/resx-http-hostile-it-" + ProcessHandle.current().pid(),
            "engine.in.channels=aeron:ipc",
            "engine.out.channels=aeron:ipc",
            ""));
        final Path log = dir.resolve("serve.log");
        server = new ProcessBuilder(ROOT.resolve("resx").toString(), "serve", "--no-chain", "--config",
            dir.resolve("resx.properties").toString())
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(120);
        while (!Files.exists(log) || !Files.readString(log).contains("resx serve ready"))
        {
            assertThat(server.isAlive()).as("server running: " + (Files.exists(log) ? Files.readString(log) : ""))
                .isTrue();
            assertThat(System.currentTimeMillis()).as("ready within 120 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stopServer() throws Exception
    {
        if (server != null)
        {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shouldAnswerANormalRequestQuicklyWhileSlowlorisHoldsConnectionsWithAndWithoutAKey() throws Exception
    {
        for (int i = 0; i < 20; i++)
        {
            assertThat(get(DEMO_KEY, "/api/v1/me").statusCode()).as("warm-up").isEqualTo(200);
        }
        final List<Socket> slow = new ArrayList<>();
        try
        {
            for (int i = 0; i < 400; i++)
            {
                final Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                final String auth = i % 4 != 3 ? "Authorization: Bearer " + DEMO_KEY + "\r\n" : "";
                final OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/orders HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + auth +
                    "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"clOrdId\"").getBytes(
                    StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            // Let the server answer the burst (429 and 401 at once); the admitted slow requests still hold their
            // threads until http.idleTimeoutMs (3 s here) closes them.
            Thread.sleep(1500);
            long worstMs = 0;
            final List<Long> times = new ArrayList<>();
            for (int i = 0; i < 10; i++)
            {
                final long startNs = System.nanoTime();
                final HttpResponse<String> me = get(DEMO_KEY, "/api/v1/me");
                final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
                assertThat(me.statusCode()).isEqualTo(200);
                worstMs = Math.max(worstMs, ms);
                times.add(ms);
            }
            System.out.printf("HttpHostileInputIT: GET /api/v1/me during 300 slow requests with a key and 100 without: %s ms%n", times);
            assertThat(worstMs).as("worst GET /api/v1/me in ms during the attack").isLessThan(100);
        }
        finally
        {
            for (final Socket socket : slow)
            {
                socket.close();
            }
        }
    }

    @Test
    void shouldAnswer413ToATenMegabyteBodyWithoutReadingIt() throws Exception
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("POST /api/v1/orders HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" +
                "Authorization: Bearer " + DEMO_KEY + "\r\nContent-Type: application/json\r\nContent-Length: " +
                (10 << 20) + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            final BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("HTTP/1.1 413");
            final StringBuilder rest = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine())
            {
                rest.append(line).append('\n');
                if (line.startsWith("{"))
                {
                    break;
                }
            }
            assertThat(rest.toString()).contains("PAYLOAD_TOO_LARGE");
        }
    }

    @Test
    void shouldRefuseHeadersOverTheLimit() throws Exception
    {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/me"))
            .header("Authorization", "Bearer " + DEMO_KEY).header("X-Padding", "x".repeat(20_000)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(431);
    }

    @Test
    void shouldRequireAKeyForMetrics() throws Exception
    {
        assertThat(get(null, "/metrics").statusCode()).isEqualTo(401);
        final HttpResponse<String> metrics = get(DEMO_KEY, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("resx_commands_total");
    }

    @Test
    void shouldRefuseAWebSocketHandshakeFromAForeignOrigin() throws Exception
    {
        assertThat(upgradeStatus("Origin: http://evil.example\r\n")).startsWith("HTTP/1.1 403");
        assertThat(upgradeStatus("Origin: http://127.0.0.1:" + port + "\r\n")).startsWith("HTTP/1.1 101");
        assertThat(upgradeStatus("")).as("no Origin: not a browser").startsWith("HTTP/1.1 101");
    }

    private static String upgradeStatus(final String originHeader) throws IOException
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" +
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
                "Sec-WebSocket-Version: 13\r\n" + originHeader + "\r\n").getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        }
    }

    private static HttpResponse<String> get(final String key, final String path) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).GET();
        if (key != null)
        {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String base()
    {
        return "http://127.0.0.1:" + port;
    }
}
