package io.resx.risk;

import io.resx.protocol.command.Command;
import io.resx.protocol.state.StateFormatException;
import io.resx.protocol.state.StateReader;
import io.resx.protocol.state.StateWriter;
import io.resx.protocol.text.AsciiKey;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The clearing risk stage's section of a snapshot: assets (reference data, supply, bands and reference
 * prices), concentration caps, the default fund, every balance and lock, what each open order holds locked,
 * and the lease obligations. Restored into a new {@link ClearingRisk} over the already restored
 * {@link AccountRegistry}, it gives a stage that produces the same events and the same section bytes as the
 * one saved, command for command. Everything is written in an order that depends only on the history of
 * commands (ids, creation or first-change order, or ascending keys), never on hashing, so equal states give
 * equal bytes.
 * <pre>
 *   u32 assetCount, per asset by id:
 *     key symbol, u8 kind, u32 decimals, u8 listed, i32 underlyingId (-1: none),
 *     i64 channelLowKhz, i64 channelHighKhz, u8 hasLocation [key location], u8 hasSlot [key slot],
 *     i64 supply, i64 bandFraction, i64 referencePrice, ids leaseSlots
 *   u32 capCount, per cap in order of creation:
 *     i64 lowKhz, i64 highKhz, key location, i64 fraction, ids units,
 *     u32 leaseGroupCount { key slot, ids members }*
 *   i32 defaultFundAccount (-1: none)
 *   u32 accountsSeen { u32 pairCount { u32 assetId, i64 total, i64 locked }* }*   pairs in order of first change
 *   u32 n { i64 account &lt;&lt; 32 | asset, i64 openBuyQty }*                      ascending keys
 *   u32 n { i64 account &lt;&lt; 32 | ownershipAsset, i64 leaseCommitted }*          ascending keys
 *   u32 openOrders { i64 orderId, u32 account, u32 asset, u8 buy, i64 price, i64 qty, i64 filled, i64 lock }*
 *     ascending order ids
 *   u32 obligations { u32 lessor, u32 lessee, u32 leaseAsset, i64 qty }*         in order of trade
 *   version 2 on:
 *   u32 rules { u32 assetId, i64 floor, i64 share, i32 beneficiary (-1: none) }*  ascending asset ids
 *   u32 n { i64 account &lt;&lt; 32 | leaseAsset, i64 usedUnits }*                  ascending keys
 *   ids = u32 count { u32 assetId }*
 * </pre>
 * A version 1 section (before use-it-or-share-it) reads as one without rules or declared use.
 * Single writer: call only on the thread that owns the stage (or on a stopped engine).
 */
public final class ClearingRiskCodec
{
    /** Section name in a snapshot. */
    public static final String SECTION = "risk";
    /** Version of the layout above; a reader reads it and version 1, and refuses any other. */
    public static final int VERSION = 2;

    private static final Asset.Kind[] KINDS = Asset.Kind.values();
    private static final int MAX_COUNT = Integer.MAX_VALUE / 8;
    private static final int NONE = -1;

    private ClearingRiskCodec()
    {
    }

