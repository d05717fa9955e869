package io.resx.gateway.fix;

import io.resx.gateway.common.orders.OrderTracker;
import io.resx.gateway.common.orders.TrackedOrder;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import org.junit.jupiter.api.Test;
import quickfix.Message;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionReportQuantitiesTest
{
    @Test
    void shouldWriteTheTrackersQuantitiesIntoAnExecutionReport() throws Exception
    {
        final OrderTracker tracker = new OrderTracker(0);
        final Command command = new Command();
        final EventLog events = new EventLog();
        command.type(CommandType.NEW_ORDER).side(Side.BUY).price(FixedPoint.parse("101")).qty(FixedPoint.parse("10"));
        command.account().set("OP-A-1");
        command.clOrdId().set("C1");
        command.symbol().set("SPEC.3550-3560.CELL041");
        command.stamp(1, 1);
        events.add().start(EventType.ACCEPTED, command).orderId(42);
        tracker.apply(command, events, OrderTracker.NO_LISTENER);

        command.reset().type(CommandType.NEW_ORDER).side(Side.SELL).price(FixedPoint.parse("101"))
            .qty(FixedPoint.parse("2.5"));
        command.stamp(2, 2);
        events.clear();
        events.add().start(EventType.ACCEPTED, command).orderId(43);
        final EngineEvent trade = events.add().start(EventType.TRADE, command).trade(1, Side.SELL)
            .priceQty(FixedPoint.parse("101"), FixedPoint.parse("2.5")).orderIds(42, 43);
        trade.buyAccount().set("OP-A-1");
        trade.sellAccount().set("OP-B-1");
        final List<TrackedOrder> filled = new ArrayList<>();
        tracker.apply(command, events, new OrderTracker.Listener()
        {
            @Override
            public void onFill(final TrackedOrder order, final EngineEvent fill, final int index, final boolean buy)
            {
                filled.add(order);
            }
        });

        final TrackedOrder order = filled.get(0);
        final Message report = FixMessages.quantities(FixMessages.executionReport("42", "2-1B", 'F',
            order.status().fixCode(), order.clOrdId(), order.account(), order.symbol(),
            FixMessages.side(order.side()), order.updatedNs()), order);

        assertThat(report.getString(14)).isEqualTo("2.5");
        assertThat(report.getString(151)).isEqualTo("7.5");
        assertThat(report.getString(6)).isEqualTo("101");
        assertThat(report.getString(39)).isEqualTo("1");
        assertThat(report.getString(150)).isEqualTo("F");
        assertThat(report.getString(44)).isEqualTo("101");
        assertThat(report.getString(38)).isEqualTo("10");
    }

    @Test
    void shouldMaskPasswordsInLogText()
    {
        assertThat(MaskingLogFactory.mask("8=FIX.4.4\u000135=A\u0001554=hunter2\u0001108=30\u0001"))
            .doesNotContain("hunter2").contains("554=***");
    }
}
