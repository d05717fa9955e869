package io.resx.gateway.fix;

import io.resx.gateway.common.marketdata.DepthLevel;
import io.resx.gateway.common.marketdata.DepthSide;
import io.resx.gateway.common.marketdata.L2Book;
import io.resx.gateway.common.marketdata.MarketDataAgent;
import io.resx.gateway.common.marketdata.MarketDataListener;
import io.resx.protocol.command.Side;
import quickfix.Group;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.field.MsgType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * FIX market data: MarketDataRequest (V) answered by a MarketDataSnapshotFullRefresh (W) at once, then
 * MarketDataIncrementalRefresh (X) messages for every change of depth and every trade (CME MDP-style: snapshot on
 * subscribe, then increments by price level: new, change, delete; the outcomes the gateway reads in one duty cycle
 * are told as one increment per book, their net change).
 * <p>
 * Depth comes from the gateway's {@link MarketDataAgent}, which builds L2 books from the engine's outcomes: no
 * market-data request or update sends anything to the engine or writes to the journal. Increments are the
 * difference, by price level within the subscription's depth, between what a subscriber was last sent and the book
 * after an outcome. Trades are sent as they happen. State is owned by the gateway agent thread (the one that
 * applies outcomes to the books); session threads hand requests over a queue.
 */
final class MarketData implements MarketDataListener
{
    static final int MD_REQ_ID = 262;
    static final int SUBSCRIPTION_REQUEST_TYPE = 263;
    static final int MARKET_DEPTH = 264;
    static final int NO_MD_ENTRY_TYPES = 267;
    static final int NO_MD_ENTRIES = 268;
    static final int MD_ENTRY_TYPE = 269;
    static final int MD_ENTRY_PX = 270;
    static final int MD_ENTRY_SIZE = 271;
    static final int MD_UPDATE_ACTION = 279;
    static final int MD_REQ_REJ_REASON = 281;
    static final int NUMBER_OF_ORDERS = 346;
    static final int NO_RELATED_SYM = 146;
    static final int TEXT = 58;

    private final int maxDepth;
    private final MarketDataAgent books;
    private final ConcurrentLinkedQueue<Runnable> requests = new ConcurrentLinkedQueue<>();
    private final Map<String, List<Subscription>> bySymbol = new HashMap<>();
    /** Books changed by the outcomes of this duty cycle, told to subscribers once at its end. */
    private final Set<L2Book> changed = new LinkedHashSet<>();

    MarketData(final int maxDepth, final MarketDataAgent books)
    {
        this.maxDepth = maxDepth;
        this.books = books;
        books.listener(this);
    }

    /**
     * Called on a session thread: queues a MarketDataRequest for the agent.
     *
     * @param sessionID the requesting session.
     * @param request   the V message.
     */
    void request(final SessionID sessionID, final Message request)
    {
        requests.add(() -> onRequest(sessionID, request));
    }

    /**
     * Drops every subscription of a session (it logged out).
     *
     * @param sessionID the session.
     */
    void dropSession(final SessionID sessionID)
    {
        requests.add(() -> bySymbol.values().forEach(list -> list.removeIf(s -> s.sessionID.equals(sessionID))));
    }

    /**
     * Agent duty, after the cycle's outcomes were applied to the books: sends one increment per changed book and
     * subscription (the net change by level of the outcomes read together, as an MDP packet carries several
     * updates), then takes queued requests.
     *
     * @return work done.
     */
    int doWork()
    {
        int work = 0;
        if (!changed.isEmpty())
        {
            for (final L2Book book : changed)
            {
                final List<Subscription> subscriptions = bySymbol.get(book.symbol());
                if (subscriptions != null)
                {
                    for (final Subscription subscription : subscriptions)
                    {
                        sendIncrement(subscription, book);
                    }
                }
                work++;
            }
            changed.clear();
        }
        Runnable request;
        while ((request = requests.poll()) != null)
        {
            request.run();
            work++;
        }
        return work;
    }

    @Override
    public void onTrade(final L2Book book, final long tradeId, final long price, final long qty, final Side aggressor,
        final long sequence, final long timestampNs)
    {
        final List<Subscription> subscriptions = bySymbol.get(book.symbol());
        if (subscriptions == null)
        {
            return;
        }
        for (final Subscription subscription : subscriptions)
        {
            if (subscription.trades)
            {
                final Message x = incremental(subscription);
                addEntry(x, '0', '2', book.symbol(), price, qty, 0);
                send(subscription.sessionID, x);
            }
        }
    }

