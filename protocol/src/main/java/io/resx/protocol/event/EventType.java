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
    BOOK,
    /** An account's balance of one asset after a command changed it (or answering BALANCES). */
    BALANCE,
    /** An account is in default: the waterfall starts. */
    DEFAULT,
    /** An account is suspended: it may place no new orders. */
    SUSPENDED,
    /** A defaulter's collateral applied to its shortfall. */
    COLLATERAL_APPLIED,
    /** The default fund applied to what the defaulter's collateral did not cover. */
    DEFAULT_FUND_APPLIED,
    /** A defaulter's leased-in slot handed back to its lessor. */
    LEASE_REVOKED,
    /** An admin halted a book: it takes no new orders, replaces or bundle legs until resumed. For everyone. */
    HALTED,
    /** An admin resumed a halted book: it trades again. For everyone. */
    RESUMED,
    /** An instrument reached its gate closure: it trades no more (its resting orders are cancelled EXPIRED). For everyone. */
    CLOSED,
    /** An instrument's slot ended: its book left the engine (audit and replay still answer for it). For everyone. */
    EXPIRED
}
