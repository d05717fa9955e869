package io.resx.risk;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.Notional;
import io.resx.protocol.command.Command;

/**
 * Credit and order-size limits of an account or an owner, set by {@code limits} commands. {@link Command#ABSENT}
 * means not set: an account without its own credit limit may use its owner's, and with neither it trades only
 * its own cash. Values are fixed-point: cash for {@link #creditLimit()} and {@link #maxOrderNotional()}, units
 * for {@link #maxOrderQty()}, a plain ratio for {@link #collateralRatio()}.
 */
public final class Limits
{
    private long creditLimit = Command.ABSENT;
    private long collateralRatio = Command.ABSENT;
    private long maxOrderQty = Command.ABSENT;
    private long maxOrderNotional = Command.ABSENT;

    /** @return absolute credit limit in cash, or ABSENT. */
    public long creditLimit()
    {
        return creditLimit;
    }

    /** @return credit allowed per unit of collateral, or ABSENT. */
    public long collateralRatio()
    {
        return collateralRatio;
    }

    /** @return largest order quantity (0 = no limit), or ABSENT. */
    public long maxOrderQty()
    {
        return maxOrderQty;
    }

    /** @return largest order notional in cash (0 = no limit), or ABSENT. */
    public long maxOrderNotional()
    {
        return maxOrderNotional;
    }

    /** @return whether any credit is configured at this level. */
    public boolean hasCredit()
    {
        return creditLimit != Command.ABSENT || collateralRatio != Command.ABSENT;
    }

    /**
     * The credit this level grants: the absolute limit, the collateral times the ratio, or the smaller of the
     * two when both are set.
     *
     * @param collateral collateral backing it, cash micro-units.
     * @return credit in cash micro-units; 0 when none is configured.
     */
    public long credit(final long collateral)
    {
        long credit = Long.MAX_VALUE;
        if (creditLimit != Command.ABSENT)
        {
            credit = creditLimit;
        }
        if (collateralRatio != Command.ABSENT)
        {
            credit = Math.min(credit, Notional.scale(Math.max(0, collateral), collateralRatio));
        }
        return credit == Long.MAX_VALUE ? 0 : credit;
    }

    /**
     * @param command a LIMITS command.
     * @return whether every value it sets is in range (0 up to {@link FixedPoint#MAX_VALUE}).
     */
    static boolean valid(final Command command)
    {
        return inRange(command.creditLimit()) && inRange(command.collateralRatio()) &&
            inRange(command.maxOrderQty()) && inRange(command.maxOrderNotional());
    }

    /** Copies every value the LIMITS command sets; absent ones stay. */
    void apply(final Command command)
    {
        creditLimit = command.creditLimit() != Command.ABSENT ? command.creditLimit() : creditLimit;
        collateralRatio = command.collateralRatio() != Command.ABSENT ? command.collateralRatio() : collateralRatio;
        maxOrderQty = command.maxOrderQty() != Command.ABSENT ? command.maxOrderQty() : maxOrderQty;
        maxOrderNotional = command.maxOrderNotional() != Command.ABSENT ?
            command.maxOrderNotional() : maxOrderNotional;
    }

    /** Sets every value, ABSENT included: how a snapshot restores the limits. */
    void set(final long creditLimit, final long collateralRatio, final long maxOrderQty, final long maxOrderNotional)
    {
        this.creditLimit = creditLimit;
        this.collateralRatio = collateralRatio;
        this.maxOrderQty = maxOrderQty;
        this.maxOrderNotional = maxOrderNotional;
    }

    private static boolean inRange(final long value)
    {
        return value == Command.ABSENT || (value >= 0 && value <= FixedPoint.MAX_VALUE);
    }
}
