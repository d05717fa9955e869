package io.resx.gateway.common.marketdata;

import io.resx.protocol.command.Command;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable copy of an {@link L2Book}'s top levels, for threads other than the book's owner (HTTP requests).
 *
 * @param symbol        the instrument.
 * @param sequence      sequence of the last command that changed the book: the snapshot is the book after it.
 * @param priceDecimals decimals prices are quoted with.
 * @param qtyDecimals   decimals quantities are quoted with.
 * @param bids          bid levels, highest first.
 * @param asks          ask levels, lowest first.
 * @param lastPrice     last trade's price, or {@link Command#ABSENT} before the first.
 * @param lastQty       last trade's quantity.
 * @param closed        past gate closure.
 * @param expired       slot ended.
 */
public record BookSnapshot(String symbol, long sequence, int priceDecimals, int qtyDecimals, List<Level> bids,
    List<Level> asks, long lastPrice, long lastQty, boolean closed, boolean expired)
{
    /**
     * One level.
     *
     * @param price  fixed-point.
     * @param qty    open quantity, fixed-point.
     * @param orders resting orders.
     */
    public record Level(long price, long qty, int orders)
    {
    }

    static List<Level> levels(final DepthSide side, final int depth)
    {
        final List<Level> out = new ArrayList<>(Math.min(depth, side.depth()));
        for (final DepthLevel level : side)
        {
            if (out.size() == depth)
            {
                break;
            }
            out.add(new Level(level.price(), level.qty(), level.orders()));
        }
        return List.copyOf(out);
    }
}
