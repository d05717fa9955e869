package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import org.junit.jupiter.api.Test;

import static io.resx.engine.support.Commands.limit;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

/** Price-time priority matching of GTC limit orders, one book per instrument. */
final class LimitOrderMatchingTest
{
    private final TestExchange x = TestExchange.standard();

    @Test
    void shouldRestALimitOrderThatDoesNotCross()
    {
        x.given(limit("B1", "s1", "SYM", SELL, "10.01", "5"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.00", "5"))).containsExactly("ACCEPTED A1 b1");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 5@10.00");
        assertThat(x.asks("SYM")).containsExactly("B1/s1 5@10.01");
    }

    @Test
    void shouldTradeAtTheRestingOrdersPrice()
    {
        x.given(limit("B1", "s1", "SYM", SELL, "10.00", "5"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.05", "5"))).containsExactly(
            "ACCEPTED A1 b1",
            "TRADE SYM 5@10.00 buy=A1/b1 sell=B1/s1 aggressor=BUY");
    }

    @Test
    void shouldTradeAtTheRestingBidsPriceWhenASellAggresses()
    {
        x.given(limit("B1", "b1", "SYM", BUY, "10.00", "5"));

        assertThat(x.send(limit("A1", "s1", "SYM", SELL, "9.90", "2"))).containsExactly(
            "ACCEPTED A1 s1",
            "TRADE SYM 2@10.00 buy=B1/b1 sell=A1/s1 aggressor=SELL");
        assertThat(x.bids("SYM")).containsExactly("B1/b1 3@10.00");
    }

    @Test
    void shouldMatchTheBestPriceFirst()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.02", "1"),
            limit("B1", "s2", "SYM", SELL, "10.00", "1"),
            limit("B1", "s3", "SYM", SELL, "10.01", "1"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.02", "2"))).containsExactly(
            "ACCEPTED A1 b1",
            "TRADE SYM 1@10.00 buy=A1/b1 sell=B1/s2 aggressor=BUY",
            "TRADE SYM 1@10.01 buy=A1/b1 sell=B1/s3 aggressor=BUY");
        assertThat(x.asks("SYM")).containsExactly("B1/s1 1@10.02");
    }

    @Test
    void shouldMatchTheOlderOrderFirstWithinAPriceLevel()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "2"),
            limit("C1", "s2", "SYM", SELL, "10.00", "2"),
            limit("B1", "s3", "SYM", SELL, "10.00", "2"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.00", "3"))).containsExactly(
            "ACCEPTED A1 b1",
            "TRADE SYM 2@10.00 buy=A1/b1 sell=B1/s1 aggressor=BUY",
            "TRADE SYM 1@10.00 buy=A1/b1 sell=C1/s2 aggressor=BUY");
        assertThat(x.asks("SYM")).containsExactly("C1/s2 1@10.00", "B1/s3 2@10.00");
    }

    @Test
    void shouldRestTheUnfilledRestOfAGtcLimitOrderAtItsLimit()
    {
        x.given(limit("B1", "s1", "SYM", SELL, "10.00", "2"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.03", "5"))).containsExactly(
            "ACCEPTED A1 b1",
            "TRADE SYM 2@10.00 buy=A1/b1 sell=B1/s1 aggressor=BUY");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 3@10.03");
        assertThat(x.asks("SYM")).isEmpty();
    }

    @Test
    void shouldNotTradeBeyondTheLimitPrice()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "1"),
            limit("B1", "s2", "SYM", SELL, "10.01", "1"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.00", "2"))).containsExactly(
            "ACCEPTED A1 b1",
            "TRADE SYM 1@10.00 buy=A1/b1 sell=B1/s1 aggressor=BUY");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 1@10.00");
        assertThat(x.asks("SYM")).containsExactly("B1/s2 1@10.01");
    }

    @Test
    void shouldTradePartOfARestingOrderAndLeaveItsRestInPlace()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "5"),
            limit("C1", "s2", "SYM", SELL, "10.00", "5"));

        x.send(limit("A1", "b1", "SYM", BUY, "10.00", "2"));

        assertThat(x.asks("SYM")).containsExactly("B1/s1 3@10.00", "C1/s2 5@10.00");
    }

    @Test
    void shouldKeepTheBooksOfDifferentInstrumentsApart()
    {
        x.given(limit("B1", "s1", "OTH", SELL, "10.00", "5"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.00", "5"))).containsExactly("ACCEPTED A1 b1");
        assertThat(x.asks("OTH")).containsExactly("B1/s1 5@10.00");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 5@10.00");
    }

    @Test
    void shouldGiveEveryAcceptedOrderANewOrderIdAndEveryTradeANewTradeId()
    {
        final long first = x.process(limit("B1", "s1", "SYM", SELL, "10.00", "5")).get(0).orderId();
        final var events = x.process(limit("A1", "b1", "SYM", BUY, "10.00", "2"));
        final var more = x.process(limit("C1", "b2", "SYM", BUY, "10.00", "2"));

        assertThat(events.get(0).orderId()).isGreaterThan(first);
        assertThat(more.get(0).orderId()).isGreaterThan(events.get(0).orderId());
        assertThat(events.get(1).sellOrderId()).isEqualTo(first);
        assertThat(events.get(1).buyOrderId()).isEqualTo(events.get(0).orderId());
        assertThat(more.get(1).tradeId()).isGreaterThan(events.get(1).tradeId());
    }
}
