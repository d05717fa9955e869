package io.resx.server.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.resx.gateway.common.ApiKeys;
import io.resx.gateway.common.PasswordHash;
import io.resx.server.support.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;
import quickfix.field.MsgType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.resx.server.serve.FixClient.report;
import static io.resx.server.serve.FixClient.str;
import static io.resx.server.serve.FixClient.type;
import static io.resx.server.serve.FixServeIT.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18's order entry on a real {@code ./resx serve} (no chain), with real QuickFIX/J initiators and HTTP clients:
 * mass cancel by symbol over FIX (q, answered r) and REST (DELETE), cancel-on-disconnect (a dropped connection's
 * orders are cancelled DISCONNECT, a logged-out session's stay), the dead-man switch fired by the server's clock
 * tick, and a retried POST that gets the original answer. The exchange clock starts in 2031 ({@code clock.start}),
 * so nothing depends on the day the test runs.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OrderEntryServeIT
{
    private static final Instant FAKE_START = Instant.parse("2031-03-15T11:43:44Z");
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final String SECRET = "s3cret-for-order-entry-it";
    private static final String UNIT_1 = "SPEC.3550-3560.CELL041";
    private static final String UNIT_2 = "SPEC.3550-3560.CELL042";
    private static final String[] NAMES = {"A", "B", "C", "D", "E", "F", "G"};

    private static final List<String> KEYS = new ArrayList<>();
    private static final List<AutoCloseable> OPEN = new ArrayList<>();
    private static Path dir;
    private static Process server;
    private static Path serverLog;
    private static int fixPort;
    private static ApiClient api;

    @BeforeAll
    static void startServer() throws Exception
    {
        dir = Files.createTempDirectory("resx-order-entry-it");
        fixPort = ApiClient.freeTcpPort();
        final int httpPort = ApiClient.freeTcpPort();
        api = new ApiClient("http://127.0.0.1:" + httpPort);
        final StringBuilder participants = new StringBuilder("{ \"participants\": [\n");
        final StringBuilder funding = new StringBuilder();
        for (int i = 0; i < NAMES.length; i++)
        {
            final String key = ApiKeys.newKey();
            KEYS.add(key);
            participants.append(i == 0 ? "" : ",\n").append("{ \"id\": \"OPERATOR-").append(NAMES[i])
                .append("\", \"accounts\": [\"").append(account(i)).append("\"], \"apiKeys\": [\"")
                .append(ApiKeys.hash(key)).append("\"], \"sessions\": [ { \"senderCompId\": \"OP").append(NAMES[i])
                .append("\", \"passwordHash\": \"").append(PasswordHash.hash(SECRET.toCharArray(), 1000))
                .append("\" } ] }");
            funding.append("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"").append(account(i))
                .append("\",\"asset\":\"CASH\",\"amount\":\"1000000\"}\n");
        }
        Files.writeString(dir.resolve("participants.json"), participants.append("\n] }"));
        Files.writeString(dir.resolve("funding.ndjson"), funding);
        Files.writeString(dir.resolve("template.ndjson"), String.join("\n",
            "{\"list\":\"" + UNIT_1 + "\",\"tick\":\"0.01\",\"lot\":\"1\"}",
            "{\"list\":\"" + UNIT_2 + "\",\"tick\":\"0.01\",\"lot\":\"1\"}", ""));
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "participants=" + dir.resolve("participants.json"),
            "funding=" + dir.resolve("funding.ndjson"),
            "clock.start=" + FAKE_START,
            "market.template=" + dir.resolve("template.ndjson"),
            "data.dir=" + dir.resolve("data"),
            "fix.port=" + fixPort,
            "fix.storeDir=" + dir.resolve("store"),
            "aeron.dir=/dev/shm/resx-order-entry-it-" + ProcessHandle.current().pid(),
            "engine.in.channels=aeron:ipc",
            "engine.out.channels=aeron:ipc",
            ""));
        serverLog = dir.resolve("server.log");
        server = new ProcessBuilder(ROOT.resolve("resx").toString(), "serve", "--no-chain", "--config",
            dir.resolve("resx.properties").toString(), "--http-port", Integer.toString(httpPort))
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        FixServeIT.awaitLog(server, serverLog, "resx serve ready");
    }

    @AfterAll
    static void stopServer() throws Exception
    {
        for (final AutoCloseable closeable : OPEN)
        {
            closeable.close();
        }
        if (server != null)
        {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(serverLog)).contains("stopped cleanly");
        }
    }

    @Test
    void shouldMassCancelOneSymbolOverFixAndThenEverythingOfTheParticipant() throws Exception
    {
        final FixClient opa = client(0, false);
        opa.send(order("A-M1", "OP-A-1", UNIT_1, '1', "5.00", "1"));
        opa.send(order("A-M2", "OP-A-1", UNIT_1, '1', "5.01", "1"));
        opa.send(order("A-M3", "OP-A-1", UNIT_2, '1', "5.02", "1"));
        for (final String clOrdId : List.of("A-M1", "A-M2", "A-M3"))
        {
            opa.expect("ack of " + clOrdId, report(clOrdId, '0'));
        }

        opa.send(massCancel("A-MC1", '1', UNIT_1, "OP-A-1"));
        final Message bySymbol = opa.expect("mass cancel report", type(MsgType.ORDER_MASS_CANCEL_REPORT));
        assertThat(str(bySymbol, 11)).isEqualTo("A-MC1");
        assertThat(str(bySymbol, 530)).isEqualTo("1");
        assertThat(str(bySymbol, 531)).as("accepted, by symbol").isEqualTo("1");
        assertThat(str(bySymbol, 533)).isEqualTo("2");
        for (final String clOrdId : List.of("A-M1", "A-M2"))
        {
            assertThat(str(opa.expect("cancel of " + clOrdId, report(clOrdId, '4')), 58)).isEqualTo("MASS_CANCEL");
        }
        assertOpen(0, "A-M3");

        // 530=7 without an Account: every account of the session's participant
        opa.send(massCancel("A-MC2", '7', null, null));
        final Message all = opa.expect("mass cancel report", type(MsgType.ORDER_MASS_CANCEL_REPORT));
        assertThat(str(all, 531)).isEqualTo("7");
        assertThat(str(all, 533)).isEqualTo("1");
        assertThat(str(opa.expect("cancel of A-M3", report("A-M3", '4')), 58)).isEqualTo("MASS_CANCEL");
        assertOpen(0);

        // another participant's account is refused before the engine
        opa.send(massCancel("A-MC3", '7', null, "OP-B-1"));
        final Message refused = opa.expect("refused report", type(MsgType.ORDER_MASS_CANCEL_REPORT));
        assertThat(str(refused, 531)).isEqualTo("0");
        assertThat(str(refused, 58)).startsWith("ACCOUNT_NOT_PERMITTED");
        assertThat(str(refused, 532)).as("no MassCancelRejectReason fits; Text says why").isNull();

        // the engine refuses an instrument it does not list
        opa.send(massCancel("A-MC4", '1', "SPEC.3550-3560.CELL099", "OP-A-1"));
        final Message unknown = opa.expect("refused report", type(MsgType.ORDER_MASS_CANCEL_REPORT));
        assertThat(str(unknown, 531)).isEqualTo("0");
        assertThat(str(unknown, 532)).as("invalid or unknown security").isEqualTo("1");
        assertThat(str(unknown, 58)).startsWith("UNKNOWN_SYMBOL");
    }

    @Test
    void shouldMassCancelOneSymbolOverRest() throws Exception
    {
        for (final String[] o : new String[][] {{"B-R1", UNIT_1}, {"B-R2", UNIT_1}, {"B-R3", UNIT_2}})
        {
            final JsonNode placed = post(1, "/api/v1/orders", ApiClient.order(o[0], "OP-B-1", o[1], "BUY", "4.00", "1"));
            assertThat(placed.path("status").asText()).as(placed.toString()).isEqualTo("ACCEPTED");
        }

        final JsonNode cancelled = ApiClient.json(api.delete(KEYS.get(1),
            "/api/v1/accounts/OP-B-1/orders?symbol=" + UNIT_1).body());
        assertThat(cancelled.path("status").asText()).as(cancelled.toString()).isEqualTo("ACCEPTED");
        assertThat(cancelled.path("cancelled").asInt()).isEqualTo(2);
        assertThat(cancelled.path("events").toString()).contains("\"reason\":\"MASS_CANCEL\"");
        assertOpen(1, "B-R3");

        assertThat(api.delete(KEYS.get(1), "/api/v1/accounts/OP-A-1/orders").statusCode())
            .as("an account trades only for itself").isEqualTo(403);
        final JsonNode unknown = ApiClient.json(api.delete(KEYS.get(1),
            "/api/v1/accounts/OP-B-1/orders?symbol=SPEC.3550-3560.CELL099").body());
        assertThat(unknown.path("reason").asText()).isEqualTo("UNKNOWN_SYMBOL");
    }

    @Test
    void shouldCancelADroppedConnectionsOrdersAndKeepALoggedOutSessions() throws Exception
    {
        final FixClient opc = client(2, true);
        final FixClient opd = client(3, true);
        opc.send(order("C-D1", "OP-C-1", UNIT_1, '1', "3.00", "1"));
        opd.send(order("D-D1", "OP-D-1", UNIT_1, '1', "3.00", "1"));
        opc.expect("ack", report("C-D1", '0'));
        opd.expect("ack", report("D-D1", '0'));

        opd.logout();
        awaitLoggedOff(opd);
        opc.dropConnection();

        // C reconnects on its own (ReconnectInterval 1 s) and is sent the cancel, live or by resend
        assertThat(str(opc.expect("cancel of C-D1", report("C-D1", '4')), 58)).isEqualTo("DISCONNECT");
        assertOpen(2);
        assertOpen(3, "D-D1"); // a session that logged out keeps its orders
        assertThat(Files.readString(serverLog)).contains("OPC dropped without a Logout")
            .doesNotContain("OPD dropped without a Logout");
    }

    @Test
    void shouldFireTheDeadManSwitchOnTheExchangeClock() throws Exception
    {
        final FixClient ope = client(4, false);
        ope.send(order("E-K1", "OP-E-1", UNIT_2, '1', "2.00", "1"));
        ope.expect("ack", report("E-K1", '0'));

        final JsonNode armed = post(4, "/api/v1/accounts/OP-E-1/cancel-all-after", "{\"timeoutMs\":60000}");
        assertThat(armed.path("status").asText()).as(armed.toString()).isEqualTo("ACCEPTED");
        final JsonNode renewed = post(4, "/api/v1/accounts/OP-E-1/cancel-all-after", "{\"timeoutMs\":3000}");
        assertThat(renewed.path("status").asText()).isEqualTo("ACCEPTED");
        final long renewedAtMs = System.currentTimeMillis();
        assertThat(post(4, "/api/v1/accounts/OP-E-1/cancel-all-after", "{\"timeoutMs\":-1}").path("code").asText())
            .isEqualTo("INVALID_TIMEOUT");
        Thread.sleep(1_000);
        assertThat(openClOrdIds(4)).as("still armed, not yet due").containsExactly("E-K1");

        final Message cancelled = ope.expect("the dead-man cancel", report("E-K1", '4'));
        assertThat(str(cancelled, 58)).isEqualTo("DEAD_MAN");
        assertThat(System.currentTimeMillis() - renewedAtMs).as("not before the renewed deadline")
            .isGreaterThanOrEqualTo(2_900);
        assertOpen(4);
    }

    @Test
    void shouldAnswerARetriedPostWithTheOriginalAnswerAndRefuseAReuse() throws Exception
    {
        final String body = ApiClient.order("B-I1", "OP-B-1", UNIT_2, "BUY", "1.50", "2");
        final String first = api.post(KEYS.get(1), "/api/v1/orders", body).body();
        final String retry = api.post(KEYS.get(1), "/api/v1/orders", body).body();

        assertThat(ApiClient.json(first).path("status").asText()).as(first).isEqualTo("ACCEPTED");
        assertThat(ApiClient.json(retry)).as("the same answer, not a second order").isEqualTo(ApiClient.json(first));
        final JsonNode reuse = post(1, "/api/v1/orders", ApiClient.order("B-I1", "OP-B-1", UNIT_2, "BUY", "1.60", "2"));
        assertThat(reuse.path("status").asText()).isEqualTo("REJECTED");
        assertThat(reuse.path("reason").asText()).isEqualTo("DUPLICATE_CLORDID");
        assertThat(openClOrdIds(1)).filteredOn("B-I1"::equals).hasSize(1);

        // still taken once the order is finished: cancelled, its ClOrdID stays unique for the window
        ApiClient.json(api.delete(KEYS.get(1), "/api/v1/accounts/OP-B-1/orders?symbol=" + UNIT_2).body());
        assertThat(post(1, "/api/v1/orders", body)).as("a late retry of a cancelled order")
            .isEqualTo(ApiClient.json(first));
        assertThat(openClOrdIds(1)).doesNotContain("B-I1");
    }

    @Test
    void shouldCancelTheAccountsOrdersWhenItsWebSocketDropsAndKeepThemOnANormalClose() throws Exception
    {
        for (final int i : new int[] {5, 6})
        {
            assertThat(post(i, "/api/v1/orders", ApiClient.order("W-" + i, account(i), UNIT_1, "BUY", "1.00", "1"))
                .path("status").asText()).isEqualTo("ACCEPTED");
        }
        final WebSocket dropped = webSocketWithCancelOnDisconnect(5);
        final WebSocket closed = webSocketWithCancelOnDisconnect(6);

        closed.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        dropped.abort(); // the TCP connection goes without a close frame

        assertOpen(5);
        Thread.sleep(1_000);
        assertOpen(6, "W-6"); // a connection the client closed normally keeps its account's orders
        assertThat(Files.readString(serverLog)).contains("the orders of OP-F-1 are cancelled (DISCONNECT)")
            .doesNotContain("the orders of OP-G-1 are cancelled");
    }

    /** A WebSocket authenticated as the participant, cancel-on-disconnect on for its account (and its dead-man off). */
    private static WebSocket webSocketWithCancelOnDisconnect(final int participant) throws Exception
    {
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create(api.base().replace("http", "ws") + "/ws"), new Collector(messages))
            .get(10, TimeUnit.SECONDS);
        ws.sendText("{\"op\":\"auth\",\"key\":\"" + KEYS.get(participant) + "\"}", true).get();
        assertThat(next(messages).path("type").asText()).isEqualTo("authenticated");
        ws.sendText("{\"op\":\"cancelOnDisconnect\",\"account\":\"" + account(participant) + "\"}", true).get();
        assertThat(next(messages).path("status").asText()).isEqualTo("ON");
        ws.sendText("{\"op\":\"cancelAllAfter\",\"account\":\"" + account(participant) + "\",\"timeoutMs\":0}",
            true).get();
        final JsonNode disarmed = next(messages);
        assertThat(disarmed.path("type").asText()).isEqualTo("cancelAllAfter");
        assertThat(disarmed.path("status").asText()).as(disarmed.toString()).isEqualTo("ACCEPTED");
        ws.sendText("{\"op\":\"cancelOnDisconnect\",\"account\":\"OP-A-1\"}", true).get();
        assertThat(next(messages).path("code").asText()).as("only its own accounts").isEqualTo("FORBIDDEN");
        return ws;
    }

    private static JsonNode next(final LinkedBlockingQueue<JsonNode> messages) throws InterruptedException
    {
        final JsonNode message = messages.poll(10, TimeUnit.SECONDS);
        assertThat(message).as("a WebSocket message within 10 s").isNotNull();
        return message;
    }

    /** Collects a WebSocket's text messages as JSON. */
    private static final class Collector implements WebSocket.Listener
    {
        private final LinkedBlockingQueue<JsonNode> messages;
        private final StringBuilder partial = new StringBuilder();

        Collector(final LinkedBlockingQueue<JsonNode> messages)
        {
            this.messages = messages;
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                messages.add(ApiClient.json(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    private static String account(final int i)
    {
        return "OP-" + NAMES[i] + "-1";
    }

    private static FixClient client(final int i, final boolean cancelOnDisconnect) throws Exception
    {
        final FixClient client = new FixClient("OP" + NAMES[i], SECRET, fixPort, dir.resolve("client-" + i),
            cancelOnDisconnect);
        OPEN.add(client);
        assertThat(client.awaitLogon(15_000)).as("OP" + NAMES[i] + " logs on").isTrue();
        return client;
    }

    private static void awaitLoggedOff(final FixClient client) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + 10_000;
        while (client.isLoggedOn() && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(20);
        }
        assertThat(client.isLoggedOn()).as("logged out").isFalse();
    }

    private static Message massCancel(final String clOrdId, final char type, final String symbol,
        final String account)
    {
        final Message q = new quickfix.fix44.OrderMassCancelRequest();
        q.setString(11, clOrdId);
        q.setChar(530, type);
        if (symbol != null)
        {
            q.setString(55, symbol);
        }
        if (account != null)
        {
            q.setString(1, account);
        }
        q.setUtcTimeStamp(60, LocalDateTime.now(ZoneOffset.UTC));
        return q;
    }

    private static JsonNode post(final int participant, final String path, final String body) throws Exception
    {
        return ApiClient.json(api.post(KEYS.get(participant), path, body).body());
    }

    /** Asserts the account's open orders are these, once the HTTP gateway's view has caught up (within 10 s). */
    private static void assertOpen(final int participant, final String... clOrdIds) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 10_000;
        while (!openClOrdIds(participant).equals(List.of(clOrdIds)) && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(50);
        }
        assertThat(openClOrdIds(participant)).as("open orders of %s", account(participant))
            .containsExactly(clOrdIds);
    }

    /** @return the ClOrdIDs of the participant's account's open orders, as the HTTP API serves them. */
    private static List<String> openClOrdIds(final int participant) throws Exception
    {
        final JsonNode orders = ApiClient.json(api.get(KEYS.get(participant),
            "/api/v1/accounts/" + account(participant) + "/orders").body());
        final List<String> ids = new ArrayList<>();
        orders.forEach(order -> ids.add(order.path("clOrdId").asText()));
        return ids;
    }
}
