package io.resx.gateway.common.orders;

/**
 * An order's status as FIX 4.4 OrdStatus (39) names it; the HTTP API shows the enum's name.
 */
public enum OrdStatus
{
    /** Accepted, nothing filled. */
    NEW('0'),
    /** Some filled, some open. */
    PARTIALLY_FILLED('1'),
    /** Nothing left open: the order's whole quantity traded. */
    FILLED('2'),
    /** Cancelled (by its owner, IOC/FOK/market rest, self-trade prevention, kill switch, default). */
    CANCELED('4'),
    /** Ended at its instrument's gate closure, as a day order at the close. */
    EXPIRED('C');

    private final char fixCode;

    OrdStatus(final char fixCode)
    {
        this.fixCode = fixCode;
    }

    /** @return the FIX OrdStatus (39) value. */
    public char fixCode()
    {
        return fixCode;
    }

    /** @return whether the order can no longer trade. */
    public boolean isTerminal()
    {
        return this == FILLED || this == CANCELED || this == EXPIRED;
    }
}
