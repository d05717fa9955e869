package io.resx.protocol.command;

/** Order side. */
public enum Side
{
    /** Buys from asks. */
    BUY,
    /** Sells to bids. */
    SELL;

    /** @return the other side. */
    public Side opposite()
    {
        return this == BUY ? SELL : BUY;
    }
}
