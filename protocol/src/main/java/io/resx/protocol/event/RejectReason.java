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
    /**
     * The account already has an open order with this ClOrdID, or used it for an order accepted within the
     * ClOrdID window with other fields (a retry must repeat the original request exactly).
     */
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
    BUDGET_OVERFLOW,
    /** An admin-only command without the admin marker. */
    NOT_ADMIN,
    /** An asset that is neither CASH, COLLATERAL nor a listed instrument (or not allowed for this command). */
    UNKNOWN_ASSET,
    /** An amount of zero or below, or above the largest accepted value. */
    INVALID_AMOUNT,
    /** A balance would exceed the largest value the engine holds. */
    BALANCE_OVERFLOW,
    /** A buy (or a cash withdrawal) needs more free cash than the account has and it has no credit for it. */
    INSUFFICIENT_CASH,
    /** A sell (or a withdrawal) of more units than the account holds free. */
    INSUFFICIENT_UNITS,
    /** A withdrawal of collateral that backs credit in use. */
    INSUFFICIENT_COLLATERAL,
    /** The order would take the account beyond its credit limit. */
    CREDIT_LIMIT_EXCEEDED,
    /** The order would take the owner's accounts together beyond the owner's credit limit. */
    OWNER_CREDIT_LIMIT_EXCEEDED,
    /** A MARKET buy without a protection price. */
    PROTECTION_REQUIRED,
    /** Price times quantity beyond what the engine can hold. */
    NOTIONAL_OVERFLOW,
    /** A quantity above the account's or owner's maximum order size. */
    ORDER_QTY_LIMIT,
    /** A notional above the account's or owner's maximum order notional. */
    ORDER_NOTIONAL_LIMIT,
    /** A price outside the instrument's band around its reference price. */
    PRICE_OUTSIDE_BAND,
    /** The owner's beneficial group would hold or lease more than the cap of a spectrum band in a cell. */
    CONCENTRATION_CAP,
    /** A lease offer by an account that does not own the underlying unit. */
    LEASE_UNIT_NOT_OWNED,
    /** A lease offer on a unit already offered or leased out for that slot. */
    LEASE_UNIT_COMMITTED,
    /** A sale or withdrawal of units that are leased out (or offered for lease) for a slot. */
    UNITS_LEASED_OUT,
    /** The account's or its owner's kill switch is on. */
    KILL_SWITCH_ACTIVE,
    /** The account is suspended after a default. */
    ACCOUNT_SUSPENDED,
    /** A limit, band or cap value out of range, or a cap on something other than a spectrum band. */
    INVALID_LIMIT,
    /** The book is halted by an admin: no new orders, replaces or bundle legs on it until it is resumed. */
    BOOK_HALTED,
    /**
     * The instrument's gate closure has passed (its slot has not ended yet): no new orders, replaces or bundle legs;
     * on a LIST, an instrument that would already be closed.
     */
    INSTRUMENT_CLOSED,
    /** The instrument's slot or delivery interval has ended (on a LIST too: a slot that is over is not listed). */
    INSTRUMENT_EXPIRED,
    /** A gate closure that is not before the slot's end (LIST), or a TICK time that goes back (batch clock). */
    INVALID_TIME,
    /** A {@code use} at or after the slot's gate closure: the slot's units are already in (or past) its clearing. */
    USE_AFTER_GATE_CLOSURE,
    /** A {@code use} on an instrument that is not a lease slot. */
    USE_NOT_LEASE_SLOT,
    /** A use-it-or-share-it floor that is not positive or is below the instrument's tick. */
    FLOOR_BELOW_TICK,
    /** A use-it-or-share-it floor that is not a multiple of the instrument's tick. */
    FLOOR_OFF_TICK,
    /** A use-it-or-share-it rule on an instrument that is not a spectrum ownership (a lease slot, compute, energy). */
    RULE_NOT_SPECTRUM,
    /** A use-it-or-share-it share outside 0..1. */
    INVALID_SHARE,
    /**
     * A retry: the account's order with this ClOrdID and exactly these fields was already accepted within the
     * ClOrdID window. Nothing changes; the event names the original order's id so a gateway answers as it did the
     * first time.
     */
    RETRY_OF_ACCEPTED,
    /** A cancel-all-after timeout below 0 or above the largest accepted (one day). */
    INVALID_TIMEOUT
}
