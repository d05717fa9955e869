package io.resx.gateway.common.positions;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The position book against a reference model of average-cost accounting in exact fractions, and against the
 * cash identity that holds whatever the method: realised + unrealised P&amp;L = what was received for sales − what
 * was paid for buys + the position marked at the last price.
 */
class PositionBookPropertyTest
{
    private static final String SYMBOL = "SPEC.3550-3560.CELL041";
    private static final BigDecimal ONE_MICRO = new BigDecimal("0.000001");

    /** One trade of account A: buys when qty is positive; the counterparty is B. */
    record Trade(long qtyFixed, long priceFixed)
    {
    }

    /** Exact average-cost accounting: cost and P&amp;L as fractions num/den. */
    private static final class Reference
    {
        BigInteger position = BigInteger.ZERO; // fixed-point units (1e-6)
        BigDecimal[] avgCost = {BigDecimal.ZERO}; // exact where it terminates, else to 60 digits
        BigDecimal realised = BigDecimal.ZERO;
        static final MathContext WIDE = new MathContext(60);

        void trade(final long signedQty, final long price)
        {
            final BigDecimal q = BigDecimal.valueOf(signedQty, 6);
            final BigDecimal p = BigDecimal.valueOf(price, 6);
            final BigDecimal pos = new BigDecimal(position, 6);
            if (pos.signum() == 0 || pos.signum() == q.signum())
            {
                avgCost[0] = pos.abs().multiply(avgCost[0]).add(q.abs().multiply(p)).divide(pos.add(q).abs(), WIDE);
            }
            else
            {
                final BigDecimal closed = pos.abs().min(q.abs());
                realised = realised.add(closed.multiply(p.subtract(avgCost[0])).multiply(
                    BigDecimal.valueOf(pos.signum())));
                final BigDecimal after = pos.add(q);
                avgCost[0] = after.signum() == 0 ? BigDecimal.ZERO : after.signum() != pos.signum() ? p : avgCost[0];
            }
            position = position.add(BigInteger.valueOf(signedQty));
        }
    }

    @Provide
    Arbitrary<List<Trade>> trades()
    {
        final Arbitrary<Long> qty = Arbitraries.longs().between(1, 50).map(q -> q * 1_000_000L);
        final Arbitrary<Boolean> buy = Arbitraries.of(true, false);
        final Arbitrary<Long> price = Arbitraries.longs().between(9_000, 11_000).map(p -> p * 10_000L); // 90.00..110.00
        return Combinators.combine(qty, buy, price).as((q, b, p) -> new Trade(b ? q : -q, p)).list().ofMaxSize(40);
    }

    @Property(tries = 300)
    void shouldAgreeWithExactAverageCostAndTheCashIdentity(@ForAll("trades") final List<Trade> trades)
    {
        final PositionBook book = new PositionBook();
        final Reference reference = new Reference();
        BigDecimal cash = BigDecimal.ZERO;
        long last = 0;
        for (final Trade trade : trades)
        {
            final long qty = Math.abs(trade.qtyFixed());
            if (trade.qtyFixed() > 0)
            {
                book.onTrade("A", "B", SYMBOL, trade.priceFixed(), qty, 2, 0);
            }
            else
            {
                book.onTrade("B", "A", SYMBOL, trade.priceFixed(), qty, 2, 0);
            }
            reference.trade(trade.qtyFixed(), trade.priceFixed());
            cash = cash.subtract(BigDecimal.valueOf(trade.qtyFixed(), 6).multiply(BigDecimal.valueOf(
                trade.priceFixed(), 6)));
            last = trade.priceFixed();

            final PositionBook.Position a = book.positions("A").get(0);
            assertThat(a.position()).isEqualByComparingTo(new BigDecimal(reference.position, 6));
            assertThat(a.avgCost().subtract(reference.avgCost[0]).abs()).as("avgCost %s", a)
                .isLessThanOrEqualTo(ONE_MICRO);
            assertThat(a.realisedPnl().subtract(reference.realised).abs()).as("realised %s", a)
                .isLessThanOrEqualTo(ONE_MICRO);
            final BigDecimal marked = cash.add(new BigDecimal(reference.position, 6).multiply(
                BigDecimal.valueOf(last, 6)));
            // the identity: each output is rounded to 1e-6, the avg cost's rounding times the position adds more
            assertThat(a.realisedPnl().add(a.unrealisedPnl()).subtract(marked).abs()).as("identity %s", a)
                .isLessThanOrEqualTo(new BigDecimal("0.001"));
            final PositionBook.Position b = book.positions("B").get(0);
            assertThat(b.position()).isEqualByComparingTo(a.position().negate());
            assertThat(b.lastPrice()).isEqualByComparingTo(BigDecimal.valueOf(last, 6));
        }
    }

    @Test
    void shouldComputeTheHandExample()
    {
        // buy 10 @ 100, buy 10 @ 99 -> 20 @ 99.50; sell 5 @ 99.75 -> realised 5 x 0.25 = 1.25; last 99.75
        final PositionBook book = new PositionBook();
        book.onTrade("A", "B", SYMBOL, 100_000_000L, 10_000_000L, 2, 0);
        book.onTrade("A", "B", SYMBOL, 99_000_000L, 10_000_000L, 2, 0);
        book.onTrade("B", "A", SYMBOL, 99_750_000L, 5_000_000L, 2, 0);
        final PositionBook.Position a = book.positions("A").get(0);
        assertThat(a.position()).isEqualByComparingTo("15");
        assertThat(a.avgCost()).isEqualByComparingTo("99.50");
        assertThat(a.realisedPnl()).isEqualByComparingTo("1.25");
        assertThat(a.unrealisedPnl()).isEqualByComparingTo("3.75");
        final PositionBook.Position b = book.positions("B").get(0);
        assertThat(b.position()).isEqualByComparingTo("-15");
        assertThat(b.avgCost()).isEqualByComparingTo("99.50");
        assertThat(b.realisedPnl()).isEqualByComparingTo("-1.25");
        assertThat(b.unrealisedPnl()).isEqualByComparingTo("-3.75");
        assertThat(book.holders(SYMBOL)).containsExactlyInAnyOrder("A", "B");
    }

    @Test
    void shouldOpenTheRestAtTheTradePriceWhenATradeCrossesZero()
    {
        final PositionBook book = new PositionBook();
        book.onTrade("A", "B", SYMBOL, 100_000_000L, 4_000_000L, 2, 0); // long 4 @ 100
        book.onTrade("B", "A", SYMBOL, 103_000_000L, 10_000_000L, 2, 0); // sell 10 @ 103: +12, short 6 @ 103
        final PositionBook.Position a = book.positions("A").get(0);
        assertThat(a.position()).isEqualByComparingTo("-6");
        assertThat(a.avgCost()).isEqualByComparingTo("103");
        assertThat(a.realisedPnl()).isEqualByComparingTo("12");
        assertThat(a.unrealisedPnl().setScale(2, RoundingMode.HALF_EVEN)).isEqualByComparingTo("0");
    }
}
