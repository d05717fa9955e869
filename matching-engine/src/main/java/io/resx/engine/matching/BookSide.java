package io.resx.engine.matching;

import io.resx.protocol.command.Side;

import java.util.Arrays;

/**
 * One side of a book: its price levels in an array sorted so that the best level is last.
 * <p>
 * Almost all activity happens at or near the best price, so keeping the best at the end makes taking out
 * the top level O(1) and inserting near it a short shift; a binary search finds any other level. Bids are
 * stored by ascending price, asks by descending price: {@code key = sign × price} ascends in both. The keys
 * sit in their own array beside the levels, so a search reads contiguous longs and no level objects.
 */
public final class BookSide
{
    private final Side side;
    private final long sign;
    private PriceLevel[] levels = new PriceLevel[64];
    private long[] keys = new long[64];
    private int size;
    private long openQty;
    private PriceLevel freeLevels;

    BookSide(final Side side)
    {
        this.side = side;
        this.sign = side == Side.BUY ? 1 : -1;
    }

    /** @return which side this is. */
    public Side side()
    {
        return side;
    }

    /** @return number of price levels. */
    public int depth()
    {
        return size;
    }

    /** @return open quantity of every order on this side, fixed-point. */
    public long openQty()
    {
        return openQty;
    }

    /** @return the best level, or null when the side is empty. */
    public PriceLevel best()
    {
        return size == 0 ? null : levels[size - 1];
    }

    /**
     * @param rank 0 = best, below {@link #depth()}.
     * @return the level at that rank.
     */
    public PriceLevel level(final int rank)
    {
        return levels[size - 1 - rank];
    }

    /**
     * @param price a price on this side, fixed-point.
     * @return the level at that price, or null.
     */
    public PriceLevel find(final long price)
    {
        final int index = search(sign * price);
        return index >= 0 ? levels[index] : null;
    }

    /**
     * Whether an incoming order on the other side with this limit would reach this side's best level.
     *
     * @param limitPrice aggressor's limit, fixed-point.
     * @return true when the best level's price is at or better than the limit for the aggressor.
     */
    public boolean crossedBy(final long limitPrice)
    {
        return size != 0 && isWithin(levels[size - 1].price, limitPrice);
    }

    /**
     * @param levelPrice a level price on this side.
     * @param limitPrice an aggressor's limit on the other side.
     * @return whether the aggressor may trade at that level.
     */
    boolean isWithin(final long levelPrice, final long limitPrice)
    {
        // A bid level is reached by a sell limited at or below it; an ask level by a buy at or above it.
        return sign * levelPrice >= sign * limitPrice;
    }

    PriceLevel getOrCreate(final long price)
    {
        final long key = sign * price;
        int index;
        // Most inserts land at or next to the top: look there before searching.
        if (size == 0 || key > keys[size - 1])
        {
            index = -(size + 1);
        }
        else
        {
            index = search(key);
        }
        if (index >= 0)
        {
            return levels[index];
        }
        final int insertAt = -(index + 1);
        if (size == levels.length)
        {
            levels = Arrays.copyOf(levels, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
        }
        System.arraycopy(levels, insertAt, levels, insertAt + 1, size - insertAt);
        System.arraycopy(keys, insertAt, keys, insertAt + 1, size - insertAt);
        final PriceLevel level = newLevel(price);
        levels[insertAt] = level;
        keys[insertAt] = key;
        size++;
        return level;
    }

    void addOpenQty(final long delta)
    {
        openQty += delta;
    }

    void remove(final PriceLevel level)
    {
        final int index = size != 0 && levels[size - 1] == level ? size - 1 : search(sign * level.price);
        System.arraycopy(levels, index + 1, levels, index, size - index - 1);
        System.arraycopy(keys, index + 1, keys, index, size - index - 1);
        levels[--size] = null;
        level.head = null;
        level.tail = null;
        level.nextFree = freeLevels;
        freeLevels = level;
    }

    private PriceLevel newLevel(final long price)
    {
        PriceLevel level = freeLevels;
        if (level == null)
        {
            level = new PriceLevel();
        }
        else
        {
            freeLevels = level.nextFree;
            level.nextFree = null;
        }
        level.price = price;
        level.openQty = 0;
        level.orderCount = 0;
        return level;
    }

    private int search(final long key)
    {
        int low = 0;
        int high = size - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long midKey = keys[mid];
            if (midKey < key)
            {
                low = mid + 1;
            }
            else if (midKey > key)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(low + 1);
    }
}
