package io.resx.risk;

import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.text.AsciiKey;

import java.util.ArrayList;
import java.util.List;

/**
 * A participant: the legal owner behind one or more accounts. Self-trade prevention compares beneficial owners,
 * not accounts, so two desks of one operator never trade with each other unless the owner turns it off, and
 * owners linked into one beneficial-owner group (a {@code group} command) count as one: for STP and for
 * concentration caps.
 */
public final class Owner
{
    private final AsciiKey id;
    private final int index;
    private StpPolicy stpPolicy = StpPolicy.CANCEL_AGGRESSOR;
    private Owner beneficial = this;
    private final List<Account> accounts = new ArrayList<>();
    private final List<Owner> members = new ArrayList<>();
    private final Limits limits = new Limits();
    private boolean killed;

    Owner(final AsciiKey id, final int index)
    {
        this.id = id;
        this.index = index;
        members.add(this);
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

    /**
     * Two owners are one beneficial owner exactly when their {@code beneficial()} is the same object.
     *
     * @return the group this owner belongs to (itself when in none).
     */
    public Owner beneficial()
    {
        return beneficial;
    }

    /** @return for a group, its member owners; for an owner in no group, itself. */
    public List<Owner> members()
    {
        return members;
    }

    /** @return the owner's accounts, in order of opening. */
    public List<Account> accounts()
    {
        return accounts;
    }

    /** @return owner-level credit and order limits. */
    public Limits limits()
    {
        return limits;
    }

    /** @return whether the owner's kill switch is on. */
    public boolean killed()
    {
        return killed;
    }

    void killed(final boolean killed)
    {
        this.killed = killed;
    }

    void joinGroup(final Owner group)
    {
        beneficial.members.remove(this);
        beneficial = group;
        if (!group.members.contains(this))
        {
            group.members.add(this);
        }
    }
}
