package io.resx.risk;

import io.resx.protocol.text.AsciiKey;

/** A trading account of one {@link Owner}. Orders belong to accounts; an account acts only for itself. */
public final class Account
{
    private final AsciiKey id;
    private final int index;
    private final Owner owner;
    private final Limits limits = new Limits();
    private boolean killed;
    private boolean suspended;

    Account(final AsciiKey id, final int index, final Owner owner)
    {
        this.id = id;
        this.index = index;
        this.owner = owner;
    }

    /** @return the account's id. */
    public AsciiKey id()
    {
        return id;
    }

    /** @return dense 0-based index, in order of creation. */
    public int index()
    {
        return index;
    }

    /** @return the participant that owns the account. */
    public Owner owner()
    {
        return owner;
    }

    /** @return account-level credit and order limits. */
    public Limits limits()
    {
        return limits;
    }

    /** @return whether the account's own kill switch is on (its owner's may be too: see {@link Owner#killed()}). */
    public boolean killed()
    {
        return killed;
    }

    void killed(final boolean killed)
    {
        this.killed = killed;
    }

    /** @return whether the account is suspended after a default. */
    public boolean suspended()
    {
        return suspended;
    }

    void suspend()
    {
        suspended = true;
    }
}
