package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import org.junit.jupiter.api.Test;

import static io.resx.engine.support.Commands.account;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.market;
import static io.resx.engine.support.Commands.owner;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static io.resx.protocol.command.StpPolicy.CANCEL_AGGRESSOR;
import static io.resx.protocol.command.StpPolicy.CANCEL_RESTING;
import static io.resx.protocol.command.StpPolicy.OFF;
import static io.resx.protocol.command.TimeInForce.IOC;
import static org.assertj.core.api.Assertions.assertThat;

/** Self-trade prevention compares owners: CANCEL_AGGRESSOR by default, CANCEL_RESTING or OFF per owner. */
final class SelfTradePreventionTest
{
    private final TestExchange x = TestExchange.standard();

    @Test
    void shouldNotTradeBetweenAccountsOfTheSameOwnerByDefault()
    {
        x.given(limit("A1", "s1", "SYM", SELL, "10.00", "5"));

        assertThat(x.send(limit("A2", "b1", "SYM", BUY, "10.00", "5"))).containsExactly(
            "ACCEPTED A2 b1",
            "CANCELLED A2/b1 SYM leaves=5 STP");
        assertThat(x.asks("SYM")).containsExactly("A1/s1 5@10.00");
        assertThat(x.bids("SYM")).isEmpty();
    }

    @Test
    void shouldNotTradeAnAccountWithItself()
    {
        x.given(limit("A1", "s1", "SYM", SELL, "10.00", "5"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.00", "5"))).containsExactly(
            "ACCEPTED A1 b1",
            "CANCELLED A1/b1 SYM leaves=5 STP");
    }

    @Test
    void shouldCancelTheAggressorsRemainderAfterTradingWithOthersAheadOfItsOwnOrder()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "2"),
            limit("A1", "s2", "SYM", SELL, "10.00", "5"),
            limit("C1", "s3", "SYM", SELL, "10.00", "5"));

        assertThat(x.send(limit("A2", "b1", "SYM", BUY, "10.00", "6"))).containsExactly(
            "ACCEPTED A2 b1",
            "TRADE SYM 2@10.00 buy=A2/b1 sell=B1/s1 aggressor=BUY",
            "CANCELLED A2/b1 SYM leaves=4 STP");
        assertThat(x.asks("SYM")).containsExactly("A1/s2 5@10.00", "C1/s3 5@10.00");
    }

    @Test
    void shouldCancelAnIocOrMarketAggressorStoppedByStpWithReasonStp()
    {
        x.given(limit("A1", "s1", "SYM", SELL, "10.00", "5"));

        assertThat(x.send(limit("A2", "b1", "SYM", BUY, "10.00", "5").timeInForce(IOC)))
            .containsExactly("ACCEPTED A2 b1", "CANCELLED A2/b1 SYM leaves=5 STP");
        assertThat(x.send(market("A2", "m1", "SYM", BUY, "5")))
            .containsExactly("ACCEPTED A2 m1", "CANCELLED A2/m1 SYM leaves=5 STP");
    }

    @Test
    void shouldCancelTheRestingOwnOrderAndLetTheAggressorContinueUnderCancelResting()
    {
        x.given(
            owner("OA", CANCEL_RESTING),
            limit("A1", "s1", "SYM", SELL, "10.00", "5"),
            limit("C1", "s2", "SYM", SELL, "10.01", "5"));

        assertThat(x.send(limit("A2", "b1", "SYM", BUY, "10.01", "6"))).containsExactly(
            "ACCEPTED A2 b1",
            "CANCELLED A1/s1 SYM leaves=5 STP",
            "TRADE SYM 5@10.01 buy=A2/b1 sell=C1/s2 aggressor=BUY");
        assertThat(x.asks("SYM")).isEmpty();
        assertThat(x.bids("SYM")).containsExactly("A2/b1 1@10.01");
    }

    @Test
    void shouldTradeBetweenAccountsOfTheSameOwnerWhenStpIsOff()
    {
        x.given(owner("OA", OFF), limit("A1", "s1", "SYM", SELL, "10.00", "5"));

        assertThat(x.send(limit("A2", "b1", "SYM", BUY, "10.00", "5"))).containsExactly(
            "ACCEPTED A2 b1",
            "TRADE SYM 5@10.00 buy=A2/b1 sell=A1/s1 aggressor=BUY");
    }

    @Test
    void shouldApplyAPolicyChangeToLaterOrders()
    {
        x.given(owner("OA", OFF), owner("OA", CANCEL_AGGRESSOR), limit("A1", "s1", "SYM", SELL, "10.00", "5"));

        assertThat(x.send(limit("A2", "b1", "SYM", BUY, "10.00", "5")))
            .containsExactly("ACCEPTED A2 b1", "CANCELLED A2/b1 SYM leaves=5 STP");
    }

    @Test
    void shouldApplyAPolicySetBeforeTheOwnersFirstAccountOpens()
    {
        x.given(
            owner("ON", OFF),
            account("N1", "ON"),
            account("N2", "ON"),
            limit("N1", "s1", "SYM", SELL, "10.00", "5"));

        assertThat(x.send(limit("N2", "b1", "SYM", BUY, "10.00", "5")))
            .containsExactly("ACCEPTED N2 b1", "TRADE SYM 5@10.00 buy=N2/b1 sell=N1/s1 aggressor=BUY");
    }

    @Test
    void shouldNotPreventTradesBetweenDifferentOwners()
    {
        x.given(limit("A1", "s1", "SYM", SELL, "10.00", "5"));

        assertThat(x.send(limit("B1", "b1", "SYM", BUY, "10.00", "5")))
            .containsExactly("ACCEPTED B1 b1", "TRADE SYM 5@10.00 buy=B1/b1 sell=A1/s1 aggressor=BUY");
    }
}
