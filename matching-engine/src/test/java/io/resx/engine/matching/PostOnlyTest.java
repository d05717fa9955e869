package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import org.junit.jupiter.api.Test;

import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.market;
import static io.resx.engine.support.Commands.replace;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static io.resx.protocol.command.TimeInForce.FOK;
import static io.resx.protocol.command.TimeInForce.IOC;
import static org.assertj.core.api.Assertions.assertThat;

/** Post-only orders only ever add liquidity: one that would cross is rejected, never repriced. */
final class PostOnlyTest
{
    private final TestExchange x = TestExchange.standard();

    @Test
    void shouldRestAPostOnlyOrderThatDoesNotCross()
    {
        x.given(limit("B1", "s1", "SYM", SELL, "10.01", "5"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.00", "5").postOnly(true)))
            .containsExactly("ACCEPTED A1 b1");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 5@10.00");
    }

    @Test
    void shouldRejectAPostOnlyOrderThatWouldCrossWithoutRepricingIt()
    {
        x.given(limit("B1", "s1", "SYM", SELL, "10.00", "5"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.05", "5").postOnly(true)))
            .containsExactly("REJECTED A1 b1 POST_ONLY_WOULD_CROSS");
        assertThat(x.bids("SYM")).isEmpty();
        assertThat(x.asks("SYM")).containsExactly("B1/s1 5@10.00");
    }

    @Test
    void shouldRejectAPostOnlyOrderAtExactlyTheOppositeBestPrice()
    {
        x.given(limit("B1", "b1", "SYM", BUY, "10.00", "5"));

        assertThat(x.send(limit("A1", "s1", "SYM", SELL, "10.00", "5").postOnly(true)))
            .containsExactly("REJECTED A1 s1 POST_ONLY_WOULD_CROSS");
        assertThat(x.asks("SYM")).isEmpty();
        assertThat(x.bids("SYM")).containsExactly("B1/b1 5@10.00");
    }

    @Test
    void shouldRejectPostOnlyOnOrdersThatCouldNeverRest()
    {
        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.00", "5").postOnly(true).timeInForce(IOC)))
            .containsExactly("REJECTED A1 b1 POST_ONLY_NOT_RESTING");
        assertThat(x.send(limit("A1", "b2", "SYM", BUY, "10.00", "5").postOnly(true).timeInForce(FOK)))
            .containsExactly("REJECTED A1 b2 POST_ONLY_NOT_RESTING");
        assertThat(x.send(market("A1", "b3", "SYM", BUY, "5").postOnly(true)))
            .containsExactly("REJECTED A1 b3 POST_ONLY_NOT_RESTING");
        assertThat(x.bids("SYM")).isEmpty();
    }

    @Test
    void shouldTradeARestingPostOnlyOrderAsTheMaker()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "5").postOnly(true));

        assertThat(x.send(limit("B1", "s1", "SYM", SELL, "9.99", "2"))).containsExactly(
            "ACCEPTED B1 s1",
            "TRADE SYM 2@10.00 buy=A1/b1 sell=B1/s1 aggressor=SELL");
    }

    @Test
    void shouldRejectAReplaceThatWouldMakeAPostOnlyOrderCross()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "10.00", "5").postOnly(true),
            limit("B1", "s1", "SYM", SELL, "10.02", "5"));

        assertThat(x.send(replace("A1", "b2", "b1", "10.02", null)))
            .containsExactly("REJECTED A1 b2 POST_ONLY_WOULD_CROSS");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 5@10.00");
        assertThat(x.asks("SYM")).containsExactly("B1/s1 5@10.02");
    }

    @Test
    void shouldLetAPostOnlyOrderBeRepricedWhereItDoesNotCross()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "10.00", "5").postOnly(true),
            limit("B1", "s1", "SYM", SELL, "10.02", "5"));

        assertThat(x.send(replace("A1", "b2", "b1", "10.01", null)))
            .containsExactly("ACCEPTED A1 b2", "REPLACED A1/b2 was=b1 SYM 5@10.01");
        assertThat(x.bids("SYM")).containsExactly("A1/b2 5@10.01");
    }
}
