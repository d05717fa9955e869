package io.resx.gateway.fix;

import io.resx.protocol.FixedPoint;
import org.junit.jupiter.api.Test;
import quickfix.Message;

import static org.assertj.core.api.Assertions.assertThat;

class OrderStateTest
{
    private final OrderState order = new OrderState(
        42, 1, "OP-A-1", "SPEC.3550-3560.CELL041", '1', false, "C1", FixedPoint.parse("10"), FixedPoint.parse("101"));

    @Test
    void shouldBeNewWithEverythingOpenBeforeAnyFill()
    {
        assertThat(order.ordStatus()).isEqualTo('0');
        assertThat(order.leavesQty()).isEqualTo(FixedPoint.parse("10"));
        assertThat(order.avgPx()).isEqualTo("0");
    }

    @Test
    void shouldAccumulateCumQtyAndAnExactVolumeWeightedAvgPx()
    {
        order.fill(FixedPoint.parse("100"), FixedPoint.parse("1"));
        order.fill(FixedPoint.parse("101"), FixedPoint.parse("3"));

        assertThat(order.ordStatus()).isEqualTo('1');
        assertThat(order.cumQty).isEqualTo(FixedPoint.parse("4"));
        assertThat(order.leavesQty()).isEqualTo(FixedPoint.parse("6"));
        assertThat(order.avgPx()).isEqualTo("100.75");
    }

    @Test
    void shouldBeFilledWhenNothingIsLeft()
    {
        order.fill(FixedPoint.parse("100"), FixedPoint.parse("10"));

        assertThat(order.ordStatus()).isEqualTo('2');
        assertThat(order.isFilled()).isTrue();
        assertThat(order.leavesQty()).isZero();
    }

    @Test
    void shouldWriteQuantitiesIntoAnExecutionReport() throws Exception
    {
        order.fill(FixedPoint.parse("101"), FixedPoint.parse("2.5"));

        final Message report = FixMessages.quantities(FixMessages.executionReport(
            "42", "7-1B", 'F', order.ordStatus(), order.clOrdId, order.account, order.symbol, order.side), order);

        assertThat(report.getString(14)).isEqualTo("2.5");
        assertThat(report.getString(151)).isEqualTo("7.5");
        assertThat(report.getString(6)).isEqualTo("101");
        assertThat(report.getString(39)).isEqualTo("1");
        assertThat(report.getString(150)).isEqualTo("F");
        assertThat(report.getString(44)).isEqualTo("101");
    }

    @Test
    void shouldMaskPasswordsInLogText()
    {
        assertThat(MaskingLogFactory.mask("8=FIX.4.4\u000135=A\u0001554=hunter2\u0001108=30\u0001"))
            .doesNotContain("hunter2").contains("554=***");
    }

    @Test
    void shouldCheckPasswordsAgainstTheirHashOnly()
    {
        final String hash = PasswordHash.hash("right".toCharArray(), 1000);

        assertThat(PasswordHash.matches("right".toCharArray(), hash)).isTrue();
        assertThat(PasswordHash.matches("wrong".toCharArray(), hash)).isFalse();
        assertThat(hash).doesNotContain("right");
    }

    @Test
    void shouldLimitASessionsRateAndRefillOverTime()
    {
        final RateLimiter limiter = new RateLimiter(5, 0);
        int allowed = 0;
        for (int i = 0; i < 20; i++)
        {
            allowed += limiter.tryAcquire(0) ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(5);
        assertThat(limiter.tryAcquire(200_000_000L)).isTrue();
    }
}
