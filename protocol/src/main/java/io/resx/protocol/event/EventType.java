package io.resx.protocol.event;

/** Kinds of engine output. Every command yields exactly one ACCEPTED or REJECTED, then what it caused. */
public enum EventType
{
    /** The command was valid and took effect. */
    ACCEPTED,
    /** The command was refused and changed nothing. */
    REJECTED,
    /** Two orders traded. */
    TRADE,
    /** An order left the book, or an immediate order's rest was dropped, without trading. */
    CANCELLED,
    /** An order's price and/or quantity changed and its new ClOrdID now names it. */
    REPLACED,
    /** A book's aggregated depth, answering a BOOK query. */
    BOOK
}
