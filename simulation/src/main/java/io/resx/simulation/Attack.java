package io.resx.simulation;

/** The attack a run switches on (its twin run has the same agents behaving honestly). */
public enum Attack
{
    /** No attack. */
    NONE,
    /** Two colluding owners wash-trade lease slots between them to lift the price honest sellers anchor on. */
    WASH_TRADE,
    /** Two colluding owners try to buy every unit of a cell's band, then lease it at monopoly prices. */
    CORNER,
    /** A cartel of primary users withholds part of its spare slots and marks up the rest. */
    CARTEL,
    /** Lessees lease on credit and stop paying mid-lease. */
    LESSEE_DEFAULT,
    /** A seller leases out units it does not hold on chain (credited optimistically) and cannot deliver. */
    FAIL_TO_DELIVER
}
