package io.resx.gateway.common.marketdata;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds every instrument's {@link L2Book} from the engine's outcomes (the sequenced command and its events) alone,
 * with no question to the engine: it keeps each resting order's side, price and open quantity, because an event
 * names an order by id and the level it rests at follows from what came before.
 * <p>
 * How the engine's events move the books (see {@code MatchingEngine}):
 * <ul>
 *   <li>LIST accepted: a new, empty book (tick and lot from the command).</li>
 *   <li>NEW_ORDER accepted: the incoming order (side, price, quantity from the command) trades first (TRADE events
 *   against resting orders); whatever of it is still open at the end of the outcome rests, unless a CANCELLED
 *   event for it (IOC, FOK, MARKET, STP rest dropped) says otherwise.</li>
 *   <li>TRADE: both orders fill by its quantity; a resting order that is filled leaves its level.</li>
 *   <li>CANCELLED: the order leaves its level (user cancel, replace to filled, STP, kill switch, default, gate
 *   closure EXPIRED), or, for the incoming order, it does not rest.</li>
 *   <li>REPLACED: the order's new price and total quantity; it leaves its level and, after any trades it makes as
 *   an aggressor at the new price, rests again with what is open (keeping its place in the queue or not does not
 *   change a price level's quantity and order count).</li>
 *   <li>BUNDLE accepted: the legs never rest; their trades fill the resting orders they meet.</li>
 *   <li>CLOSED: the book trades no more (its orders were cancelled by the events before); EXPIRED: the book is gone.</li>
 * </ul>
 * Outcomes must come in sequence order; one at or below the last applied sequence is ignored (a replayed duplicate).
 * Single-threaded: one thread applies outcomes and reads the books.
 */
public final class BookBuilder
{
    private final Map<String, L2Book> books = new HashMap<>();
    private final Long2ObjectHashMap<RestingOrder> orders = new Long2ObjectHashMap<>();
    /** Orders of this outcome that may rest at its end: the incoming order, a replaced order re-matching. */
    private final List<RestingOrder> pending = new ArrayList<>();
    /** Levels this outcome touched, with their state before it: {qty, orders}. */
    private final Map<LevelKey, long[]> touchedLevels = new LinkedHashMap<>();
    private final Set<L2Book> touchedBooks = new LinkedHashSet<>();
    private long lastSequence;
    /** Time priority handed to the next order that starts resting (or loses its place by a replace). */
    private long nextPriority = 1;

    /** @return sequence of the last outcome applied (0: none). */
    public long lastSequence()
    {
        return lastSequence;
    }

    /**
     * @param symbol an instrument.
     * @return its book, or null when it is not (or no longer) listed.
     */
    public L2Book book(final String symbol)
    {
        return books.get(symbol);
    }

    /** @return every listed book. */
    public Iterable<L2Book> books()
    {
        return books.values();
    }

    /** @return orders resting in all books. */
    public int restingOrders()
    {
        return orders.size();
    }

    /**
     * Learns an instrument from a listing the engine announced outside the event stream (a gateway's hello answer);
     * a book already known is kept.
     *
     * @param symbol the instrument.
     * @param tick   price increment, fixed-point.
     * @param lot    quantity increment, fixed-point.
     */
    public void onListing(final String symbol, final long tick, final long lot)
    {
        books.computeIfAbsent(symbol, s -> new L2Book(s, tick, lot));
    }

    /**
     * Applies one outcome.
     *
     * @param command  the command as sequenced.
     * @param events   what it caused.
     * @param listener told of trades and level changes.
     * @return whether it was applied (false: at or below the last sequence applied).
     */
    public boolean apply(final Command command, final EventLog events, final MarketDataListener listener)
    {
        if (command.sequence() <= lastSequence && lastSequence > 0)
        {
            return false;
        }
        lastSequence = command.sequence();
        if (events.size() == 0)
        {
            return true;
        }
        final EngineEvent first = events.get(0);
        switch (first.type() == EventType.ACCEPTED ? command.type() : CommandType.INVALID)
        {
            case LIST:
                onListing(command.symbol().toString(), command.tick(), command.lot());
                break;
            case NEW_ORDER:
            {
                final L2Book book = books.get(command.symbol().toString());
                if (book != null)
                {
                    final RestingOrder incoming = new RestingOrder(first.orderId(), book, command.side(),
                        command.price(), command.qty(), command.account().toString(), command.clOrdId().toString());
                    orders.put(incoming.orderId, incoming);
                    pending.add(incoming);
                }
                break;
            }
            default:
                break;
        }
        for (int i = 1; i < events.size(); i++)
        {
            onEffect(command, events.get(i), listener);
        }
        for (final RestingOrder order : pending)
        {
            if (order.live && order.open() > 0)
            {
                rest(order);
            }
        }
        pending.clear();
        for (final Map.Entry<LevelKey, long[]> touched : touchedLevels.entrySet())
        {
            final LevelKey key = touched.getKey();
            final DepthLevel level = key.book.side(key.side).level(key.price);
            final long qty = level == null ? 0 : level.qty();
            final int count = level == null ? 0 : level.orders();
            if (qty != touched.getValue()[0] || count != touched.getValue()[1])
            {
                listener.onLevel(key.book, key.side, key.price, qty, count);
            }
        }
        touchedLevels.clear();
        for (final L2Book book : touchedBooks)
        {
            book.sequence(command.sequence());
            listener.onBookUpdated(book);
        }
        touchedBooks.clear();
        return true;
    }

    private void onEffect(final Command command, final EngineEvent event, final MarketDataListener listener)
    {
        switch (event.type())
        {
            case TRADE:
            {
                final L2Book book = books.get(event.symbol().toString());
                if (book == null)
                {
                    return;
                }
                book.trade(event.price(), event.qty());
                touchedBooks.add(book);
                listener.onTrade(book, event.tradeId(), event.price(), event.qty(), event.aggressor(),
                    command.sequence(), command.timestampNs());
                fill(event.buyOrderId(), event.qty());
                fill(event.sellOrderId(), event.qty());
                break;
            }
            case CANCELLED:
            {
                final RestingOrder order = orders.remove(event.orderId());
                if (order != null)
                {
                    order.live = false;
                    unrest(order);
                }
                break;
            }
            case REPLACED:
            {
                final RestingOrder order = orders.get(event.orderId());
                if (order != null)
                {
                    // as the engine: same price and no more open quantity keeps the order's place in the queue
                    final boolean keepsPlace = event.price() == order.price && event.qty() - order.filled <= order.open();
                    unrest(order);
                    order.price = event.price();
                    order.qty = event.qty();
                    order.clOrdId = event.clOrdId().toString();
                    if (!keepsPlace)
                    {
                        order.priority = 0;
                    }
                    pending.add(order);
                }
                break;
            }
            case CLOSED:
            {
                final L2Book book = books.get(event.symbol().toString());
                if (book != null)
                {
                    book.close();
                    touchedBooks.add(book);
                }
                break;
            }
            case EXPIRED:
            {
                final L2Book book = books.remove(event.symbol().toString());
                if (book != null)
                {
                    dropOrdersOf(book);
                    book.expire();
                    touchedBooks.add(book);
                }
                break;
            }
            default:
                break;
        }
    }

    private void fill(final long orderId, final long qty)
    {
        final RestingOrder order = orders.get(orderId);
        if (order == null)
        {
            return;
        }
        if (order.level != null)
        {
            touch(order.book, order.side, order.price);
            order.level.reduce(qty);
        }
        order.filled += qty;
        if (order.open() <= 0)
        {
            orders.remove(orderId);
            order.live = false;
            if (order.level != null)
            {
                order.level.remove(0);
                order.book.side(order.side).removeIfEmpty(order.level);
                order.level = null;
            }
        }
    }

    private void rest(final RestingOrder order)
    {
        if (order.priority == 0)
        {
            order.priority = nextPriority++;
        }
        touch(order.book, order.side, order.price);
        order.level = order.book.side(order.side).levelForAdd(order.price);
        order.level.add(order.open());
    }

    private void unrest(final RestingOrder order)
    {
        if (order.level != null)
        {
            touch(order.book, order.side, order.price);
            order.level.remove(order.open());
            order.book.side(order.side).removeIfEmpty(order.level);
            order.level = null;
        }
    }

    private void touch(final L2Book book, final Side side, final long price)
    {
        touchedBooks.add(book);
        final LevelKey key = new LevelKey(book, side, price);
        if (!touchedLevels.containsKey(key))
        {
            final DepthLevel level = book.side(side).level(price);
            touchedLevels.put(key, level == null ? new long[] {0, 0} : new long[] {level.qty(), level.orders()});
        }
    }

    private void dropOrdersOf(final L2Book book)
    {
        orders.values().removeIf(order -> order.book == book);
    }

    /**
     * One resting order, as an audit of a book lists it.
     *
     * @param side    its side.
     * @param price   its price, fixed-point.
     * @param orderId the engine's id.
     * @param account its account.
     * @param clOrdId its current client order id.
     * @param open    its open quantity, fixed-point.
     */
    public record RestingView(Side side, long price, long orderId, String account, String clOrdId, long open)
    {
    }

    /**
     * @param symbol an instrument.
     * @return its resting orders, bids then asks, best price first and in time priority within a price, as the
     *     engine's book holds them; empty when it is not listed. Not for a hot path: it sorts.
     */
    public List<RestingView> restingOrders(final String symbol)
    {
        final L2Book book = books.get(symbol);
        final List<RestingOrder> resting = new ArrayList<>();
        for (final RestingOrder order : orders.values())
        {
            if (order.book == book && order.level != null)
            {
                resting.add(order);
            }
        }
        resting.sort((a, b) ->
        {
            if (a.side != b.side)
            {
                return a.side == Side.BUY ? -1 : 1;
            }
            if (a.price != b.price)
            {
                return a.side == Side.BUY ? Long.compare(b.price, a.price) : Long.compare(a.price, b.price);
            }
            return Long.compare(a.priority, b.priority);
        });
        final List<RestingView> views = new ArrayList<>(resting.size());
        for (final RestingOrder order : resting)
        {
            views.add(new RestingView(order.side, order.price, order.orderId, order.account, order.clOrdId,
                order.open()));
        }
        return views;
    }

    private record LevelKey(L2Book book, Side side, long price)
    {
    }

    /** An order known to rest, or that may rest at the end of the current outcome. */
    private static final class RestingOrder
    {
        final long orderId;
        final L2Book book;
        final Side side;
        long price;
        long qty;
        long filled;
        DepthLevel level;
        boolean live = true;
        final String account;
        String clOrdId;
        long priority;

        RestingOrder(final long orderId, final L2Book book, final Side side, final long price, final long qty,
            final String account, final String clOrdId)
        {
            this.account = account;
            this.clOrdId = clOrdId;
            this.orderId = orderId;
            this.book = book;
            this.side = side;
            this.price = price;
            this.qty = qty;
        }

        long open()
        {
            return qty - filled;
        }
    }
}
