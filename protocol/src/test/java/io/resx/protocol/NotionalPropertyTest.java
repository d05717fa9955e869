package io.resx.protocol;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The one notional against BigInteger arithmetic, over the whole fixed-point range of both operands. */
class NotionalPropertyTest
{
    private static final BigInteger ONE = BigInteger.valueOf(FixedPoint.ONE);

    @Property(tries = 5_000)
    void shouldBeTheFlooredProductWheneverItFitsTheCashRange(
        @ForAll @LongRange(min = 0, max = FixedPoint.MAX_VALUE) final long price,
        @ForAll @LongRange(min = 0, max = FixedPoint.MAX_VALUE) final long qty)
    {
        final BigInteger exact = BigInteger.valueOf(price).multiply(BigInteger.valueOf(qty)).divide(ONE);
        final boolean fits = exact.compareTo(BigInteger.valueOf(FixedPoint.MAX_VALUE)) <= 0;

        assertThat(Notional.of(price, qty)).isEqualTo(fits ? exact.longValueExact() : Notional.OVERFLOW);
        assertThat(Notional.saturated(price, qty)).isEqualTo(
            exact.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) <= 0 ? exact.longValueExact() : Long.MAX_VALUE);
    }

    @Property(tries = 2_000)
    void shouldBeExactForProductsNearTheCashLimit(
        @ForAll @LongRange(min = 1, max = 10_000_000) final long units,
        @ForAll @LongRange(min = 0, max = FixedPoint.ONE - 1) final long fraction)
    {
        // qty chosen so that price x qty lands around the limit, where 64-bit products overflow
        final long price = units * FixedPoint.ONE + fraction;
        final long qty = BigInteger.valueOf(FixedPoint.MAX_VALUE).multiply(ONE)
            .divide(BigInteger.valueOf(price)).longValue();
        final BigInteger exact = BigInteger.valueOf(price).multiply(BigInteger.valueOf(qty)).divide(ONE);

        assertThat(Notional.of(price, qty)).isEqualTo(exact.longValueExact()).isLessThanOrEqualTo(FixedPoint.MAX_VALUE);
        assertThat(Notional.of(price, qty + FixedPoint.ONE)).isEqualTo(Notional.OVERFLOW);
    }

    @Test
    void shouldTakeAnOrderOfTenMillionCashThatA64BitProductOverflows()
    {
        final long price = FixedPoint.parse("100.00");
        final long qty = FixedPoint.parse("100000");

        assertThat(Math.multiplyHigh(price, qty) != 0 || price * qty < 0).as("the raw product needs > 63 bits").isTrue();
        assertThat(Notional.of(price, qty)).isEqualTo(FixedPoint.parse("10000000"));
    }
}
