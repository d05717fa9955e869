package io.resx.simulation;

/** How spectrum reaches its users in a run. */
public enum Mechanism
{
    /** Each primary user keeps its spectrum and uses it for its own needs; unused slots are wasted. */
    FIXED,
    /** Ownership trades on the exchange (whole units); no leases. */
    PURCHASE,
    /** Ownership trades and owners lease out slots; users lease slots (multi-slot leases are bundles). */
    LEASE
}
