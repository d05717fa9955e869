package io.resx.simulation;

/**
 * One run of a scenario.
 *
 * @param mechanism how spectrum is allocated.
 * @param attack    the attack present (its agents exist even when {@code attacking} is false).
 * @param attacking false for the twin run: the attack's agents behave honestly.
 * @param defences  ResX's defences on (STP by beneficial-owner group, concentration caps, price bands,
 *                  collateral-backed credit and the default fund, deposits credited after confirmation).
 * @param shareRule use-it-or-share-it on every spectrum unit: lease slots close 30 minutes into their hour, and at
 *                  that gate closure the idle units go to the resting bids.
 */
public record RunConfig(Mechanism mechanism, Attack attack, boolean attacking, boolean defences, boolean shareRule)
{
    /**
     * A run without use-it-or-share-it.
     *
     * @param mechanism how spectrum is allocated.
     * @param attack    the attack present.
     * @param attacking false for the twin run.
     * @param defences  ResX's defences on.
     */
    public RunConfig(final Mechanism mechanism, final Attack attack, final boolean attacking, final boolean defences)
    {
        this(mechanism, attack, attacking, defences, false);
    }

    /** @return a short label for tables and file names, e.g. {@code LEASE-CORNER-on}. */
    public String label()
    {
        final String base = attack == Attack.NONE ? mechanism.name() : mechanism + "-" + attack +
            (attacking ? "" : "-twin");
        return base + (defences ? "-on" : "-off") + (shareRule ? "-share" : "");
    }
}
