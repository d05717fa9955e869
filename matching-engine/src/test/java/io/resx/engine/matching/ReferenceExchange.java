package io.resx.engine.matching;

import io.resx.engine.support.Ev;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.BundleLeg;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately simple exchange written from the rules, not from the engine: each book is one plain list of
 * orders, sorted by price then arrival whenever it is read; matching takes the first order of the sorted
 * opposite side again and again; all-or-none checks (FOK, bundle legs) run the real matching on a copy of the
 * book and look whether it filled. No pooling, no indexes, no incremental aggregates.
 * <p>
 * Where the rules do not fix something, the model follows the engine's documented choices: the order in which
 * validation problems are reported, order and trade ids counting up from 1, a replace to at or below the filled
 * quantity reporting the quantity that was open as leaves. Level-overflow rejects are not modelled: the
 * generated quantities are far too small to reach them.
 */
final class ReferenceExchange
{
    /** One order, live or working. */
    static final class MOrder
    {
        final String account;
        String clOrdId;
        final long orderId;
        final Side side;
        long price;
        long qty;
        long filled;
        final boolean postOnly;
        long arrival;

        MOrder(final String account, final String clOrdId, final long orderId, final Side side, final long price,
            final long qty, final boolean postOnly)
        {
            this.account = account;
            this.clOrdId = clOrdId;
            this.orderId = orderId;
            this.side = side;
            this.price = price;
            this.qty = qty;
            this.postOnly = postOnly;
        }

        long open()
        {
            return qty - filled;
        }

        MOrder copy()
        {
            final MOrder copy = new MOrder(account, clOrdId, orderId, side, price, qty, postOnly);
            copy.filled = filled;
            copy.arrival = arrival;
            return copy;
        }
    }

    /** One instrument. */
    static final class MBook
    {
        final String symbol;
        final long tick;
        final long lot;
        List<MOrder> orders = new ArrayList<>();
        long lastPrice;
        long lastQty;
        long tradeCount;

        MBook(final String symbol, final long tick, final long lot)
        {
            this.symbol = symbol;
            this.tick = tick;
            this.lot = lot;
        }

        int pd()
        {
            return FixedPoint.decimalsOf(tick);
        }

        int qd()
        {
            return FixedPoint.decimalsOf(lot);
        }

        /** @return that side's orders, best price first, earliest arrival first at a price. */
        List<MOrder> side(final Side side)
        {
            final List<MOrder> result = new ArrayList<>();
            for (final MOrder order : orders)
            {
                if (order.side == side)
                {
                    result.add(order);
                }
            }
            final Comparator<MOrder> byPrice = Comparator.comparingLong(o -> o.price);
            result.sort((side == Side.BUY ? byPrice.reversed() : byPrice).thenComparingLong(o -> o.arrival));
            return result;
        }

        List<Ev.Level> levels(final Side side)
        {
            final List<Ev.Level> levels = new ArrayList<>();
            for (final MOrder order : side(side))
            {
                final int last = levels.size() - 1;
                if (last >= 0 && levels.get(last).price() == order.price)
                {
                    final Ev.Level level = levels.get(last);
                    levels.set(last, new Ev.Level(level.price(), level.qty() + order.open(), level.orders() + 1));
                }
                else
                {
                    levels.add(new Ev.Level(order.price, order.open(), 1));
                }
            }
            return levels;
        }
    }

    private final Map<String, MBook> books = new LinkedHashMap<>();
    /** ClOrdIDs of accepted new orders, by account and ClOrdID: the fields they were accepted with. */
    private final Map<String, String> usedClOrdIds = new java.util.HashMap<>();
    private final Map<String, String> ownerOf = new HashMap<>();
    private final Map<String, StpPolicy> policies = new HashMap<>();
    private long lastOrderId;
    private long lastTradeId;
    private long lastArrival;

    private long seq;
    private List<Ev> out;

    /** @return the books, in listing order. */
    Map<String, MBook> books()
    {
        return books;
    }

    /**
     * @param command a command, stamped.
     * @return the events the rules say it causes.
     */
    List<Ev> process(final Command command)
    {
        seq = command.sequence();
        out = new ArrayList<>();
        switch (command.type())
        {
            case LIST:
                list(command);
                break;
            case ACCOUNT:
                account(command);
                break;
            case OWNER:
                policies.put(command.owner().toString(), command.stpPolicy());
                accepted(command, 0);
                break;
            case NEW_ORDER:
                newOrder(command);
                break;
            case CANCEL:
                cancel(command);
                break;
            case REPLACE:
                replace(command);
                break;
            case BUNDLE:
                bundle(command);
                break;
            case BOOK:
                bookQuery(command);
                break;
            default:
                reject(command, command.invalidReason(), -1);
                break;
        }
        return out;
    }

