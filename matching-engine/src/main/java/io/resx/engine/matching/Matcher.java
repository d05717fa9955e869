package io.resx.engine.matching;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.Notional;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.event.CancelReason;
import io.resx.risk.Account;
import io.resx.risk.Owner;

/**
 * Price-time priority matching of one aggressor against a book, with self-trade prevention by beneficial owner
 * (owners linked into one group count as one).
 * <p>
 * Trades happen at the resting order's price, best level first, oldest order first within a level. The
 * aggressor's owner's {@link StpPolicy} decides what happens when it meets an order of the same owner.
 * {@link #available} answers, without changing anything, how much an all-or-none order could get: it counts
 * liquidity exactly as {@link #match} would take it, so FOK and bundles are all-or-none in fact, and totals what
 * that liquidity costs, so a FOK order's budget holds in fact too.
 */
final class Matcher
{
    /** The aggressor has no open quantity left. */
    static final int FILLED = 0;
    /** No more liquidity within the aggressor's limit. */
    static final int EXHAUSTED = 1;
    /** Stopped by an order of the same owner under {@link StpPolicy#CANCEL_AGGRESSOR}. */
    static final int SELF_TRADE = 2;

    private final OrderPool pool;
    private final OpenOrderIndex openOrders;
    private final OutcomeWriter out;
    private long lastTradeId;
    private long availableCash;
    private long availableCashRemainder;
    private boolean availableCashRoundUp;

    Matcher(final OrderPool pool, final OpenOrderIndex openOrders, final OutcomeWriter out)
    {
        this.pool = pool;
        this.openOrders = openOrders;
        this.out = out;
    }

    /** @return the last trade id given; snapshots carry it. */
    long lastTradeId()
    {
        return lastTradeId;
    }

    /** @param lastTradeId the last trade id given, restored from a snapshot. */
    void lastTradeId(final long lastTradeId)
    {
        this.lastTradeId = lastTradeId;
    }

    /**
     * Matches the aggressor against the other side of the book until it is filled, its limit is reached or
     * self-trade prevention stops it. Filled resting orders leave the book and are recycled.
     *
     * @param book      the book.
     * @param aggressor the incoming order, not resting in the book.
     * @param market    true to ignore the aggressor's price.
     * @return {@link #FILLED}, {@link #EXHAUSTED} or {@link #SELF_TRADE}.
     */
    int match(final OrderBook book, final Order aggressor, final boolean market)
    {
        final BookSide opposite = book.side(aggressor.side.opposite());
        final Owner owner = aggressor.account.owner().beneficial();
        final StpPolicy stp = aggressor.account.owner().stpPolicy();
        while (aggressor.open() > 0)
        {
            final PriceLevel level = opposite.best();
            if (level == null || !(market || opposite.isWithin(level.price, aggressor.price)))
            {
                return EXHAUSTED;
            }
            Order resting = level.head;
            while (resting != null && aggressor.open() > 0)
            {
                final Order next = resting.next;
                if (stp != StpPolicy.OFF && resting.account.owner().beneficial() == owner)
                {
                    if (stp == StpPolicy.CANCEL_AGGRESSOR)
                    {
                        return SELF_TRADE;
                    }
                    cancelResting(book, resting, CancelReason.STP);
                }
                else
                {
                    fill(book, aggressor, resting, Math.min(aggressor.open(), resting.open()));
                }
                resting = next;
            }
        }
        return FILLED;
    }

