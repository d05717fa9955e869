package io.resx.engine.matching;

import io.resx.protocol.command.BundleLeg;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.text.AsciiKey;
import io.resx.risk.Account;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;

/**
 * The ClOrdIDs each account used for an accepted order within the last {@code windowNs} of exchange time, with the
 * fields of that order: what makes order entry idempotent. A new order whose (account, ClOrdID) is here is either a
 * retry (the same fields: answered RETRY_OF_ACCEPTED naming the original order) or a reuse (other fields:
 * DUPLICATE_CLORDID), whether or not the original is still open.
 * <p>
 * Entries are kept in acceptance order, which is stamp order (the sequencer's clock never goes back), so pruning
 * takes from the head while its stamp is out of the window: deterministic, driven only by command stamps. Look-up is
 * by a 64-bit hash of (account, ClOrdID) in an Agrona map of primitive keys, with a chain per hash; a hit compares
 * the exact account and ClOrdID, never the hash alone. Entries are pooled: after warm-up, recording, looking up and
 * pruning allocate nothing.
 * <p>
 * Single writer: the engine's thread.
 */
public final class ClOrdIdWindow
{
    /** The default window: a trading day and more, as Coinbase and CME keep a client order id for the session. */
    public static final long DEFAULT_WINDOW_NS = 24L * 3600 * 1_000_000_000L;

    /** One accepted order's key and fields. */
    static final class Entry
    {
        final AsciiKey clOrdId = new AsciiKey(Command.MAX_ID_LENGTH);
        final AsciiKey symbol = new AsciiKey(Command.MAX_SYMBOL_LENGTH);
        Account account;
        long hash;
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
        /**
         * A bundle's legs (0 for a single order): bundles fill or fail at once, so only the window dedups them. The
         * leg arrays are made the first time a (pooled) entry holds a bundle, so single orders carry none.
         */
        int legCount;
        AsciiKey[] legSymbols;
        Side[] legSides;
        long[] legPrices;
        long[] legQtys;
        Entry nextSameHash;

        /** Makes room for a bundle's legs, once per pooled entry. */
        void ensureLegs()
        {
            if (legSymbols == null)
            {
                legSymbols = new AsciiKey[Command.MAX_LEGS];
                for (int i = 0; i < Command.MAX_LEGS; i++)
                {
                    legSymbols[i] = new AsciiKey(Command.MAX_SYMBOL_LENGTH);
                }
                legSides = new Side[Command.MAX_LEGS];
                legPrices = new long[Command.MAX_LEGS];
                legQtys = new long[Command.MAX_LEGS];
            }
        }

        /** @return whether a new order or bundle repeats this one's every field (a bundle: every leg, in order). */
        boolean sameFields(final Command command)
        {
            if (command.type() == CommandType.BUNDLE)
            {
                return sameLegs(command);
            }
            return legCount == 0 && side == command.side() && orderType == command.orderType() &&
                timeInForce == command.timeInForce() && postOnly == command.postOnly() &&
                price == command.price() && qty == command.qty() && budget == command.budget() &&
                protectionPrice == command.protectionPrice() && symbol.contentEquals(command.symbol());
        }

        private boolean sameLegs(final Command bundle)
        {
            if (legCount == 0 || legCount != bundle.legCount())
            {
                return false;
            }
            for (int i = 0; i < legCount; i++)
            {
                final BundleLeg leg = bundle.leg(i);
                if (legSides[i] != leg.side() || legPrices[i] != leg.price() || legQtys[i] != leg.qty() ||
                    !legSymbols[i].contentEquals(leg.symbol()))
                {
                    return false;
                }
            }
            return true;
        }
    }

    private final long windowNs;
    private final Long2ObjectHashMap<Entry> byHash = new Long2ObjectHashMap<>();
    private final ArrayDeque<Entry> inOrder = new ArrayDeque<>();
    private final ArrayDeque<Entry> free = new ArrayDeque<>();