    @Override
    public void onBookUpdated(final L2Book book)
    {
        final List<Subscription> subscriptions = bySymbol.get(book.symbol());
        if (subscriptions != null && !subscriptions.isEmpty())
        {
            changed.add(book);
        }
    }

    private void onRequest(final SessionID sessionID, final Message request)
    {
        try
        {
            final String mdReqId = request.getString(MD_REQ_ID);
            final char type = request.getChar(SUBSCRIPTION_REQUEST_TYPE);
            if (type == '2')
            {
                bySymbol.values().forEach(list -> list.removeIf(
                    s -> s.sessionID.equals(sessionID) && s.mdReqId.equals(mdReqId)));
                return;
            }
            final int depth = request.isSetField(MARKET_DEPTH) ? request.getInt(MARKET_DEPTH) : 0;
            boolean bids = false;
            boolean offers = false;
            boolean trades = false;
            for (final Group group : request.getGroups(NO_MD_ENTRY_TYPES))
            {
                final char entryType = group.getChar(MD_ENTRY_TYPE);
                bids |= entryType == '0';
                offers |= entryType == '1';
                trades |= entryType == '2';
            }
            for (final Group group : request.getGroups(NO_RELATED_SYM))
            {
                final String symbol = group.getString(FixToCommand.SYMBOL);
                final L2Book book = books.book(symbol);
                if (book == null || book.expired())
                {
                    reject(sessionID, mdReqId, '0', "UNKNOWN_SYMBOL: " + symbol);
                    continue;
                }
                final Subscription subscription = new Subscription(sessionID, mdReqId, symbol,
                    depth <= 0 || depth > maxDepth ? maxDepth : depth, bids, offers, trades, type == '1');
                subscription.levels(book);
                sendSnapshot(subscription, symbol);
                if (subscription.updates)
                {
                    bySymbol.computeIfAbsent(symbol, s -> new ArrayList<>()).add(subscription);
                }
            }
        }
        catch (final quickfix.FieldNotFound ex)
        {
            reject(sessionID, "NONE", '0', "MISSING_FIELD: tag " + ex.field);
        }
    }

    private void sendSnapshot(final Subscription subscription, final String symbol)
    {
        final Message w = new quickfix.fix44.MarketDataSnapshotFullRefresh();
        w.setString(MD_REQ_ID, subscription.mdReqId);
        w.setString(FixToCommand.SYMBOL, symbol);
        int entries = 0;
        if (subscription.bids)
        {
            for (final Map.Entry<Long, long[]> level : subscription.bidLevels.entrySet())
            {
                addSnapshotEntry(w, '0', level.getKey(), level.getValue());
                entries++;
            }
        }
        if (subscription.offers)
        {
            for (final Map.Entry<Long, long[]> level : subscription.askLevels.entrySet())
            {
                addSnapshotEntry(w, '1', level.getKey(), level.getValue());
                entries++;
            }
        }
        if (entries == 0)
        {
            w.setInt(NO_MD_ENTRIES, 0);
        }
        send(subscription.sessionID, w);
    }

    private static void addSnapshotEntry(final Message w, final char type, final long price, final long[] level)
    {
        final Group entry = new quickfix.fix44.MarketDataSnapshotFullRefresh.NoMDEntries();
        entry.setChar(MD_ENTRY_TYPE, type);
        entry.setString(MD_ENTRY_PX, FixMessages.decimal(price));
        entry.setString(MD_ENTRY_SIZE, FixMessages.decimal(level[0]));
        entry.setInt(NUMBER_OF_ORDERS, (int)level[1]);
        w.addGroup(entry);
    }

    private void sendIncrement(final Subscription subscription, final L2Book book)
    {
        final String symbol = book.symbol();
        final TreeMap<Long, long[]> oldBids = subscription.bidLevels;
        final TreeMap<Long, long[]> oldAsks = subscription.askLevels;
        subscription.levels(book);
        final Message x = incremental(subscription);
        int entries = 0;
        if (subscription.bids)
        {
            entries += diff(x, '0', symbol, oldBids, subscription.bidLevels);
        }
        if (subscription.offers)
        {
            entries += diff(x, '1', symbol, oldAsks, subscription.askLevels);
        }
        if (entries > 0)
        {
            send(subscription.sessionID, x);
        }
    }