    /**
     * @param risk the stage.
     * @param out  appended to.
     */
    public static void write(final ClearingRisk risk, final StateWriter out)
    {
        final List<Asset> assets = risk.assets();
        out.putInt(assets.size());
        for (final Asset asset : assets)
        {
            out.putKey(asset.symbol).putByte(asset.kind.ordinal()).putInt(asset.decimals).putBoolean(asset.listed)
                .putInt(asset.underlying == null ? NONE : asset.underlying.id)
                .putLong(asset.channelLowKhz).putLong(asset.channelHighKhz);
            putText(asset.location, out);
            putText(asset.slot, out);
            out.putLong(asset.supply).putLong(asset.bandFraction).putLong(asset.referencePrice);
            putIds(asset.leaseSlots, out);
        }

        out.putInt(risk.caps().size());
        for (final ClearingRisk.Cap cap : risk.caps())
        {
            out.putLong(cap.lowKhz).putLong(cap.highKhz).putKey(AsciiKey.of(cap.location)).putLong(cap.units.fraction);
            putIds(cap.units.members, out);
            out.putInt(cap.leasesBySlot.size());
            for (final Map.Entry<String, Asset.CapGroup> group : cap.leasesBySlot.entrySet())
            {
                out.putKey(AsciiKey.of(group.getKey()));
                putIds(group.getValue().members, out);
            }
        }

        out.putInt(risk.defaultFund() == null ? NONE : risk.defaultFund().index());

        final Ledger ledger = risk.ledger();
        out.putInt(ledger.accountsSeen());
        for (int a = 0; a < ledger.accountsSeen(); a++)
        {
            final IntArrayList held = ledger.assetsOf(a);
            out.putInt(held.size());
            for (int i = 0, n = held.size(); i < n; i++)
            {
                final int asset = held.getInt(i);
                out.putInt(asset).putLong(ledger.total(a, asset)).putLong(ledger.locked(a, asset));
            }
        }
        putSorted(ledger.buyingByKey(), out);
        putSorted(ledger.leaseCommittedByKey(), out);

        final OrderLocks orders = risk.orderLocks();
        final long[] ids = orders.sortedOrderIds();
        out.putInt(ids.length);
        for (final long id : ids)
        {
            final int slot = orders.slot(id);
            out.putLong(id).putInt(orders.account[slot]).putInt(orders.asset[slot]).putBoolean(orders.buy[slot])
                .putLong(orders.price[slot]).putLong(orders.qty[slot]).putLong(orders.filled[slot])
                .putLong(orders.lock[slot]);
        }

        final LeaseObligations obligations = risk.obligations();
        out.putInt(obligations.count);
        for (int i = 0; i < obligations.count; i++)
        {
            out.putInt(obligations.lessor[i]).putInt(obligations.lessee[i]).putInt(obligations.asset[i])
                .putLong(obligations.qty[i]);
        }

        int rules = 0;
        for (final Asset asset : assets)
        {
            rules += asset.shareFloor != Command.ABSENT ? 1 : 0;
        }
        out.putInt(rules);
        for (final Asset asset : assets)
        {
            if (asset.shareFloor != Command.ABSENT)
            {
                out.putInt(asset.id).putLong(asset.shareFloor).putLong(asset.shareFraction)
                    .putInt(asset.shareBeneficiary == null ? NONE : asset.shareBeneficiary.index());
            }
        }
        putSorted(ledger.usedByKey(), out);
    }

