package io.resx.settlement.bridge;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * EIP-1559 fees for the operator's transactions, from the node's {@code eth_feeHistory}: the next block's base fee
 * (which the protocol sets from block fullness, never from what this bridge paid) and the median priority fee of
 * recent blocks. The tip is capped at {@code maxTipWei}, the fee cap at {@code ceilingWei}: a chain whose base fee
 * alone exceeds the ceiling gets no transaction ({@link #quote} answers null) and the batch waits. The policy has no
 * memory of past prices, so it cannot feed on itself.
 * <p>
 * A replacement (same nonce, for a stuck transaction) must raise both the tip and the fee cap by at least 10 % to be
 * accepted by geth-like nodes; {@link #bump} raises both by 12.5 % (rounded up) over the transaction it replaces, or
 * takes the fresh quote when that is higher, and stays within the ceiling.
 */
public final class FeePolicy
{
    /** Blocks of history asked for. */
    public static final int HISTORY_BLOCKS = 5;
    /** The reward percentile taken from each block. */
    public static final double TIP_PERCENTILE = 50.0;
    private static final BigInteger BUMP_NUM = BigInteger.valueOf(9);
    private static final BigInteger BUMP_DEN = BigInteger.valueOf(8);

    private final BigInteger ceilingWei;
    private final BigInteger maxTipWei;

    /**
     * Fees of one transaction.
     *
     * @param maxFeeWei the fee cap per gas (base fee + tip at most).
     * @param tipWei    the priority fee per gas.
     */
    public record Fees(BigInteger maxFeeWei, BigInteger tipWei)
    {
    }

    /**
     * @param ceilingWei most the operator pays per gas, whatever the chain asks; positive.
     * @param maxTipWei  most priority fee per gas; positive.
     */
    public FeePolicy(final BigInteger ceilingWei, final BigInteger maxTipWei)
    {
        if (ceilingWei.signum() <= 0 || maxTipWei.signum() <= 0)
        {
            throw new IllegalArgumentException("fee ceiling and tip cap must be positive: " + ceilingWei + ", " +
                maxTipWei);
        }
        this.ceilingWei = ceilingWei;
        this.maxTipWei = maxTipWei;
    }

    /**
     * @param gwei a price in gwei.
     * @return it in wei.
     */
    public static BigInteger gwei(final double gwei)
    {
        return java.math.BigDecimal.valueOf(gwei).movePointRight(9).toBigInteger();
    }

    /**
     * @param baseFeePerGas {@code eth_feeHistory}'s base fees, oldest first; the last is the next block's.
     * @param rewards       its rewards per block at {@link #TIP_PERCENTILE} (may be empty).
     * @return the fees to pay, or null when the next base fee plus a minimal tip is above the ceiling.
     */
    public Fees quote(final List<BigInteger> baseFeePerGas, final List<List<BigInteger>> rewards)
    {
        final BigInteger baseNext = baseFeePerGas.isEmpty() ? BigInteger.ZERO :
            baseFeePerGas.get(baseFeePerGas.size() - 1);
        final List<BigInteger> tips = new ArrayList<>();
        for (final List<BigInteger> block : rewards)
        {
            if (!block.isEmpty() && block.get(0) != null)
            {
                tips.add(block.get(0));
            }
        }
        Collections.sort(tips);
        BigInteger tip = tips.isEmpty() ? BigInteger.ONE : tips.get(tips.size() / 2).max(BigInteger.ONE);
        tip = tip.min(maxTipWei);
        if (baseNext.add(tip).compareTo(ceilingWei) > 0)
        {
            return null;
        }
        // twice the base fee: room for six full blocks of base-fee rises before the transaction is underpriced
        final BigInteger maxFee = baseNext.shiftLeft(1).add(tip).min(ceilingWei);
        return new Fees(maxFee, tip);
    }

    /**
     * @param replaced the fees of the transaction being replaced.
     * @param fresh    the current quote, or null.
     * @return fees for its replacement, both at least 12.5 % above {@code replaced} (or the ceiling).
     */
    public Fees bump(final Fees replaced, final Fees fresh)
    {
        BigInteger tip = raise(replaced.tipWei());
        BigInteger maxFee = raise(replaced.maxFeeWei());
        if (fresh != null)
        {
            tip = tip.max(fresh.tipWei());
            maxFee = maxFee.max(fresh.maxFeeWei());
        }
        maxFee = maxFee.min(ceilingWei);
        tip = tip.min(maxFee);
        return new Fees(maxFee, tip);
    }

    /** @return the ceiling per gas, wei. */
    public BigInteger ceilingWei()
    {
        return ceilingWei;
    }

    private static BigInteger raise(final BigInteger wei)
    {
        return wei.multiply(BUMP_NUM).divide(BUMP_DEN).add(BigInteger.ONE);
    }
}
