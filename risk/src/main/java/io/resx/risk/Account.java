package io.resx.risk;

import io.resx.protocol.text.AsciiKey;

/** A trading account of one {@link Owner}. Orders belong to accounts; an account acts only for itself. */
public final class Account
{
    private final AsciiKey id;
    private final int index;
    private final Owner owner;

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
}
