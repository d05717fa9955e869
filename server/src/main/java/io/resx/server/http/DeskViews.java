package io.resx.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.resx.gateway.common.Participant;
import io.resx.gateway.common.marketdata.CandleBook;
import io.resx.gateway.common.orders.OrderTracker;
import io.resx.gateway.common.orders.OrderView;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The read side a trading desk expects, all served from views the API gateway builds from the {@code events}
 * queue (so complete across restarts): one order's status by id, an account's order history with cursor
 * pagination, positions and P&amp;L, OHLCV candles and the forward curve of a lease slot. See
 * {@code docs/ORDERS-VIEWS.md}. Request threads only read.
 */
final class DeskViews
{
    /** Orders a history page holds by default and at most. */
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;
    private static final String CURSOR_PREFIX = "before:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MarketViews market;
    private final AccountViews accounts;

    DeskViews(final MarketViews market, final AccountViews accounts)
    {
        this.market = market;
        this.accounts = accounts;
    }

    /**
     * {@code GET /api/v1/orders/{orderId}}: the order, open or ended, when it is one of the caller's accounts';
     * 404 ORDER_NOT_FOUND otherwise (another participant's order is not told apart from an unknown one).
     */
    void order(final Context ctx, final Participant caller)
    {
        final long orderId;
        try
        {
            orderId = Long.parseLong(ctx.pathParam("orderId"));
        }
        catch (final NumberFormatException ex)
        {
            throw ApiException.badRequest("INVALID_PARAMETER", "orderId must be a whole number", "orderId");
        }
        final OrderView order = accounts.orders().order(orderId);
        if (order == null || !caller.mayTrade(order.account()))
        {
            throw new ApiException(404, "ORDER_NOT_FOUND", "no order " + orderId + " of " + caller.id() +
                "'s accounts is known", "orderId");
        }
        ctx.json(AccountViews.orderJson(order, market));
    }

    /**
     * @return whether the request asks for the history form of {@code /accounts/{a}/orders} (any of status, from,
     *     to, limit, cursor); without them the answer stays today's bare array of open orders.
     */
    static boolean wantsHistory(final Context ctx)
    {
        return ctx.queryParam("status") != null || ctx.queryParam("from") != null || ctx.queryParam("to") != null ||
            ctx.queryParam("limit") != null || ctx.queryParam("cursor") != null;
    }

