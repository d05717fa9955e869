package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import org.junit.jupiter.api.Test;

import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.market;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static io.resx.protocol.command.TimeInForce.FOK;
import static io.resx.protocol.command.TimeInForce.IOC;
import static org.assertj.core.api.Assertions.assertThat;

/** Market orders: trade at any price, never rest; the unfilled rest is cancelled with reason MARKET. */
final class MarketOrderTest
{
    private final TestExchange x = TestExchange.standard();

    @Test
    void shouldSweepEveryLevelAtTheRestingPrices()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "1"),
            limit("B1", "s2", "SYM", SELL, "50.00", "1"));

        assertThat(x.send(market("A1", "m1", "SYM", BUY, "2"))).containsExactly(
            "ACCEPTED A1 m1",
            "TRADE SYM 1@10.00 buy=A1/m1 sell=B1/s1 aggressor=BUY",
            "TRADE SYM 1@50.00 buy=A1/m1 sell=B1/s2 aggressor=BUY");
        assertThat(x.asks("SYM")).isEmpty();
    }

    @Test
    void shouldCancelTheUnfilledRestOfAMarketOrderWithReasonMarket()
    {
        x.given(limit("B1", "b1", "SYM", BUY, "9.00", "2"));

        assertThat(x.send(market("A1", "m1", "SYM", SELL, "5"))).containsExactly(
            "ACCEPTED A1 m1",
            "TRADE SYM 2@9.00 buy=B1/b1 sell=A1/m1 aggressor=SELL",
            "CANCELLED A1/m1 SYM leaves=3 MARKET");
        assertThat(x.bids("SYM")).isEmpty();
        assertThat(x.asks("SYM")).isEmpty();
    }

    @Test
    void shouldCancelAMarketOrderInFullOnAnEmptyBook()
    {
        assertThat(x.send(market("A1", "m1", "SYM", BUY, "5"))).containsExactly(
            "ACCEPTED A1 m1",
            "CANCELLED A1/m1 SYM leaves=5 MARKET");
        assertThat(x.engine().openOrderCount()).isZero();
    }

    @Test
    void shouldCancelTheRestOfAnIocMarketOrderWithReasonMarket()
    {
        assertThat(x.send(market("A1", "m1", "SYM", BUY, "5").timeInForce(IOC))).containsExactly(
            "ACCEPTED A1 m1",
            "CANCELLED A1/m1 SYM leaves=5 MARKET");
    }

    @Test
    void shouldKillAFokMarketOrderThatCannotFillInFullWithNothingTraded()
    {
        x.given(limit("B1", "s1", "SYM", SELL, "10.00", "4"));

        assertThat(x.send(market("A1", "m1", "SYM", BUY, "5").timeInForce(FOK))).containsExactly(
            "ACCEPTED A1 m1",
            "CANCELLED A1/m1 SYM leaves=5 FOK");
        assertThat(x.asks("SYM")).containsExactly("B1/s1 4@10.00");
    }

    @Test
    void shouldFillAFokMarketOrderAcrossLevels()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "4"),
            limit("C1", "s2", "SYM", SELL, "11.00", "4"));

        assertThat(x.send(market("A1", "m1", "SYM", BUY, "5").timeInForce(FOK))).containsExactly(
            "ACCEPTED A1 m1",
            "TRADE SYM 4@10.00 buy=A1/m1 sell=B1/s1 aggressor=BUY",
            "TRADE SYM 1@11.00 buy=A1/m1 sell=C1/s2 aggressor=BUY");
    }
}