    /**
     * @param version the section's version as recorded in the snapshot.
     * @param in      positioned at the section.
     * @param risk    a new stage over the restored registry, that has processed nothing yet.
     * @return {@code risk}, holding what the section holds.
     * @throws StateFormatException     when the version is not {@link #VERSION} or the section is malformed.
     * @throws IllegalArgumentException when {@code risk} is not new.
     */
    public static ClearingRisk read(final int version, final StateReader in, final ClearingRisk risk)
    {
        if (version != VERSION && version != 1)
        {
            throw new StateFormatException("snapshot section '" + SECTION + "' is version " + version +
                "; this ResX reads versions 1 to " + VERSION);
        }
        if (risk.assets().size() != 2 || risk.openOrders() != 0 || !risk.ledger().isEmpty() ||
            !risk.caps().isEmpty() || risk.obligations().count != 0 || risk.defaultFund() != null)
        {
            throw new IllegalArgumentException("restore into a new clearing risk stage");
        }
        final int accountCount = risk.registry().accountCount();
        final int assetCount = readAssets(in, risk);
        readCaps(in, risk, assetCount);

        final int fund = in.getInt();
        if (fund != NONE)
        {
            risk.defaultFund(risk.registry().accountAt(check(fund, accountCount, "default fund account")));
        }

        final Ledger ledger = risk.ledger();
        final int seen = in.getCount(accountCount);
        for (int a = 0; a < seen; a++)
        {
            ledger.assetsOf(a);
            final int pairs = in.getCount(assetCount);
            for (int i = 0; i < pairs; i++)
            {
                final int asset = check(in.getInt(), assetCount, "asset");
                if (!ledger.restore(a, asset, in.getLong(), in.getLong()))
                {
                    throw malformed("balance of asset " + asset + " of account " + a + " twice");
                }
            }
        }
        readSorted(in, ledger.buyingByKey(), accountCount, assetCount);
        readSorted(in, ledger.leaseCommittedByKey(), accountCount, assetCount);

        final OrderLocks orders = risk.orderLocks();
        final int open = in.getCount(MAX_COUNT);
        for (int i = 0; i < open; i++)
        {
            final long id = in.getLong();
            final int account = check(in.getInt(), accountCount, "account");
            final int asset = check(in.getInt(), assetCount, "asset");
            final boolean buy = in.getBoolean();
            final long price = in.getLong();
            final long qty = in.getLong();
            final long filled = in.getLong();
            final long lock = in.getLong();
            if (orders.slot(id) >= 0 || filled < 0 || filled >= qty)
            {
                throw malformed("order " + id + " is there twice or has nothing open");
            }
            // add() may grow the arrays: take the slot first, then index the (new) lock array with it.
            final int slot = orders.add(id, account, asset, buy, price, qty, filled);
            orders.lock[slot] = lock;
        }

        final LeaseObligations obligations = risk.obligations();
        final int count = in.getCount(MAX_COUNT);
        for (int i = 0; i < count; i++)
        {
            obligations.add(check(in.getInt(), accountCount, "lessor"), check(in.getInt(), accountCount, "lessee"),
                check(in.getInt(), assetCount, "lease asset"), in.getLong());
        }
        if (version >= 2)
        {
            final int rules = in.getCount(assetCount);
            for (int i = 0; i < rules; i++)
            {
                final Asset unit = risk.assets().get(check(in.getInt(), assetCount, "rule asset"));
                unit.shareFloor = in.getLong();
                unit.shareFraction = in.getLong();
                final int beneficiary = in.getInt();
                unit.shareBeneficiary = beneficiary == NONE ? null :
                    risk.registry().accountAt(check(beneficiary, accountCount, "share beneficiary"));
            }
            readSorted(in, ledger.usedByKey(), accountCount, assetCount);
        }
        return risk;
    }

    private static int readAssets(final StateReader in, final ClearingRisk risk)
    {
        final List<Asset> assets = risk.assets();
        final int count = in.getCount(MAX_COUNT);
        if (count < assets.size())
        {
            throw malformed(count + " assets: CASH and COLLATERAL are missing");
        }
        final AsciiKey symbol = new AsciiKey(Command.MAX_SYMBOL_LENGTH);
        final AsciiKey text = new AsciiKey(Command.MAX_SYMBOL_LENGTH);
        final int[] underlying = new int[count];
        final IntArrayList[] leaseSlots = new IntArrayList[count];
        for (int id = 0; id < count; id++)
        {
            in.getKey(symbol);
            final int kindCode = in.getByte();
            if (kindCode < 0 || kindCode >= KINDS.length)
            {
                throw malformed("unknown asset kind code " + kindCode);
            }
            final Asset.Kind kind = KINDS[kindCode];
            final int decimals = in.getInt();
            final Asset asset;
            if (id < assets.size())
            {
                asset = assets.get(id);
                if (!asset.symbol.contentEquals(symbol) || asset.kind != kind)
                {
                    throw malformed("asset " + id + " is " + symbol + ", not " + asset.symbol);
                }
                asset.decimals = decimals;
            }
            else
            {
                if (risk.asset(symbol) != null)
                {
                    throw malformed("asset " + symbol + " twice");
                }
                asset = risk.newAsset(AsciiKey.of(symbol), kind, decimals);
            }
            asset.listed = in.getBoolean();
            underlying[id] = in.getInt();
            asset.channelLowKhz = in.getLong();
            asset.channelHighKhz = in.getLong();
            asset.location = getText(in, text);
            asset.slot = getText(in, text);
            asset.supply = in.getLong();
            asset.bandFraction = in.getLong();
            asset.referencePrice = in.getLong();
            leaseSlots[id] = getIds(in, count);
        }
        for (int id = 0; id < count; id++)
        {
            final Asset asset = assets.get(id);
            if (underlying[id] != NONE)
            {
                asset.underlying = assets.get(check(underlying[id], count, "underlying asset"));
            }
            asset.leaseSlots.addAll(leaseSlots[id]);
        }
        return count;
    }

