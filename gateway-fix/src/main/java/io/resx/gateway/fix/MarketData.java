package io.resx.gateway.fix;

import io.resx.gateway.common.EngineProxy;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.EngineEvent;
import quickfix.Group;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.field.MsgType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * FIX market data: MarketDataRequest (V) answered by a MarketDataSnapshotFullRefresh (W), then
 * MarketDataIncrementalRefresh (X) messages for every change of depth and every trade.
 * <p>
 * Depth comes from the engine itself: the gateway asks with a BOOK command (so it is sequenced and journaled
 * like any input) when a subscription starts and again after any outcome touched a subscribed book, at most
 * one request in flight per book; changes that arrive meanwhile are folded into the next answer. Increments are
 * the difference between what a subscriber was last sent and the new depth, by price level. Trades are sent
 * as they happen. State is owned by the gateway agent thread; session threads hand requests over a queue.
 */
final class MarketData
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
    private final Map<String, Listing> listings;
    private final ConcurrentLinkedQueue<Runnable> requests = new ConcurrentLinkedQueue<>();
    private final Map<String, List<Subscription>> bySymbol = new HashMap<>();
    private final Map<Long, Subscription> pendingSnapshots = new HashMap<>();
    private final Map<Long, String> pendingRefreshes = new HashMap<>();
    private final Set<String> refreshInFlight = new LinkedHashSet<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private EngineProxy proxy;
    private long nextCorrelationId = 1;

    MarketData(final int maxDepth, final Map<String, Listing> listings)
    {
        this.maxDepth = maxDepth;
        this.listings = listings;
    }

    void proxy(final EngineProxy proxy)
    {
        this.proxy = proxy;
    }

    /**
     * Called on a session thread: queues a MarketDataRequest for the agent.
     *
     * @param sessionID the requesting session.
     * @param sessionId the gateway's number for it.
     * @param request   the V message.
     */
    void request(final SessionID sessionID, final int sessionId, final Message request)
    {
        requests.add(() -> onRequest(sessionID, sessionId, request));
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
     * Agent duty: takes queued requests and asks for depth of books that changed.
     *
     * @return work done.
     */
    int doWork()
    {
        int work = 0;
        Runnable request;
        while ((request = requests.poll()) != null)
        {
            request.run();
            work++;
        }
        if (!dirty.isEmpty())
        {
            final Iterator<String> it = dirty.iterator();
            while (it.hasNext())
            {
                final String symbol = it.next();
                if (!refreshInFlight.contains(symbol))
                {
                    it.remove();
                    final long correlationId = nextCorrelationId++;
                    if (askDepth(symbol, correlationId, 0))
                    {
                        refreshInFlight.add(symbol);
                        pendingRefreshes.put(correlationId, symbol);
                    }
                    work++;
                }
            }
        }
        return work;
    }

    /**
     * @param symbol a book that an outcome touched.
     */
    void markDirty(final String symbol)
    {
        final List<Subscription> subscriptions = bySymbol.get(symbol);
        if (subscriptions != null && !subscriptions.isEmpty())
        {
            dirty.add(symbol);
        }
    }

    /**
     * Sends a trade to the subscribers of its book.
     *
     * @param symbol    the book.
     * @param price     trade price, fixed-point.
     * @param qty       trade quantity, fixed-point.
     * @param aggressor the incoming order's side.
     */
    void onTrade(final String symbol, final long price, final long qty, final Side aggressor)
    {
        final List<Subscription> subscriptions = bySymbol.get(symbol);
        if (subscriptions == null)
        {
            return;
        }
        for (final Subscription subscription : subscriptions)
        {
            if (subscription.trades)
            {
                final Message x = incremental(subscription);
                addEntry(x, '0', '2', symbol, price, qty, 0);
                send(subscription.sessionID, x);
            }
        }
    }

    /**
     * One of this gateway's BOOK commands was rejected (the book is gone or the depth is out of range).
     *
     * @param correlationId the request's id.
     * @param rejected      the REJECTED event.
     */
    void onBookRejected(final long correlationId, final EngineEvent rejected)
    {
        final Subscription snapshotFor = pendingSnapshots.remove(correlationId);
        if (snapshotFor != null)
        {
            reject(snapshotFor.sessionID, snapshotFor.mdReqId, '0', FixOutcomeHandler.text(rejected));
            return;
        }
        final String symbol = pendingRefreshes.remove(correlationId);
        if (symbol != null)
        {
            refreshInFlight.remove(symbol);
        }
    }

    /**
     * The BOOK event of an answer (events after ACCEPTED).
     *
     * @param correlationId the request's id.
     * @param book          the BOOK event.
     */
    void onBookEvent(final long correlationId, final EngineEvent book)
    {
        final Subscription snapshotFor = pendingSnapshots.remove(correlationId);
        final String symbol = book.symbol().toString();
        if (snapshotFor != null)
        {
            snapshotFor.levels(book);
            sendSnapshot(snapshotFor, symbol);
            if (snapshotFor.updates)
            {
                bySymbol.computeIfAbsent(symbol, s -> new ArrayList<>()).add(snapshotFor);
            }
            return;
        }
        if (pendingRefreshes.remove(correlationId) != null)
        {
            refreshInFlight.remove(symbol);
            final List<Subscription> subscriptions = bySymbol.get(symbol);
            if (subscriptions != null)
            {
                for (final Subscription subscription : subscriptions)
                {
                    sendIncrement(subscription, symbol, book);
                }
            }
        }
    }

    private void onRequest(final SessionID sessionID, final int sessionId, final Message request)
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
                if (!listings.containsKey(symbol))
                {
                    reject(sessionID, mdReqId, '0', "UNKNOWN_SYMBOL: " + symbol);
                    continue;
                }
                final Subscription subscription = new Subscription(sessionID, mdReqId, symbol,
                    depth <= 0 || depth > maxDepth ? maxDepth : depth, bids, offers, trades, type == '1');
                final long correlationId = nextCorrelationId++;
                pendingSnapshots.put(correlationId, subscription);
                if (!askDepth(symbol, correlationId, sessionId))
                {
                    pendingSnapshots.remove(correlationId);
                    reject(sessionID, mdReqId, '0', EngineProxy.ENGINE_UNAVAILABLE);
                }
            }
        }
        catch (final quickfix.FieldNotFound ex)
        {
            reject(sessionID, "NONE", '0', "MISSING_FIELD: tag " + ex.field);
        }
    }

    private boolean askDepth(final String symbol, final long correlationId, final int sessionId)
    {
        final EngineProxy.Lane lane = proxy.lane();
        final Command command = lane.command().type(CommandType.BOOK).depth(maxDepth);
        command.symbol().set(symbol);
        return lane.send(sessionId, correlationId) == null;
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

    private void sendIncrement(final Subscription subscription, final String symbol, final EngineEvent book)
    {
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

        void levels(final EngineEvent book)
        {
            bidLevels = new TreeMap<>((a, b) -> Long.compare(b, a));
            for (int i = 0; i < Math.min(depth, book.bidLevels()); i++)
            {
                bidLevels.put(book.bidPrice(i), new long[] {book.bidQty(i), book.bidCount(i)});
            }
            askLevels = new TreeMap<>();
            for (int i = 0; i < Math.min(depth, book.askLevels()); i++)
            {
                askLevels.put(book.askPrice(i), new long[] {book.askQty(i), book.askCount(i)});
            }
        }
    }
}
