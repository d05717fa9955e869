package io.resx.protocol.command;

/** How long an order may stay open. */
public enum TimeInForce
{
    /** Good till cancelled: the unfilled rest rests in the book. */
    GTC,
    /** Immediate or cancel: trades what it can now, the rest is cancelled. */
    IOC,
    /** Fill or kill: trades its whole quantity now, or nothing. */
    FOK
}