    private static void readCaps(final StateReader in, final ClearingRisk risk, final int assetCount)
    {
        final AsciiKey text = new AsciiKey(Command.MAX_SYMBOL_LENGTH);
        final int caps = in.getCount(MAX_COUNT);
        for (int c = 0; c < caps; c++)
        {
            final long lowKhz = in.getLong();
            final long highKhz = in.getLong();
            final String location = in.getKey(text).toString();
            final ClearingRisk.Cap cap = new ClearingRisk.Cap(lowKhz, highKhz, location, in.getLong());
            risk.caps().add(cap);
            join(risk, cap.units, getIds(in, assetCount));
            final int groups = in.getCount(assetCount);
            for (int g = 0; g < groups; g++)
            {
                final String slot = in.getKey(text).toString();
                final Asset.CapGroup group = new Asset.CapGroup(cap.units.fraction);
                if (cap.leasesBySlot.put(slot, group) != null)
                {
                    throw malformed("lease group " + slot + " twice in a cap");
                }
                join(risk, group, getIds(in, assetCount));
            }
        }
    }

    private static void join(final ClearingRisk risk, final Asset.CapGroup group, final IntArrayList members)
    {
        for (int i = 0, n = members.size(); i < n; i++)
        {
            final Asset asset = risk.assets().get(members.getInt(i));
            if (asset.capGroup != null)
            {
                asset.capGroup.members.removeInt(asset.id);
            }
            asset.capGroup = group;
            group.members.addInt(asset.id);
        }
    }

    private static void putText(final String text, final StateWriter out)
    {
        out.putBoolean(text != null);
        if (text != null)
        {
            out.putKey(AsciiKey.of(text));
        }
    }

    private static String getText(final StateReader in, final AsciiKey into)
    {
        return in.getBoolean() ? in.getKey(into).toString() : null;
    }

    private static void putIds(final IntArrayList ids, final StateWriter out)
    {
        out.putInt(ids.size());
        for (int i = 0, n = ids.size(); i < n; i++)
        {
            out.putInt(ids.getInt(i));
        }
    }

    private static IntArrayList getIds(final StateReader in, final int assetCount)
    {
        final int count = in.getCount(assetCount);
        final IntArrayList ids = new IntArrayList(Math.max(count, 1), IntArrayList.DEFAULT_NULL_VALUE);
        for (int i = 0; i < count; i++)
        {
            ids.addInt(check(in.getInt(), assetCount, "asset"));
        }
        return ids;
    }

    private static void putSorted(final Long2LongHashMap map, final StateWriter out)
    {
        final long[] keys = new long[map.size()];
        final int[] count = {0};
        map.forEachLong((key, value) -> keys[count[0]++] = key);
        Arrays.sort(keys);
        out.putInt(keys.length);
        for (final long key : keys)
        {
            out.putLong(key).putLong(map.get(key));
        }
    }

    private static void readSorted(
        final StateReader in, final Long2LongHashMap into, final int accountCount, final int assetCount)
    {
        final int count = in.getCount(MAX_COUNT);
        for (int i = 0; i < count; i++)
        {
            final long key = in.getLong();
            final long value = in.getLong();
            check((int)(key >>> 32), accountCount, "account");
            check((int)key, assetCount, "asset");
            if (value == 0 || into.containsKey(key))
            {
                throw malformed("entry " + Long.toHexString(key) + " is zero or there twice");
            }
            into.put(key, value);
        }
    }

    private static int check(final int index, final int count, final String what)
    {
        if (index < 0 || index >= count)
        {
            throw malformed(what + " " + index + " is outside 0.." + (count - 1));
        }
        return index;
    }

    private static StateFormatException malformed(final String problem)
    {
        return new StateFormatException("snapshot section '" + SECTION + "': " + problem);
    }
}
