package io.resx.risk;

import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.text.AsciiKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accounts and owners, created only by commands so that replay rebuilds them.
 * <p>
 * Single writer: owned by the engine thread. Look-ups take the command's own {@link AsciiKey} as the probe,
 * so they allocate nothing; creating an account copies its id once (an admin command, not the hot path).
 */
public final class AccountRegistry
{
    private final Map<AsciiKey, Account> accounts = new HashMap<>();
    private final Map<AsciiKey, Owner> owners = new HashMap<>();
    private final Map<AsciiKey, Owner> groups = new HashMap<>();
    private final List<Account> accountsInOrder = new ArrayList<>();
    private final List<Owner> ownersInOrder = new ArrayList<>();
    private final List<Owner> groupsInOrder = new ArrayList<>();

    /**
     * @param id account id.
     * @return the account, or null when none has this id.
     */
    public Account account(final AsciiKey id)
    {
        return accounts.get(id);
    }

    /**
     * @param id owner id.
     * @return the owner, or null when none has this id.
     */
    public Owner owner(final AsciiKey id)
    {
        return owners.get(id);
    }

    /**
     * Opens an account, creating its owner on first use.
     *
     * @param accountId new account's id.
     * @param ownerId   its owner's id.
     * @return the new account, or null when the account id is taken.
     */
    public Account open(final AsciiKey accountId, final AsciiKey ownerId)
    {
        if (accounts.containsKey(accountId))
        {
            return null;
        }
        final Owner owner = ownerOf(ownerId);
        final Account account = new Account(AsciiKey.of(accountId), accountsInOrder.size(), owner);
        owner.accounts().add(account);
        accounts.put(account.id(), account);
        accountsInOrder.add(account);
        return account;
    }

    /**
     * Sets an owner's self-trade prevention policy, creating the owner on first use so that a policy can be
     * set before its accounts open.
     *
     * @param ownerId owner id.
     * @param policy  new policy.
     * @return the owner.
     */
    public Owner stpPolicy(final AsciiKey ownerId, final StpPolicy policy)
    {
        final Owner owner = ownerOf(ownerId);
        owner.stpPolicy(policy);
        return owner;
    }

    /** @return number of owners. */
    public int ownerCount()
    {
        return ownersInOrder.size();
    }

    /**
     * @param index 0-based, in order of creation.
     * @return the owner.
     */
    public Owner ownerAt(final int index)
    {
        return ownersInOrder.get(index);
    }

    private Owner ownerOf(final AsciiKey ownerId)
    {
        Owner owner = owners.get(ownerId);
        if (owner == null)
        {
            owner = new Owner(AsciiKey.of(ownerId), ownersInOrder.size());
            owners.put(owner.id(), owner);
            ownersInOrder.add(owner);
        }
        return owner;
    }

    /**
     * Links an owner into a beneficial-owner group, creating either on first use; an owner is in one group at
     * a time, so linking it again moves it.
     *
     * @param ownerId owner id.
     * @param groupId group id (a namespace of its own, apart from owner ids).
     * @return the owner.
     */
    public Owner group(final AsciiKey ownerId, final AsciiKey groupId)
    {
        final Owner owner = ownerOf(ownerId);
        owner.joinGroup(groupOf(groupId));
        return owner;
    }

    /**
     * @param groupId group id.
     * @return the group, created with no members on first use; groups have indices -1, -2, ... in order of
     *         creation.
     */
    Owner groupOf(final AsciiKey groupId)
    {
        Owner group = groups.get(groupId);
        if (group == null)
        {
            group = new Owner(AsciiKey.of(groupId), -1 - groupsInOrder.size());
            group.members().remove(group);
            groups.put(group.id(), group);
            groupsInOrder.add(group);
        }
        return group;
    }

    /** @return number of beneficial-owner groups ever linked. */
    public int groupCount()
    {
        return groupsInOrder.size();
    }

    /**
     * @param index 0-based, in order of creation.
     * @return the group: its {@link Owner#members()} are the owners linked into it, in order of linking.
     */
    public Owner groupAt(final int index)
    {
        return groupsInOrder.get(index);
    }

    /** @return number of accounts. */
    public int accountCount()
    {
        return accountsInOrder.size();
    }

    /**
     * @param index 0-based, in order of creation.
     * @return the account.
     */
    public Account accountAt(final int index)
    {
        return accountsInOrder.get(index);
    }
}
