package io.resx.gateway.common.orders;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.CancelReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderTrackerTest
{
    private final OrderTracker tracker = new OrderTracker(2);
    private final Outcomes outcomes = new Outcomes();

    @Test
    void shouldBeNewWithEverythingOpenBeforeAnyFill()
    {
        outcomes.newOrder(42, "OP-A-1", "C1", Side.BUY, FixedPoint.parse("101"), FixedPoint.parse("10")).into(tracker);

        final OrderView order = tracker.openOrder(42);
        assertThat(order.status()).isEqualTo(OrdStatus.NEW);
        assertThat(order.status().fixCode()).isEqualTo('0');
        assertThat(order.leavesQty()).isEqualTo(FixedPoint.parse("10"));
        assertThat(order.avgPx()).isZero();
        assertThat(order.price()).isEqualTo(FixedPoint.parse("101"));
    }

    @Test
    void shouldAccumulateCumQtyAndAnExactVolumeWeightedAvgPx()
    {
        outcomes.newOrder(42, "OP-A-1", "C1", Side.BUY, FixedPoint.parse("101"), FixedPoint.parse("10")).into(tracker);
        outcomes.trade(42, "OP-A-1", "C1", Side.BUY, FixedPoint.parse("100"), FixedPoint.parse("1"), 43).into(tracker);
        outcomes.trade(42, "OP-A-1", "C1", Side.BUY, FixedPoint.parse("101"), FixedPoint.parse("3"), 44).into(tracker);

        final OrderView order = tracker.openOrder(42);
        assertThat(order.status()).isEqualTo(OrdStatus.PARTIALLY_FILLED);
        assertThat(order.cumQty()).isEqualTo(FixedPoint.parse("4"));
        assertThat(order.leavesQty()).isEqualTo(FixedPoint.parse("6"));
        assertThat(order.avgPx()).isEqualTo(FixedPoint.parse("100.75"));
    }

    @Test
    void shouldCloseAFilledOrderAndKeepItsFillsNewestFirst()
    {
        outcomes.newOrder(42, "OP-A-1", "C1", Side.SELL, FixedPoint.parse("100"), FixedPoint.parse("10"))
            .into(tracker);
        outcomes.trade(42, "OP-A-1", "C1", Side.SELL, FixedPoint.parse("100"), FixedPoint.parse("4"), 43)
            .into(tracker);
        outcomes.trade(42, "OP-A-1", "C1", Side.SELL, FixedPoint.parse("100"), FixedPoint.parse("6"), 44)
            .into(tracker);

        assertThat(tracker.openOrder(42)).isNull();
        assertThat(tracker.openOrders("OP-A-1")).isEmpty();
        assertThat(tracker.fills("OP-A-1", 10)).extracting(Fill::qty)
            .containsExactly(FixedPoint.parse("6"), FixedPoint.parse("4"));
        assertThat(tracker.fills("OP-A-1", 10).get(0).taker()).isFalse();
        assertThat(tracker.fills("TAKER", 10).get(0).taker()).isTrue();
    }

    @Test
    void shouldKeepOnlyTheNewestFillsPerAccount()
    {
        outcomes.newOrder(42, "A", "C1", Side.SELL, 100, 10).into(tracker);
        for (int i = 0; i < 3; i++)
        {
            outcomes.trade(42, "A", "C1", Side.SELL, 100, 1, 50 + i).into(tracker);
        }

        assertThat(tracker.fills("A", 10)).extracting(Fill::orderId).containsExactly(42L, 42L);
        assertThat(tracker.fills("A", 10)).extracting(Fill::sequence).containsExactly(4L, 3L);
    }

    @Test
    void shouldFollowAReplaceByItsNewClOrdId()
    {
        outcomes.newOrder(42, "A", "C1", Side.BUY, 100, 10).into(tracker);
        outcomes.replace(42, "A", "C1", "C2", 99, 12).into(tracker);

        assertThat(tracker.openOrder("A", "C1")).isNull();
        final OrderView order = tracker.openOrder("A", "C2");
        assertThat(order.orderId()).isEqualTo(42);
        assertThat(order.orderQty()).isEqualTo(12);
        assertThat(order.price()).isEqualTo(99);
    }

    @Test
    void shouldEndAnOrderExpiredAtGateClosureAndCancelledOtherwise()
    {
        outcomes.newOrder(1, "A", "C1", Side.BUY, 100, 10).into(tracker);
        outcomes.newOrder(2, "A", "C2", Side.BUY, 100, 10).into(tracker);
        final CapturingListener listener = new CapturingListener();
        outcomes.cancel(1, "A", "C1", CancelReason.EXPIRED);
        tracker.apply(outcomes.command, outcomes.events, listener);
        outcomes.cancel(2, "A", "C2", CancelReason.USER);
        tracker.apply(outcomes.command, outcomes.events, listener);

        assertThat(listener.ended).containsExactly(OrdStatus.EXPIRED, OrdStatus.CANCELED);
        assertThat(tracker.openOrders("A")).isEmpty();
    }

    @Test
    void shouldIgnoreAnOutcomeItHasAlreadyApplied()
    {
        outcomes.newOrder(42, "A", "C1", Side.BUY, 100, 10).into(tracker);
        outcomes.trade(42, "A", "C1", Side.BUY, 100, 3, 43);

        assertThat(outcomes.into(tracker)).isTrue();
        assertThat(outcomes.into(tracker)).isFalse();
        assertThat(tracker.openOrder(42).cumQty()).isEqualTo(3);
        assertThat(tracker.lastSequence()).isEqualTo(2);
    }

    private static final class CapturingListener implements OrderTracker.Listener
    {
        final java.util.List<OrdStatus> ended = new java.util.ArrayList<>();

        @Override
        public void onCancelled(
            final TrackedOrder order, final io.resx.protocol.event.EngineEvent cancelled, final int index)
        {
            ended.add(order.status());
        }
    }
}
