package io.resx.gateway.fix;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.RejectReason;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import quickfix.Group;
import quickfix.Message;

import static org.assertj.core.api.Assertions.assertThat;

class FixToCommandTest
{
    private final Command command = new Command();

    @Test
    void shouldTranslateANewOrderSingleWithDecimalsAsText()
    {
        final Message d = order();

        FixToCommand.newOrder(d, command);

        assertThat(command.type()).isEqualTo(CommandType.NEW_ORDER);
        assertThat(command.clOrdId().toString()).isEqualTo("C1");
        assertThat(command.account().toString()).isEqualTo("OP-A-1");
        assertThat(command.symbol().toString()).isEqualTo("SPEC.3550-3560.CELL041");
        assertThat(command.side()).isEqualTo(Side.SELL);
        assertThat(command.orderType()).isEqualTo(OrderType.LIMIT);
        assertThat(command.timeInForce()).isEqualTo(TimeInForce.IOC);
        assertThat(command.postOnly()).isFalse();
        assertThat(command.price()).isEqualTo(FixedPoint.parse("100.123456"));
        assertThat(command.qty()).isEqualTo(FixedPoint.parse("0.1"));
    }

    @Test
    void shouldReadPostOnlyFromExecInst6()
    {
        final Message d = order();
        d.setString(59, "1");
        d.setString(18, "6");

        FixToCommand.newOrder(d, command);

        assertThat(command.postOnly()).isTrue();
        assertThat(command.timeInForce()).isEqualTo(TimeInForce.GTC);
    }

    @Test
    void shouldTurnAPriceWithTooManyDecimalsIntoASpecificInvalidCommand()
    {
        final Message d = order();
        d.setString(44, "1.0000001");

        FixToCommand.newOrder(d, command);

        assertThat(command.type()).isEqualTo(CommandType.INVALID);
        assertThat(command.invalidReason()).isEqualTo(RejectReason.PRICE_OFF_TICK);
        assertThat(command.detail().toString()).contains("Price (44)");
    }

    @Test
    void shouldRefuseDayOrdersAndUnknownOrdTypes()
    {
        final Message day = order();
        day.setString(59, "0");
        assertThat(FixToCommand.newOrder(day, command.reset()).detail().toString()).contains("TimeInForce (59)");

        final Message stop = order();
        stop.setString(40, "3");
        assertThat(FixToCommand.newOrder(stop, command.reset()).detail().toString()).contains("OrdType (40)");
    }

    @Test
    void shouldRefuseAClOrdIdLongerThanTheEngineHolds()
    {
        final Message d = order();
        d.setString(11, "X".repeat(Command.MAX_ID_LENGTH + 1));

        FixToCommand.newOrder(d, command);

        assertThat(command.invalidReason()).isEqualTo(RejectReason.ID_TOO_LONG);
    }

    @Test
    void shouldTranslateCancelReplaceAndBundle()
    {
        final Message g = new quickfix.fix44.OrderCancelReplaceRequest();
        g.setString(11, "C2");
        g.setString(41, "C1");
        g.setString(1, "OP-A-1");
        g.setString(38, "7");
        FixToCommand.replace(g, command.reset());
        assertThat(command.type()).isEqualTo(CommandType.REPLACE);
        assertThat(command.origClOrdId().toString()).isEqualTo("C1");
        assertThat(command.price()).isEqualTo(Command.ABSENT);
        assertThat(command.qty()).isEqualTo(FixedPoint.parse("7"));

        final Message ab = new quickfix.fix44.NewOrderMultileg();
        ab.setString(11, "B1");
        ab.setString(1, "OP-A-1");
        for (final String symbol : new String[] {"A.B.C", "D.E.F"})
        {
            final Group leg = new quickfix.fix44.NewOrderMultileg.NoLegs();
            leg.setString(600, symbol);
            leg.setChar(624, '1');
            leg.setString(566, "2.5");
            leg.setString(687, "3");
            ab.addGroup(leg);
        }
        FixToCommand.bundle(ab, command.reset());
        assertThat(command.type()).isEqualTo(CommandType.BUNDLE);
        assertThat(command.legCount()).isEqualTo(2);
        assertThat(command.leg(1).symbol().toString()).isEqualTo("D.E.F");
        assertThat(command.leg(1).price()).isEqualTo(FixedPoint.parse("2.5"));
    }

    @Test
    void shouldRoundTripATranslatedCommandThroughTheGatewayCodec()
    {
        FixToCommand.newOrder(order(), command);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        final GatewayCodec codec = new GatewayCodec();

        final int length = codec.encodeRequest(buffer, 0, 3, 7, 99, command);
        assertThat(codec.decodeRoute(buffer, 0, length)).isEqualTo(GatewayCodec.Kind.COMMAND);
        final Command decoded = new Command();
        codec.decodeCommand(buffer, 0, length, decoded);

        assertThat(codec.gatewayId()).isEqualTo(3);
        assertThat(codec.sessionId()).isEqualTo(7);
        assertThat(codec.correlationId()).isEqualTo(99);
        assertThat(decoded.clOrdId().toString()).isEqualTo("C1");
        assertThat(decoded.price()).isEqualTo(command.price());
        assertThat(decoded.timeInForce()).isEqualTo(TimeInForce.IOC);
    }

    private static Message order()
    {
        final Message d = new quickfix.fix44.NewOrderSingle();
        d.setString(11, "C1");
        d.setString(1, "OP-A-1");
        d.setString(55, "SPEC.3550-3560.CELL041");
        d.setChar(54, '2');
        d.setChar(40, '2');
        d.setString(44, "100.123456");
        d.setString(38, "0.1");
        d.setChar(59, '3');
        return d;
    }
}