    private void list(final Command command)
    {
        final String symbol = command.symbol().toString();
        if (symbol.isEmpty() || command.tick() == Command.ABSENT || command.lot() == Command.ABSENT)
        {
            reject(command, RejectReason.MISSING_FIELD, -1);
        }
        else if (command.tick() <= 0)
        {
            reject(command, RejectReason.INVALID_TICK, -1);
        }
        else if (command.lot() <= 0)
        {
            reject(command, RejectReason.INVALID_LOT, -1);
        }
        else if (books.containsKey(symbol))
        {
            reject(command, RejectReason.DUPLICATE_SYMBOL, -1);
        }
        else
        {
            books.put(symbol, new MBook(symbol, command.tick(), command.lot()));
            accepted(command, 0);
        }
    }

    private void account(final Command command)
    {
        final String account = command.account().toString();
        if (account.isEmpty() || command.owner().isEmpty())
        {
            reject(command, RejectReason.MISSING_FIELD, -1);
        }
        else if (ownerOf.containsKey(account))
        {
            reject(command, RejectReason.DUPLICATE_ACCOUNT, -1);
        }
        else
        {
            ownerOf.put(account, command.owner().toString());
            accepted(command, 0);
        }
    }

    private void newOrder(final Command command)
    {
        final String account = command.account().toString();
        final MBook book = books.get(command.symbol().toString());
        final boolean market = command.orderType() == OrderType.MARKET;
        final TimeInForce tif = command.timeInForce();
        RejectReason problem = null;
        final String used = usedClOrdIds.get(account + "\u0001" + command.clOrdId());
        if (!ownerOf.containsKey(account))
        {
            problem = RejectReason.UNKNOWN_ACCOUNT;
        }
        else if (used != null)
        {
            // every stamp here is within a day of the first: no ClOrdID leaves the window
            problem = used.equals(fields(command)) ? RejectReason.RETRY_OF_ACCEPTED : RejectReason.DUPLICATE_CLORDID;
        }
        else if (command.clOrdId().isEmpty())
        {
            problem = RejectReason.MISSING_FIELD;
        }
        else if (book == null)
        {
            problem = command.symbol().isEmpty() ? RejectReason.MISSING_FIELD : RejectReason.UNKNOWN_SYMBOL;
        }
        else if (checkQty(command.qty(), book) != null)
        {
            problem = checkQty(command.qty(), book);
        }
        else if (market && command.price() != Command.ABSENT)
        {
            problem = RejectReason.PRICE_NOT_ALLOWED;
        }
        else if (!market && checkPrice(command.price(), book) != null)
        {
            problem = checkPrice(command.price(), book);
        }
        else if (command.budget() != Command.ABSENT && tif != TimeInForce.FOK)
        {
            problem = RejectReason.BUDGET_NOT_ALLOWED;
        }
        else if (command.budget() != Command.ABSENT && command.budget() <= 0)
        {
            problem = RejectReason.BUDGET_NOT_POSITIVE;
        }
        else if (command.budget() != Command.ABSENT && command.budget() > FixedPoint.MAX_VALUE)
        {
            problem = RejectReason.BUDGET_OVERFLOW;
        }
        else if (command.postOnly() && (market || tif != TimeInForce.GTC))
        {
            problem = RejectReason.POST_ONLY_NOT_RESTING;
        }
        else if (findOpen(account, command.clOrdId().toString()) != null)
        {
            problem = RejectReason.DUPLICATE_CLORDID;
        }
        else if (command.postOnly() && wouldCross(book, command.side(), command.price()))
        {
            problem = RejectReason.POST_ONLY_WOULD_CROSS;
        }
        if (problem != null)
        {
            reject(command, problem, -1);
            return;
        }

        final MOrder order = new MOrder(account, command.clOrdId().toString(), ++lastOrderId, command.side(),
            market ? 0 : command.price(), command.qty(), command.postOnly());
        accepted(command, order.orderId);
        usedClOrdIds.put(account + "\u0001" + command.clOrdId(), fields(command));
        if (tif == TimeInForce.FOK && !fillsInFull(book, order, market, command.budget()))
        {
            cancelled(book, order, CancelReason.FOK);
            return;
        }
        final boolean stoppedBySelfTrade = match(book, order, market);
        if (order.open() == 0)
        {
            return;
        }
        if (stoppedBySelfTrade)
        {
            cancelled(book, order, CancelReason.STP);
        }
        else if (market)
        {
            cancelled(book, order, CancelReason.MARKET);
        }
        else if (tif == TimeInForce.IOC)
        {
            cancelled(book, order, CancelReason.IOC);
        }
        else if (tif == TimeInForce.GTC)
        {
            rest(book, order);
        }
        else
        {
            throw new AssertionError("a FOK order that fills in full cannot have a rest");
        }
    }

