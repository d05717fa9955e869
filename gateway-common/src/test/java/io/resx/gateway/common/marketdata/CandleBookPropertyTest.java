package io.resx.gateway.common.marketdata;

import io.resx.protocol.command.Command;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Candles against a reference that groups the trades by the start of their minute or hour and takes first, max,
 * min, last, sum and count; the forward curve and the bound on memory by example.
 */
class CandleBookPropertyTest
{
    private static final String SYMBOL = "SPEC.3550-3560.CELL041";
    private static final long T0 = Instant.parse("2026-06-01T09:58:30Z").getEpochSecond() * 1_000_000_000L;

    /** A trade: seconds after the previous one, price and qty fixed-point. */
    record Trade(long gapNs, long price, long qty)
    {
    }

    @Provide
    Arbitrary<List<Trade>> trades()
    {
        final Arbitrary<Long> gap = Arbitraries.longs().between(0, 400).map(s -> s * 1_000_000_000L / 4);
        final Arbitrary<Long> price = Arbitraries.longs().between(1, 500).map(p -> p * 10_000L);
        final Arbitrary<Long> qty = Arbitraries.longs().between(1, 30).map(q -> q * 1_000_000L);
        return Combinators.combine(gap, price, qty).as(Trade::new).list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void shouldAgreeWithGroupingTheTradesByInterval(@ForAll("trades") final List<Trade> trades)
    {
        final CandleBook book = new CandleBook();
        final List<long[]> stamped = new ArrayList<>();
        long now = T0;
        for (final Trade trade : trades)
        {
            now += trade.gapNs();
            book.onTrade(SYMBOL, trade.price(), trade.qty(), now, 2, 0);
            stamped.add(new long[] {now, trade.price(), trade.qty()});
        }
        for (final CandleBook.Interval interval : CandleBook.Interval.values())
        {
            assertThat(book.candles(SYMBOL, interval, Long.MIN_VALUE, Long.MAX_VALUE)).as(interval.text())
                .isEqualTo(reference(stamped, interval.lengthNs()));
        }
    }

    private static List<CandleBook.Candle> reference(final List<long[]> trades, final long lengthNs)
    {
        final TreeMap<Long, List<long[]>> byStart = new TreeMap<>();
        for (final long[] trade : trades)
        {
            byStart.computeIfAbsent(trade[0] / lengthNs * lengthNs, k -> new ArrayList<>()).add(trade);
        }
        final List<CandleBook.Candle> out = new ArrayList<>();
        byStart.forEach((start, in) -> out.add(new CandleBook.Candle(start, in.get(0)[1],
            in.stream().mapToLong(t -> t[1]).max().orElseThrow(), in.stream().mapToLong(t -> t[1]).min().orElseThrow(),
            in.get(in.size() - 1)[1], in.stream().mapToLong(t -> t[2]).sum(), in.size())));
        return out;
    }

    @Test
    void shouldKeepOnlyTheLatestDayOfMinutes()
    {
        final CandleBook book = new CandleBook();
        for (int minute = 0; minute < 1500; minute++)
        {
            book.onTrade(SYMBOL, 1_000_000L, 1_000_000L, T0 + minute * 60_000_000_000L, 2, 0);
        }
        final List<CandleBook.Candle> minutes = book.candles(SYMBOL, CandleBook.Interval.M1, Long.MIN_VALUE,
            Long.MAX_VALUE);
        assertThat(minutes).hasSize(CandleBook.Interval.M1.kept());
        assertThat(minutes.get(minutes.size() - 1).startNs()).isEqualTo(
            CandleBook.Interval.M1.startOf(T0 + 1499 * 60_000_000_000L));
        assertThat(book.candles(SYMBOL, CandleBook.Interval.H1, Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(26);
    }

    @Test
    void shouldForgetTheInstrumentTradedLeastRecentlyBeyondItsBound()
    {
        final CandleBook book = new CandleBook(2);
        book.onTrade("A.1", 1, 1, T0, 2, 0);
        book.onTrade("B.1", 1, 1, T0, 2, 0);
        book.onTrade("A.1", 1, 1, T0 + 1, 2, 0);
        book.onTrade("C.1", 1, 1, T0 + 2, 2, 0);
        assertThat(book.candles("B.1", CandleBook.Interval.M1, Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
        assertThat(book.candles("A.1", CandleBook.Interval.M1, Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(1);
    }

    @Test
    void shouldDrawTheForwardCurveOfTheSameHourAcrossDays()
    {
        final CandleBook book = new CandleBook();
        final String unit = "SPEC.3550-3560.CELL042";
        book.onTrade(unit + "@2026-12-01T10:00Z/PT1H", 5_000_000L, 2_000_000L, T0, 2, 0);
        book.onTrade(unit + "@2026-12-01T10:00Z/PT1H", 6_000_000L, 1_000_000L, T0 + 1, 2, 0);
        book.onTrade(unit + "@2026-12-01T11:00Z/PT1H", 9_000_000L, 1_000_000L, T0 + 2, 2, 0); // another hour
        book.onTrade(unit + "@2026-12-03T10:00Z/PT1H", 7_000_000L, 3_000_000L, T0 + 3, 2, 0);
        book.onTrade("SPEC.3550-3560.CELL043@2026-12-02T10:00Z/PT1H", 1_000_000L, 1_000_000L, T0 + 4, 2, 0);
        book.onListing(unit + "@2026-12-02T10:00Z/PT1H");
        final List<CandleBook.ForwardPoint> curve = book.forwardCurve(unit + "@2026-12-03T10:00Z/PT1H");
        assertThat(curve).extracting(CandleBook.ForwardPoint::symbol).containsExactly(
            unit + "@2026-12-01T10:00Z/PT1H", unit + "@2026-12-02T10:00Z/PT1H", unit + "@2026-12-03T10:00Z/PT1H");
        assertThat(curve).extracting(CandleBook.ForwardPoint::last).containsExactly(6_000_000L, Command.ABSENT,
            7_000_000L);
        assertThat(curve).extracting(CandleBook.ForwardPoint::volume).containsExactly(3_000_000L, 0L, 3_000_000L);
        assertThat(CandleBook.hourOf(unit + "@2026-12-03T10:00Z/PT1H")).isEqualTo("10:00");
    }
}
