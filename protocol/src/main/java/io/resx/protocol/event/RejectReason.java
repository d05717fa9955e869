package io.resx.protocol.event;

/**
 * Why a command was refused. The names are a public contract (NDJSON {@code reason}, FIX text, REST codes):
 * add new ones, never rename.
 */
public enum RejectReason
{
    /** The input is not a readable command (bad JSON, wrong field type, unknown enum value). */
    MALFORMED,
    /** A required field is absent. */
    MISSING_FIELD,
    /** The {@code cmd} is not one the engine knows. */
    UNKNOWN_COMMAND,
    /** An id or symbol is longer than the engine accepts or holds characters outside printable ASCII. */
    ID_TOO_LONG,
    /** The symbol does not follow ResX symbology. */
    MALFORMED_SYMBOL,
    /** No instrument with this symbol is listed. */
    UNKNOWN_SYMBOL,
    /** An instrument with this symbol is already listed. */
    DUPLICATE_SYMBOL,
    /** A tick size that is zero or negative. */
    INVALID_TICK,
    /** A lot size that is zero or negative. */
    INVALID_LOT,
    /** No account with this id exists. */
    UNKNOWN_ACCOUNT,
    /** An account with this id already exists. */
    DUPLICATE_ACCOUNT,
    /** No owner with this id exists. */
    UNKNOWN_OWNER,
    /** A limit order without a price. */
    PRICE_REQUIRED,
    /** A market order with a price. */
    PRICE_NOT_ALLOWED,
    /** A price of zero or below. */
    PRICE_NOT_POSITIVE,
    /** A price that is not a multiple of the instrument's tick size. */
    PRICE_OFF_TICK,
    /** A price above the largest accepted value. */
    PRICE_OVERFLOW,
    /** An order without a quantity. */
    QTY_REQUIRED,
    /** A quantity of zero or below. */
    QTY_NOT_POSITIVE,
    /** A quantity that is not a multiple of the instrument's lot size. */
    QTY_OFF_LOT,
    /** A quantity above the largest accepted value, or one that would overflow the open quantity of its book side. */
    QTY_OVERFLOW,
    /** The account already has an open order with this ClOrdID. */
    DUPLICATE_CLORDID,
    /** The account has no open order with this ClOrdID (never existed, or already filled or cancelled). */
    UNKNOWN_ORDER,
    /** A post-only order (or a replace of one) that would trade on arrival. */
    POST_ONLY_WOULD_CROSS,
    /** Post-only on a market order or an immediate (IOC, FOK) order, which could never rest. */
    POST_ONLY_NOT_RESTING,
    /** A bundle with fewer than 2 or more than 8 legs. */
    BUNDLE_LEG_COUNT,
    /** A bundle with two legs on the same instrument. */
    BUNDLE_DUPLICATE_INSTRUMENT,
    /** A bundle leg that cannot fill in full within its limit: nothing traded. */
    BUNDLE_LEG_UNFILLABLE,
    /** A book depth outside 1..{@value io.resx.protocol.event.EngineEvent#MAX_DEPTH}. */
    INVALID_DEPTH,
    /** A budget on an order that is not fill-or-kill: only an all-or-none fill has a total to limit. */
    BUDGET_NOT_ALLOWED,
    /** A budget of zero or below. */
    BUDGET_NOT_POSITIVE,
    /** A budget above the largest accepted value, or with more decimals than cash has. */
    BUDGET_OVERFLOW
}