    private void cancel(final Command command)
    {
        final String account = command.account().toString();
        if (!ownerOf.containsKey(account))
        {
            reject(command, RejectReason.UNKNOWN_ACCOUNT, -1);
            return;
        }
        if (command.origClOrdId().isEmpty())
        {
            reject(command, RejectReason.MISSING_FIELD, -1);
            return;
        }
        final MOrder order = findOpen(account, command.origClOrdId().toString());
        if (order == null)
        {
            reject(command, RejectReason.UNKNOWN_ORDER, -1);
            return;
        }
        accepted(command, order.orderId);
        final MBook book = bookOf(order);
        cancelled(book, order, CancelReason.USER);
        book.orders.remove(order);
    }

    private void replace(final Command command)
    {
        final String account = command.account().toString();
        if (!ownerOf.containsKey(account))
        {
            reject(command, RejectReason.UNKNOWN_ACCOUNT, -1);
            return;
        }
        if (command.clOrdId().isEmpty() || command.origClOrdId().isEmpty() ||
            (command.price() == Command.ABSENT && command.qty() == Command.ABSENT))
        {
            reject(command, RejectReason.MISSING_FIELD, -1);
            return;
        }
        final String origClOrdId = command.origClOrdId().toString();
        final String newClOrdId = command.clOrdId().toString();
        final MOrder order = findOpen(account, origClOrdId);
        if (order == null)
        {
            reject(command, RejectReason.UNKNOWN_ORDER, -1);
            return;
        }
        final MBook book = bookOf(order);
        final long newPrice = command.price() == Command.ABSENT ? order.price : command.price();
        final long newQty = command.qty() == Command.ABSENT ? order.qty : command.qty();
        RejectReason problem = null;
        if (command.price() != Command.ABSENT && checkPrice(newPrice, book) != null)
        {
            problem = checkPrice(newPrice, book);
        }
        else if (command.qty() != Command.ABSENT && checkQty(newQty, book) != null)
        {
            problem = checkQty(newQty, book);
        }
        else if (!newClOrdId.equals(origClOrdId) && findOpen(account, newClOrdId) != null)
        {
            problem = RejectReason.DUPLICATE_CLORDID;
        }
        else if (newQty > order.filled && order.postOnly && wouldCross(book, order.side, newPrice))
        {
            problem = RejectReason.POST_ONLY_WOULD_CROSS;
        }
        if (problem != null)
        {
            reject(command, problem, -1);
            return;
        }

        accepted(command, order.orderId);
        order.clOrdId = newClOrdId;
        if (newQty <= order.filled)
        {
            cancelled(book, order, CancelReason.REPLACED_TO_FILLED);
            book.orders.remove(order);
            return;
        }
        final boolean keepsPriority = newPrice == order.price && newQty - order.filled <= order.open();
        order.price = newPrice;
        order.qty = newQty;
        out.add(Ev.replaced(seq, account, order.clOrdId, origClOrdId, order.orderId, book.symbol, order.price,
            order.qty, book.pd(), book.qd()));
        if (keepsPriority)
        {
            return;
        }
        book.orders.remove(order);
        final boolean stoppedBySelfTrade = match(book, order, false);
        if (order.open() == 0)
        {
            return;
        }
        if (stoppedBySelfTrade)
        {
            cancelled(book, order, CancelReason.STP);
        }
        else
        {
            rest(book, order);
        }
    }

