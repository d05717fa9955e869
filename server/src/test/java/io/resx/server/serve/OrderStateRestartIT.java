package io.resx.server.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.resx.gateway.common.ApiKeys;
import io.resx.gateway.common.PasswordHash;
import io.resx.server.support.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Message;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.resx.server.serve.FixClient.report;
import static io.resx.server.serve.FixClient.str;
import static io.resx.server.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Order state survives restarts, on real parts: a {@code ./resx serve} process with its journal and events queue,
 * a real QuickFIX/J client, the HTTP API. The gateways' order tracker is rebuilt from the events queue, so
 * {@code GET /accounts/{a}/orders} and {@code /fills} list what was open and filled before a server restart, and
 * FIX ExecutionReports of an order partly filled before the restart (of the server, or of a FIX gateway process)
 * carry the right CumQty, AvgPx, LeavesQty and OrdStatus.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class OrderStateRestartIT
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final String SECRET = "state-s3cret";
    /** An ownership instrument of the default market: it never expires, so nothing here depends on the day. */
    private static final String SYMBOL = "SPEC.3550-3560.CELL041";
    private static final String SELLER_KEY = ApiKeys.newKey();
    private static final String BUYER_KEY = ApiKeys.newKey();

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private int fixPort;
    private ApiClient api;

    @AfterEach
    void stop() throws Exception
    {
        for (final AutoCloseable closeable : open)
        {
            closeable.close();
        }
        for (final Process process : processes)
        {
            stop(process);
        }
    }

    @Test
    void shouldKeepOpenOrdersFillsAndFixQuantitiesAcrossAServerRestart() throws Exception
    {
        configure();
        Process server = start("serve", dir.resolve("first.log"));
        FixClient seller = client(fixPort, "seller");
        seller.send(FixServeIT.order("S-FIX", "S-1", SYMBOL, '2', "100", "10"));
        seller.expect("resting order acknowledged", report("S-FIX", '0'));
        buy("B-1", "100", "4");
        final Message first = seller.expect("first fill", report("S-FIX", 'F'));
        assertThat(new BigDecimal(str(first, 14))).isEqualByComparingTo("4");
        accepted(api.post(SELLER_KEY, "/api/v1/orders", ApiClient.order("S-HTTP", "S-1", SYMBOL, "SELL", "99", "5")));
        buy("B-2", "99", "2"); // the best ask now: the HTTP order

        final JsonNode ordersBefore = orders();
        final JsonNode fillsBefore = json(api.get(SELLER_KEY, "/api/v1/accounts/S-1/fills").body());
        assertThat(ordersBefore.size()).isEqualTo(2);
        assertOrder(ordersBefore.get(0), "S-FIX", "10", "4", "6", "100", "PARTIALLY_FILLED");
        assertOrder(ordersBefore.get(1), "S-HTTP", "5", "2", "3", "99", "PARTIALLY_FILLED");
        assertThat(fillsBefore.size()).isEqualTo(2);

        seller.close();
        open.remove(seller);
        stop(server);
        processes.remove(server);

        server = start("serve", dir.resolve("second.log"));
        assertThat(Files.readString(dir.resolve("second.log"))).containsPattern("recovered to sequence [1-9]");
        assertThat(orders()).as("open orders after the restart").isEqualTo(ordersBefore);
        assertThat(json(api.get(SELLER_KEY, "/api/v1/accounts/S-1/fills").body())).as("fills after the restart")
            .isEqualTo(fillsBefore);
        assertThat(json(api.get(BUYER_KEY, "/api/v1/accounts/B-1/fills").body()).size()).isEqualTo(2);

        seller = client(fixPort, "seller");
        replace(seller, "S-FIX", "S-FIX2", "98", "10"); // below the HTTP order, so the next buy fills it
        final Message replaced = seller.expect("replaced after the restart", report("S-FIX2", '5'));
        assertThat(new BigDecimal(str(replaced, 14))).isEqualByComparingTo("4");
        assertThat(new BigDecimal(str(replaced, 151))).isEqualByComparingTo("6");
        assertThat(str(replaced, 39)).isEqualTo("1");
        buy("B-3", "98", "3");
        final Message second = seller.expect("a fill after the restart", report("S-FIX2", 'F'));
        assertThat(new BigDecimal(str(second, 32))).isEqualByComparingTo("3");
        assertThat(new BigDecimal(str(second, 31))).isEqualByComparingTo("98");
        assertThat(new BigDecimal(str(second, 14))).as("CumQty counts the fill before the restart")
            .isEqualByComparingTo("7");
        assertThat(new BigDecimal(str(second, 151))).isEqualByComparingTo("3");
        assertThat(new BigDecimal(str(second, 6))).as("AvgPx of 4 @ 100 and 3 @ 98")
            .isEqualByComparingTo("99.142857");
        assertThat(str(second, 39)).isEqualTo("1");
        assertOrder(orders().get(0), "S-FIX2", "10", "7", "3", "99.142857", "PARTIALLY_FILLED");
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    void shouldReportRightQuantitiesAfterAFixGatewayRestart() throws Exception
    {
        configure();
        start("serve", dir.resolve("serve.log"));
        final int gatewayPort = ApiClient.freeTcpPort();
        Process gateway = startGateway(gatewayPort, dir.resolve("gateway-1.log"));
        FixClient seller = client(gatewayPort, "seller-gw");
        seller.send(FixServeIT.order("G-1", "S-1", SYMBOL, '2', "100", "10"));
        seller.expect("acknowledged through gateway 2", report("G-1", '0'));
        buy("B-1", "100", "6");
        assertThat(new BigDecimal(str(seller.expect("first fill", report("G-1", 'F')), 14)))
            .isEqualByComparingTo("6");

        seller.close();
        open.remove(seller);
        stop(gateway);
        processes.remove(gateway);
        buy("B-2", "100", "1"); // while the gateway is down: it must learn this fill from the events queue

        gateway = startGateway(gatewayPort, dir.resolve("gateway-2.log"));
        assertThat(Files.readString(dir.resolve("gateway-2.log"))).containsPattern("\\d+ outcomes read from the " +
            "events queue in \\d+ ms, [1-9]\\d* orders open");
        seller = client(gatewayPort, "seller-gw");
        buy("B-3", "100", "3");
        final Message last = seller.expect("the last fill, after the gateway restart", m ->
            report("G-1", 'F').test(m) && "2".equals(str(m, 39)));
        assertThat(new BigDecimal(str(last, 14))).isEqualByComparingTo("10");
        assertThat(new BigDecimal(str(last, 151))).isEqualByComparingTo("0");
        assertThat(new BigDecimal(str(last, 6))).isEqualByComparingTo("100");
        assertThat(new BigDecimal(str(last, 32))).isEqualByComparingTo("3");
    }

    private void configure() throws Exception
    {
        fixPort = ApiClient.freeTcpPort();
        final int httpPort = ApiClient.freeTcpPort();
        Files.writeString(dir.resolve("participants.json"), "{ \"participants\": [\n" +
            participant("SELLER", "S-1", "SELL", SELLER_KEY) + ",\n" + participant("BUYER", "B-1", "BUY", BUYER_KEY) +
            "\n] }");
        Files.writeString(dir.resolve("funding.ndjson"), String.join("\n",
            "{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"S-1\",\"asset\":\"" + SYMBOL + "\",\"amount\":\"20\"}",
            "{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"B-1\",\"asset\":\"CASH\",\"amount\":\"100000\"}", ""));
        final long pid = ProcessHandle.current().pid();
        final int engineUdp = ApiClient.freeTcpPort();
        final int eventsControl = ApiClient.freeTcpPort();
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "participants=" + dir.resolve("participants.json"),
            "funding=" + dir.resolve("funding.ndjson"),
            "data.dir=" + dir.resolve("data"),
            "chain.mode=off",
            "fix.port=" + fixPort,
            "http.port=" + httpPort,
            "fix.storeDir=" + dir.resolve("store"),
            "aeron.dir=/dev/shm/resx-state-it-" + pid,
            "engine.in.channels=aeron:ipc,aeron:udp?endpoint=127.0.0.1:" + engineUdp,
            "engine.out.channels=aeron:ipc,aeron:udp?control=127.0.0.1:" + eventsControl + "|control-mode=dynamic",
            "gateway.engine=aeron:udp?endpoint=127.0.0.1:" + engineUdp,
            "gateway.events=aeron:udp?endpoint=127.0.0.1:0|control=127.0.0.1:" + eventsControl +
                "|control-mode=dynamic",
            "gateway.journalDir=" + dir.resolve("data").resolve("journal"),
            ""));
        api = new ApiClient("http://127.0.0.1:" + httpPort);
    }

    private static String participant(final String id, final String account, final String compId, final String key)
    {
        return "{ \"id\": \"" + id + "\", \"accounts\": [\"" + account + "\"], \"apiKeys\": [\"" + ApiKeys.hash(key) +
            "\"], \"sessions\": [ { \"senderCompId\": \"" + compId + "\", \"passwordHash\": \"" +
            PasswordHash.hash(SECRET.toCharArray(), 1000) + "\" } ] }";
    }

    private void buy(final String clOrdId, final String price, final String qty) throws Exception
    {
        final String order = ApiClient.order(clOrdId, "B-1", SYMBOL, "BUY", price, qty);
        final JsonNode outcome = accepted(api.post(BUYER_KEY, "/api/v1/orders",
            order.substring(0, order.length() - 1) + ",\"tif\":\"IOC\"}"));
        assertThat(outcome.toString()).as("the buy trades").contains("\"evt\":\"trade\"");
    }

    private static JsonNode accepted(final java.net.http.HttpResponse<String> response)
    {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        final JsonNode outcome = json(response.body());
        assertThat(outcome.path("status").asText()).as(response.body()).isEqualTo("ACCEPTED");
        return outcome;
    }

    private JsonNode orders() throws Exception
    {
        final java.net.http.HttpResponse<String> response = api.get(SELLER_KEY, "/api/v1/accounts/S-1/orders");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static void assertOrder(final JsonNode order, final String clOrdId, final String qty, final String cum,
        final String leaves, final String avgPx, final String status)
    {
        assertThat(order.path("clOrdId").asText()).as(order.toString()).isEqualTo(clOrdId);
        assertThat(new BigDecimal(order.path("qty").asText())).as(order.toString()).isEqualByComparingTo(qty);
        assertThat(new BigDecimal(order.path("cumQty").asText())).as(order.toString()).isEqualByComparingTo(cum);
        assertThat(new BigDecimal(order.path("leavesQty").asText())).as(order.toString())
            .isEqualByComparingTo(leaves);
        assertThat(new BigDecimal(order.path("avgPx").asText())).as(order.toString()).isEqualByComparingTo(avgPx);
        assertThat(order.path("status").asText()).as(order.toString()).isEqualTo(status);
    }

    private static void replace(
        final FixClient client, final String orig, final String clOrdId, final String price, final String qty)
    {
        final Message replace = new quickfix.fix44.OrderCancelReplaceRequest();
        replace.setString(11, clOrdId);
        replace.setString(41, orig);
        replace.setString(1, "S-1");
        replace.setString(55, SYMBOL);
        replace.setChar(54, '2');
        replace.setChar(40, '2');
        replace.setString(44, price);
        replace.setString(38, qty);
        replace.setUtcTimeStamp(60, LocalDateTime.now(ZoneOffset.UTC));
        client.send(replace);
    }

    private Process start(final String command, final Path log) throws Exception
    {
        final Process process = new ProcessBuilder(ROOT.resolve("resx").toString(), command, "--config",
            dir.resolve("resx.properties").toString())
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        FixServeIT.awaitLog(process, log, "resx serve ready");
        return process;
    }

    private Process startGateway(final int port, final Path log) throws Exception
    {
        final Process process = new ProcessBuilder(ROOT.resolve("resx").toString(), "gateway", "--config",
            dir.resolve("resx.properties").toString(), "--id", "2", "--fix-port", Integer.toString(port))
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        FixServeIT.awaitLog(process, log, "ready");
        return process;
    }

    private static void stop(final Process process) throws Exception
    {
        if (process.isAlive())
        {
            process.destroy(); // SIGTERM: a clean stop
            if (!process.waitFor(60, TimeUnit.SECONDS))
            {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private FixClient client(final int port, final String store) throws Exception
    {
        final FixClient client = new FixClient("SELL", SECRET, port, dir.resolve("client-" + store));
        open.add(client);
        assertThat(client.awaitLogon(15_000)).as("SELL logs on").isTrue();
        return client;
    }
}
