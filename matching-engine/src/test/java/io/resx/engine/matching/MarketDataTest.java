package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import org.junit.jupiter.api.Test;

import static io.resx.engine.support.Commands.book;
import static io.resx.engine.support.Commands.fp;
import static io.resx.engine.support.Commands.limit;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

/** The market-data view: aggregated levels best first, best bid and ask, last trade. */
final class MarketDataTest
{
    private final TestExchange x = TestExchange.standard();

    @Test
    void shouldAggregateOrdersAtOnePriceIntoOneLevelAndListLevelsBestFirst()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "9.99", "1"),
            limit("B1", "b2", "SYM", BUY, "10.00", "2"),
            limit("C1", "b3", "SYM", BUY, "10.00", "3"),
            limit("B1", "s1", "SYM", SELL, "10.05", "4"),
            limit("C1", "s2", "SYM", SELL, "10.02", "5"));

        assertThat(x.send(book("SYM", 10))).containsExactly(
            "ACCEPTED BOOK SYM",
            "BOOK SYM bids=[5@10.00(2), 1@9.99(1)] asks=[5@10.02(1), 4@10.05(1)]");
    }

    @Test
    void shouldShowOnlyTheRequestedDepth()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "9.99", "1"),
            limit("A1", "b2", "SYM", BUY, "9.98", "1"),
            limit("A1", "b3", "SYM", BUY, "9.97", "1"));

        assertThat(x.send(book("SYM", 2))).endsWith("BOOK SYM bids=[1@9.99(1), 1@9.98(1)] asks=[]");
    }

    @Test
    void shouldShowAnEmptyBook()
    {
        assertThat(x.send(book("OTH", 5))).endsWith("BOOK OTH bids=[] asks=[]");
    }

    @Test
    void shouldShowTheBestBidAndAsk()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "9.99", "1"),
            limit("A1", "b2", "SYM", BUY, "10.00", "2"),
            limit("B1", "s1", "SYM", SELL, "10.05", "4"),
            limit("B1", "s2", "SYM", SELL, "10.03", "4"));

        final OrderBook book = x.book("SYM");
        assertThat(book.bids().best().price()).isEqualTo(fp("10.00"));
        assertThat(book.bids().best().openQty()).isEqualTo(fp("2"));
        assertThat(book.asks().best().price()).isEqualTo(fp("10.03"));
        assertThat(book.asks().level(1).price()).isEqualTo(fp("10.05"));
        assertThat(book.bids().best().head().clOrdId().toString()).isEqualTo("b2");
    }

    @Test
    void shouldShowTheLastTrade()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "2"),
            limit("B1", "s2", "SYM", SELL, "10.01", "2"));
        assertThat(x.book("SYM").tradeCount()).isZero();
        assertThat(x.book("SYM").lastPrice()).isZero();

        x.send(limit("A1", "b1", "SYM", BUY, "10.01", "3"));

        assertThat(x.book("SYM").lastPrice()).isEqualTo(fp("10.01"));
        assertThat(x.book("SYM").lastQty()).isEqualTo(fp("1"));
        assertThat(x.book("SYM").tradeCount()).isEqualTo(2);
    }

    @Test
    void shouldReduceALevelOnPartialFillsAndDropItWhenEmpty()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "2"),
            limit("C1", "s2", "SYM", SELL, "10.00", "3"),
            limit("C1", "s3", "SYM", SELL, "10.01", "3"));

        x.send(limit("A1", "b1", "SYM", BUY, "10.00", "3"));
        assertThat(x.send(book("SYM", 5))).endsWith("BOOK SYM bids=[] asks=[2@10.00(1), 3@10.01(1)]");

        x.send(limit("A1", "b2", "SYM", BUY, "10.00", "2"));
        assertThat(x.send(book("SYM", 5))).endsWith("BOOK SYM bids=[] asks=[3@10.01(1)]");
        assertThat(x.book("SYM").asks().depth()).isEqualTo(1);
    }

    @Test
    void shouldPrintPricesAndQuantitiesWithTheDecimalsTheInstrumentQuotes()
    {
        x.given(limit("B1", "s1", "ALT", SELL, "10.05", "2.5"));

        assertThat(x.send(book("ALT", 1))).endsWith("BOOK ALT bids=[] asks=[2.5@10.05(1)]");
        final var event = x.process(book("ALT", 1)).get(1);
        assertThat(event.priceDecimals()).isEqualTo(2);
        assertThat(event.qtyDecimals()).isEqualTo(1);
    }

    @Test
    void shouldRejectABookQueryForAnUnknownSymbolOrADepthOutOfRange()
    {
        assertThat(x.send(book("NOPE", 5))).containsExactly("REJECTED UNKNOWN_SYMBOL");
        assertThat(x.send(book("SYM", 0))).containsExactly("REJECTED INVALID_DEPTH");
        assertThat(x.send(book("SYM", 1001))).containsExactly("REJECTED INVALID_DEPTH");
        assertThat(x.send(book("SYM", 1000))).hasSize(2);
    }
}