    private void bundle(final Command command)
    {
        final String account = command.account().toString();
        if (!ownerOf.containsKey(account))
        {
            reject(command, RejectReason.UNKNOWN_ACCOUNT, -1);
            return;
        }
        if (command.clOrdId().isEmpty())
        {
            reject(command, RejectReason.MISSING_FIELD, -1);
            return;
        }
        if (command.legCount() < Command.MIN_LEGS || command.legCount() > Command.MAX_LEGS)
        {
            reject(command, RejectReason.BUNDLE_LEG_COUNT, -1);
            return;
        }
        if (findOpen(account, command.clOrdId().toString()) != null)
        {
            reject(command, RejectReason.DUPLICATE_CLORDID, -1);
            return;
        }
        final List<MBook> legBooks = new ArrayList<>();
        for (int i = 0; i < command.legCount(); i++)
        {
            final BundleLeg leg = command.leg(i);
            final MBook book = books.get(leg.symbol().toString());
            RejectReason problem = null;
            if (book == null)
            {
                problem = RejectReason.UNKNOWN_SYMBOL;
            }
            else if (checkPrice(leg.price(), book) != null)
            {
                problem = checkPrice(leg.price(), book);
            }
            else if (checkQty(leg.qty(), book) != null)
            {
                problem = checkQty(leg.qty(), book);
            }
            else if (legBooks.contains(book))
            {
                problem = RejectReason.BUNDLE_DUPLICATE_INSTRUMENT;
            }
            if (problem != null)
            {
                reject(command, problem, i);
                return;
            }
            legBooks.add(book);
        }
        final List<MOrder> legs = new ArrayList<>();
        for (int i = 0; i < command.legCount(); i++)
        {
            final BundleLeg leg = command.leg(i);
            final MOrder order = new MOrder(account, command.clOrdId().toString(), 0, leg.side(), leg.price(),
                leg.qty(), false);
            if (!fillsInFull(legBooks.get(i), order, false, Command.ABSENT))
            {
                reject(command, RejectReason.BUNDLE_LEG_UNFILLABLE, i);
                return;
            }
            legs.add(order);
        }
        final long orderId = ++lastOrderId;
        accepted(command, orderId);
        for (int i = 0; i < legs.size(); i++)
        {
            final MOrder leg = legs.get(i);
            final MOrder order = new MOrder(account, leg.clOrdId, orderId, leg.side, leg.price, leg.qty, false);
            match(legBooks.get(i), order, false);
            if (order.open() != 0)
            {
                throw new AssertionError("a bundle leg found fillable did not fill");
            }
        }
    }

    private void bookQuery(final Command command)
    {
        final MBook book = books.get(command.symbol().toString());
        if (book == null)
        {
            reject(command, command.symbol().isEmpty() ? RejectReason.MISSING_FIELD : RejectReason.UNKNOWN_SYMBOL, -1);
            return;
        }
        if (command.depth() < 1 || command.depth() > 1000)
        {
            reject(command, RejectReason.INVALID_DEPTH, -1);
            return;
        }
        accepted(command, 0);
        final List<Ev.Level> bids = book.levels(Side.BUY);
        final List<Ev.Level> asks = book.levels(Side.SELL);
        out.add(Ev.book(seq, book.symbol, bids.subList(0, Math.min(command.depth(), bids.size())),
            asks.subList(0, Math.min(command.depth(), asks.size())), book.pd(), book.qd()));
    }

    /**
     * Matches an aggressor (not in the book) against the opposite side, one best resting order at a time.
     *
     * @return true when self-trade prevention stopped it (CANCEL_AGGRESSOR).
     */
    private boolean match(final MBook book, final MOrder aggressor, final boolean market)
    {
        final String owner = ownerOf.get(aggressor.account);
        final StpPolicy policy = policies.getOrDefault(owner, StpPolicy.CANCEL_AGGRESSOR);
        while (aggressor.open() > 0)
        {
            final List<MOrder> opposite = book.side(aggressor.side.opposite());
            if (opposite.isEmpty())
            {
                return false;
            }
            final MOrder resting = opposite.get(0);
            final boolean reachable = market ||
                (aggressor.side == Side.BUY ? resting.price <= aggressor.price : resting.price >= aggressor.price);
            if (!reachable)
            {
                return false;
            }
            if (policy != StpPolicy.OFF && ownerOf.get(resting.account).equals(owner))
            {
                if (policy == StpPolicy.CANCEL_AGGRESSOR)
                {
                    return true;
                }
                cancelled(book, resting, CancelReason.STP);
                book.orders.remove(resting);
                continue;
            }
            final long qty = Math.min(aggressor.open(), resting.open());
            final MOrder buy = aggressor.side == Side.BUY ? aggressor : resting;
            final MOrder sell = buy == aggressor ? resting : aggressor;
            out.add(Ev.trade(seq, book.symbol, ++lastTradeId, resting.price, qty, buy.account, buy.clOrdId,
                buy.orderId, sell.account, sell.clOrdId, sell.orderId, aggressor.side, book.pd(), book.qd()));
            aggressor.filled += qty;
            resting.filled += qty;
            book.lastPrice = resting.price;
            book.lastQty = qty;
            book.tradeCount++;
            if (resting.open() == 0)
            {
                book.orders.remove(resting);
            }
        }
        return false;
    }

