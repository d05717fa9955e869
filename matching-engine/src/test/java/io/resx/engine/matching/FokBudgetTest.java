package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import io.resx.protocol.Notional;
import org.junit.jupiter.api.Test;

import static io.resx.engine.support.Commands.fp;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.list;
import static io.resx.engine.support.Commands.market;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static io.resx.protocol.command.TimeInForce.FOK;
import static io.resx.protocol.command.TimeInForce.GTC;
import static io.resx.protocol.command.TimeInForce.IOC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A FOK order with a budget fills its whole quantity within a total cash limit, or nothing: a buy pays at most
 * the budget in all, a sell receives at least the budget in all. The budget is a total, not a per-unit price.
 */
final class FokBudgetTest
{
    private final TestExchange x = TestExchange.standard();

    @Test
    void shouldFillABuyWhoseTotalCostIsWithinTheBudgetAcrossLevels()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "2"),
            limit("C1", "s2", "SYM", SELL, "12.00", "2"));

        // 2 × 10.00 + 2 × 12.00 = 44.00: exactly the budget.
        assertThat(x.send(market("A1", "b1", "SYM", BUY, "4").timeInForce(FOK).budget(fp("44")))).containsExactly(
            "ACCEPTED A1 b1",
            "TRADE SYM 2@10.00 buy=A1/b1 sell=B1/s1 aggressor=BUY",
            "TRADE SYM 2@12.00 buy=A1/b1 sell=C1/s2 aggressor=BUY");
        assertThat(x.asks("SYM")).isEmpty();
    }

    @Test
    void shouldCancelABuyWhoseTotalCostExceedsTheBudgetWithNothingTraded()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "2"),
            limit("C1", "s2", "SYM", SELL, "12.00", "2"));

        assertThat(x.send(market("A1", "b1", "SYM", BUY, "4").timeInForce(FOK).budget(fp("43.99"))))
            .containsExactly(
                "ACCEPTED A1 b1",
                "CANCELLED A1/b1 SYM leaves=4 FOK");
        assertThat(x.asks("SYM")).containsExactly("B1/s1 2@10.00", "C1/s2 2@12.00");
        assertThat(x.book("SYM").tradeCount()).isZero();
    }

    @Test
    void shouldCountOnlyTheQuantityNeededFromTheLastLevel()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "2"),
            limit("C1", "s2", "SYM", SELL, "12.00", "50"));

        // 2 × 10.00 + 1 × 12.00 = 32.00, not the whole 12.00 level.
        assertThat(x.send(market("A1", "b1", "SYM", BUY, "3").timeInForce(FOK).budget(fp("32")))).containsExactly(
            "ACCEPTED A1 b1",
            "TRADE SYM 2@10.00 buy=A1/b1 sell=B1/s1 aggressor=BUY",
            "TRADE SYM 1@12.00 buy=A1/b1 sell=C1/s2 aggressor=BUY");
    }

    @Test
    void shouldFillASellWhoseTotalProceedsReachTheBudget()
    {
        x.given(
            limit("B1", "b1", "SYM", BUY, "10.00", "1"),
            limit("C1", "b2", "SYM", BUY, "9.00", "1"));

        assertThat(x.send(market("A1", "s1", "SYM", SELL, "2").timeInForce(FOK).budget(fp("19")))).containsExactly(
            "ACCEPTED A1 s1",
            "TRADE SYM 1@10.00 buy=B1/b1 sell=A1/s1 aggressor=SELL",
            "TRADE SYM 1@9.00 buy=C1/b2 sell=A1/s1 aggressor=SELL");
    }

    @Test
    void shouldCancelASellWhoseTotalProceedsFallShortOfTheBudget()
    {
        x.given(
            limit("B1", "b1", "SYM", BUY, "10.00", "1"),
            limit("C1", "b2", "SYM", BUY, "9.00", "1"));

        assertThat(x.send(market("A1", "s1", "SYM", SELL, "2").timeInForce(FOK).budget(fp("19.01"))))
            .containsExactly(
                "ACCEPTED A1 s1",
                "CANCELLED A1/s1 SYM leaves=2 FOK");
        assertThat(x.bids("SYM")).containsExactly("B1/b1 1@10.00", "C1/b2 1@9.00");
    }

    @Test
    void shouldStillRequireTheWholeQuantityWhateverTheBudget()
    {
        x.given(limit("B1", "s1", "SYM", SELL, "10.00", "3"));

        assertThat(x.send(market("A1", "b1", "SYM", BUY, "4").timeInForce(FOK).budget(fp("1000000"))))
            .containsExactly(
                "ACCEPTED A1 b1",
                "CANCELLED A1/b1 SYM leaves=4 FOK");
    }

    @Test
    void shouldApplyBothTheLimitAndTheBudgetToALimitOrder()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "2"),
            limit("C1", "s2", "SYM", SELL, "12.00", "2"));

        // The budget would pay for all 4, but the limit of 11.00 leaves only 2 within reach.
        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "11.00", "4").timeInForce(FOK).budget(fp("100"))))
            .containsExactly(
                "ACCEPTED A1 b1",
                "CANCELLED A1/b1 SYM leaves=4 FOK");
    }

    @Test
    void shouldRoundTheExactTotalAgainstTheAggressor()
    {
        x.given(
            list("FINE", "0.000001", "0.000001"),
            limit("B1", "s1", "FINE", SELL, "0.000003", "0.5"),
            limit("C1", "b1", "FINE", BUY, "0.000001", "0.5"));

        // 0.000003 × 0.5 = 0.0000015: a buyer pays 0.000002 against the budget; 0.000001 × 0.5 gives a seller 0.
        assertThat(x.send(market("A1", "b2", "FINE", BUY, "0.5").timeInForce(FOK).budget(fp("0.000001"))))
            .containsExactly("ACCEPTED A1 b2", "CANCELLED A1/b2 FINE leaves=0.500000 FOK");
        assertThat(x.send(market("A1", "s2", "FINE", SELL, "0.5").timeInForce(FOK).budget(fp("0.000001"))))
            .containsExactly("ACCEPTED A1 s2", "CANCELLED A1/s2 FINE leaves=0.500000 FOK");
        assertThat(x.send(market("A1", "b3", "FINE", BUY, "0.5").timeInForce(FOK).budget(fp("0.000002"))))
            .containsExactly("ACCEPTED A1 b3", "TRADE FINE 0.500000@0.000003 buy=A1/b3 sell=B1/s1 aggressor=BUY");
    }

    @Test
    void shouldRoundTheExactTotalNotEachFill()
    {
        x.given(
            list("FINE", "0.000001", "0.000001"),
            limit("B1", "s1", "FINE", SELL, "0.000003", "0.5"),
            limit("C1", "s2", "FINE", SELL, "0.000003", "0.5"));

        // 2 × 0.0000015 = 0.000003 exactly: rounding each fill up would wrongly ask for 0.000004.
        assertThat(x.send(market("A1", "b1", "FINE", BUY, "1").timeInForce(FOK).budget(fp("0.000003"))))
            .containsExactly(
                "ACCEPTED A1 b1",
                "TRADE FINE 0.500000@0.000003 buy=A1/b1 sell=B1/s1 aggressor=BUY",
                "TRADE FINE 0.500000@0.000003 buy=A1/b1 sell=C1/s2 aggressor=BUY");
    }

    @Test
    void shouldRejectABudgetOnAnOrderThatIsNotFillOrKill()
    {
        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.00", "1").timeInForce(GTC).budget(fp("10"))))
            .containsExactly("REJECTED A1 b1 BUDGET_NOT_ALLOWED");
        assertThat(x.send(limit("A1", "b2", "SYM", BUY, "10.00", "1").timeInForce(IOC).budget(fp("10"))))
            .containsExactly("REJECTED A1 b2 BUDGET_NOT_ALLOWED");
    }

    @Test
    void shouldRejectABudgetOfZeroOrBelowOrAboveTheLargestValue()
    {
        assertThat(x.send(market("A1", "b1", "SYM", BUY, "1").timeInForce(FOK).budget(0)))
            .containsExactly("REJECTED A1 b1 BUDGET_NOT_POSITIVE");
        assertThat(x.send(market("A1", "b2", "SYM", BUY, "1").timeInForce(FOK).budget(Long.MAX_VALUE)))
            .containsExactly("REJECTED A1 b2 BUDGET_OVERFLOW");
    }

    @Test
    void shouldComputeNotionalsExactlyWithoutOverflow()
    {
        assertThat(Notional.saturated(fp("10.25"), fp("3"))).isEqualTo(fp("30.75"));
        assertThat(Notional.saturated(fp("0.000001"), fp("0.5"))).isZero();
        assertThat(Notional.saturated(fp("1000000"), fp("1000000"))).isEqualTo(fp("1000000000000"));
        assertThat(Notional.saturated(fp("1000000000000"), fp("1000000000000"))).isEqualTo(Long.MAX_VALUE);
    }
}
