package io.resx.engine.matching;

import io.resx.protocol.command.BundleLeg;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.text.AsciiKey;
import io.resx.risk.Account;
import io.resx.risk.AccountRegistry;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The ClOrdIDs each account used for an accepted order within the last {@code windowNs} of exchange time, with the
 * fields of that order: what makes order entry idempotent. A new order whose (account, ClOrdID) is here is either a
 * retry (the same fields: answered RETRY_OF_ACCEPTED naming the original order) or a reuse (other fields:
 * DUPLICATE_CLORDID), whether or not the original is still open.
 * <p>
 * Entries are kept in acceptance order, which is stamp order (the sequencer's clock never goes back), so pruning
 * takes from the head while its stamp is out of the window: deterministic, driven only by command stamps. The window
 * also holds at most {@code maxEntries}: recording one more first drops the oldest, so that a day of orders at a
 * high rate cannot exhaust the heap. Both bounds depend on the command stream alone, so a replay drops the same
 * entries.
 * <p>
 * Storage is flat: an entry is a slot in primitive arrays (its numbers in a {@code long[]}, its ClOrdID and symbol
 * in a {@code byte[]}), found by a 64-bit hash of (account, ClOrdID) in an Agrona map of primitive keys with a chain
 * per hash; a hit compares the exact account and ClOrdID, never the hash alone. There is no object per entry: an
 * order recorded costs the garbage collector nothing, where an object per order kept for a day would be copied by
 * every young collection until promoted (at 10 k orders/s that was most of what the collector copied). Slots are
 * reused once pruned, and the arrays grow by doubling, so after warm-up recording, looking up and pruning allocate
 * nothing. A bundle's legs live in a holder kept with its slot, made the first time that slot holds a bundle.
 * <p>
 * {@link Entry} is a copy of one entry's fields, for the engine's answer to a hit and for the snapshot codec; the
 * window hands out the same instance each time ({@link #find}, {@link #entries}, {@link #blank}).
 * <p>
 * Single writer: the engine's thread.
 */
public final class ClOrdIdWindow
{
    /** The default window: a trading day and more, as Coinbase and CME keep a client order id for the session. */
    public static final long DEFAULT_WINDOW_NS = 24L * 3600 * 1_000_000_000L;
    /**
     * The default bound on entries: about a million accepted orders, some 210 MB of slots per engine (a day at 12
     * orders/s; at 10 k orders/s the last 105 s). A venue with more heap raises it (see {@code StandardEngine}).
     */
    public static final int DEFAULT_MAX_ENTRIES = 1 << 20;

    private static final int NONE = -1;
    private static final int INITIAL_SLOTS = 1 << 10;
    /** Longs per slot: hash, accepted stamp, order id, price, qty, budget, protection price. */
    private static final int LONGS = 7;
    private static final int HASH = 0;
    private static final int ACCEPTED = 1;
    private static final int ORDER_ID = 2;
    private static final int PRICE = 3;
    private static final int QTY = 4;
    private static final int BUDGET = 5;
    private static final int PROTECTION = 6;
    /** Bytes per slot: ClOrdID length and bytes, symbol length and bytes. */
    private static final int ID_AT = 1;
    private static final int SYMBOL_LENGTH_AT = 1 + Command.MAX_ID_LENGTH;
    private static final int SYMBOL_AT = SYMBOL_LENGTH_AT + 1;
    private static final int TEXT = SYMBOL_AT + Command.MAX_SYMBOL_LENGTH;
    private static final Side[] SIDES = Side.values();
    private static final OrderType[] ORDER_TYPES = OrderType.values();
    private static final TimeInForce[] TIME_IN_FORCES = TimeInForce.values();

    /** One entry's fields, copied out of (or, to restore a snapshot, into) the window. */
    static final class Entry
    {
        final AsciiKey clOrdId = new AsciiKey(Command.MAX_ID_LENGTH);
        final AsciiKey symbol = new AsciiKey(Command.MAX_SYMBOL_LENGTH);
        Account account;
        long acceptedNs;
        long orderId;
        Side side;
        OrderType orderType;
        TimeInForce timeInForce;
        boolean postOnly;
        long price;
        long qty;
        long budget;
        long protectionPrice;
        /** A bundle's legs (0 for a single order): bundles fill or fail at once, so only the window dedups them. */
        int legCount;
        final Legs legs = new Legs();

        /** Makes room for a bundle's legs, once. */
        void ensureLegs()
        {
            legs.ensure();
        }

        /** @return whether a new order or bundle repeats this one's every field (a bundle: every leg, in order). */
        boolean sameFields(final Command command)
        {
            if (command.type() == CommandType.BUNDLE)
            {
                return legCount != 0 && legs.same(legCount, command);
            }
            return legCount == 0 && side == command.side() && orderType == command.orderType() &&
                timeInForce == command.timeInForce() && postOnly == command.postOnly() &&
                price == command.price() && qty == command.qty() && budget == command.budget() &&
                protectionPrice == command.protectionPrice() && symbol.contentEquals(command.symbol());
        }
    }

    /** A bundle's legs: the holder a slot keeps once it has held a bundle, and the one an {@link Entry} carries. */
    static final class Legs
    {
        AsciiKey[] symbols;
        Side[] sides;
        long[] prices;
        long[] qtys;

        void ensure()
        {
            if (symbols == null)
            {
                symbols = new AsciiKey[Command.MAX_LEGS];
                for (int i = 0; i < Command.MAX_LEGS; i++)
                {
                    symbols[i] = new AsciiKey(Command.MAX_SYMBOL_LENGTH);
                }
                sides = new Side[Command.MAX_LEGS];
                prices = new long[Command.MAX_LEGS];
                qtys = new long[Command.MAX_LEGS];
            }
        }

        void copy(final int count, final Legs from)
        {
            for (int i = 0; i < count; i++)
            {
                symbols[i].set(from.symbols[i]);
                sides[i] = from.sides[i];
                prices[i] = from.prices[i];
                qtys[i] = from.qtys[i];
            }
        }

        void copy(final Command bundle)
        {
            for (int i = 0, n = bundle.legCount(); i < n; i++)
            {
                final BundleLeg leg = bundle.leg(i);
                symbols[i].set(leg.symbol());
                sides[i] = leg.side();
                prices[i] = leg.price();
                qtys[i] = leg.qty();
            }
        }

        boolean same(final int count, final Command bundle)
        {
            if (count != bundle.legCount())
            {
                return false;
            }
            for (int i = 0; i < count; i++)
            {
                final BundleLeg leg = bundle.leg(i);
                if (sides[i] != leg.side() || prices[i] != leg.price() || qtys[i] != leg.qty() ||
                    !symbols[i].contentEquals(leg.symbol()))
                {
                    return false;
                }
            }
            return true;
        }
    }

    private final long windowNs;
    private final int maxEntries;
    private final AccountRegistry accounts;
    /** First slot of each hash's chain. */
    private final Long2LongHashMap firstByHash = new Long2LongHashMap(INITIAL_SLOTS, 0.65f, NONE);
    private long[] longs = new long[INITIAL_SLOTS * LONGS];
    private byte[] text = new byte[INITIAL_SLOTS * TEXT];
    private int[] account = new int[INITIAL_SLOTS];
    /** Side, order type, time in force, post-only and leg count, a byte each. */
    private long[] flags = new long[INITIAL_SLOTS];
    private int[] nextSameHash = new int[INITIAL_SLOTS];
    private Legs[] legs = new Legs[INITIAL_SLOTS];
    /** Slots in acceptance order, a ring: {@code head} the oldest, {@code size} of them. */
    private int[] inOrder = new int[INITIAL_SLOTS];
    private int head;
    private int size;
    /** Slots never used yet start at {@code slotsUsed}; pruned ones are reused from {@code free}. */
    private int slotsUsed;
    private int[] free = new int[INITIAL_SLOTS];
    private int freeCount;
    /** A view of {@link #text}, to copy a slot's keys out. */
    private final UnsafeBuffer textView = new UnsafeBuffer(text);
    private final Entry scratch = new Entry();

    /**
     * A window of {@link #DEFAULT_MAX_ENTRIES} at most.
     *
     * @param windowNs how long a ClOrdID stays taken after its order was accepted, nanoseconds of exchange time;
     *                 0 keeps none (only open orders' ClOrdIDs are then unique).
     * @param accounts the registry the entries' accounts are in.
     */
    public ClOrdIdWindow(final long windowNs, final AccountRegistry accounts)
    {
        this(windowNs, DEFAULT_MAX_ENTRIES, accounts);
    }

    /**
     * @param windowNs   how long a ClOrdID stays taken after its order was accepted, nanoseconds of exchange time;
     *                   0 keeps none (only open orders' ClOrdIDs are then unique).
     * @param maxEntries the most entries held: recording one more drops the oldest first.
     * @param accounts   the registry the entries' accounts are in.
     */
    public ClOrdIdWindow(final long windowNs, final int maxEntries, final AccountRegistry accounts)
    {
        if (windowNs < 0)
        {
            throw new IllegalArgumentException("ClOrdID window " + windowNs + " ns must not be negative");
        }
        if (maxEntries < 1)
        {
            throw new IllegalArgumentException("ClOrdID window of " + maxEntries + " entries must hold one or more");
        }
        this.windowNs = windowNs;
        this.maxEntries = maxEntries;
        this.accounts = accounts;
    }

    /** @return the window, nanoseconds. */
    public long windowNs()
    {
        return windowNs;
    }

    /** @return the most entries held. */
    public int maxEntries()
    {
        return maxEntries;
    }

    /** @return entries held. */
    public int size()
    {
        return size;
    }

    /**
     * Forgets what left the window at {@code nowNs}: entries accepted at or before {@code nowNs - windowNs}.
     *
     * @param nowNs a command's stamp.
     */
    public void prune(final long nowNs)
    {
        while (size > 0 && nowNs - longs[inOrder[head] * LONGS + ACCEPTED] >= windowNs)
        {
            dropOldest();
        }
    }

    /**
     * @param account the account acting.
     * @param clOrdId the ClOrdID of its new order.
     * @return the order accepted under it within the window (a copy, valid until the next call), or null.
     */
    Entry find(final Account account, final AsciiKey clOrdId)
    {
        if (size == 0)
        {
            return null; // a window of 0 (or one just pruned empty): no hash, no probe
        }
        final int slot = slotOf(account.index(), clOrdId);
        return slot == NONE ? null : copyOut(slot);
    }

    /**
     * Records an accepted new order or bundle.
     *
     * @param account the order's account.
     * @param command the NEW_ORDER or BUNDLE, stamped.
     * @param orderId the id the engine gave it.
     */
    void record(final Account account, final Command command, final long orderId)
    {
        if (windowNs == 0)
        {
            return;
        }
        final int legCount = command.type() == CommandType.BUNDLE ? command.legCount() : 0;
        final int slot = store(command.timestampNs(), orderId, command.price(), command.qty(), command.budget(),
            command.protectionPrice(),
            flags(command.side(), command.orderType(), command.timeInForce(), command.postOnly(), legCount),
            command.clOrdId(), command.symbol());
        if (legCount > 0)
        {
            legsOf(slot).copy(command);
        }
        index(slot, account.index(), command.clOrdId());
    }

    /** @return the entries oldest first, each a copy in the same {@link Entry}: for the snapshot. */
    Iterable<Entry> entries()
    {
        final List<Entry> view = new AbstractList<>()
        {
            @Override
            public Entry get(final int index)
            {
                return copyOut(inOrder[(head + index) & (inOrder.length - 1)]);
            }

            @Override
            public int size()
            {
                return size;
            }
        };
        return view;
    }

    /** @return the entry to fill from a snapshot and {@link #add}. */
    Entry blank()
    {
        scratch.legCount = 0;
        return scratch;
    }

    /** Appends a filled entry (newest), indexing it; beyond {@link #maxEntries} the oldest is dropped first. */
    void add(final Entry e)
    {
        final int slot = store(e.acceptedNs, e.orderId, e.price, e.qty, e.budget, e.protectionPrice,
            flags(e.side, e.orderType, e.timeInForce, e.postOnly, e.legCount), e.clOrdId, e.symbol);
        if (e.legCount > 0)
        {
            legsOf(slot).copy(e.legCount, e.legs);
        }
        index(slot, e.account.index(), e.clOrdId);
    }

    /** @return a new slot holding an entry's numbers, flags and keys (its legs and index still to come). */
    private int store(final long acceptedNs, final long orderId, final long price, final long qty, final long budget,
        final long protectionPrice, final long entryFlags, final AsciiKey clOrdId, final AsciiKey symbol)
    {
        final int slot = newSlot();
        final int at = slot * LONGS;
        longs[at + ACCEPTED] = acceptedNs;
        longs[at + ORDER_ID] = orderId;
        longs[at + PRICE] = price;
        longs[at + QTY] = qty;
        longs[at + BUDGET] = budget;
        longs[at + PROTECTION] = protectionPrice;
        flags[slot] = entryFlags;
        putText(slot, clOrdId, symbol);
        return slot;
    }

    /** @return a slot for a new entry, the oldest dropped first when the window is full. */
    private int newSlot()
    {
        if (size == maxEntries)
        {
            dropOldest();
        }
        if (freeCount > 0)
        {
            return free[--freeCount];
        }
        if (slotsUsed == account.length)
        {
            grow();
        }
        return slotsUsed++;
    }

    /** Links a filled slot into its hash's chain and appends it to the acceptance order. */
    private void index(final int slot, final int accountIndex, final AsciiKey clOrdId)
    {
        account[slot] = accountIndex;
        final long hash = hash(accountIndex, clOrdId);
        longs[slot * LONGS + HASH] = hash;
        nextSameHash[slot] = (int)firstByHash.get(hash);
        firstByHash.put(hash, slot);
        if (size == inOrder.length)
        {
            growOrder();
        }
        inOrder[(head + size) & (inOrder.length - 1)] = slot;
        size++;
    }

    private void dropOldest()
    {
        final int slot = inOrder[head];
        head = (head + 1) & (inOrder.length - 1);
        size--;
        unlink(slot);
        free[freeCount++] = slot;
    }

    private void unlink(final int slot)
    {
        final long hash = longs[slot * LONGS + HASH];
        int first = (int)firstByHash.get(hash);
        if (first == slot)
        {
            if (nextSameHash[slot] == NONE)
            {
                firstByHash.remove(hash);
            }
            else
            {
                firstByHash.put(hash, nextSameHash[slot]);
            }
            return;
        }
        while (nextSameHash[first] != slot)
        {
            first = nextSameHash[first];
        }
        nextSameHash[first] = nextSameHash[slot];
    }

    private int slotOf(final int accountIndex, final AsciiKey clOrdId)
    {
        for (int slot = (int)firstByHash.get(hash(accountIndex, clOrdId)); slot != NONE; slot = nextSameHash[slot])
        {
            if (account[slot] == accountIndex && idEquals(slot, clOrdId))
            {
                return slot;
            }
        }
        return NONE;
    }

    private Entry copyOut(final int slot)
    {
        final Entry e = scratch;
        final int at = slot * LONGS;
        e.account = accounts.accountAt(account[slot]);
        e.acceptedNs = longs[at + ACCEPTED];
        e.orderId = longs[at + ORDER_ID];
        e.price = longs[at + PRICE];
        e.qty = longs[at + QTY];
        e.budget = longs[at + BUDGET];
        e.protectionPrice = longs[at + PROTECTION];
        final long f = flags[slot];
        e.side = SIDES[(int)(f & 0xFF)];
        e.orderType = ORDER_TYPES[(int)(f >>> 8 & 0xFF)];
        e.timeInForce = TIME_IN_FORCES[(int)(f >>> 16 & 0xFF)];
        e.postOnly = (f >>> 24 & 1) != 0;
        e.legCount = (int)(f >>> 32 & 0xFF);
        final int t = slot * TEXT;
        e.clOrdId.set(textView, t + ID_AT, text[t]);
        e.symbol.set(textView, t + SYMBOL_AT, text[t + SYMBOL_LENGTH_AT]);
        if (e.legCount > 0)
        {
            e.legs.ensure();
            e.legs.copy(e.legCount, legs[slot]);
        }
        return e;
    }

    private void putText(final int slot, final AsciiKey clOrdId, final AsciiKey symbol)
    {
        final int t = slot * TEXT;
        text[t] = (byte)clOrdId.length();
        clOrdId.buffer().getBytes(0, text, t + ID_AT, clOrdId.length());
        text[t + SYMBOL_LENGTH_AT] = (byte)symbol.length();
        symbol.buffer().getBytes(0, text, t + SYMBOL_AT, symbol.length());
    }

    private boolean idEquals(final int slot, final AsciiKey clOrdId)
    {
        final int t = slot * TEXT;
        final int length = text[t];
        if (length != clOrdId.length())
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (text[t + ID_AT + i] != (byte)clOrdId.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private Legs legsOf(final int slot)
    {
        Legs held = legs[slot];
        if (held == null)
        {
            held = new Legs();
            held.ensure();
            legs[slot] = held;
        }
        return held;
    }

    private static long flags(
        final Side side, final OrderType type, final TimeInForce tif, final boolean postOnly, final int legCount)
    {
        return side.ordinal() | (long)type.ordinal() << 8 | (long)tif.ordinal() << 16 |
            (postOnly ? 1L : 0L) << 24 | (long)legCount << 32;
    }

    private void grow()
    {
        final int slots = account.length * 2;
        longs = Arrays.copyOf(longs, slots * LONGS);
        text = Arrays.copyOf(text, slots * TEXT);
        textView.wrap(text);
        account = Arrays.copyOf(account, slots);
        flags = Arrays.copyOf(flags, slots);
        nextSameHash = Arrays.copyOf(nextSameHash, slots);
        legs = Arrays.copyOf(legs, slots);
        free = Arrays.copyOf(free, slots);
    }

    /** Doubles the acceptance ring, oldest first from index 0. */
    private void growOrder()
    {
        final int[] larger = new int[inOrder.length * 2];
        for (int i = 0; i < size; i++)
        {
            larger[i] = inOrder[(head + i) & (inOrder.length - 1)];
        }
        inOrder = larger;
        head = 0;
    }

    private static long hash(final int accountIndex, final AsciiKey clOrdId)
    {
        long h = clOrdId.hash64() ^ (accountIndex * 0x9E3779B97F4A7C15L);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
