package io.resx.gateway.common.marketdata;

import io.resx.protocol.command.Side;

import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.TreeMap;

/** One side of an {@link L2Book}: its price levels, best first (bids highest first, asks lowest first). */
public final class DepthSide implements Iterable<DepthLevel>
{
    private final Side side;
    private final TreeMap<Long, DepthLevel> levels;

    DepthSide(final Side side)
    {
        this.side = side;
        this.levels = new TreeMap<>(side == Side.BUY ? Collections.reverseOrder() : Comparator.<Long>naturalOrder());
    }

    /** @return which side. */
    public Side side()
    {
        return side;
    }

    /** @return price levels with at least one order. */
    public int depth()
    {
        return levels.size();
    }

    /**
     * @param price a price, fixed-point.
     * @return the level at that price, or null when no order rests there.
     */
    public DepthLevel level(final long price)
    {
        return levels.get(price);
    }

    /** @return the levels, best first. */
    @Override
    public Iterator<DepthLevel> iterator()
    {
        return Collections.unmodifiableCollection(levels.values()).iterator();
    }

    DepthLevel levelForAdd(final long price)
    {
        return levels.computeIfAbsent(price, DepthLevel::new);
    }

    void removeIfEmpty(final DepthLevel level)
    {
        if (level.isEmpty())
        {
            levels.remove(level.price());
        }
    }

    void clear()
    {
        levels.clear();
    }
}
