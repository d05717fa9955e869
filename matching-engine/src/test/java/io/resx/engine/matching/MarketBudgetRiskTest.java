package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import io.resx.protocol.text.AsciiKey;
import io.resx.risk.ClearingRisk;
import org.junit.jupiter.api.Test;

import static io.resx.engine.support.Commands.deposit;
import static io.resx.engine.support.Commands.fp;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.market;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static io.resx.protocol.command.TimeInForce.FOK;
import static io.resx.protocol.command.TimeInForce.IOC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With risk on, a MARKET FOK buy with a budget is bounded by its budget: it needs no protection price, the
 * budget is the cash it must have free, and it never spends more. Every other MARKET buy still needs its
 * protection price.
 */
final class MarketBudgetRiskTest
{
    private final TestExchange x = TestExchange.standardWithRisk();

    @Test
    void shouldTakeABudgetedMarketFokBuyWithoutProtectionAndSpendAtMostTheBudget()
    {
        x.given(deposit("A1", "CASH", "44"), deposit("B1", "SYM", "2"), deposit("C1", "SYM", "2"),
            limit("B1", "s1", "SYM", SELL, "10.00", "2"), limit("C1", "s2", "SYM", SELL, "12.00", "2"));

        // the balance events that follow the trades are not the point here
        assertThat(x.send(market("A1", "b1", "SYM", BUY, "4").timeInForce(FOK).budget(fp("44")))).startsWith(
            "ACCEPTED A1 b1",
            "TRADE SYM 2@10.00 buy=A1/b1 sell=B1/s1 aggressor=BUY",
            "TRADE SYM 2@12.00 buy=A1/b1 sell=C1/s2 aggressor=BUY");
        assertThat(cash("A1")).isZero();
        assertThat(locked("A1")).isZero();
    }

    @Test
    void shouldRefuseABudgetedMarketFokBuyWhoseBudgetExceedsFreeCash()
    {
        x.given(deposit("A1", "CASH", "43.99"), deposit("B1", "SYM", "4"),
            limit("B1", "s1", "SYM", SELL, "10.00", "4"));

        // It would cost 40.00 only, but the budget is what it may spend, and that is not free.
        assertThat(x.send(market("A1", "b1", "SYM", BUY, "4").timeInForce(FOK).budget(fp("44"))))
            .containsExactly("REJECTED A1 b1 INSUFFICIENT_CASH");
        assertThat(cash("A1")).isEqualTo(fp("43.99"));
    }

    @Test
    void shouldStillRequireProtectionForAMarketBuyWithoutBudget()
    {
        x.given(deposit("A1", "CASH", "1000"), deposit("B1", "SYM", "4"),
            limit("B1", "s1", "SYM", SELL, "10.00", "4"));

        assertThat(x.send(market("A1", "b1", "SYM", BUY, "4").timeInForce(FOK)))
            .containsExactly("REJECTED A1 b1 PROTECTION_REQUIRED");
        assertThat(x.send(market("A1", "b2", "SYM", BUY, "4").timeInForce(IOC)))
            .containsExactly("REJECTED A1 b2 PROTECTION_REQUIRED");
        assertThat(x.send(market("A1", "b3", "SYM", BUY, "4").timeInForce(IOC).budget(fp("40"))))
            .containsExactly("REJECTED A1 b3 BUDGET_NOT_ALLOWED");
        assertThat(cash("A1")).isEqualTo(fp("1000"));
    }

    @Test
    void shouldCancelABudgetedBuyThatWouldCostMoreWithNothingMoved()
    {
        x.given(deposit("A1", "CASH", "100"), deposit("B1", "SYM", "4"),
            limit("B1", "s1", "SYM", SELL, "10.00", "4"));

        assertThat(x.send(market("A1", "b1", "SYM", BUY, "4").timeInForce(FOK).budget(fp("39.99"))))
            .containsExactly("ACCEPTED A1 b1", "CANCELLED A1/b1 SYM leaves=4 FOK");
        assertThat(cash("A1")).isEqualTo(fp("100"));
        assertThat(locked("A1")).isZero();
    }

    private long cash(final String account)
    {
        final ClearingRisk risk = (ClearingRisk)x.engine().risk();
        return risk.total(x.engine().accounts().account(AsciiKey.of(account)), risk.asset("CASH"));
    }

    private long locked(final String account)
    {
        final ClearingRisk risk = (ClearingRisk)x.engine().risk();
        return risk.locked(x.engine().accounts().account(AsciiKey.of(account)), risk.asset("CASH"));
    }
}
