package io.resx.risk;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.state.StateFormatException;
import io.resx.protocol.state.StateReader;
import io.resx.protocol.state.StateWriter;
import io.resx.protocol.text.AsciiKey;

/**
 * The account registry's section of a snapshot: owners in creation order with their self-trade prevention
 * policy, then accounts in creation order with their owner's index. Reading it back through the registry's
 * own {@link AccountRegistry#stpPolicy} and {@link AccountRegistry#open} gives every owner and account the
 * index it had, so what depends on those indices behaves the same after recovery.
 * <pre>
 *   u32 ownerCount   { key ownerId, u8 stpPolicy }*
 *   u32 accountCount { key accountId, u32 ownerIndex }*
 * </pre>
 */
public final class AccountRegistryCodec
{
    /** Section name in a snapshot. */
    public static final String SECTION = "accounts";
    /** Version of the layout above; a reader refuses any other. */
    public static final int VERSION = 1;

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
        }
        out.putInt(registry.accountCount());
        for (int i = 0; i < registry.accountCount(); i++)
        {
            final Account account = registry.accountAt(i);
            out.putKey(account.id()).putInt(account.owner().index());
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
            registry.stpPolicy(id, POLICIES[policy]);
        }
        final int accounts = in.getCount(MAX_COUNT);
        final AsciiKey ownerId = new AsciiKey(Command.MAX_ID_LENGTH);
        for (int i = 0; i < accounts; i++)
        {
            in.getKey(id);
            final int ownerIndex = in.getCount(owners - 1);
            ownerId.set(registry.ownerAt(ownerIndex).id());
            if (registry.open(id, ownerId) == null)
            {
                throw new StateFormatException("snapshot section '" + SECTION + "': account " + id + " twice");
            }
        }
        return registry;
    }
}
