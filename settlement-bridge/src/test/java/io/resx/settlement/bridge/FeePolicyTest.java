package io.resx.settlement.bridge;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fee policy's arithmetic: from the fee history, capped, bumped within the replacement rules. */
class FeePolicyTest
{
    private static final BigInteger GWEI = FeePolicy.gwei(1);

    private final FeePolicy policy = new FeePolicy(FeePolicy.gwei(50), FeePolicy.gwei(2));

    @Test
    void shouldPayTwiceTheNextBaseFeePlusTheMedianTipCapped()
    {
        final FeePolicy.Fees fees = policy.quote(List.of(GWEI.multiply(BigInteger.valueOf(9)), GWEI.multiply(
            BigInteger.TEN)), List.of(List.of(GWEI), List.of(GWEI.multiply(BigInteger.valueOf(5))), List.of(GWEI)));
        assertThat(fees.tipWei()).isEqualTo(GWEI);
        assertThat(fees.maxFeeWei()).isEqualTo(GWEI.multiply(BigInteger.valueOf(21)));
        final FeePolicy.Fees greedy = policy.quote(List.of(GWEI), List.of(List.of(FeePolicy.gwei(30))));
        assertThat(greedy.tipWei()).isEqualTo(FeePolicy.gwei(2));
    }

    @Test
    void shouldStayUnderTheCeilingOrNotQuoteAtAll()
    {
        assertThat(policy.quote(List.of(FeePolicy.gwei(40)), List.of()).maxFeeWei()).isEqualTo(FeePolicy.gwei(50));
        assertThat(policy.quote(List.of(FeePolicy.gwei(50)), List.of(List.of(GWEI)))).isNull();
    }

    @Test
    void shouldBumpBothFeesByMoreThanTheReplacementMinimum()
    {
        final FeePolicy.Fees first = new FeePolicy.Fees(GWEI.multiply(BigInteger.valueOf(8)), GWEI);
        final FeePolicy.Fees bumped = policy.bump(first, null);
        assertThat(bumped.maxFeeWei()).isGreaterThan(GWEI.multiply(BigInteger.valueOf(9)));
        assertThat(bumped.tipWei().multiply(BigInteger.valueOf(8))).isGreaterThan(GWEI.multiply(BigInteger.valueOf(9)));
        final FeePolicy.Fees fresher = policy.bump(first, new FeePolicy.Fees(FeePolicy.gwei(20), FeePolicy.gwei(2)));
        assertThat(fresher).isEqualTo(new FeePolicy.Fees(FeePolicy.gwei(20), FeePolicy.gwei(2)));
        assertThat(policy.bump(new FeePolicy.Fees(FeePolicy.gwei(49), GWEI), null).maxFeeWei())
            .isEqualTo(FeePolicy.gwei(50));
    }
}
