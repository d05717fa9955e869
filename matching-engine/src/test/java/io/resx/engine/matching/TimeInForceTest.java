package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import org.junit.jupiter.api.Test;

import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.owner;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static io.resx.protocol.command.StpPolicy.CANCEL_RESTING;
import static io.resx.protocol.command.StpPolicy.OFF;
import static io.resx.protocol.command.TimeInForce.FOK;
import static io.resx.protocol.command.TimeInForce.IOC;
import static org.assertj.core.api.Assertions.assertThat;

/** GTC rests, IOC trades what it can and cancels the rest, FOK fills in full or not at all. */
final class TimeInForceTest
{
    private final TestExchange x = TestExchange.standard();

    @Test
    void shouldCancelTheRestOfAnIocOrderWithReasonIoc()
    {
        x.given(limit("B1", "s1", "SYM", SELL, "10.00", "2"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.00", "5").timeInForce(IOC))).containsExactly(
            "ACCEPTED A1 b1",
            "TRADE SYM 2@10.00 buy=A1/b1 sell=B1/s1 aggressor=BUY",
            "CANCELLED A1/b1 SYM leaves=3 IOC");
        assertThat(x.bids("SYM")).isEmpty();
    }

    @Test
    void shouldNeverRestAnIocOrderThatCannotTrade()
    {
        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.00", "5").timeInForce(IOC))).containsExactly(
            "ACCEPTED A1 b1",
            "CANCELLED A1/b1 SYM leaves=5 IOC");
        assertThat(x.bids("SYM")).isEmpty();
        assertThat(x.engine().openOrderCount()).isZero();
    }

    @Test
    void shouldFillAnIocOrderInFullWithoutACancel()
    {
        x.given(limit("B1", "s1", "SYM", SELL, "10.00", "5"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.00", "5").timeInForce(IOC))).containsExactly(
            "ACCEPTED A1 b1",
            "TRADE SYM 5@10.00 buy=A1/b1 sell=B1/s1 aggressor=BUY");
    }

    @Test
    void shouldFillAFokOrderThatCanFillInFullAcrossLevels()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "2"),
            limit("C1", "s2", "SYM", SELL, "10.01", "2"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.01", "4").timeInForce(FOK))).containsExactly(
            "ACCEPTED A1 b1",
            "TRADE SYM 2@10.00 buy=A1/b1 sell=B1/s1 aggressor=BUY",
            "TRADE SYM 2@10.01 buy=A1/b1 sell=C1/s2 aggressor=BUY");
        assertThat(x.asks("SYM")).isEmpty();
    }

    @Test
    void shouldAcceptThenCancelAFokOrderThatCannotFillInFullWithNothingTraded()
    {
        x.given(limit("B1", "s1", "SYM", SELL, "10.00", "3"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.00", "4").timeInForce(FOK))).containsExactly(
            "ACCEPTED A1 b1",
            "CANCELLED A1/b1 SYM leaves=4 FOK");
        assertThat(x.asks("SYM")).containsExactly("B1/s1 3@10.00");
        assertThat(x.book("SYM").tradeCount()).isZero();
    }

    @Test
    void shouldNotCountLiquidityBeyondTheLimitForFok()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "3"),
            limit("B1", "s2", "SYM", SELL, "10.01", "3"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.00", "4").timeInForce(FOK))).containsExactly(
            "ACCEPTED A1 b1",
            "CANCELLED A1/b1 SYM leaves=4 FOK");
        assertThat(x.asks("SYM")).containsExactly("B1/s1 3@10.00", "B1/s2 3@10.01");
    }

    @Test
    void shouldNotCountLiquidityStpWouldRefuseForFok()
    {
        // A2's own-owner ask sits between enough outside liquidity: under CANCEL_AGGRESSOR matching would stop there.
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "2"),
            limit("A1", "own", "SYM", SELL, "10.00", "5"),
            limit("C1", "s2", "SYM", SELL, "10.00", "5"));

        assertThat(x.send(limit("A2", "b1", "SYM", BUY, "10.00", "4").timeInForce(FOK))).containsExactly(
            "ACCEPTED A2 b1",
            "CANCELLED A2/b1 SYM leaves=4 FOK");
        assertThat(x.asks("SYM")).containsExactly("B1/s1 2@10.00", "A1/own 5@10.00", "C1/s2 5@10.00");
    }

    @Test
    void shouldCountLiquidityBehindOwnOrdersForFokUnderCancelResting()
    {
        x.given(
            owner("OA", CANCEL_RESTING),
            limit("B1", "s1", "SYM", SELL, "10.00", "2"),
            limit("A1", "own", "SYM", SELL, "10.00", "5"),
            limit("C1", "s2", "SYM", SELL, "10.00", "5"));

        assertThat(x.send(limit("A2", "b1", "SYM", BUY, "10.00", "4").timeInForce(FOK))).containsExactly(
            "ACCEPTED A2 b1",
            "TRADE SYM 2@10.00 buy=A2/b1 sell=B1/s1 aggressor=BUY",
            "CANCELLED A1/own SYM leaves=5 STP",
            "TRADE SYM 2@10.00 buy=A2/b1 sell=C1/s2 aggressor=BUY");
        assertThat(x.asks("SYM")).containsExactly("C1/s2 3@10.00");
    }

    @Test
    void shouldNotCountOwnOrdersAsLiquidityForFokUnderCancelResting()
    {
        x.given(
            owner("OA", CANCEL_RESTING),
            limit("A1", "own", "SYM", SELL, "10.00", "5"),
            limit("C1", "s2", "SYM", SELL, "10.00", "2"));

        assertThat(x.send(limit("A2", "b1", "SYM", BUY, "10.00", "4").timeInForce(FOK))).containsExactly(
            "ACCEPTED A2 b1",
            "CANCELLED A2/b1 SYM leaves=4 FOK");
        assertThat(x.asks("SYM")).containsExactly("A1/own 5@10.00", "C1/s2 2@10.00");
    }

    @Test
    void shouldCountOwnOrdersAsLiquidityForFokWhenStpIsOff()
    {
        x.given(
            owner("OA", OFF),
            limit("A1", "own", "SYM", SELL, "10.00", "3"),
            limit("C1", "s2", "SYM", SELL, "10.00", "2"));

        assertThat(x.send(limit("A2", "b1", "SYM", BUY, "10.00", "4").timeInForce(FOK))).containsExactly(
            "ACCEPTED A2 b1",
            "TRADE SYM 3@10.00 buy=A2/b1 sell=A1/own aggressor=BUY",
            "TRADE SYM 1@10.00 buy=A2/b1 sell=C1/s2 aggressor=BUY");
    }
}
