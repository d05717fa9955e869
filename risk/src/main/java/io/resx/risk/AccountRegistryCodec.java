package io.resx.risk;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.state.StateFormatException;
import io.resx.protocol.state.StateReader;
import io.resx.protocol.state.StateWriter;
import io.resx.protocol.text.AsciiKey;

/**
 * The account registry's section of a snapshot: owners in creation order with their self-trade prevention
 * policy, limits and kill switch; beneficial-owner groups in creation order with their members in order of
 * linking; then accounts in creation order with their owner's index, limits, kill switch and suspension.
 * Reading it back through the registry's own {@link AccountRegistry#stpPolicy}, {@link AccountRegistry#open}
 * and group linking gives every owner, group and account the index it had, and every group its members in the
 * order they had, so what depends on those behaves the same after recovery.
 * <pre>
 *   limits = i64 creditLimit, i64 collateralRatio, i64 maxOrderQty, i64 maxOrderNotional (ABSENT when unset)
 *   u32 ownerCount   { key ownerId, u8 stpPolicy, limits, u8 killed }*
 *   u32 groupCount   { key groupId, u32 memberCount { u32 ownerIndex }* }*
 *   u32 accountCount { key accountId, u32 ownerIndex, limits, u8 killed, u8 suspended }*
 * </pre>
 * Version 1 held only ids, policies and owner indices; a snapshot of it lacks the risk state and is refused.
 */
public final class AccountRegistryCodec
{
    /** Section name in a snapshot. */
    public static final String SECTION = "accounts";
    /** Version of the layout above; a reader refuses any other. */
    public static final int VERSION = 2;

    private static final StpPolicy[] POLICIES = StpPolicy.values();
    private static final int MAX_COUNT = Integer.MAX_VALUE / 8;

    private AccountRegistryCodec()
    {
    }

    /**
     * @param registry the registry; only its owning thread may call this.
     * @param out      appended to.
     */
    public static void write(final AccountRegistry registry, final StateWriter out)
    {
        out.putInt(registry.ownerCount());
        for (int i = 0; i < registry.ownerCount(); i++)
        {
            final Owner owner = registry.ownerAt(i);
            out.putKey(owner.id()).putByte(owner.stpPolicy().ordinal());
            writeLimits(owner.limits(), out);
            out.putBoolean(owner.killed());
        }
        out.putInt(registry.groupCount());
        for (int i = 0; i < registry.groupCount(); i++)
        {
            final Owner group = registry.groupAt(i);
            out.putKey(group.id()).putInt(group.members().size());
            for (final Owner member : group.members())
            {
                out.putInt(member.index());
            }
        }
        out.putInt(registry.accountCount());
        for (int i = 0; i < registry.accountCount(); i++)
        {
            final Account account = registry.accountAt(i);
            out.putKey(account.id()).putInt(account.owner().index());
            writeLimits(account.limits(), out);
            out.putBoolean(account.killed()).putBoolean(account.suspended());
        }
    }

    /**
     * @param version the section's version as recorded in the snapshot.
     * @param in      positioned at the section.
     * @return a new registry holding what the section holds.
     * @throws StateFormatException when the version is not {@link #VERSION} or the section is malformed.
     */
    public static AccountRegistry read(final int version, final StateReader in)
    {
        if (version != VERSION)
        {
            throw new StateFormatException("snapshot section '" + SECTION + "' is version " + version +
                "; this ResX reads version " + VERSION);
        }
        final AccountRegistry registry = new AccountRegistry();
        final AsciiKey id = new AsciiKey(Command.MAX_ID_LENGTH);
        final int owners = in.getCount(MAX_COUNT);
        for (int i = 0; i < owners; i++)
        {
            in.getKey(id);
            final int policy = in.getByte();
            if (policy < 0 || policy >= POLICIES.length)
            {
                throw new StateFormatException("snapshot section '" + SECTION + "': unknown STP policy code " + policy);
            }
            final Owner owner = registry.stpPolicy(id, POLICIES[policy]);
            if (owner.index() != i)
            {
                throw new StateFormatException("snapshot section '" + SECTION + "': owner " + id + " twice");
            }
            readLimits(in, owner.limits());
            owner.killed(in.getBoolean());
        }
        final int groups = in.getCount(MAX_COUNT);
        for (int i = 0; i < groups; i++)
        {
            in.getKey(id);
            final Owner group = registry.groupOf(id);
            if (group.index() != -1 - i)
            {
                throw new StateFormatException("snapshot section '" + SECTION + "': group " + id + " twice");
            }
            final int members = in.getCount(owners);
            for (int m = 0; m < members; m++)
            {
                final Owner member = registry.ownerAt(in.getCount(owners - 1));
                if (member.beneficial() != member)
                {
                    throw new StateFormatException("snapshot section '" + SECTION + "': owner " + member.id() +
                        " is in two groups");
                }
                member.joinGroup(group);
            }
        }
        final int accounts = in.getCount(MAX_COUNT);
        final AsciiKey ownerId = new AsciiKey(Command.MAX_ID_LENGTH);
        for (int i = 0; i < accounts; i++)
        {
            in.getKey(id);
            final int ownerIndex = in.getCount(owners - 1);
            ownerId.set(registry.ownerAt(ownerIndex).id());
            final Account account = registry.open(id, ownerId);
            if (account == null)
            {
                throw new StateFormatException("snapshot section '" + SECTION + "': account " + id + " twice");
            }
            readLimits(in, account.limits());
            account.killed(in.getBoolean());
            if (in.getBoolean())
            {
                account.suspend();
            }
        }
        return registry;
    }

    private static void writeLimits(final Limits limits, final StateWriter out)
    {
        out.putLong(limits.creditLimit()).putLong(limits.collateralRatio()).putLong(limits.maxOrderQty())
            .putLong(limits.maxOrderNotional());
    }

    private static void readLimits(final StateReader in, final Limits limits)
    {
        limits.set(in.getLong(), in.getLong(), in.getLong(), in.getLong());
    }
}
