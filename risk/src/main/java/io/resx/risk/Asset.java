package io.resx.risk;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.text.AsciiKey;
import org.agrona.collections.IntArrayList;

/**
 * Something an account holds a balance of: {@code CASH} (the settlement token), {@code COLLATERAL} (cash pledged
 * in the settlement vault to back credit), units of an ownership or energy instrument, or a lease slot. A lease
 * slot's balance is the lessee's right of use (positive) or the lessor's obligation (negative, units leased
 * out), so every slot's balances sum to zero. Reference data: created by listings, changed by admin commands.
 */
public final class Asset
{
    /** What the asset is. */
    public enum Kind
    {
        /** The settlement token. */
        CASH,
        /** Cash pledged to back credit; applied first in a default. */
        COLLATERAL,
        /** Units of an ownership (spectrum, compute) or energy instrument. */
        UNITS,
        /** The right to use a unit of an ownership instrument for one slot. */
        LEASE
    }

    final int id;
    final AsciiKey symbol;
    final Kind kind;
    int decimals;
    boolean listed;
    /** For a lease: the ownership asset; otherwise null. */
    Asset underlying;
    /** For an ownership asset: its listed lease slots. */
    final IntArrayList leaseSlots = new IntArrayList();
    /** Spectrum only: the channel and location, for concentration caps; channelHighKhz 0 when not spectrum. */
    long channelLowKhz;
    long channelHighKhz;
    String location;
    /** For a lease: the slot text after '@', so leases of one slot on different channels group together. */
    String slot;
    /** Sum of every account's total: changes only by deposits and withdrawals. */
    long supply;
    /** Price band half-width as a fraction (ABSENT = no band), and the reference price (0 = none yet). */
    long bandFraction = Command.ABSENT;
    long referencePrice;
    CapGroup capGroup;
    /**
     * Spectrum ownership only, the use-it-or-share-it rule: the floor of its slots' clearing (ABSENT: no rule),
     * the share of the clearing price the owner gives up (fixed-point fraction) and the account that gets it.
     */
    long shareFloor = Command.ABSENT;
    long shareFraction;
    Account shareBeneficiary;

    Asset(final int id, final AsciiKey symbol, final Kind kind, final int decimals)
    {
        this.id = id;
        this.symbol = symbol;
        this.kind = kind;
        this.decimals = decimals;
    }

    /** @return dense id: 0 CASH, 1 COLLATERAL, then instruments in order of first mention. */
    public int id()
    {
        return id;
    }

    /** @return the asset's name: CASH, COLLATERAL or the instrument symbol. */
    public AsciiKey symbol()
    {
        return symbol;
    }

    /** @return what the asset is. */
    public Kind kind()
    {
        return kind;
    }

    /** @return decimals amounts of it are printed with (the lot's for instruments, six for cash). */
    public int decimals()
    {
        return decimals;
    }

    /** @return the ownership asset of a lease slot, or null. */
    public Asset underlying()
    {
        return underlying;
    }

    /** @return the sum of every account's total of this asset. */
    public long supply()
    {
        return supply;
    }

    /** @return the use-it-or-share-it floor of a lease slot's underlying, or ABSENT when no rule applies. */
    public long shareFloor()
    {
        return underlying == null ? Command.ABSENT : underlying.shareFloor;
    }

    boolean isCash()
    {
        return kind == Kind.CASH || kind == Kind.COLLATERAL;
    }

    static int cashDecimals()
    {
        return FixedPoint.SCALE;
    }

    /**
     * The instruments one concentration cap counts together: the ownership units of the channels of a band in a
     * cell, or the leases of those units for one slot.
     */
    static final class CapGroup
    {
        final long fraction;
        final IntArrayList members = new IntArrayList();

        CapGroup(final long fraction)
        {
            this.fraction = fraction;
        }
    }
}