    /**
     * How much of {@code needed} an aggressor could fill now, counting only liquidity {@link #match} would
     * take: within the limit, and not behind or at an order that self-trade prevention would refuse. Also
     * totals the cash of filling the first {@code needed} of it, read with {@link #availableCash()}.
     *
     * @param book       the book.
     * @param side       aggressor's side.
     * @param limitPrice aggressor's limit, ignored when {@code market}.
     * @param market     true for a market order.
     * @param owner      aggressor's owner.
     * @param needed     the quantity wanted; counting stops once reached.
     * @return fillable quantity, at most {@code needed} plus one order's open quantity.
     */
    long available(
        final OrderBook book, final Side side, final long limitPrice, final boolean market, final Owner owner,
        final long needed)
    {
        final BookSide opposite = book.side(side.opposite());
        final StpPolicy stp = owner.stpPolicy();
        final Owner beneficial = owner.beneficial();
        long sum = 0;
        availableCash = 0;
        availableCashRemainder = 0;
        availableCashRoundUp = side == Side.BUY;
        for (int rank = 0, depth = opposite.depth(); rank < depth && sum < needed; rank++)
        {
            final PriceLevel level = opposite.level(rank);
            if (!market && !opposite.isWithin(level.price, limitPrice))
            {
                break;
            }
            if (stp == StpPolicy.OFF)
            {
                addCash(level.price, Math.min(level.openQty, needed - sum));
                sum += level.openQty;
                continue;
            }
            for (Order order = level.head; order != null && sum < needed; order = order.next)
            {
                if (order.account.owner().beneficial() != beneficial)
                {
                    addCash(level.price, Math.min(order.open(), needed - sum));
                    sum += order.open();
                }
                else if (stp == StpPolicy.CANCEL_AGGRESSOR)
                {
                    return sum;
                }
            }
        }
        return sum;
    }

    /**
     * @return cash, fixed-point, that the last {@link #available} call's liquidity costs a buyer or pays a seller
     * for at most its {@code needed} quantity: the exact total of price × quantity, rounded up for a buyer and
     * down for a seller (against the aggressor); {@link Long#MAX_VALUE} if above that.
     */
    long availableCash()
    {
        final long cash = saturatedAdd(availableCash, availableCashRemainder / FixedPoint.ONE);
        return availableCashRoundUp && availableCashRemainder % FixedPoint.ONE != 0 ? saturatedAdd(cash, 1) : cash;
    }

    private void addCash(final long priceFp, final long qtyFp)
    {
        availableCash = saturatedAdd(availableCash, Notional.saturated(priceFp, qtyFp));
        availableCashRemainder += (priceFp % FixedPoint.ONE) * (qtyFp % FixedPoint.ONE) % FixedPoint.ONE;
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * Puts an order with open quantity into the book and the open-order index.
     *
     * @param book  its book.
     * @param order the order; its ClOrdID must not be open for its account already.
     */
    void restNew(final OrderBook book, final Order order)
    {
        book.rest(order);
        openOrders.put(order);
    }

    /**
     * Takes a resting order out of the book and the index with a cancel event, and recycles it.
     *
     * @param book   its book.
     * @param order  the resting order.
     * @param reason why.
     */
    void cancelResting(final OrderBook book, final Order order, final CancelReason reason)
    {
        out.cancelled(book, order, reason);
        book.unlink(order);
        openOrders.remove(order);
        pool.release(order);
    }

    /**
     * Fills a resting bid from an owner's idle units at the use-it-or-share-it clearing price: a TRADE with no sell
     * order. A bid filled in full leaves the book and is recycled.
     *
     * @param book   the closing lease book.
     * @param bid    a resting buy order in it.
     * @param owner  the account whose idle units it gets.
     * @param price  the clearing price, at most the bid's.
     * @param qty    units, at most the bid's open quantity.
     */
    void fillByRule(final OrderBook book, final Order bid, final Account owner, final long price, final long qty)
    {
        out.ruleTrade(book, ++lastTradeId, bid, owner, price, qty);
        book.recordTrade(price, qty);
        book.reduceOpen(bid, qty);
        bid.filled += qty;
        if (bid.open() == 0)
        {
            book.unlink(bid);
            openOrders.remove(bid);
            pool.release(bid);
        }
    }

    private void fill(final OrderBook book, final Order aggressor, final Order resting, final long qty)
    {
        out.trade(book, ++lastTradeId, aggressor, resting, qty);
        book.recordTrade(resting.price, qty);
        book.reduceOpen(resting, qty);
        aggressor.filled += qty;
        resting.filled += qty;
        if (resting.open() == 0)
        {
            book.unlink(resting);
            openOrders.remove(resting);
            pool.release(resting);
        }
    }
}
