package io.resx.protocol.command;

/** Order type. */
public enum OrderType
{
    /** Trades at the limit price or better. */
    LIMIT,
    /** Trades at any price; the unfilled rest is cancelled. */
    MARKET
}