    /**
     * @param windowNs how long a ClOrdID stays taken after its order was accepted, nanoseconds of exchange time;
     *                 0 keeps none (only open orders' ClOrdIDs are then unique).
     */
    public ClOrdIdWindow(final long windowNs)
    {
        if (windowNs < 0)
        {
            throw new IllegalArgumentException("ClOrdID window " + windowNs + " ns must not be negative");
        }
        this.windowNs = windowNs;
    }

    /** @return the window, nanoseconds. */
    public long windowNs()
    {
        return windowNs;
    }

    /** @return entries held. */
    public int size()
    {
        return inOrder.size();
    }

    /**
     * Forgets what left the window at {@code nowNs}: entries accepted at or before {@code nowNs - windowNs}.
     *
     * @param nowNs a command's stamp.
     */
    public void prune(final long nowNs)
    {
        Entry head;
        while ((head = inOrder.peekFirst()) != null && nowNs - head.acceptedNs >= windowNs)
        {
            inOrder.pollFirst();
            unlink(head);
            head.account = null;
            head.nextSameHash = null;
            head.legCount = 0;
            free.addLast(head);
        }
    }

    /**
     * @param account the account acting.
     * @param clOrdId the ClOrdID of its new order.
     * @return the order accepted under it within the window, or null.
     */
    Entry find(final Account account, final AsciiKey clOrdId)
    {
        for (Entry e = byHash.get(hash(account, clOrdId)); e != null; e = e.nextSameHash)
        {
            if (e.account == account && e.clOrdId.contentEquals(clOrdId))
            {
                return e;
            }
        }
        return null;
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
        final Entry e = free.isEmpty() ? new Entry() : free.pollFirst();
        e.account = account;
        e.clOrdId.set(command.clOrdId());
        e.symbol.set(command.symbol());
        e.acceptedNs = command.timestampNs();
        e.orderId = orderId;
        e.side = command.side();
        e.orderType = command.orderType();
        e.timeInForce = command.timeInForce();
        e.postOnly = command.postOnly();
        e.price = command.price();
        e.qty = command.qty();
        e.budget = command.budget();
        e.protectionPrice = command.protectionPrice();
        e.legCount = command.type() == CommandType.BUNDLE ? command.legCount() : 0;
        if (e.legCount > 0)
        {
            e.ensureLegs();
        }
        for (int i = 0; i < e.legCount; i++)
        {
            final BundleLeg leg = command.leg(i);
            e.legSymbols[i].set(leg.symbol());
            e.legSides[i] = leg.side();
            e.legPrices[i] = leg.price();
            e.legQtys[i] = leg.qty();
        }
        add(e);
    }

    /** @return the entries oldest first, for the snapshot. */
    Iterable<Entry> entries()
    {
        return inOrder;
    }

    /** @return a blank entry to fill from a snapshot and {@link #add}. */
    Entry blank()
    {
        return free.isEmpty() ? new Entry() : free.pollFirst();
    }

    /** Appends a filled entry (newest), indexing it. */
    void add(final Entry e)
    {
        e.hash = hash(e.account, e.clOrdId);
        e.nextSameHash = byHash.get(e.hash);
        byHash.put(e.hash, e);
        inOrder.addLast(e);
    }

    private void unlink(final Entry e)
    {
        Entry first = byHash.get(e.hash);
        if (first == e)
        {
            if (e.nextSameHash == null)
            {
                byHash.remove(e.hash);
            }
            else
            {
                byHash.put(e.hash, e.nextSameHash);
            }
            return;
        }
        while (first.nextSameHash != e)
        {
            first = first.nextSameHash;
        }
        first.nextSameHash = e.nextSameHash;
    }

    private static long hash(final Account account, final AsciiKey clOrdId)
    {
        long h = clOrdId.hash64() ^ (account.index() * 0x9E3779B97F4A7C15L);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
