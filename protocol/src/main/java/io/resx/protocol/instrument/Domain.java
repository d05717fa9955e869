package io.resx.protocol.instrument;

/**
 * The kind of resource an instrument trades. Every symbol starts with its domain's {@link #prefix()} and a dot.
 */
public enum Domain
{
    /** Radio spectrum: a channel of a band at a location; owned in fractional units and leased per slot. */
    SPECTRUM("SPEC", true),
    /** Compute: vCPU- or GPU-hours of a class in a region; owned and leased per slot. */
    COMPUTE("COMP", true),
    /** Energy: kWh at a grid node for one delivery interval; bought outright, never leased, as it is consumed. */
    ENERGY("ENRG", false);

    private static final Domain[] VALUES = values();

    private final String prefix;
    private final boolean leasable;

    Domain(final String prefix, final boolean leasable)
    {
        this.prefix = prefix;
        this.leasable = leasable;
    }

    /** @return the four-letter symbol prefix, such as {@code SPEC}. */
    public String prefix()
    {
        return prefix;
    }

    /**
     * @return true when a unit of this domain is owned without a time slot and leased per slot; false for
     * {@link #ENERGY}, whose every symbol names the delivery interval it is consumed in.
     */
    public boolean isLeasable()
    {
        return leasable;
    }

    /**
     * Looks a domain up by its symbol prefix; case-sensitive, as symbols are upper case.
     *
     * @param prefix such as {@code COMP}.
     * @return the domain, or null when no domain has this prefix.
     */
    public static Domain fromPrefix(final CharSequence prefix)
    {
        for (final Domain domain : VALUES)
        {
            if (domain.prefix.contentEquals(prefix))
            {
                return domain;
            }
        }
        return null;
    }
}