    /**
     * {@code GET /api/v1/accounts/{account}/orders?status=open|closed|all&from=&to=&limit=&cursor=}: newest first,
     * {@code {"orders":[...],"nextCursor":C|null}}. The cursor names the last order id of the page; the next page
     * holds orders with lower ids only, so orders arriving meanwhile do not shift it.
     */
    void history(final Context ctx, final String account)
    {
        final String status = ctx.queryParam("status") == null ? "open" : ctx.queryParam("status");
        final OrderTracker.Filter filter;
        switch (status)
        {
            case "open":
                filter = OrderTracker.Filter.OPEN;
                break;
            case "closed":
                filter = OrderTracker.Filter.CLOSED;
                break;
            case "all":
                filter = OrderTracker.Filter.ALL;
                break;
            default:
                throw ApiException.badRequest("INVALID_PARAMETER", "status must be open, closed or all", "status");
        }
        final Instant from = QueryParams.instant(ctx, "from");
        final Instant to = QueryParams.instant(ctx, "to");
        final int limit = QueryParams.wholeNumber(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
        final long before = cursor(ctx.queryParam("cursor"));
        final List<OrderView> page = accounts.orders().history(account, filter,
            from == null ? Long.MIN_VALUE : nanos(from), to == null ? Long.MAX_VALUE : nanos(to), before, limit);
        final ObjectNode out = JSON.createObjectNode();
        final ArrayNode orders = out.putArray("orders");
        for (int i = 0; i < Math.min(limit, page.size()); i++)
        {
            orders.add(JSON.valueToTree(AccountViews.orderJson(page.get(i), market)));
        }
        if (page.size() > limit)
        {
            out.put("nextCursor", cursorOf(page.get(limit - 1).orderId()));
        }
        else
        {
            out.putNull("nextCursor");
        }
        ctx.json(out);
    }

    /** {@code GET /api/v1/accounts/{account}/positions}. */
    void positions(final Context ctx, final String account)
    {
        final ObjectNode out = JSON.createObjectNode().put("account", account);
        final ArrayNode list = out.putArray("positions");
        accounts.positions(account).forEach(p -> list.add(JSON.valueToTree(p)));
        ctx.json(out);
    }

    /** {@code GET /api/v1/candles?symbol=&interval=1m|1h&from=&to=}: candles with trades, oldest first. */
    void candles(final Context ctx)
    {
        final String symbol = QueryParams.required(ctx, "symbol");
        final String intervalText = ctx.queryParam("interval") == null ? "1m" : ctx.queryParam("interval");
        final CandleBook.Interval interval = CandleBook.Interval.of(intervalText);
        if (interval == null)
        {
            throw ApiException.badRequest("INVALID_PARAMETER", "interval must be 1m or 1h", "interval");
        }
        final Instant from = QueryParams.instant(ctx, "from");
        final Instant to = QueryParams.instant(ctx, "to");
        final List<CandleBook.Candle> candles = market.candles().candles(symbol, interval,
            from == null ? Long.MIN_VALUE : nanos(from), to == null ? Long.MAX_VALUE : nanos(to));
        if (candles.isEmpty() && market.instrument(symbol) == null && market.candles().decimals(symbol) == null)
        {
            throw new ApiException(404, "UNKNOWN_SYMBOL", "no instrument " + symbol + " is known", "symbol");
        }
        final int[] decimals = decimals(symbol);
        final ObjectNode out = JSON.createObjectNode().put("symbol", symbol).put("interval", interval.text());
        final ArrayNode list = out.putArray("candles");
        for (final CandleBook.Candle candle : candles)
        {
            list.addObject().put("start", Instrument.iso(candle.startNs()))
                .put("open", MarketViews.decimal(candle.open(), decimals[0]))
                .put("high", MarketViews.decimal(candle.high(), decimals[0]))
                .put("low", MarketViews.decimal(candle.low(), decimals[0]))
                .put("close", MarketViews.decimal(candle.close(), decimals[0]))
                .put("volume", MarketViews.decimal(candle.volume(), decimals[1]))
                .put("trades", candle.trades());
        }
        ctx.json(out);
    }

    /** {@code GET /api/v1/candles/forward?symbol=<slot>}: the last price of the same hour across days. */
    void forward(final Context ctx)
    {
        final String symbol = QueryParams.required(ctx, "symbol");
        final List<CandleBook.ForwardPoint> points;
        try
        {
            points = market.candles().forwardCurve(symbol);
        }
        catch (final IllegalArgumentException ex)
        {
            throw ApiException.badRequest("INVALID_PARAMETER", ex.getMessage(), "symbol");
        }
        final ObjectNode out = JSON.createObjectNode().put("symbol", symbol).put("hour", CandleBook.hourOf(symbol));
        final ArrayNode list = out.putArray("points");
        for (final CandleBook.ForwardPoint point : points)
        {
            final int[] decimals = decimals(point.symbol());
            final ObjectNode node = list.addObject().put("symbol", point.symbol())
                .put("start", Instrument.iso(point.startNs()));
            if (point.last() == Command.ABSENT)
            {
                node.putNull("last");
            }
            else
            {
                node.put("last", MarketViews.decimal(point.last(), decimals[0]));
            }
            node.put("volume", MarketViews.decimal(point.volume(), decimals[1]));
        }
        ctx.json(out);
    }

    /** @return {price decimals, qty decimals} of an instrument: the listing's, else the trades', else 6. */
    private int[] decimals(final String symbol)
    {
        final Instrument instrument = market.instrument(symbol);
        if (instrument != null)
        {
            return new int[] {instrument.priceDecimals(), instrument.qtyDecimals()};
        }
        final int[] traded = market.candles().decimals(symbol);
        return traded == null ? new int[] {FixedPoint.SCALE, FixedPoint.SCALE} : traded;
    }

    /**
     * @param orderId the last order id of a page.
     * @return an opaque cursor for the page after it.
     */
    static String cursorOf(final long orderId)
    {
        return Base64.getUrlEncoder().withoutPadding()
            .encodeToString((CURSOR_PREFIX + orderId).getBytes(StandardCharsets.US_ASCII));
    }

    private static long cursor(final String cursor)
    {
        if (cursor == null || cursor.isEmpty())
        {
            return Long.MAX_VALUE;
        }
        try
        {
            final String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (text.startsWith(CURSOR_PREFIX))
            {
                return Long.parseLong(text.substring(CURSOR_PREFIX.length()));
            }
        }
        catch (final IllegalArgumentException ex)
        {
            // NumberFormatException is one: answered below like any other cursor this API did not give out
        }
        throw ApiException.badRequest("INVALID_PARAMETER", "cursor is not one this API gave out", "cursor");
    }

    private static long nanos(final Instant instant)
    {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
