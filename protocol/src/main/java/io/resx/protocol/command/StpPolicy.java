package io.resx.protocol.command;

/** What happens when an order would trade with a resting order of the same owner. */
public enum StpPolicy
{
    /** The aggressor's remainder is cancelled with reason STP (the default). */
    CANCEL_AGGRESSOR,
    /** The resting order is cancelled with reason STP and the aggressor matches on. */
    CANCEL_RESTING,
    /** Orders of the same owner trade with each other. */
    OFF
}
