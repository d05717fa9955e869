package io.resx.server.http;

import io.resx.gateway.common.orders.Fill;
import io.resx.gateway.common.orders.OrderTracker;
import io.resx.gateway.common.orders.OrderView;
import io.resx.gateway.common.positions.PositionBook;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-account views of the HTTP API: open orders and fills from gateway-common's {@link OrderTracker} (the one
 * every gateway keeps; rebuilt from the {@code events} queue at start, so an order resting from before a restart
 * is listed with its CumQty), and the latest balance of each asset. Written by the API gateway's agent thread;
 * read by request threads.
 */
final class AccountViews
{
    private static final int DEFAULT_DECIMALS = 6;

    private final OrderTracker orders;
    private final PositionBook positions = new PositionBook();
    private final Map<String, Map<String, Map<String, Object>>> balances = new ConcurrentHashMap<>();

    /**
     * @param recentFills fills kept per account.
     */
    AccountViews(final int recentFills)
    {
        this.orders = new OrderTracker(recentFills);
    }

    /** @return the order tracker, for the API gateway's agent to feed. */
    OrderTracker orders()
    {
        return orders;
    }

    void onBalance(final String accountId, final String asset, final String total, final String locked)
    {
        final Map<String, Object> balance = new LinkedHashMap<>();
        balance.put("asset", asset);
        balance.put("total", total);
        balance.put("locked", locked);
        final Map<String, Map<String, Object>> account = balances.computeIfAbsent(accountId,
            a -> new LinkedHashMap<>());
        synchronized (account)
        {
            account.put(asset, balance);
        }
    }

    /**
     * @param id     an account.
     * @param market for the instruments' decimals.
     * @return its open orders, oldest first: orderId, clOrdId, account, symbol, side, price (absent for market
     *     orders and bundles), qty, cumQty, leavesQty, avgPx, status.
     */
    List<Map<String, Object>> openOrders(final String id, final MarketViews market)
    {
        final List<Map<String, Object>> out = new ArrayList<>();
        for (final OrderView order : orders.openOrders(id))
        {
            out.add(orderJson(order, market));
        }
        return out;
    }

    /**
     * @param order  an order's state.
     * @param market for the instruments' decimals.
     * @return orderId, clOrdId, account, symbol, side, price (null for market orders and bundles), qty, cumQty,
     *     leavesQty, avgPx (null before a fill), status, createdAt, updatedAt (ISO, exchange time) and cancelReason
     *     (only when cancelled or expired).
     */
    static Map<String, Object> orderJson(final OrderView order, final MarketViews market)
    {
        final Instrument instrument = market.instrument(order.firstSymbol());
        final int priceDecimals = instrument == null ? DEFAULT_DECIMALS : instrument.priceDecimals();
        final int qtyDecimals = instrument == null ? DEFAULT_DECIMALS : instrument.qtyDecimals();
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("orderId", order.orderId());
        map.put("clOrdId", order.clOrdId());
        map.put("account", order.account());
        map.put("symbol", order.symbol());
        map.put("side", order.side().name());
        map.put("price", order.price() == Command.ABSENT ? null :
            MarketViews.decimal(order.price(), priceDecimals));
        map.put("qty", MarketViews.decimal(order.orderQty(), qtyDecimals));
        map.put("cumQty", MarketViews.decimal(order.cumQty(), qtyDecimals));
        map.put("leavesQty", MarketViews.decimal(order.leavesQty(), qtyDecimals));
        // an average is no multiple of the tick: printed with the decimals it needs (at most FixedPoint's 6)
        map.put("avgPx", order.cumQty() == 0 ? null : MarketViews.decimal(order.avgPx(),
            Math.max(priceDecimals, FixedPoint.decimalsOf(order.avgPx()))));
        map.put("status", order.status().name());
        map.put("createdAt", Instrument.iso(order.createdNs()));
        map.put("updatedAt", Instrument.iso(order.updatedNs()));
        if (order.cancelReason() != null)
        {
            map.put("cancelReason", order.cancelReason().name());
        }
        return map;
    }

    /**
     * @param id an account.
     * @return its positions, by symbol: symbol, position, avgCost, realisedPnl, lastPrice (null before a trade),
     *     unrealisedPnl; decimals as strings.
     */
    List<Map<String, Object>> positions(final String id)
    {
        final List<Map<String, Object>> out = new ArrayList<>();
        for (final PositionBook.Position position : positions.positions(id))
        {
            final Map<String, Object> map = new LinkedHashMap<>();
            map.put("symbol", position.symbol());
            map.put("position", text(position.position(), position.qtyDecimals()));
            map.put("avgCost", text(position.avgCost(), position.priceDecimals()));
            map.put("realisedPnl", text(position.realisedPnl(), position.priceDecimals()));
            map.put("lastPrice", position.lastPrice() == null ? null :
                text(position.lastPrice(), position.priceDecimals()));
            map.put("unrealisedPnl", text(position.unrealisedPnl(), position.priceDecimals()));
            out.add(map);
        }
        return out;
    }

    /** @return the position book, for the API gateway's agent to feed. */
    PositionBook positionBook()
    {
        return positions;
    }

    /** @return a decimal with at least {@code minDecimals} and at most the cash token's decimals. */
    private static String text(final BigDecimal value, final int minDecimals)
    {
        final BigDecimal rounded = value.setScale(PositionBook.CASH_DECIMALS, RoundingMode.HALF_EVEN)
            .stripTrailingZeros();
        return rounded.setScale(Math.max(minDecimals, Math.max(0, rounded.scale()))).toPlainString();
    }

    /**
     * @param id    an account.
     * @param limit at most this many.
     * @return its latest fills, newest first: seq, tradeId, orderId, clOrdId, account, symbol, side, price, qty,
     *     liquidity (MAKER or TAKER), time.
     */
    List<Map<String, Object>> fills(final String id, final int limit)
    {
        final List<Map<String, Object>> out = new ArrayList<>();
        for (final Fill fill : orders.fills(id, limit))
        {
            final Map<String, Object> map = new LinkedHashMap<>();
            map.put("seq", fill.sequence());
            map.put("tradeId", fill.tradeId());
            map.put("orderId", fill.orderId());
            map.put("clOrdId", fill.clOrdId());
            map.put("account", fill.account());
            map.put("symbol", fill.symbol());
            map.put("side", fill.side().name());
            map.put("price", MarketViews.decimal(fill.price(), fill.priceDecimals()));
            map.put("qty", MarketViews.decimal(fill.qty(), fill.qtyDecimals()));
            map.put("liquidity", fill.taker() ? "TAKER" : "MAKER");
            map.put("time", Instant.EPOCH.plusNanos(fill.timestampNs()).toString());
            out.add(map);
        }
        return out;
    }

    /**
     * @param id an account.
     * @return the latest balance of each asset seen for it.
     */
    List<Map<String, Object>> balances(final String id)
    {
        final Map<String, Map<String, Object>> account = balances.get(id);
        final List<Map<String, Object>> out = new ArrayList<>();
        if (account != null)
        {
            synchronized (account)
            {
                account.values().forEach(b -> out.add(new LinkedHashMap<>(b)));
            }
        }
        return out;
    }
}
