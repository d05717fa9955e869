package io.resx.server.serve;

import io.resx.gateway.common.PasswordHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Group;
import quickfix.Message;
import quickfix.field.MsgType;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.resx.server.serve.FixClient.report;
import static io.resx.server.serve.FixClient.str;
import static io.resx.server.serve.FixClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the real {@code ./resx serve} as a process and talks to it with real QuickFIX/J initiators over
 * loopback. One server for the class; each test uses its own instruments and ClOrdIDs.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FixServeIT
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final String SECRET_A = "s3cret-A-for-it";
    private static final String SECRET_B = "s3cret-B-for-it";
    private static final String WRONG = "not-the-Password-xyz";

    private static Path dir;
    private static Process server;
    private static Path serverLog;
    private static int fixPort;
    private static int engineUdpPort;
    private static int eventsControlPort;
    private static final List<AutoCloseable> OPEN = new ArrayList<>();
    private static FixClient opa;
    private static FixClient opb;

    @BeforeAll
    static void startServer() throws Exception
    {
        dir = Files.createTempDirectory("resx-serve-it");
        fixPort = freeTcpPort();
        engineUdpPort = freeUdpPort();
        eventsControlPort = freeUdpPort();
        final String participants = "{ \"participants\": [\n" +
            participant("OPERATOR-A", "OP-A-1", "OPA", SECRET_A, "") + ",\n" +
            participant("OPERATOR-B", "OP-B-1", "OPB", SECRET_B, "") + ",\n" +
            participant("FLOODER", "FL-1", "FLOOD", SECRET_A, ", \"rateLimitPerSecond\": 5") + ",\n" +
            participant("AWAY-D", "AW-1", "AWAY", SECRET_A, "") + ",\n" +
            participant("OPERATOR-C", "OP-C-1", "OPC", SECRET_B, "") + ",\n" +
            participant("OPERATOR-E", "OP-E-1", "OPE", SECRET_B, "") + "\n] }";
        Files.writeString(dir.resolve("participants.json"), participants);
        // Opening balances (admin deposits, applied once on a fresh exchange): cash for every account, and units
        // of the spectrum channel whose ownership and lease slots the tests sell.
        final StringBuilder funding = new StringBuilder();
        for (final String account : List.of("OP-A-1", "OP-B-1", "FL-1", "AW-1", "OP-C-1", "OP-E-1"))
        {
            funding.append("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"").append(account)
                .append("\",\"asset\":\"CASH\",\"amount\":\"1000000\"}\n")
                .append("{\"cmd\":\"deposit\",\"admin\":true,\"account\":\"").append(account)
                .append("\",\"asset\":\"SPEC.3550-3560.CELL041\",\"amount\":\"100\"}\n");
        }
        // An admin halt among the start-up commands: the FIX test of a halted book's reject.
        funding.append("{\"cmd\":\"halt\",\"admin\":true,\"symbol\":\"SPEC.3550-3560.CELL043\"}\n");
        Files.writeString(dir.resolve("funding.ndjson"), funding);
        Files.writeString(dir.resolve("resx.properties"), String.join("\n",
            "participants=" + dir.resolve("participants.json"),
            "funding=" + dir.resolve("funding.ndjson"),
            "data.dir=" + dir.resolve("data"),
            "fix.port=" + fixPort,
            "http.port=0",
            "aeron.dir=/dev/shm/resx-it-" + ProcessHandle.current().pid(),
            "engine.in.channels=aeron:ipc,aeron:udp?endpoint=127.0.0.1:" + engineUdpPort,
            "engine.out.channels=aeron:ipc,aeron:udp?control=127.0.0.1:" + eventsControlPort +
                "|control-mode=dynamic",
            "fix.storeDir=" + dir.resolve("store"),
            ""));
        serverLog = dir.resolve("server.log");
        server = new ProcessBuilder(ROOT.resolve("resx").toString(), "serve", "--config",
            dir.resolve("resx.properties").toString())
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        awaitLog(server, serverLog, "resx serve ready");
        opa = client("OPA", SECRET_A, "opa");
        opb = client("OPB", SECRET_B, "opb");
    }

    /**
     * @param k which slot: 0 for the first.
     * @return the k-th hourly lease slot of CELL041 starting two hours or more from now: the server lists it (its
     *     horizon is 24 h) and it trades for the whole test (gate closure 15 minutes before its start), on any day.
     */
    private static String slot(final int k)
    {
        final long hourS = 3600;
        final long startS = (java.time.Instant.now().getEpochSecond() + 2 * hourS) / hourS * hourS + k * hourS;
        return "SPEC.3550-3560.CELL041@" + java.time.Instant.ofEpochSecond(startS).toString().substring(0, 16) +
            "Z/PT1H";
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
            server.destroy(); // SIGTERM: the server logs sessions out and drains
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(serverLog)).contains("stopped cleanly");
        }
    }

    @Test
    void shouldTradeBetweenTwoParticipantsWithCumQtyAndAvgPx() throws Exception
    {
        final String symbol = "SPEC.3550-3560.CELL041";
        opa.send(order("A-T1", "OP-A-1", symbol, '2', "100.50", "1"));
        final Message ack = opa.expect("ack", report("A-T1", '0'));
        assertThat(str(ack, 39)).isEqualTo("0");
        assertThat(str(ack, 151)).isEqualTo("1");

        opb.send(order("B-T1", "OP-B-1", symbol, '1', "101", "0.4"));
        opb.expect("ack", report("B-T1", '0'));
        final Message buyFill = opb.expect("fill", report("B-T1", 'F'));
        assertThat(str(buyFill, 39)).isEqualTo("2");
        assertThat(str(buyFill, 31)).isEqualTo("100.5");
        assertThat(str(buyFill, 32)).isEqualTo("0.4");
        assertThat(str(buyFill, 14)).isEqualTo("0.4");
        assertThat(str(buyFill, 151)).isEqualTo("0");
        assertThat(str(buyFill, 6)).isEqualTo("100.5");

        final Message sellFill = opa.expect("fill", report("A-T1", 'F'));
        assertThat(str(sellFill, 39)).isEqualTo("1");
        assertThat(str(sellFill, 14)).isEqualTo("0.4");
        assertThat(str(sellFill, 151)).isEqualTo("0.6");
        assertThat(str(sellFill, 37)).isEqualTo(str(ack, 37));
    }

    @Test
    void shouldCancelAndRefuseASecondCancelWithOrderCancelReject() throws Exception
    {
        final String symbol = slot(0);
        opa.send(order("A-C1", "OP-A-1", symbol, '1', "10", "5"));
        opa.expect("ack", report("A-C1", '0'));

        opa.send(cancel("A-C1-X", "A-C1", "OP-A-1", symbol));
        final Message cancelled = opa.expect("cancel", report("A-C1-X", '4'));
        assertThat(str(cancelled, 41)).isEqualTo("A-C1");
        assertThat(str(cancelled, 39)).isEqualTo("4");

        opa.send(cancel("A-C1-Y", "A-C1", "OP-A-1", symbol));
        final Message reject = opa.expect("cancel reject", type("9"));
        assertThat(str(reject, 102)).isEqualTo("1");
        assertThat(str(reject, 434)).isEqualTo("1");
        assertThat(str(reject, 58)).startsWith("UNKNOWN_ORDER");
    }

    @Test
    void shouldReplaceAnOrder() throws Exception
    {
        final String symbol = slot(1);
        opa.send(order("A-R1", "OP-A-1", symbol, '1', "10", "5"));
        opa.expect("ack", report("A-R1", '0'));

        final Message replace = new quickfix.fix44.OrderCancelReplaceRequest();
        replace.setString(11, "A-R2");
        replace.setString(41, "A-R1");
        replace.setString(1, "OP-A-1");
        replace.setString(55, symbol);
        replace.setChar(54, '1');
        replace.setChar(40, '2');
        replace.setString(44, "11");
        replace.setString(38, "7");
        replace.setUtcTimeStamp(60, LocalDateTime.now(ZoneOffset.UTC));
        opa.send(replace);

        final Message replaced = opa.expect("replaced", report("A-R2", '5'));
        assertThat(str(replaced, 41)).isEqualTo("A-R1");
        assertThat(str(replaced, 44)).isEqualTo("11");
        assertThat(str(replaced, 38)).isEqualTo("7");
        assertThat(str(replaced, 151)).isEqualTo("7");
    }

    @Test
    void shouldFillABundleOnEveryLeg() throws Exception
    {
        final String leg1 = slot(2);
        final String leg2 = slot(3);
        opb.send(order("B-L1", "OP-B-1", leg1, '2', "20", "2"));
        opb.send(order("B-L2", "OP-B-1", leg2, '2', "21", "2"));
        opb.expect("ack", report("B-L1", '0'));
        opb.expect("ack", report("B-L2", '0'));

        final Message bundle = new quickfix.fix44.NewOrderMultileg();
        bundle.setString(11, "A-B1");
        bundle.setString(1, "OP-A-1");
        bundle.setString(55, "BUNDLE"); // FIX 4.4 requires an Instrument on AB; ResX reads only the legs
        bundle.setChar(54, '1');
        bundle.setChar(40, '2');
        bundle.setUtcTimeStamp(60, LocalDateTime.now(ZoneOffset.UTC));
        bundle.addGroup(leg(leg1, '1', "20", "2"));
        bundle.addGroup(leg(leg2, '1', "21", "2"));
        opa.send(bundle);

        opa.expect("bundle ack", report("A-B1", '0'));
        opa.expect("leg fill", report("A-B1", 'F'));
        final Message last = opa.expect("leg fill", report("A-B1", 'F'));
        assertThat(str(last, 39)).isEqualTo("2");
        assertThat(str(last, 442)).isEqualTo("2");
        opb.expect("fill", report("B-L1", 'F'));
        opb.expect("fill", report("B-L2", 'F'));
    }

    @Test
    void shouldSendASnapshotThenIncrementsForDepthAndTrades() throws Exception
    {
        final String symbol = slot(4);
        opa.send(order("A-M1", "OP-A-1", symbol, '2', "30", "3"));
        opa.expect("ack", report("A-M1", '0'));

        final Message request = new quickfix.fix44.MarketDataRequest();
        request.setString(262, "MD-1");
        request.setChar(263, '1');
        request.setInt(264, 10);
        request.setInt(265, 1);
        for (final char entryType : new char[] {'0', '1', '2'})
        {
            final Group types = new Group(267, 269);
            types.setChar(269, entryType);
            request.addGroup(types);
        }
        final Group related = new Group(146, 55);
        related.setString(55, symbol);
        request.addGroup(related);
        opb.send(request);

        final Message snapshot = opb.expect("snapshot", type("W"));
        assertThat(snapshot.toString()).contains("269=1").contains("270=30").contains("271=3");

        opb.send(order("B-M1", "OP-B-1", symbol, '1', "30", "1"));
        final Message trade = opb.expect("trade increment", m -> type("X").test(m) && m.toString().contains("269=2"));
        assertThat(trade.toString()).contains("270=30").contains("271=1");
        final Message depth = opb.expect("depth increment", m -> type("X").test(m) && m.toString().contains("269=1"));
        assertThat(depth.toString()).contains("279=1").contains("271=2");
    }

    @Test
    void shouldListInstrumentsInASecurityList() throws Exception
    {
        final Message request = new quickfix.fix44.SecurityListRequest();
        request.setString(320, "SL-1");
        request.setInt(559, 4);
        opa.send(request);

        final Message list = opa.expect("security list", type("y"));
        assertThat(str(list, 320)).isEqualTo("SL-1");
        assertThat(list.toString()).contains("55=SPEC.3550-3560.CELL041\u0001");
        assertThat(Integer.parseInt(str(list, 393))).isGreaterThan(1000);
    }

    @Test
    void shouldRejectAnOrderForAnotherParticipantsAccountBeforeTheBook() throws Exception
    {
        opa.send(order("A-X1", "OP-B-1", "SPEC.3550-3560.CELL041", '1', "1", "1"));

        final Message reject = opa.expect("reject", report("A-X1", '8'));
        assertThat(str(reject, 39)).isEqualTo("8");
        assertThat(str(reject, 58)).startsWith("ACCOUNT_NOT_PERMITTED");
    }

    @Test
    void shouldRejectEngineRejectsWithTheResxReason() throws Exception
    {
        opa.send(order("A-U1", "OP-A-1", "SPEC.9999-9999.NOWHERE", '1', "1", "1"));

        final Message reject = opa.expect("reject", report("A-U1", '8'));
        assertThat(str(reject, 103)).isEqualTo("1");
        assertThat(str(reject, 58)).startsWith("UNKNOWN_SYMBOL");
    }

    @Test
    void shouldRejectAnOrderOnAHaltedBookAsExchangeClosed() throws Exception
    {
        opa.send(order("A-H1", "OP-A-1", "SPEC.3550-3560.CELL043", '1', "1", "1"));

        final Message reject = opa.expect("reject", report("A-H1", '8'));
        assertThat(str(reject, 103)).isEqualTo("2");
        assertThat(str(reject, 58)).startsWith("BOOK_HALTED");
    }

    @Test
    void shouldRejectAnOrderOnASlotThatHasEndedAsExpired() throws Exception
    {
        // yesterday's slot (it ended before the server started, so it was never listed)
        opa.send(order("A-X1", "OP-A-1", slot(-26), '1', "1", "1"));

        final Message reject = opa.expect("reject", report("A-X1", '8'));
        assertThat(str(reject, 103)).isEqualTo("1");
        assertThat(str(reject, 58)).startsWith("INSTRUMENT_EXPIRED");
    }

    @Test
    void shouldAnswerMalformedMessagesWithRejectsAndStayUp() throws Exception
    {
        final Message noSide = order("A-BAD1", "OP-A-1", "SPEC.3550-3560.CELL041", '1', "1", "1");
        noSide.removeField(54);
        opa.send(noSide);
        final Message missing = opa.expect("session reject", type("3"));
        assertThat(str(missing, 373)).isEqualTo("1");
        assertThat(str(missing, 371)).isEqualTo("54");

        final Message badQty = order("A-BAD2", "OP-A-1", "SPEC.3550-3560.CELL041", '1', "1", "1");
        badQty.setString(38, "lots");
        opa.send(badQty);
        final Message wrongType = opa.expect("session reject", type("3"));
        assertThat(str(wrongType, 373)).isEqualTo("6");

        // OrderStatusRequest is answered now (docs/ORDERS-VIEWS.md): a QuoteRequest is a type the gateway lacks
        final Message unsupported = new quickfix.fix44.QuoteRequest();
        unsupported.setString(131, "A-BAD3");
        final Group related = new quickfix.fix44.QuoteRequest.NoRelatedSym();
        related.setString(55, "SPEC.3550-3560.CELL041");
        unsupported.addGroup(related);
        opa.send(unsupported);
        final Message business = opa.expect("business reject", type("j"));
        assertThat(str(business, 380)).isEqualTo("3");
        assertThat(str(business, 45)).as("RefSeqNum").isEqualTo(str(unsupported.getHeader(), 34));

        final Message unknownType = new Message();
        unknownType.getHeader().setString(35, "ZZ");
        opa.send(unknownType);
        final Message invalidType = opa.expect("session reject", type("3"));
        assertThat(str(invalidType, 373)).isEqualTo("11");

        assertThat(opa.isLoggedOn()).isTrue();
        opa.send(order("A-OK1", "OP-A-1", slot(5), '1', "1", "1"));
        opa.expect("ack after rejects", report("A-OK1", '0'));
    }

    @Test
    void shouldRejectAFloodWithoutStarvingOtherSessions() throws Exception
    {
        final FixClient flood = client("FLOOD", SECRET_A, "flood");
        final String symbol = slot(6);
        for (int i = 0; i < 30; i++)
        {
            flood.send(order("F-" + i, "FL-1", symbol, '1', "1", "1"));
        }
        final Message limited = flood.expect("rate limit reject", type("j"));
        assertThat(str(limited, 58)).startsWith("RATE_LIMIT");

        opb.send(order("B-F1", "OP-B-1", symbol, '1', "1", "1"));
        opb.expect("ack while another session floods", report("B-F1", '0'));
    }

    @Test
    void shouldRefuseAWrongPasswordWithoutLoggingIt() throws Exception
    {
        try (FixClient intruder = new FixClient("OPC", WRONG, fixPort, dir.resolve("intruder")))
        {
            assertThat(intruder.awaitLogon(3_000)).isFalse();
        }
        awaitLog(server, serverLog, "logon refused for OPC: wrong password");
        assertThat(Files.readString(serverLog)).doesNotContain(WRONG).doesNotContain(SECRET_B);
        // the real OPB session was not disturbed
        assertThat(opb.isLoggedOn()).isTrue();
    }

    @Test
    void shouldResendWhatWasMissedAcrossADisconnect() throws Exception
    {
        final String symbol = slot(7);
        final FixClient away = client("AWAY", SECRET_A, "away");
        away.send(order("W-R1", "AW-1", symbol, '2', "5", "1"));
        away.expect("ack", report("W-R1", '0'));
        away.close();
        OPEN.remove(away);

        opa.send(order("A-R9", "OP-A-1", symbol, '1', "5", "1"));
        opa.expect("fill", report("A-R9", 'F'));

        // reconnect with the same store: the fill sent while away arrives by resend, marked PossDupFlag
        final FixClient back = client("AWAY", SECRET_A, "away");
        final Message fill = back.expect("resent fill", report("W-R1", 'F'));
        assertThat(str(fill.getHeader(), 43)).isEqualTo("Y");
        assertThat(str(fill, 39)).isEqualTo("2");
    }

    @Test
    void shouldTradeThroughASecondGatewayProcessOverUdp() throws Exception
    {
        final int port = freeTcpPort();
        final Path log = dir.resolve("gateway2.log");
        final Process gateway = new ProcessBuilder(ROOT.resolve("resx").toString(), "gateway", "--config",
            dir.resolve("resx.properties").toString(), "--id", "2", "--fix-port", Integer.toString(port),
            "--engine", "aeron:udp?endpoint=127.0.0.1:" + engineUdpPort,
            "--events", "aeron:udp?endpoint=127.0.0.1:0|control=127.0.0.1:" + eventsControlPort + "|control-mode=dynamic")
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try
        {
            awaitLog(gateway, log, "ready");
            final String symbol = slot(8);
            opa.send(order("A-G1", "OP-A-1", symbol, '2', "7", "2"));
            opa.expect("ack", report("A-G1", '0'));

            final FixClient ope = new FixClient("OPE", SECRET_B, port, dir.resolve("client-ope"));
            OPEN.add(ope);
            assertThat(ope.awaitLogon(15_000)).isTrue();
            ope.send(order("E-G1", "OP-E-1", symbol, '1', "7", "2"));
            ope.expect("ack through gateway 2", report("E-G1", '0'));
            assertThat(str(ope.expect("fill through gateway 2", report("E-G1", 'F')), 39)).isEqualTo("2");
            assertThat(str(opa.expect("fill on gateway 1", report("A-G1", 'F')), 39)).isEqualTo("2");
            ope.close();
            OPEN.remove(ope);
        }
        finally
        {
            gateway.destroy();
            assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static FixClient client(final String compId, final String password, final String store) throws Exception
    {
        final FixClient client = new FixClient(compId, password, fixPort, dir.resolve("client-" + store));
        OPEN.add(client);
        assertThat(client.awaitLogon(15_000)).as(compId + " logs on").isTrue();
        return client;
    }

    static Message order(
        final String clOrdId, final String account, final String symbol, final char side, final String price,
        final String qty)
    {
        final Message order = new quickfix.fix44.NewOrderSingle();
        order.setString(11, clOrdId);
        order.setString(1, account);
        order.setString(55, symbol);
        order.setChar(54, side);
        order.setChar(40, '2');
        order.setString(44, price);
        order.setString(38, qty);
        order.setChar(59, '1');
        order.setUtcTimeStamp(60, LocalDateTime.now(ZoneOffset.UTC));
        return order;
    }

    private static Message cancel(final String clOrdId, final String orig, final String account, final String symbol)
    {
        final Message cancel = new quickfix.fix44.OrderCancelRequest();
        cancel.setString(11, clOrdId);
        cancel.setString(41, orig);
        cancel.setString(1, account);
        cancel.setString(55, symbol);
        cancel.setChar(54, '1');
        cancel.setUtcTimeStamp(60, LocalDateTime.now(ZoneOffset.UTC));
        return cancel;
    }

    private static Group leg(final String symbol, final char side, final String price, final String qty)
    {
        final Group leg = new quickfix.fix44.NewOrderMultileg.NoLegs();
        leg.setString(600, symbol);
        leg.setChar(624, side);
        leg.setString(566, price);
        leg.setString(687, qty);
        return leg;
    }

    static String participant(
        final String id, final String account, final String compId, final String password, final String extra)
    {
        return "{ \"id\": \"" + id + "\", \"accounts\": [\"" + account + "\"], \"sessions\": [ { \"senderCompId\": \"" +
            compId + "\", \"passwordHash\": \"" + PasswordHash.hash(password.toCharArray(), 1000) + "\"" + extra +
            " } ] }";
    }

    /**
     * Waits until a process's log holds the text; fails at once when that process has exited (the process is
     * passed in: other ITs use this too, and a static of this class would name this IT's server, not theirs).
     */
    static void awaitLog(final Process process, final Path log, final String text) throws Exception
    {
        final long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(120);
        while (System.currentTimeMillis() < deadline)
        {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text))
            {
                return;
            }
            if (!process.isAlive())
            {
                throw new AssertionError("exited: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in the log within 120 s: " + Files.readString(log));
    }

    private static int freeTcpPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