    private static int diff(
        final Message x, final char type, final String symbol, final TreeMap<Long, long[]> before,
        final TreeMap<Long, long[]> after)
    {
        int entries = 0;
        for (final Map.Entry<Long, long[]> level : before.entrySet())
        {
            if (!after.containsKey(level.getKey()))
            {
                addEntry(x, '2', type, symbol, level.getKey(), 0, 0);
                entries++;
            }
        }
        for (final Map.Entry<Long, long[]> level : after.entrySet())
        {
            final long[] old = before.get(level.getKey());
            if (old == null)
            {
                addEntry(x, '0', type, symbol, level.getKey(), level.getValue()[0], (int)level.getValue()[1]);
                entries++;
            }
            else if (old[0] != level.getValue()[0] || old[1] != level.getValue()[1])
            {
                addEntry(x, '1', type, symbol, level.getKey(), level.getValue()[0], (int)level.getValue()[1]);
                entries++;
            }
        }
        return entries;
    }

    private static Message incremental(final Subscription subscription)
    {
        final Message x = new quickfix.fix44.MarketDataIncrementalRefresh();
        x.setString(MD_REQ_ID, subscription.mdReqId);
        return x;
    }

    private static void addEntry(
        final Message x, final char action, final char type, final String symbol, final long price, final long qty,
        final int orders)
    {
        final Group entry = new quickfix.fix44.MarketDataIncrementalRefresh.NoMDEntries();
        entry.setChar(MD_UPDATE_ACTION, action);
        entry.setChar(MD_ENTRY_TYPE, type);
        entry.setString(FixToCommand.SYMBOL, symbol);
        entry.setString(MD_ENTRY_PX, FixMessages.decimal(price));
        if (action != '2')
        {
            entry.setString(MD_ENTRY_SIZE, FixMessages.decimal(qty));
        }
        if (orders > 0)
        {
            entry.setInt(NUMBER_OF_ORDERS, orders);
        }
        x.addGroup(entry);
    }

    private static void reject(final SessionID sessionID, final String mdReqId, final char reason, final String text)
    {
        final Message y = new Message();
        y.getHeader().setString(MsgType.FIELD, MsgType.MARKET_DATA_REQUEST_REJECT);
        y.setString(MD_REQ_ID, mdReqId);
        y.setChar(MD_REQ_REJ_REASON, reason);
        y.setString(TEXT, text);
        send(sessionID, y);
    }

    private static void send(final SessionID sessionID, final Message message)
    {
        final Session session = Session.lookupSession(sessionID);
        if (session != null && session.isLoggedOn())
        {
            session.send(message);
        }
    }

    /** One session's subscription to one book. */
    private static final class Subscription
    {
        final SessionID sessionID;
        final String mdReqId;
        final String symbol;
        final int depth;
        final boolean bids;
        final boolean offers;
        final boolean trades;
        final boolean updates;
        TreeMap<Long, long[]> bidLevels = new TreeMap<>();
        TreeMap<Long, long[]> askLevels = new TreeMap<>();

        Subscription(
            final SessionID sessionID, final String mdReqId, final String symbol, final int depth,
            final boolean bids, final boolean offers, final boolean trades, final boolean updates)
        {
            this.sessionID = Objects.requireNonNull(sessionID);
            this.mdReqId = mdReqId;
            this.symbol = symbol;
            this.depth = depth;
            this.bids = bids;
            this.offers = offers;
            this.trades = trades;
            this.updates = updates;
        }

        void levels(final L2Book book)
        {
            bidLevels = top(book.bids(), new TreeMap<>((a, b) -> Long.compare(b, a)));
            askLevels = top(book.asks(), new TreeMap<>());
        }

        private TreeMap<Long, long[]> top(final DepthSide side, final TreeMap<Long, long[]> into)
        {
            for (final DepthLevel level : side)
            {
                if (into.size() == depth)
                {
                    break;
                }
                into.put(level.price(), new long[] {level.qty(), level.orders()});
            }
            return into;
        }
    }
}