    /** All-or-none in fact: run the real matching on a copy of the book and see whether it fills. */
    /** Runs the real matching on a copy of the book; with a budget, also totals the exact cash of its trades. */
    private boolean fillsInFull(final MBook book, final MOrder order, final boolean market, final long budget)
    {
        final List<MOrder> saved = book.orders;
        final List<Ev> savedOut = out;
        final long savedTradeId = lastTradeId;
        final long lastPrice = book.lastPrice;
        final long lastQty = book.lastQty;
        final long tradeCount = book.tradeCount;
        final List<MOrder> copy = new ArrayList<>();
        for (final MOrder resting : saved)
        {
            copy.add(resting.copy());
        }
        book.orders = copy;
        out = new ArrayList<>();
        final MOrder probe = order.copy();
        match(book, probe, market);
        BigInteger cash = BigInteger.ZERO;
        for (final Ev trade : out)
        {
            if (trade.type() != EventType.TRADE)
            {
                continue;
            }
            cash = cash.add(BigInteger.valueOf(trade.price()).multiply(BigInteger.valueOf(trade.qty())));
        }
        final int vsBudget = cash.compareTo(BigInteger.valueOf(budget).multiply(BigInteger.valueOf(FixedPoint.ONE)));
        final boolean withinBudget = budget == Command.ABSENT || (order.side == Side.BUY ? vsBudget <= 0 : vsBudget >= 0);
        book.orders = saved;
        out = savedOut;
        lastTradeId = savedTradeId;
        book.lastPrice = lastPrice;
        book.lastQty = lastQty;
        book.tradeCount = tradeCount;
        return probe.open() == 0 && withinBudget;
    }

    private static boolean wouldCross(final MBook book, final Side side, final long price)
    {
        for (final MOrder resting : book.orders)
        {
            if (resting.side != side && (side == Side.BUY ? resting.price <= price : resting.price >= price))
            {
                return true;
            }
        }
        return false;
    }

    private void rest(final MBook book, final MOrder order)
    {
        order.arrival = ++lastArrival;
        book.orders.add(order);
    }

    private MOrder findOpen(final String account, final String clOrdId)
    {
        for (final MBook book : books.values())
        {
            for (final MOrder order : book.orders)
            {
                if (order.account.equals(account) && order.clOrdId.equals(clOrdId))
                {
                    return order;
                }
            }
        }
        return null;
    }

    private MBook bookOf(final MOrder order)
    {
        for (final MBook book : books.values())
        {
            if (book.orders.contains(order))
            {
                return book;
            }
        }
        throw new AssertionError("order not in any book");
    }

    /** @return what a retry must repeat of a new order: every field but its ClOrdID and account. */
    private static String fields(final Command command)
    {
        return command.symbol() + "|" + command.side() + "|" + command.orderType() + "|" + command.timeInForce() + "|" +
            command.postOnly() + "|" + command.price() + "|" + command.qty() + "|" + command.budget() + "|" +
            command.protectionPrice();
    }

    private void accepted(final Command command, final long orderId)
    {
        out.add(Ev.accepted(seq, command.type(), command.account().toString(), command.clOrdId().toString(),
            orderId, command.symbol().toString(), command.owner().toString()));
    }

    private void reject(final Command command, final RejectReason reason, final int legIndex)
    {
        out.add(Ev.rejected(seq, command.type(), command.account().toString(), command.clOrdId().toString(), reason,
            legIndex));
    }

    private void cancelled(final MBook book, final MOrder order, final CancelReason reason)
    {
        out.add(Ev.cancelled(seq, order.account, order.clOrdId, order.orderId, book.symbol, order.open(), reason,
            book.pd(), book.qd()));
    }

    private static RejectReason checkPrice(final long price, final MBook book)
    {
        if (price == Command.ABSENT)
        {
            return RejectReason.PRICE_REQUIRED;
        }
        if (price <= 0)
        {
            return RejectReason.PRICE_NOT_POSITIVE;
        }
        if (price > FixedPoint.MAX_VALUE)
        {
            return RejectReason.PRICE_OVERFLOW;
        }
        return price % book.tick == 0 ? null : RejectReason.PRICE_OFF_TICK;
    }

    private static RejectReason checkQty(final long qty, final MBook book)
    {
        if (qty == Command.ABSENT)
        {
            return RejectReason.QTY_REQUIRED;
        }
        if (qty <= 0)
        {
            return RejectReason.QTY_NOT_POSITIVE;
        }
        if (qty > FixedPoint.MAX_VALUE)
        {
            return RejectReason.QTY_OVERFLOW;
        }
        return qty % book.lot == 0 ? null : RejectReason.QTY_OFF_LOT;
    }
}
