package io.resx.engine.matching;

import io.resx.protocol.text.AsciiKey;
import io.resx.risk.Account;

/**
 * Open orders by (account, ClOrdID): how cancels and replaces find their order, and how a duplicate ClOrdID
 * is caught. Open addressing with linear probing and backward-shift deletion over the orders themselves, so
 * adding and removing allocates nothing; the table doubles only past half full.
 * <p>
 * Keying by account as well as ClOrdID is what makes an account able to act only on its own orders.
 */
public final class OpenOrderIndex
{
    private Order[] table;
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
        table = new Order[capacity];
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
        int slot = slot(account, clOrdId);
        Order candidate;
        while ((candidate = table[slot]) != null)
        {
            if (candidate.account == account && candidate.clOrdId.contentEquals(clOrdId))
            {
                return candidate;
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    void put(final Order order)
    {
        if ((size + 1) * 2 > table.length)
        {
            grow();
        }
        insert(order);
        size++;
    }

    void remove(final Order order)
    {
        int slot = slot(order.account, order.clOrdId);
        while (table[slot] != order)
        {
            slot = (slot + 1) & mask;
        }
        table[slot] = null;
        size--;
        // Backward-shift: move later members of the probe run into the hole so look-ups never stop early.
        int hole = slot;
        int next = (slot + 1) & mask;
        Order candidate;
        while ((candidate = table[next]) != null)
        {
            final int home = slot(candidate.account, candidate.clOrdId);
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                table[hole] = candidate;
                table[next] = null;
                hole = next;
            }
            next = (next + 1) & mask;
        }
    }

    private void insert(final Order order)
    {
        int slot = slot(order.account, order.clOrdId);
        while (table[slot] != null)
        {
            slot = (slot + 1) & mask;
        }
        table[slot] = order;
    }

    private void grow()
    {
        final Order[] old = table;
        table = new Order[old.length * 2];
        mask = table.length - 1;
        for (final Order order : old)
        {
            if (order != null)
            {
                insert(order);
            }
        }
    }

    private int slot(final Account account, final AsciiKey clOrdId)
    {
        long h = clOrdId.hash64() ^ (account.index() * 0x9E3779B97F4A7C15L);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int)h & mask;
    }
}
