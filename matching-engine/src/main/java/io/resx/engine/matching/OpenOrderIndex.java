package io.resx.engine.matching;

import io.resx.protocol.text.AsciiKey;
import io.resx.risk.Account;

/**
 * Open orders by (account, ClOrdID): how cancels and replaces find their order, and how a duplicate ClOrdID
 * is caught. Keying by account as well as ClOrdID is what makes an account able to act only on its own orders.
 * <p>
 * Open addressing with linear probing and backward-shift deletion over two parallel arrays: the 64-bit hash
 * of each entry's key, and the order. A probe compares hashes in one contiguous array and touches an order
 * only when the hash matches, so a miss (every new order's duplicate check) reads no order at all. Adding
 * and removing allocate nothing; the table doubles only past half full. Hash 0 marks an empty slot.
 */
public final class OpenOrderIndex
{
    private long[] hashes;
    private Order[] orders;
    private int mask;
    private int size;

    /**
     * @param expectedOrders open orders to size for up front.
     */
    public OpenOrderIndex(final int expectedOrders)
    {
        int capacity = 16;
        while (capacity < expectedOrders * 2)
        {
            capacity <<= 1;
        }
        hashes = new long[capacity];
        orders = new Order[capacity];
        mask = capacity - 1;
    }

    /** @return number of open orders indexed. */
    public int size()
    {
        return size;
    }

    /**
     * @param account the account acting.
     * @param clOrdId a ClOrdID it names.
     * @return its open order, or null.
     */
    public Order get(final Account account, final AsciiKey clOrdId)
    {
        final long hash = hash(account, clOrdId);
        int slot = (int)hash & mask;
        long candidate;
        while ((candidate = hashes[slot]) != 0)
        {
            if (candidate == hash)
            {
                final Order order = orders[slot];
                if (order.account == account && order.clOrdId.contentEquals(clOrdId))
                {
                    return order;
                }
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    void put(final Order order)
    {
        if ((size + 1) * 2 > hashes.length)
        {
            grow();
        }
        insert(hash(order.account, order.clOrdId), order);
        size++;
    }

    void remove(final Order order)
    {
        final long hash = hash(order.account, order.clOrdId);
        int slot = (int)hash & mask;
        while (orders[slot] != order)
        {
            slot = (slot + 1) & mask;
        }
        hashes[slot] = 0;
        orders[slot] = null;
        size--;
        // Backward-shift: move later members of the probe run into the hole so look-ups never stop early.
        int hole = slot;
        int next = (slot + 1) & mask;
        long candidate;
        while ((candidate = hashes[next]) != 0)
        {
            final int home = (int)candidate & mask;
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                hashes[hole] = candidate;
                orders[hole] = orders[next];
                hashes[next] = 0;
                orders[next] = null;
                hole = next;
            }
            next = (next + 1) & mask;
        }
    }

    private void insert(final long hash, final Order order)
    {
        int slot = (int)hash & mask;
        while (hashes[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        hashes[slot] = hash;
        orders[slot] = order;
    }

    private void grow()
    {
        final long[] oldHashes = hashes;
        final Order[] oldOrders = orders;
        hashes = new long[oldHashes.length * 2];
        orders = new Order[oldOrders.length * 2];
        mask = hashes.length - 1;
        for (int i = 0; i < oldHashes.length; i++)
        {
            if (oldHashes[i] != 0)
            {
                insert(oldHashes[i], oldOrders[i]);
            }
        }
    }

    private static long hash(final Account account, final AsciiKey clOrdId)
    {
        long h = clOrdId.hash64() ^ (account.index() * 0x9E3779B97F4A7C15L);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
