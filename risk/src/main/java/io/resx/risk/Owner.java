package io.resx.risk;

import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.text.AsciiKey;

/**
 * A participant: the legal owner behind one or more accounts. Self-trade prevention compares owners, not
 * accounts, so two desks of one operator never trade with each other unless the owner turns it off.
 */
public final class Owner
{
    private final AsciiKey id;
    private final int index;
    private StpPolicy stpPolicy = StpPolicy.CANCEL_AGGRESSOR;

    Owner(final AsciiKey id, final int index)
    {
        this.id = id;
        this.index = index;
    }

    /** @return the owner's id. */
    public AsciiKey id()
    {
        return id;
    }

    /** @return dense 0-based index, in order of creation. */
    public int index()
    {
        return index;
    }

    /** @return what happens when two of this owner's orders would trade. */
    public StpPolicy stpPolicy()
    {
        return stpPolicy;
    }

    void stpPolicy(final StpPolicy policy)
    {
        this.stpPolicy = policy;
    }
}
