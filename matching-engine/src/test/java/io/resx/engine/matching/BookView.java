package io.resx.engine.matching;

import io.resx.protocol.command.Side;

import java.util.ArrayList;
import java.util.List;

/**
 * Test-only window on a book's order queues, which the public API shows only as aggregated levels: lives in the
 * engine's package to walk each level's FIFO. Reads; never changes anything.
 */
public final class BookView
{
    private BookView()
    {
    }

    /**
     * One resting order.
     *
     * @param account account id.
     * @param clOrdId ClOrdID naming it now.
     * @param orderId engine order id.
     * @param price   limit price, fixed-point.
     * @param qty     total quantity, fixed-point.
     * @param filled  traded so far, fixed-point.
     */
    public record Resting(String account, String clOrdId, long orderId, long price, long qty, long filled)
    {
        /** @return open quantity. */
        public long open()
        {
            return qty - filled;
        }
    }

    /**
     * @param book a book.
     * @param side BUY for bids, SELL for asks.
     * @return its resting orders on that side in priority order: best level first, oldest first within a level.
     */
    public static List<Resting> orders(final OrderBook book, final Side side)
    {
        final BookSide bookSide = book.side(side);
        final List<Resting> orders = new ArrayList<>();
        for (int rank = 0; rank < bookSide.depth(); rank++)
        {
            for (Order order = bookSide.level(rank).head; order != null; order = order.next)
            {
                orders.add(new Resting(order.account.id().toString(), order.clOrdId.toString(), order.orderId,
                    order.price, order.qty, order.filled));
            }
        }
        return orders;
    }

    /**
     * Checks a side's internal consistency: each level's aggregates equal the sum over its queue, levels are
     * strictly ordered best first, and every order points back at its level and book.
     *
     * @param book a book.
     * @param side the side.
     * @return a description of the first inconsistency, or null when consistent.
     */
    public static String inconsistency(final OrderBook book, final Side side)
    {
        final BookSide bookSide = book.side(side);
        for (int rank = 0; rank < bookSide.depth(); rank++)
        {
            final PriceLevel level = bookSide.level(rank);
            if (rank > 0 && !bookSide.isWithin(bookSide.level(rank - 1).price, level.price))
            {
                return side + " level " + rank + " is not worse than the one before it";
            }
            long open = 0;
            int count = 0;
            Order prev = null;
            for (Order order = level.head; order != null; order = order.next)
            {
                if (order.level != level || order.book != book || order.prev != prev || order.price != level.price)
                {
                    return side + " order " + order.clOrdId + " has broken links";
                }
                if (order.open() <= 0)
                {
                    return side + " order " + order.clOrdId + " rests with no open quantity";
                }
                open += order.open();
                count++;
                prev = order;
            }
            if (level.tail != prev || open != level.openQty || count != level.orderCount || count == 0)
            {
                return side + " level " + level.price + " aggregates " + level.openQty + "/" + level.orderCount +
                    " but holds " + open + "/" + count;
            }
        }
        return null;
    }
}
