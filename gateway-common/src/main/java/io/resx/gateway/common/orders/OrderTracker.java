package io.resx.gateway.common.orders;

import io.resx.protocol.command.BundleLeg;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one order tracker every gateway keeps: per order its OrdStatus, CumQty, AvgPx and LeavesQty, per account its
 * open orders and latest fills, all built from the engine's outcomes only (the engine keeps none of it). It is fed
 * the same way live and at start: {@link #apply} with each outcome in sequence order, first every outcome of the
 * {@code events} queue (so orders placed before a restart are known), then the live stream. An outcome whose
 * sequence is not above the last one applied is ignored, so the replayed and the live stream may overlap.
 * <p>
 * Every order of every account is tracked, whichever gateway placed it. One writer (the gateway's agent thread);
 * any thread may read: reads and writes take the tracker's lock, and reads return immutable copies.
 * <p>
 * History: an order that ends (filled, cancelled, expired) stays known, by order id and by ClOrdID, for status
 * requests and history queries, until its account has more than {@code closedKept} ended orders: then the one that
 * ended first is forgotten. Open orders are never forgotten. A request the engine refused never became an order and
 * is not kept (its reject was the answer).
 */
public final class OrderTracker
{
    /** What a gateway does as the tracker applies an outcome (FIX: execution reports). Called under the lock. */
    public interface Listener
    {
        /**
         * @param order   the order, just accepted.
         * @param command the NEW_ORDER or BUNDLE that placed it.
         */
        default void onAccepted(final TrackedOrder order, final Command command)
        {
        }

        /**
         * @param order the order, after this fill (removed from the open orders when filled).
         * @param trade the TRADE event.
         * @param index the event's index in its outcome.
         * @param buy   whether the order is the trade's buy side.
         */
        default void onFill(final TrackedOrder order, final EngineEvent trade, final int index, final boolean buy)
        {
        }

        /**
         * @param order     the order, ended (CANCELED or EXPIRED).
         * @param cancelled the CANCELLED event.
         * @param index     the event's index in its outcome.
         */
        default void onCancelled(final TrackedOrder order, final EngineEvent cancelled, final int index)
        {
        }

        /**
         * @param order    the order, after the replace.
         * @param replaced the REPLACED event.
         * @param index    the event's index in its outcome.
         */
        default void onReplaced(final TrackedOrder order, final EngineEvent replaced, final int index)
        {
        }
    }

    /** A listener that does nothing: for rebuilding from the events queue and for gateways that only read. */
    public static final Listener NO_LISTENER = new Listener()
    {
    };

    /** One account's orders and fills. */
    private static final class Account
    {
        final Map<Long, TrackedOrder> open = new LinkedHashMap<>();
        final Map<String, TrackedOrder> openByClOrdId = new HashMap<>();
        final ArrayDeque<Fill> fills = new ArrayDeque<>();
        /** Every order kept, open or ended, by order id (ids rise with time: newest last). */
        final TreeMap<Long, TrackedOrder> all = new TreeMap<>();
        /** The latest order kept under each ClOrdID (its current one; a replaced order's old one too). */
        final Map<String, TrackedOrder> byClOrdId = new HashMap<>();
        /** Ended orders kept, in the order they ended. */
        final ArrayDeque<TrackedOrder> closed = new ArrayDeque<>();
    }

    /** Ended orders kept per account by default: a day of a busy desk, some megabytes. */
    public static final int DEFAULT_CLOSED_KEPT = 10_000;

    private final int fillsKept;
    private final int closedKept;
    private final Long2ObjectHashMap<TrackedOrder> open = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<TrackedOrder> byId = new Long2ObjectHashMap<>();
    private final Map<String, Account> accounts = new HashMap<>();
    private long lastSequence;
    private long nowNs;

    /**
     * @param fillsKept fills kept per account, newest; 0 keeps none (a gateway that shows no fills).
     */
    public OrderTracker(final int fillsKept)
    {
        this(fillsKept, DEFAULT_CLOSED_KEPT);
    }

    /**
     * @param fillsKept  fills kept per account, newest; 0 keeps none.
     * @param closedKept ended orders kept per account for status and history, the latest ended.
     */
    public OrderTracker(final int fillsKept, final int closedKept)
    {
        this.fillsKept = fillsKept;
        this.closedKept = closedKept;
    }

    /**
     * Applies one outcome.
     *
     * @param command  the command as sequenced.
     * @param events   what it caused.
     * @param listener told of each change to an order.
     * @return false when its sequence was not above the last one applied (it was ignored).
     */
    public synchronized boolean apply(final Command command, final EventLog events, final Listener listener)
    {
        if (command.sequence() <= lastSequence)
        {
            return false;
        }
        lastSequence = command.sequence();
        nowNs = command.timestampNs();
        if (events.size() == 0)
        {
            return true;
        }
        final EngineEvent first = events.get(0);
        if (first.type() == EventType.ACCEPTED &&
            (command.type() == CommandType.NEW_ORDER || command.type() == CommandType.BUNDLE))
        {
            onAccepted(command, first, listener);
        }
        for (int i = 1; i < events.size(); i++)
        {
            final EngineEvent event = events.get(i);
            switch (event.type())
            {
                case TRADE:
                    onTrade(command, event, i, true, listener);
                    onTrade(command, event, i, false, listener);
                    break;
                case CANCELLED:
                    onCancelled(event, i, listener);
                    break;
                case REPLACED:
                    onReplaced(event, i, listener);
                    break;
                default:
                    break;
            }
        }
        return true;
    }

    private void onAccepted(final Command command, final EngineEvent accepted, final Listener listener)
    {
        final boolean bundle = command.type() == CommandType.BUNDLE;
        final String symbol;
        final String firstSymbol;
        final Side side;
        long qty = command.qty();
        if (bundle)
        {
            final StringBuilder legs = new StringBuilder();
            qty = 0;
            for (int i = 0; i < command.legCount(); i++)
            {
                final BundleLeg leg = command.leg(i);
                legs.append(i == 0 ? "" : "+").append(leg.symbol());
                qty += leg.qty();
            }
            symbol = legs.toString();
            firstSymbol = command.legCount() > 0 ? command.leg(0).symbol().toString() : "";
            side = command.legCount() > 0 ? command.leg(0).side() : Side.BUY;
        }
        else
        {
            symbol = command.symbol().toString();
            firstSymbol = symbol;
            side = command.side();
        }
        final TrackedOrder order = new TrackedOrder(accepted.orderId(), command.account().toString(), symbol,
            firstSymbol, side, bundle, command.clOrdId().toString(), bundle ? Command.ABSENT : command.price(), qty,
            command.sequence(), command.timestampNs());
        open.put(order.orderId(), order);
        byId.put(order.orderId(), order);
        final Account account = account(order.account());
        account.open.put(order.orderId(), order);
        account.openByClOrdId.put(order.clOrdId(), order);
        account.all.put(order.orderId(), order);
        account.byClOrdId.put(order.clOrdId(), order);
        listener.onAccepted(order, command);
    }

    private void onTrade(
        final Command command, final EngineEvent trade, final int index, final boolean buy, final Listener listener)
    {
        final long orderId = buy ? trade.buyOrderId() : trade.sellOrderId();
        final String accountId = (buy ? trade.buyAccount() : trade.sellAccount()).toString();
        final TrackedOrder order = open.get(orderId);
        if (order != null)
        {
            order.fill(trade.price(), trade.qty());
            order.touch(command.sequence(), command.timestampNs());
            if (order.status().isTerminal())
            {
                close(order);
            }
        }
        if (fillsKept > 0)
        {
            final Account account = account(accountId);
            if (account.fills.size() == fillsKept)
            {
                account.fills.removeFirst();
            }
            final boolean taker = (trade.aggressor() == Side.BUY) == buy;
            account.fills.addLast(new Fill(command.sequence(), trade.tradeId(), orderId,
                order != null ? order.clOrdId() : (buy ? trade.buyClOrdId() : trade.sellClOrdId()).toString(),
                accountId, trade.symbol().toString(), buy ? Side.BUY : Side.SELL, trade.price(), trade.qty(), taker,
                command.timestampNs(), trade.priceDecimals(), trade.qtyDecimals()));
        }
        if (order != null)
        {
            listener.onFill(order, trade, index, buy);
        }
    }

    private void onCancelled(final EngineEvent cancelled, final int index, final Listener listener)
    {
        final TrackedOrder order = open.get(cancelled.orderId());
        if (order == null)
        {
            return;
        }
        order.end(cancelled.cancelReason() == CancelReason.EXPIRED ? OrdStatus.EXPIRED : OrdStatus.CANCELED,
            cancelled.cancelReason());
        order.touch(lastSequence, nowNs);
        close(order);
        listener.onCancelled(order, cancelled, index);
    }

    private void onReplaced(final EngineEvent replaced, final int index, final Listener listener)
    {
        final TrackedOrder order = open.get(replaced.orderId());
        if (order == null)
        {
            return;
        }
        final Account account = account(order.account());
        account.openByClOrdId.remove(order.clOrdId());
        if (order.origClOrdId() != null)
        {
            // only the current and the previous ClOrdID stay known: an order replaced often costs two keys
            account.byClOrdId.remove(order.origClOrdId(), order);
        }
        order.replace(replaced.clOrdId().toString(), replaced.price(), replaced.qty());
        order.touch(lastSequence, nowNs);
        account.openByClOrdId.put(order.clOrdId(), order);
        account.byClOrdId.put(order.clOrdId(), order);
        listener.onReplaced(order, replaced, index);
    }

    private void close(final TrackedOrder order)
    {
        open.remove(order.orderId());
        final Account account = account(order.account());
        account.open.remove(order.orderId());
        account.openByClOrdId.remove(order.clOrdId(), order);
        account.closed.addLast(order);
        while (account.closed.size() > closedKept)
        {
            forget(account, account.closed.removeFirst());
        }
    }

    private void forget(final Account account, final TrackedOrder order)
    {
        byId.remove(order.orderId());
        account.all.remove(order.orderId());
        account.byClOrdId.remove(order.clOrdId(), order);
        if (order.origClOrdId() != null)
        {
            account.byClOrdId.remove(order.origClOrdId(), order);
        }
    }

    private Account account(final String id)
    {
        return accounts.computeIfAbsent(id, a -> new Account());
    }

    /** @return the sequence of the last outcome applied, 0 before any. */
    public synchronized long lastSequence()
    {
        return lastSequence;
    }

    /** @return open orders of every account. */
    public synchronized int openOrderCount()
    {
        return open.size();
    }

    /**
     * @param orderId an order id.
     * @return the open order's state, or null when it is not open (unknown, filled or ended).
     */
    public synchronized OrderView openOrder(final long orderId)
    {
        final TrackedOrder order = open.get(orderId);
        return order == null ? null : order.view();
    }

    /**
     * @param account an account.
     * @param clOrdId a ClOrdID.
     * @return the open order of that account with that current ClOrdID, or null.
     */
    public synchronized OrderView openOrder(final String account, final String clOrdId)
    {
        final Account state = accounts.get(account);
        final TrackedOrder order = state == null ? null : state.openByClOrdId.get(clOrdId);
        return order == null ? null : order.view();
    }

    /**
     * @param account an account.
     * @return its open orders, oldest first.
     */
    public synchronized List<OrderView> openOrders(final String account)
    {
        final Account state = accounts.get(account);
        final List<OrderView> out = new ArrayList<>();
        if (state != null)
        {
            state.open.values().forEach(o -> out.add(o.view()));
        }
        return out;
    }

    /**
     * @param account an account.
     * @param limit   at most this many.
     * @return its latest fills, newest first.
     */
    public synchronized List<Fill> fills(final String account, final int limit)
    {
        final Account state = accounts.get(account);
        final List<Fill> out = new ArrayList<>();
        if (state != null)
        {
            final Iterator<Fill> newestFirst = state.fills.descendingIterator();
            while (newestFirst.hasNext() && out.size() < limit)
            {
                out.add(newestFirst.next());
            }
        }
        return out;
    }

    /**
     * @param orderId an order id.
     * @return the order's state, open or ended (while kept), or null when unknown.
     */
    public synchronized OrderView order(final long orderId)
    {
        final TrackedOrder order = byId.get(orderId);
        return order == null ? null : order.view();
    }

    /**
     * @param account an account.
     * @param clOrdId a ClOrdID, current or replaced.
     * @return the latest order of that account that carried that ClOrdID, open or ended (while kept), or null.
     */
    public synchronized OrderView order(final String account, final String clOrdId)
    {
        final Account state = accounts.get(account);
        final TrackedOrder order = state == null ? null : state.byClOrdId.get(clOrdId);
        return order == null ? null : order.view();
    }

    /** Which orders a history query wants. */
    public enum Filter
    {
        /** Orders that can still trade. */
        OPEN,
        /** Orders that ended: filled, cancelled, expired. */
        CLOSED,
        /** Both. */
        ALL;

        boolean matches(final TrackedOrder order)
        {
            return this == ALL || (this == OPEN) != order.status().isTerminal();
        }
    }

    /**
     * One page of an account's orders, newest (highest order id) first.
     *
     * @param account  an account.
     * @param filter   open, closed or all.
     * @param fromNs   only orders placed at or after this sequencer stamp (epoch ns), {@link Long#MIN_VALUE} for any.
     * @param toNs     only orders placed before this stamp, {@link Long#MAX_VALUE} for any.
     * @param beforeId only orders with an id below this one (the cursor: the last id of the previous page), or
     *                 {@link Long#MAX_VALUE} for the first page. Ids never change, so a page does not shift when
     *                 new orders arrive.
     * @param limit    at most this many; one more is looked for to tell whether there is a next page.
     * @return up to {@code limit + 1} orders, newest first.
     */
    public synchronized List<OrderView> history(
        final String account, final Filter filter, final long fromNs, final long toNs, final long beforeId,
        final int limit)
    {
        final Account state = accounts.get(account);
        final List<OrderView> out = new ArrayList<>();
        if (state == null)
        {
            return out;
        }
        for (final TrackedOrder order : state.all.headMap(beforeId, false).descendingMap().values())
        {
            if (filter.matches(order) && order.createdNs() >= fromNs && order.createdNs() < toNs)
            {
                out.add(order.view());
                if (out.size() > limit)
                {
                    break;
                }
            }
        }
        return out;
    }
}
