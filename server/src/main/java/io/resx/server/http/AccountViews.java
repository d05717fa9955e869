package io.resx.server.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-account views from the engine's outcome stream: open orders (accepted, not yet filled or cancelled), fills
 * and the latest balance of each asset. Written by the API gateway's agent thread; read by request threads under
 * each account's lock. Open orders and fills cover what this process has seen since it started: an order resting
 * from before a restart is in the engine's book (and {@code /book}) but not in this list.
 */
final class AccountViews
{
    /** An open order as the API shows it; mutable, guarded by its account's lock. */
    static final class OpenOrder
    {
        final long orderId;
        final String account;
        final String symbol;
        final String side;
        final int qtyDecimals;
        String clOrdId;
        String price;
        long qty;
        long cumQty;

        OpenOrder(final long orderId, final String account, final String symbol, final String side,
            final String clOrdId, final String price, final long qty, final int qtyDecimals)
        {
            this.orderId = orderId;
            this.account = account;
            this.symbol = symbol;
            this.side = side;
            this.clOrdId = clOrdId;
            this.price = price;
            this.qty = qty;
            this.qtyDecimals = qtyDecimals;
        }

        Map<String, Object> toMap()
        {
            final Map<String, Object> map = new LinkedHashMap<>();
            map.put("orderId", orderId);
            map.put("clOrdId", clOrdId);
            map.put("account", account);
            map.put("symbol", symbol);
            map.put("side", side);
            map.put("price", price);
            map.put("qty", MarketViews.decimal(qty, qtyDecimals));
            map.put("cumQty", MarketViews.decimal(cumQty, qtyDecimals));
            map.put("leavesQty", MarketViews.decimal(qty - cumQty, qtyDecimals));
            return map;
        }
    }

    /** One account's state. */
    private static final class Account
    {
        final Map<Long, OpenOrder> orders = new LinkedHashMap<>();
        final ArrayDeque<Map<String, Object>> fills = new ArrayDeque<>();
        final Map<String, Map<String, Object>> balances = new LinkedHashMap<>();
    }

    private final int recentFills;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<Long, String> accountByOrder = new ConcurrentHashMap<>();

    /**
     * @param recentFills fills kept per account.
     */
    AccountViews(final int recentFills)
    {
        this.recentFills = recentFills;
    }

    private Account account(final String id)
    {
        return accounts.computeIfAbsent(id, a -> new Account());
    }

    void onAccepted(final OpenOrder order)
    {
        final Account account = account(order.account);
        synchronized (account)
        {
            account.orders.put(order.orderId, order);
        }
        accountByOrder.put(order.orderId, order.account);
    }

    /**
     * A fill of one side of a trade.
     *
     * @param orderId the order filled.
     * @param qty     fixed-point quantity.
     * @param fill    the fill as the API shows it; its "account" names the account.
     */
    void onFill(final long orderId, final long qty, final Map<String, Object> fill)
    {
        final Account account = account((String)fill.get("account"));
        synchronized (account)
        {
            final OpenOrder order = account.orders.get(orderId);
            if (order != null)
            {
                order.cumQty += qty;
                fill.put("clOrdId", order.clOrdId);
                if (order.cumQty >= order.qty)
                {
                    account.orders.remove(orderId);
                    accountByOrder.remove(orderId);
                }
            }
            if (account.fills.size() == recentFills)
            {
                account.fills.removeFirst();
            }
            account.fills.addLast(fill);
        }
    }

    void onCancelled(final long orderId)
    {
        final String id = accountByOrder.remove(orderId);
        if (id != null)
        {
            final Account account = account(id);
            synchronized (account)
            {
                account.orders.remove(orderId);
            }
        }
    }

    void onReplaced(final long orderId, final String clOrdId, final String price, final long qty)
    {
        final String id = accountByOrder.get(orderId);
        if (id != null)
        {
            final Account account = account(id);
            synchronized (account)
            {
                final OpenOrder order = account.orders.get(orderId);
                if (order != null)
                {
                    order.clOrdId = clOrdId;
                    order.price = price;
                    order.qty = qty;
                }
            }
        }
    }

    void onBalance(final String accountId, final String asset, final String total, final String locked)
    {
        final Account account = account(accountId);
        final Map<String, Object> balance = new LinkedHashMap<>();
        balance.put("asset", asset);
        balance.put("total", total);
        balance.put("locked", locked);
        synchronized (account)
        {
            account.balances.put(asset, balance);
        }
    }

    /**
     * @param id an account.
     * @return its open orders, oldest first.
     */
    List<Map<String, Object>> openOrders(final String id)
    {
        final Account account = account(id);
        final List<Map<String, Object>> out = new ArrayList<>();
        synchronized (account)
        {
            account.orders.values().forEach(o -> out.add(o.toMap()));
        }
        return out;
    }

    /**
     * @param id    an account.
     * @param limit at most this many.
     * @return its latest fills, newest first.
     */
    List<Map<String, Object>> fills(final String id, final int limit)
    {
        final Account account = account(id);
        final List<Map<String, Object>> out = new ArrayList<>();
        synchronized (account)
        {
            final Iterator<Map<String, Object>> newestFirst = account.fills.descendingIterator();
            while (newestFirst.hasNext() && out.size() < limit)
            {
                out.add(new LinkedHashMap<>(newestFirst.next()));
            }
        }
        return out;
    }

    /**
     * @param id an account.
     * @return the latest balance of each asset seen for it.
     */
    List<Map<String, Object>> balances(final String id)
    {
        final Account account = account(id);
        synchronized (account)
        {
            final List<Map<String, Object>> out = new ArrayList<>();
            account.balances.values().forEach(b -> out.add(new LinkedHashMap<>(b)));
            return out;
        }
    }
}
