package io.resx.protocol.event;

/** Why an order, or an immediate order's unfilled rest, was cancelled. A public contract: add, never rename. */
public enum CancelReason
{
    /** The owner of the order asked. */
    USER,
    /** An immediate-or-cancel order's rest. */
    IOC,
    /** A fill-or-kill order that could not fill in full. */
    FOK,
    /** A market order's rest. */
    MARKET,
    /** Self-trade prevention: it would have traded with an order of the same owner. */
    STP,
    /** A replace asked for a total quantity at or below what had already filled. */
    REPLACED_TO_FILLED,
    /** The account's or its owner's kill switch was turned on. */
    KILL_SWITCH,
    /** The account went into default. */
    DEFAULT,
    /** The instrument reached its gate closure: trading in it stopped before its slot starts. */
    EXPIRED,
    /** A mass cancel (FIX OrderMassCancelRequest, REST DELETE of an account's orders) asked by the owner. */
    MASS_CANCEL,
    /** The connection that placed the order dropped (or stopped heartbeating) with cancel-on-disconnect on. */
    DISCONNECT,
    /** The account's dead-man switch (cancel-all-after) ran out before it was renewed. */
    DEAD_MAN
}
