package io.resx.simulation;

/** The attack a run switches on (its twin run has the same agents behaving honestly). */
public enum Attack
{
    /** No attack. */
    NONE,
    /** Two colluding accounts corner a cell's band (ownership) and wash-trade lease slots to lift the reference. */
    COLLUSION,
    /** A cartel of primary users withholds part of its spare slots and marks up the rest. */
    CARTEL,
    /** Lessees lease on credit and stop paying mid-lease. */
    LESSEE_DEFAULT,
    /** A seller leases out units it does not hold on chain (credited optimistically) and cannot deliver. */
    FAIL_TO_DELIVER
}
