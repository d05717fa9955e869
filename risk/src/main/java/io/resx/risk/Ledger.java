package io.resx.risk;

import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.command.Command;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every account's balance of every asset: a total and the part of it locked by open orders, in fixed-point
 * (cash micro-units for CASH and COLLATERAL). Balances change only through {@link #add} and {@link #lock}; each
 * change marks the (account, asset) pair, and {@link #flush} writes one BALANCE event per marked pair after the
 * command, in order of first change. Also keeps, per lessor and ownership asset, the sum over its lease slots of
 * what it has committed (offered or leased out), so that a sale can skip the per-slot look-ups when it is zero.
 * <p>
 * Single writer: the engine thread. One balance row per (account, asset) pair ever changed — its total and its
 * locked part side by side in one array, so the pair is found by one probe of one map and both numbers are in one
 * cache line (they were two maps and a set, a probe each) — plus primitive maps keyed by
 * {@code account << 32 | asset} for the rarer sums; nothing allocates once they have grown to the working set.
 */
final class Ledger
{
    private static final int NO_ROW = -1;
    /** Longs per balance row: total, locked. A row starts at an even index: 16 bytes, never across a line. */
    private static final int ROW = 2;

    /** Row of each (account, asset) pair ever changed; its presence is what "known" meant. */
    private final Long2LongHashMap rowOf = new Long2LongHashMap(1 << 12, 0.55f, NO_ROW);
    private long[] balances = new long[ROW << 12];
    private int rowCount;
    private final Long2LongHashMap buying = new Long2LongHashMap(1 << 12, 0.55f, 0);
    private final Long2LongHashMap leaseCommitted = new Long2LongHashMap(1 << 10, 0.55f, 0);
    private final Long2LongHashMap used = new Long2LongHashMap(1 << 8, 0.55f, 0);
    private final List<IntArrayList> assetsByAccount = new ArrayList<>();
    private final List<Asset> assets;
    private final AccountRegistry accounts;
    private long[] changed = new long[64];
    private int[] changedRows = new int[64];
    private int changedCount;

    Ledger(final List<Asset> assets, final AccountRegistry accounts)
    {
        this.assets = assets;
        this.accounts = accounts;
    }

    static long key(final int account, final int asset)
    {
        return ((long)account << 32) | asset;
    }

    long total(final int account, final int asset)
    {
        final int row = (int)rowOf.get(key(account, asset));
        return row == NO_ROW ? 0 : balances[row * ROW];
    }

    long locked(final int account, final int asset)
    {
        final int row = (int)rowOf.get(key(account, asset));
        return row == NO_ROW ? 0 : balances[row * ROW + 1];
    }

    /**
     * @return total minus locked: what the account may still sell, lock or withdraw (negative when it owes); one
     *     probe for both numbers, which the checks otherwise looked up one after the other.
     */
    long free(final int account, final int asset)
    {
        final int row = (int)rowOf.get(key(account, asset));
        return row == NO_ROW ? 0 : balances[row * ROW] - balances[row * ROW + 1];
    }

    /** @return open buy quantity of the account on an instrument (for concentration caps). */
    long buying(final int account, final int asset)
    {
        return buying.get(key(account, asset));
    }

    /** @return units of an ownership asset the account has offered or leased out, summed over slots. */
    long leaseCommitmentSum(final int account, final int ownershipAsset)
    {
        return leaseCommitted.get(key(account, ownershipAsset));
    }

    /**
     * @return what a lessor has committed of a lease slot: its open lease offers, units leased out and units it
     *     declared in its own use.
     */
    long committed(final int account, final int leaseAsset)
    {
        final long key = key(account, leaseAsset);
        final int row = (int)rowOf.get(key);
        final long balance = row == NO_ROW ? 0 : Math.max(0, -balances[row * ROW]) + balances[row * ROW + 1];
        return balance + used.get(key);
    }

    /** @return units of a lease slot the owner declared in its own use ({@code use}). */
    long used(final int account, final int leaseAsset)
    {
        return used.get(key(account, leaseAsset));
    }

    /**
     * Declares more units of a lease slot in the owner's own use: they count as committed for the slot.
     *
     * @param account the owner.
     * @param lease   the lease slot.
     * @param units   more units used, positive.
     */
    void use(final int account, final Asset lease, final long units)
    {
        final long key = key(account, lease.id);
        final long before = committed(account, lease.id);
        put(used, key, used.get(key) + units);
        trackCommitment(account, lease, before);
    }

    /** @return units in own use by {@code account << 32 | leaseAsset}; for snapshots only. */
    Long2LongHashMap usedByKey()
    {
        return used;
    }

    void add(final int account, final Asset asset, final long delta)
    {
        if (delta == 0)
        {
            return;
        }
        final long key = key(account, asset.id);
        final long before = asset.kind == Asset.Kind.LEASE ? committed(account, asset.id) : 0;
        final int row = rowFor(account, asset.id, key);
        balances[row * ROW] += delta;
        if (asset.kind == Asset.Kind.LEASE)
        {
            trackCommitment(account, asset, before);
        }
        changed(key, row);
    }

    void lock(final int account, final Asset asset, final long delta)
    {
        if (delta == 0)
        {
            return;
        }
        final long key = key(account, asset.id);
        final long before = asset.kind == Asset.Kind.LEASE ? committed(account, asset.id) : 0;
        final int row = rowFor(account, asset.id, key);
        balances[row * ROW + 1] += delta;
        if (asset.kind == Asset.Kind.LEASE)
        {
            trackCommitment(account, asset, before);
        }
        changed(key, row);
    }

    void buying(final int account, final int asset, final long delta)
    {
        if (delta != 0)
        {
            final long key = key(account, asset);
            put(buying, key, buying.get(key) + delta);
        }
    }

    /** Marks a pair for a BALANCE event without changing it (answers a {@code balances} query). */
    void mark(final int account, final int asset)
    {
        final long key = key(account, asset);
        changed(key, rowFor(account, asset, key));
    }

    /** @return the assets the account has ever had a balance of, in order of first change. */
    IntArrayList assetsOf(final int account)
    {
        while (assetsByAccount.size() <= account)
        {
            assetsByAccount.add(new IntArrayList());
        }
        return assetsByAccount.get(account);
    }

    /** @return how many accounts have an entry in {@link #assetsOf}: the others have never had a balance. */
    int accountsSeen()
    {
        return assetsByAccount.size();
    }

    /** @return whether nothing was ever recorded: a new ledger, ready for a restore. */
    boolean isEmpty()
    {
        return rowOf.isEmpty() && assetsByAccount.isEmpty() && buying.isEmpty() && leaseCommitted.isEmpty() &&
            used.isEmpty();
    }

    /**
     * Restores one pair from a snapshot, without marking it for a BALANCE event: call in the order the pairs
     * were first changed.
     *
     * @return false when the pair was restored already.
     */
    boolean restore(final int account, final int asset, final long total, final long locked)
    {
        final long key = key(account, asset);
        if (rowOf.get(key) != NO_ROW)
        {
            return false;
        }
        final int row = rowFor(account, asset, key);
        balances[row * ROW] = total;
        balances[row * ROW + 1] = locked;
        return true;
    }

    /** @return open buy quantity by {@code account << 32 | asset}; for snapshots only. */
    Long2LongHashMap buyingByKey()
    {
        return buying;
    }

    /** @return lease commitment sums by {@code account << 32 | ownershipAsset}; for snapshots only. */
    Long2LongHashMap leaseCommittedByKey()
    {
        return leaseCommitted;
    }

    /**
     * Writes one BALANCE event per pair changed since the last flush.
     *
     * @param command the cause.
     * @param events  the log to append to.
     */
    void flush(final Command command, final EventLog events)
    {
        for (int i = 0; i < changedCount; i++)
        {
            final long key = changed[i];
            final int row = changedRows[i];
            final int account = (int)(key >>> 32);
            final Asset asset = assets.get((int)key);
            final EngineEvent event = events.add().start(EventType.BALANCE, command)
                .amounts(balances[row * ROW], balances[row * ROW + 1], 0)
                .decimals(0, asset.decimals);
            event.account().set(accounts.accountAt(account).id());
            event.symbol().set(asset.symbol);
        }
        changedCount = 0;
    }

    private void trackCommitment(final int account, final Asset lease, final long before)
    {
        final long delta = committed(account, lease.id) - before;
        if (delta != 0)
        {
            final long key = key(account, lease.underlying.id);
            put(leaseCommitted, key, leaseCommitted.get(key) + delta);
        }
    }

    /** Zero is the maps' missing value, which they refuse to hold: a pair back at zero leaves the map. */
    private static void put(final Long2LongHashMap map, final long key, final long value)
    {
        if (value == 0)
        {
            map.remove(key);
        }
        else
        {
            map.put(key, value);
        }
    }

    /** @return the pair's balance row, made (and the asset listed for the account) at its first change. */
    private int rowFor(final int account, final int asset, final long key)
    {
        final int row = (int)rowOf.get(key);
        if (row != NO_ROW)
        {
            return row;
        }
        if ((rowCount + 1) * ROW > balances.length)
        {
            balances = Arrays.copyOf(balances, balances.length * 2);
        }
        rowOf.put(key, rowCount);
        assetsOf(account).addInt(asset);
        return rowCount++;
    }

    /** Marks the pair for a BALANCE event at the next {@link #flush}, once however often it changes. */
    private void changed(final long key, final int row)
    {
        for (int i = 0; i < changedCount; i++)
        {
            if (changed[i] == key)
            {
                return;
            }
        }
        if (changedCount == changed.length)
        {
            changed = Arrays.copyOf(changed, changedCount * 2);
            changedRows = Arrays.copyOf(changedRows, changedCount * 2);
        }
        changedRows[changedCount] = row;
        changed[changedCount++] = key;
    }
}
