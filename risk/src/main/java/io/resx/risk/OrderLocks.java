package io.resx.risk;

import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * What each resting order has locked, by the engine's order id: its account, asset, side, limit, total and
 * filled quantity, and the amount it holds locked (cash for a buy, units or lease commitment for a sell).
 * Struct-of-arrays slots recycled through a free list; grows only past its high-water mark.
 * <p>
 * The lock of an order is always recomputed from its state ({@link ClearingRisk#lockOf}) and the account's
 * locked balance moved by the difference, so locked balances equal exactly what the open orders need.
 */
final class OrderLocks
{
    private static final int NONE = -1;

    private final Long2LongHashMap slotByOrderId = new Long2LongHashMap(1 << 12, 0.55f, NONE);
    long[] orderId;
    int[] account;
    int[] asset;
    boolean[] buy;
    long[] price;
    long[] qty;
    long[] filled;
    long[] lock;
    private int[] free;
    private int freeCount;
    private int size;

    OrderLocks(final int capacity)
    {
        allocate(Math.max(16, capacity));
    }

    /** @return open orders tracked. */
    int size()
    {
        return size;
    }

    /**
     * @param id an order id.
     * @return its slot, or -1 when the order is not resting.
     */
    int slot(final long id)
    {
        return (int)slotByOrderId.get(id);
    }

    /** @return the ids of the open orders, ascending: an order independent of slots and hashing. */
    long[] sortedOrderIds()
    {
        final long[] ids = new long[size];
        final int[] count = {0};
        slotByOrderId.forEachLong((id, slot) -> ids[count[0]++] = id);
        Arrays.sort(ids);
        return ids;
    }

    int add(final long id, final int accountIndex, final int assetId, final boolean isBuy, final long limit,
        final long totalQty, final long filledQty)
    {
        if (freeCount == 0)
        {
            grow();
        }
        final int slot = free[--freeCount];
        orderId[slot] = id;
        account[slot] = accountIndex;
        asset[slot] = assetId;
        buy[slot] = isBuy;
        price[slot] = limit;
        qty[slot] = totalQty;
        filled[slot] = filledQty;
        lock[slot] = 0;
        slotByOrderId.put(id, slot);
        size++;
        return slot;
    }

    void remove(final int slot)
    {
        slotByOrderId.remove(orderId[slot]);
        free[freeCount++] = slot;
        size--;
    }

    private void allocate(final int capacity)
    {
        orderId = new long[capacity];
        account = new int[capacity];
        asset = new int[capacity];
        buy = new boolean[capacity];
        price = new long[capacity];
        qty = new long[capacity];
        filled = new long[capacity];
        lock = new long[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            free[freeCount++] = capacity - 1 - i;
        }
    }

    private void grow()
    {
        final int old = orderId.length;
        final int capacity = old * 2;
        orderId = Arrays.copyOf(orderId, capacity);
        account = Arrays.copyOf(account, capacity);
        asset = Arrays.copyOf(asset, capacity);
        buy = Arrays.copyOf(buy, capacity);
        price = Arrays.copyOf(price, capacity);
        qty = Arrays.copyOf(qty, capacity);
        filled = Arrays.copyOf(filled, capacity);
        lock = Arrays.copyOf(lock, capacity);
        free = Arrays.copyOf(free, capacity);
        for (int i = capacity - 1; i >= old; i--)
        {
            free[freeCount++] = i;
        }
    }
}
