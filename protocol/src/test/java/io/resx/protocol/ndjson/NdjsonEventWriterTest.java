package io.resx.protocol.ndjson;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class NdjsonEventWriterTest
{
    private final EngineEvent event = new EngineEvent();

    private static Command cause(final long sequence, final CommandType type)
    {
        final Command command = new Command().type(type);
        command.stamp(sequence, 1_000L);
        return command;
    }

    private static long fp(final String decimal)
    {
        return FixedPoint.parse(decimal);
    }

    private static String write(final EngineEvent event) throws IOException
    {
        final StringWriter out = new StringWriter();
        try (NdjsonEventWriter writer = new NdjsonEventWriter(out))
        {
            writer.write(event);
        }
        return out.toString();
    }

    @Test
    void shouldWriteAcceptedOrderWithItsIds() throws IOException
    {
        event.start(EventType.ACCEPTED, cause(7, CommandType.NEW_ORDER)).orderId(42);
        event.clOrdId().set("c1");
        event.account().set("A");

        assertThat(write(event)).isEqualTo(
            "{\"seq\":7,\"evt\":\"accepted\",\"cmd\":\"new\",\"clOrdId\":\"c1\",\"orderId\":42,\"account\":\"A\"}\n");
    }

    @Test
    void shouldWriteAcceptedListAndAccountWithOnlyTheFieldsSet() throws IOException
    {
        event.start(EventType.ACCEPTED, cause(1, CommandType.LIST));
        event.symbol().set("SPEC.3550-3560.CELL042");
        assertThat(write(event)).isEqualTo(
            "{\"seq\":1,\"evt\":\"accepted\",\"cmd\":\"list\",\"symbol\":\"SPEC.3550-3560.CELL042\"}\n");

        event.start(EventType.ACCEPTED, cause(2, CommandType.ACCOUNT));
        event.account().set("A");
        event.owner().set("telco-a");
        assertThat(write(event)).isEqualTo(
            "{\"seq\":2,\"evt\":\"accepted\",\"cmd\":\"account\",\"account\":\"A\",\"owner\":\"telco-a\"}\n");

        event.start(EventType.ACCEPTED, cause(3, CommandType.OWNER));
        event.owner().set("telco-a");
        assertThat(write(event)).isEqualTo(
            "{\"seq\":3,\"evt\":\"accepted\",\"cmd\":\"owner\",\"owner\":\"telco-a\"}\n");
    }

    @Test
    void shouldWriteRejectedWithLegAndDetail() throws IOException
    {
        event.start(EventType.REJECTED, cause(9, CommandType.BUNDLE))
            .reason(RejectReason.BUNDLE_LEG_UNFILLABLE)
            .legIndex(1);
        event.clOrdId().set("b1");
        event.account().set("VIO");
        event.detail().set("leg 1 \"CMPT.Y\" cannot fill");

        assertThat(write(event)).isEqualTo(
            "{\"seq\":9,\"evt\":\"rejected\",\"cmd\":\"bundle\",\"clOrdId\":\"b1\",\"account\":\"VIO\"," +
            "\"reason\":\"BUNDLE_LEG_UNFILLABLE\",\"leg\":1,\"detail\":\"leg 1 \\\"CMPT.Y\\\" cannot fill\"}\n");
    }

    @Test
    void shouldWriteRejectedInvalidLineWithoutOptionalFields() throws IOException
    {
        event.start(EventType.REJECTED, cause(4, CommandType.INVALID)).reason(RejectReason.MALFORMED);

        assertThat(write(event)).isEqualTo(
            "{\"seq\":4,\"evt\":\"rejected\",\"cmd\":\"invalid\",\"reason\":\"MALFORMED\"}\n");
    }

    @Test
    void shouldWriteTradeWithTheInstrumentsDecimals() throws IOException
    {
        event.start(EventType.TRADE, cause(12, CommandType.NEW_ORDER))
            .trade(3, Side.SELL)
            .priceQty(fp("10.2"), fp("2"))
            .orderIds(5, 8)
            .decimals(2, 0);
        event.symbol().set("ENRG.NODE7");
        event.buyAccount().set("A");
        event.buyClOrdId().set("c1");
        event.sellAccount().set("B");
        event.sellClOrdId().set("c9");

        assertThat(write(event)).isEqualTo(
            "{\"seq\":12,\"evt\":\"trade\",\"tradeId\":3,\"symbol\":\"ENRG.NODE7\",\"price\":\"10.20\",\"qty\":\"2\"," +
            "\"buyAccount\":\"A\",\"buyClOrdId\":\"c1\",\"sellAccount\":\"B\",\"sellClOrdId\":\"c9\"," +
            "\"aggressor\":\"SELL\",\"buyOrderId\":5,\"sellOrderId\":8}\n");
    }

    @Test
    void shouldWriteCancelled() throws IOException
    {
        event.start(EventType.CANCELLED, cause(13, CommandType.NEW_ORDER))
            .orderId(5)
            .leavesQty(fp("0.5"))
            .cancelReason(CancelReason.IOC)
            .decimals(2, 3);
        event.account().set("A");
        event.clOrdId().set("c1");
        event.symbol().set("S");

        assertThat(write(event)).isEqualTo(
            "{\"seq\":13,\"evt\":\"cancelled\",\"account\":\"A\",\"clOrdId\":\"c1\",\"orderId\":5,\"symbol\":\"S\"," +
            "\"leavesQty\":\"0.500\",\"reason\":\"IOC\"}\n");
    }

    @Test
    void shouldWriteReplaced() throws IOException
    {
        event.start(EventType.REPLACED, cause(14, CommandType.REPLACE))
            .orderId(5)
            .priceQty(fp("10.3"), fp("1"))
            .decimals(2, 0);
        event.account().set("A");
        event.clOrdId().set("c2");
        event.origClOrdId().set("c1");
        event.symbol().set("S");

        assertThat(write(event)).isEqualTo(
            "{\"seq\":14,\"evt\":\"replaced\",\"account\":\"A\",\"clOrdId\":\"c2\",\"origClOrdId\":\"c1\"," +
            "\"orderId\":5,\"symbol\":\"S\",\"price\":\"10.30\",\"qty\":\"1\"}\n");
    }

    @Test
    void shouldWriteBookBestFirstWithDecimalStringsAndOrderCounts() throws IOException
    {
        event.start(EventType.BOOK, cause(15, CommandType.BOOK)).decimals(2, 0);
        event.symbol().set("S");
        event.addLevel(Side.BUY, fp("10.25"), fp("3"), 2);
        event.addLevel(Side.BUY, fp("10.2"), fp("1"), 1);
        event.addLevel(Side.SELL, fp("10.5"), fp("4"), 3);

        assertThat(write(event)).isEqualTo(
            "{\"seq\":15,\"evt\":\"book\",\"symbol\":\"S\",\"bids\":[[\"10.25\",\"3\",2],[\"10.20\",\"1\",1]]," +
            "\"asks\":[[\"10.50\",\"4\",3]]}\n");
    }

    @Test
    void shouldWriteEmptyBook() throws IOException
    {
        event.start(EventType.BOOK, cause(16, CommandType.BOOK));
        event.symbol().set("S");

        assertThat(write(event)).isEqualTo("{\"seq\":16,\"evt\":\"book\",\"symbol\":\"S\",\"bids\":[],\"asks\":[]}\n");
    }

    @Test
    void shouldWriteAWholeLogOneLinePerEventAndLeaveTheTargetOpen() throws IOException
    {
        final EventLog log = new EventLog();
        final Command cause = cause(20, CommandType.CANCEL);
        log.add().start(EventType.ACCEPTED, cause).clOrdId().set("c2");
        log.add().start(EventType.CANCELLED, cause).orderId(5).cancelReason(CancelReason.USER).symbol().set("S");

        final var out = new StringWriter()
        {
            boolean closed;

            @Override
            public void close()
            {
                closed = true;
            }
        };
        final NdjsonEventWriter writer = new NdjsonEventWriter(out);
        writer.write(log);
        writer.write(log);
        writer.flush();

        final String twice =
            "{\"seq\":20,\"evt\":\"accepted\",\"cmd\":\"cancel\",\"clOrdId\":\"c2\"}\n" +
            "{\"seq\":20,\"evt\":\"cancelled\",\"account\":\"\",\"clOrdId\":\"\",\"orderId\":5,\"symbol\":\"S\"," +
            "\"leavesQty\":\"0\",\"reason\":\"USER\"}\n";
        assertThat(out.toString()).isEqualTo(twice + twice);

        writer.close();
        assertThat(out.closed).isFalse();
    }
}
