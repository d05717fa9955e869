package io.resx.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsMessageContext;
import io.resx.gateway.common.ApiKeys;
import io.resx.gateway.common.EventVisibility;
import io.resx.gateway.common.Participant;
import io.resx.protocol.event.EngineEvent;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket streams at {@code /ws}: book updates, trades, the caller's own order events and balances.
 * <p>
 * Each subscriber has one send in flight at a time, so a slow reader slows only itself:
 * <ul>
 *   <li>books are conflated: a subscriber always gets the latest book of a symbol when its previous send completes;
 *   books it had no time for are skipped (the {@code seq} shows how far it moved). Publishing a book costs the
 *   publisher one store, whatever the number of subscribers: a flusher thread wakes the idle ones.</li>
 *   <li>trades, order events and balances queue; when a queue reaches its limit, the subscriber is told with
 *   {@code {"type":"resync","channel":..}} followed by a snapshot of that channel, in place of what was queued.
 *   Nothing is dropped without saying so.</li>
 *   <li>a client that stops reading is cut off: when its bytes waiting (queued plus the send in flight) pass
 *   {@code http.ws.maxQueuedBytes}, or a send has been in flight for {@code http.ws.sendTimeoutMs}, it is closed
 *   with 1008 (policy violation) and the reason {@code "too slow: N bytes queued"}, logged too; if the close frame
 *   cannot be written within a second, the connection is dropped. Nobody waits for it meanwhile.</li>
 * </ul>
 * Feeds come from the API gateway's agent thread; subscriptions from Jetty's threads.
 */
final class WsHub implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(WsHub.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SNAPSHOT_TRADES = 50;
    private static final long WATCHDOG_MS = 100;
    /** Time a cut-off client's close frame gets to leave before the connection is dropped. */
    private static final long CLOSE_GRACE_NS = TimeUnit.SECONDS.toNanos(1);
    /** WebSocket close code 1008, policy violation: how a client is told it was too slow. */
    static final int CLOSE_TOO_SLOW = 1008;

    private final ApiKeys keys;
    private final ApiGateway gateway;
    private final MarketViews market;
    private final AccountViews accounts;
    /** Renders order events for the orders channel; used on the API gateway's agent thread only. */
    private final EventJson eventJson = new EventJson();
    private final int maxQueued;
    private volatile int maxSubscriptions = 256;
    private volatile long maxQueuedBytes = 4L * 1024 * 1024;
    private volatile long sendTimeoutNs = TimeUnit.SECONDS.toNanos(5);
    private final Map<String, Subscriber> bySession = new ConcurrentHashMap<>();
    private final Map<String, BookTopic> books = new ConcurrentHashMap<>();
    private final Map<String, Set<Subscriber>> tradeSubscribers = new ConcurrentHashMap<>();
    private final Set<Subscriber> privateSubscribers = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<BookTopic> dirtyBooks = new LinkedBlockingQueue<>();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong booksPublished = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong cutOff = new AtomicLong();
    private final Thread flusher;
    private volatile boolean closed;

    /**
     * @param keys      to authenticate.
     * @param gateway   to ask for books.
     * @param market    for trade snapshots.
     * @param accounts  for order and balance snapshots.
     * @param maxQueued queued messages per subscriber before it is resynchronised.
     */
    WsHub(final ApiKeys keys, final ApiGateway gateway, final MarketViews market, final AccountViews accounts,
        final int maxQueued)
    {
        this.keys = keys;
        this.gateway = gateway;
        this.market = market;
        this.accounts = accounts;
        this.maxQueued = maxQueued;
        flusher = new Thread(this::flushBooks, "resx-ws-books");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** A book's latest state; written by the publisher, read by subscribers when they can send. */
    private static final class BookTopic
    {
        final String symbol;
        final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
        final AtomicBoolean queued = new AtomicBoolean();
        volatile String latest;
        volatile long version;

        BookTopic(final String symbol)
        {
            this.symbol = symbol;
        }
    }

    // ---- Javalin handlers ----

    /**
     * @param maxSubscriptions book and trade subscriptions one WebSocket may hold.
     */
    void maxSubscriptions(final int maxSubscriptions)
    {
        this.maxSubscriptions = maxSubscriptions;
    }

    /**
     * @param maxQueuedBytes bytes waiting for one client (queued and in flight) before it is cut off.
     * @param sendTimeoutMs  milliseconds one send may stay in flight before the client is cut off.
     */
    void slowClientLimits(final long maxQueuedBytes, final long sendTimeoutMs)
    {
        this.maxQueuedBytes = maxQueuedBytes;
        this.sendTimeoutNs = TimeUnit.MILLISECONDS.toNanos(sendTimeoutMs);
    }

    void onConnect(final WsConnectContext ctx)
    {
        bySession.put(ctx.sessionId(), new Subscriber(ctx.session));
    }

    void onClose(final WsCloseContext ctx)
    {
        final Subscriber subscriber = bySession.remove(ctx.sessionId());
        if (subscriber != null)
        {
            subscriber.closed = true;
            books.values().forEach(topic -> topic.subscribers.remove(subscriber));
            tradeSubscribers.values().forEach(set -> set.remove(subscriber));
            privateSubscribers.remove(subscriber);
        }
    }

    void onMessage(final WsMessageContext ctx)
    {
        final Subscriber subscriber = bySession.get(ctx.sessionId());
        if (subscriber == null)
        {
            return;
        }
        final JsonNode request;
        try
        {
            request = JSON.readTree(ctx.message());
        }
        catch (final Exception ex)
        {
            subscriber.control(error("MALFORMED", "a message must be a JSON object", null));
            return;
        }
        final String op = request.path("op").asText("");
        switch (op)
        {
            case "auth":
            {
                final Participant participant = keys.authenticate(request.path("key").asText(null));
                if (participant == null)
                {
                    subscriber.control(error("UNAUTHORIZED", "unknown API key", "key"));
                    return;
                }
                subscriber.participant = participant;
                subscriber.control(JSON.createObjectNode().put("type", "authenticated")
                    .put("participant", participant.id()).toString());
                break;
            }
            case "subscribe":
                subscribe(subscriber, request);
                break;
            default:
                subscriber.control(error("MALFORMED", "op must be auth or subscribe, not '" + op + "'", "op"));
                break;
        }
    }

    private void subscribe(final Subscriber subscriber, final JsonNode request)
    {
        final String channel = request.path("channel").asText("");
        final String symbol = request.path("symbol").asText(null);
        switch (channel)
        {
            case "book":
            case "trades":
            {
                if (symbol == null || symbol.isEmpty())
                {
                    subscriber.control(error("MISSING_FIELD", "channel " + channel + " needs a symbol", "symbol"));
                    return;
                }
                if (market.instrument(symbol) == null)
                {
                    subscriber.control(error("UNKNOWN_SYMBOL", "no instrument " + symbol + " is listed", "symbol"));
                    return;
                }
                final boolean already = "book".equals(channel) ?
                    subscriber.bookVersions.keySet().stream().anyMatch(t -> t.symbol.equals(symbol)) :
                    subscriber.tradeSymbols.contains(symbol);
                if (!already && subscriber.bookVersions.size() + subscriber.tradeSymbols.size() >= maxSubscriptions)
                {
                    subscriber.control(error("TOO_MANY_SUBSCRIPTIONS", "at most " + maxSubscriptions +
                        " book and trade subscriptions per WebSocket (http.ws.maxSubscriptions)", "symbol"));
                    return;
                }
                subscriber.control(subscribed(channel, symbol));
                if ("book".equals(channel))
                {
                    final BookTopic topic = books.computeIfAbsent(symbol, BookTopic::new);
                    subscriber.bookVersions.put(topic, 0L);
                    topic.subscribers.add(subscriber);
                    gateway.requestBook(symbol);
                    subscriber.signal();
                }
                else
                {
                    tradeSubscribers.computeIfAbsent(symbol, s -> ConcurrentHashMap.newKeySet()).add(subscriber);
                    subscriber.tradeSymbols.add(symbol);
                    subscriber.queue("trades", symbol, tradesSnapshot(symbol));
                }
                break;
            }
            case "orders":
            case "balances":
            case "positions":
            {
                if (subscriber.participant == null)
                {
                    subscriber.control(error("AUTH_REQUIRED", "send {\"op\":\"auth\",\"key\":...} first", "op"));
                    return;
                }
                subscriber.control(subscribed(channel, null));
                if ("orders".equals(channel))
                {
                    subscriber.orders = true;
                    subscriber.queue("orders", null, ordersSnapshot(subscriber.participant));
                }
                else if ("positions".equals(channel))
                {
                    subscriber.positions = true;
                    subscriber.queue("positions", null, positionsSnapshot(subscriber.participant));
                }
                else
                {
                    subscriber.balances = true;
                    subscriber.queue("balances", null, balancesSnapshot(subscriber.participant));
                }
                privateSubscribers.add(subscriber);
                break;
            }
            default:
                subscriber.control(error("MALFORMED", "channel must be book, trades, orders, balances or positions, not '" +
                    channel + "'", "channel"));
                break;
        }
    }

    // ---- feeds (API gateway agent thread) ----

    /**
     * @param symbol an instrument.
     * @return whether any WebSocket client wants its book.
     */
    boolean hasBookSubscribers(final String symbol)
    {
        final BookTopic topic = books.get(symbol);
        return topic != null && !topic.subscribers.isEmpty();
    }

    /**
     * Publishes a book; costs one store and at most one queue offer, whatever the number of subscribers.
     *
     * @param symbol   the instrument.
     * @param bookJson the book, {@code {"symbol",..,"seq"}}.
     */
    void onBook(final String symbol, final String bookJson)
    {
        final BookTopic topic = books.computeIfAbsent(symbol, BookTopic::new);
        topic.latest = bookJson;
        topic.version++;
        booksPublished.incrementAndGet();
        if (topic.queued.compareAndSet(false, true))
        {
            dirtyBooks.offer(topic);
        }
    }

    void onTrade(final String symbol, final String tradeJson)
    {
        final Set<Subscriber> subscribers = tradeSubscribers.get(symbol);
        if (subscribers == null || subscribers.isEmpty())
        {
            return;
        }
        final String message = "{\"channel\":\"trades\",\"symbol\":" + JSON.getNodeFactory().textNode(symbol) +
            ",\"trade\":" + tradeJson + "}";
        for (final Subscriber subscriber : subscribers)
        {
            subscriber.queue("trades", symbol, message);
        }
    }

    /**
     * Pushes an event to the orders channel of every subscriber whose participant trades one of the accounts it
     * names, rendered as that participant may see it (decided on the typed event). Agent thread only.
     *
     * @param eventAccounts the accounts the event names.
     * @param event         the event.
     */
    void onOrderEvent(final List<String> eventAccounts, final EngineEvent event)
    {
        final String[] rendered = new String[EventVisibility.values().length];
        for (final Subscriber subscriber : privateSubscribers)
        {
            final Participant participant = subscriber.participant;
            if (!subscriber.orders || participant == null || eventAccounts.stream().noneMatch(participant::mayTrade))
            {
                continue;
            }
            final EventVisibility visibility = EventVisibility.of(event, participant);
            if (visibility == EventVisibility.NONE)
            {
                continue;
            }
            if (rendered[visibility.ordinal()] == null)
            {
                rendered[visibility.ordinal()] = eventJson.render(event, visibility);
            }
            subscriber.queue("orders", null, "{\"channel\":\"orders\",\"event\":" +
                rendered[visibility.ordinal()] + "}");
        }
    }

    void onBalance(final String account, final String balanceJson)
    {
        for (final Subscriber subscriber : privateSubscribers)
        {
            final Participant participant = subscriber.participant;
            if (subscriber.balances && participant != null && participant.mayTrade(account))
            {
                subscriber.queue("balances", null, "{\"channel\":\"balances\",\"account\":" +
                    JSON.getNodeFactory().textNode(account) + ",\"balances\":[" + balanceJson + "]}");
            }
        }
    }

    /**
     * Pushes the positions of these accounts to the positions channel of every subscriber whose participant
     * trades them: {@code {"channel":"positions","type":"positions","account":..,"positions":[...]}}.
     *
     * @param accountIds accounts whose positions or marks moved.
     */
    void onPositions(final Collection<String> accountIds)
    {
        for (final String account : accountIds)
        {
            String message = null;
            for (final Subscriber subscriber : privateSubscribers)
            {
                final Participant participant = subscriber.participant;
                if (subscriber.positions && participant != null && participant.mayTrade(account))
                {
                    if (message == null)
                    {
                        final ObjectNode update = JSON.createObjectNode().put("channel", "positions")
                            .put("type", "positions").put("account", account);
                        final ArrayNode list = update.putArray("positions");
                        accounts.positions(account).forEach(p -> list.add(JSON.valueToTree(p)));
                        message = update.toString();
                    }
                    subscriber.queue("positions", null, message);
                }
            }
        }
    }

    // ---- operations ----

    /** @return open WebSocket sessions. */
    int sessions()
    {
        return bySession.size();
    }

    /** @return subscribers resynchronised since start. */
    long resyncs()
    {
        return resyncs.get();
    }

    /** @return books published to the hub since start. */
    long booksPublished()
    {
        return booksPublished.get();
    }

    /** @return clients cut off for not reading since start. */
    long slowClientsCut()
    {
        return cutOff.get();
    }

    /** @return messages written to WebSocket clients since start. */
    long messagesSent()
    {
        return messagesSent.get();
    }

    @Override
    public void close()
    {
        closed = true;
        flusher.interrupt();
    }

    /** The flusher thread: wakes the subscribers of books that moved and, every 100 ms, cuts off stalled ones. */
    private void flushBooks()
    {
        long nextCheckNs = System.nanoTime();
        while (!closed)
        {
            final BookTopic topic;
            try
            {
                topic = dirtyBooks.poll(WATCHDOG_MS, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            final long nowNs = System.nanoTime();
            if (nowNs - nextCheckNs >= 0)
            {
                nextCheckNs = nowNs + TimeUnit.MILLISECONDS.toNanos(WATCHDOG_MS);
                for (final Subscriber subscriber : bySession.values())
                {
                    subscriber.watch(nowNs);
                }
            }
            if (topic == null)
            {
                continue;
            }
            topic.queued.set(false);
            for (final Subscriber subscriber : topic.subscribers)
            {
                subscriber.signal();
            }
        }
    }

    // ---- snapshots ----

    private String tradesSnapshot(final String symbol)
    {
        final ObjectNode snapshot = JSON.createObjectNode().put("channel", "trades").put("symbol", symbol)
            .put("type", "snapshot");
        final ArrayNode trades = snapshot.putArray("trades");
        market.trades(symbol, SNAPSHOT_TRADES).forEach(t -> trades.add(JSON.valueToTree(t.publicView())));
        return snapshot.toString();
    }

    private String ordersSnapshot(final Participant participant)
    {
        final ObjectNode snapshot = JSON.createObjectNode().put("channel", "orders").put("type", "snapshot");
        final ArrayNode orders = snapshot.putArray("orders");
        for (final String account : participant.accounts())
        {
            accounts.openOrders(account, market).forEach(o -> orders.add(JSON.valueToTree(o)));
        }
        return snapshot.toString();
    }

    private String balancesSnapshot(final Participant participant)
    {
        final ObjectNode snapshot = JSON.createObjectNode().put("channel", "balances").put("type", "snapshot");
        final ArrayNode all = snapshot.putArray("accounts");
        for (final String account : participant.accounts())
        {
            final ObjectNode entry = all.addObject().put("account", account);
            final ArrayNode balances = entry.putArray("balances");
            accounts.balances(account).forEach(b -> balances.add(JSON.valueToTree(b)));
        }
        return snapshot.toString();
    }

    private String positionsSnapshot(final Participant participant)
    {
        final ObjectNode snapshot = JSON.createObjectNode().put("channel", "positions").put("type", "snapshot");
        final ArrayNode all = snapshot.putArray("accounts");
        for (final String account : participant.accounts())
        {
            final ObjectNode entry = all.addObject().put("account", account);
            final ArrayNode positions = entry.putArray("positions");
            accounts.positions(account).forEach(p -> positions.add(JSON.valueToTree(p)));
        }
        return snapshot.toString();
    }

    private String snapshot(final Subscriber subscriber, final String channel, final String symbol)
    {
        switch (channel)
        {
            case "positions":
                return positionsSnapshot(subscriber.participant);
            case "trades":
                return tradesSnapshot(symbol);
            case "orders":
                return ordersSnapshot(subscriber.participant);
            default:
                return balancesSnapshot(subscriber.participant);
        }
    }

    private static String subscribed(final String channel, final String symbol)
    {
        final ObjectNode ack = JSON.createObjectNode().put("type", "subscribed").put("channel", channel);
        if (symbol != null)
        {
            ack.put("symbol", symbol);
        }
        return ack.toString();
    }

    private static String error(final String code, final String message, final String field)
    {
        final ObjectNode error = JSON.createObjectNode().put("type", "error").put("code", code)
            .put("message", message);
        if (field != null)
        {
            error.put("field", field);
        }
        return error.toString();
    }

    /** A queued message and the channel it belongs to. */
    private record Queued(String channel, String symbol, String text)
    {
    }

    /** One WebSocket client: its subscriptions and its outbound queue, one send in flight at a time. */
    private final class Subscriber
    {
        final Session session;
        final Map<BookTopic, Long> bookVersions = new ConcurrentHashMap<>();
        final Set<String> tradeSymbols = ConcurrentHashMap.newKeySet();
        final ArrayDeque<Queued> queued = new ArrayDeque<>();
        final ArrayDeque<String> controls = new ArrayDeque<>();
        final AtomicInteger wip = new AtomicInteger();
        final Callback sent = Callback.from(this::onSent, this::onFailed);
        volatile Participant participant;
        volatile boolean orders;
        volatile boolean balances;
        volatile boolean positions;
        volatile boolean sending;
        volatile boolean closed;
        /** Bytes of {@link #queued} and {@link #controls}; guarded by this. */
        long queuedBytes;
        volatile long inFlightBytes;
        volatile long sendStartedNs;
        volatile long cutAtNs;

        Subscriber(final Session session)
        {
            this.session = session;
        }

        /** Queues a reply to the client's own request: never counted against the limit. */
        void control(final String text)
        {
            synchronized (this)
            {
                controls.addLast(text);
                queuedBytes += text.length();
            }
            checkBytes();
            signal();
        }

        void queue(final String channel, final String symbol, final String text)
        {
            synchronized (this)
            {
                if (queued.size() >= maxQueued)
                {
                    resync();
                }
                else
                {
                    queued.addLast(new Queued(channel, symbol, text));
                    queuedBytes += text.length();
                }
            }
            checkBytes();
            signal();
        }

        /** Cuts the client off when what waits for it passes the byte limit. */
        private void checkBytes()
        {
            final long waiting = waitingBytes();
            if (waiting > maxQueuedBytes)
            {
                cut("too slow: " + waiting + " bytes queued");
            }
        }

        private long waitingBytes()
        {
            synchronized (this)
            {
                return queuedBytes + inFlightBytes;
            }
        }

        /**
         * Watchdog (flusher thread): cuts the client off when one send has been in flight too long, and drops the
         * connection of a cut-off client whose close frame could not leave.
         */
        void watch(final long nowNs)
        {
            if (cutAtNs != 0)
            {
                if (nowNs - cutAtNs > CLOSE_GRACE_NS && session.isOpen())
                {
                    session.disconnect();
                }
                return;
            }
            if (sending && nowNs - sendStartedNs > sendTimeoutNs)
            {
                cut("too slow: " + waitingBytes() + " bytes queued");
            }
        }

        /** Closes with 1008 and the reason, once; logs it; queues nothing more. */
        private void cut(final String reason)
        {
            synchronized (this)
            {
                if (cutAtNs != 0)
                {
                    return;
                }
                cutAtNs = System.nanoTime() | 1;
                closed = true;
                queued.clear();
                controls.clear();
                queuedBytes = 0;
            }
            cutOff.incrementAndGet();
            LOG.warn("WebSocket client {} cut off: {} (http.ws.maxQueuedBytes {}, http.ws.sendTimeoutMs {})",
                session.getRemoteSocketAddress(), reason, maxQueuedBytes, TimeUnit.NANOSECONDS.toMillis(sendTimeoutNs));
            try
            {
                session.close(CLOSE_TOO_SLOW, reason, Callback.NOOP);
            }
            catch (final RuntimeException ex)
            {
                session.disconnect();
            }
        }

        /** Replaces everything queued by a resync notice and a snapshot per subscribed queued channel. */
        private void resync()
        {
            resyncs.incrementAndGet();
            queued.clear();
            queuedBytes = 0;
            for (final String symbol : tradeSymbols)
            {
                queued.addLast(new Queued("trades", symbol, resyncNotice("trades", symbol)));
                queued.addLast(new Queued("trades", symbol, snapshot(this, "trades", symbol)));
            }
            if (orders)
            {
                queued.addLast(new Queued("orders", null, resyncNotice("orders", null)));
                queued.addLast(new Queued("orders", null, snapshot(this, "orders", null)));
            }
            if (balances)
            {
                queued.addLast(new Queued("balances", null, resyncNotice("balances", null)));
                queued.addLast(new Queued("balances", null, snapshot(this, "balances", null)));
            }
            if (positions)
            {
                queued.addLast(new Queued("positions", null, resyncNotice("positions", null)));
                queued.addLast(new Queued("positions", null, snapshot(this, "positions", null)));
            }
            for (final Queued entry : queued)
            {
                queuedBytes += entry.text.length();
            }
        }

        private String resyncNotice(final String channel, final String symbol)
        {
            final ObjectNode notice = JSON.createObjectNode().put("type", "resync").put("channel", channel);
            if (symbol != null)
            {
                notice.put("symbol", symbol);
            }
            return notice.put("reason", "the client fell behind: " + maxQueued + " messages queued")
                .toString();
        }

        void signal()
        {
            if (wip.getAndIncrement() == 0)
            {
                drain();
            }
        }

        private void drain()
        {
            int missed = 1;
            do
            {
                while (!sending && !closed)
                {
                    final String next = next();
                    if (next == null)
                    {
                        break;
                    }
                    sending = true;
                    inFlightBytes = next.length();
                    sendStartedNs = System.nanoTime();
                    try
                    {
                        session.sendText(next, sent);
                    }
                    catch (final RuntimeException ex)
                    {
                        onFailed(ex);
                    }
                }
                missed = wip.addAndGet(-missed);
            }
            while (missed != 0);
        }

        /** @return the next message: queued ones first, then any book that moved since last sent. */
        private String next()
        {
            synchronized (this)
            {
                final String control = controls.pollFirst();
                if (control != null)
                {
                    queuedBytes -= control.length();
                    return control;
                }
                final Queued head = queued.pollFirst();
                if (head != null)
                {
                    queuedBytes -= head.text.length();
                    return head.text;
                }
            }
            for (final Map.Entry<BookTopic, Long> entry : bookVersions.entrySet())
            {
                final BookTopic topic = entry.getKey();
                final long version = topic.version;
                final String latest = topic.latest;
                if (version > entry.getValue() && latest != null)
                {
                    final boolean first = entry.getValue() == 0;
                    entry.setValue(version);
                    return "{\"channel\":\"book\",\"type\":\"" + (first ? "snapshot" : "update") + "\"," +
                        latest.substring(1);
                }
            }
            return null;
        }

        private void onSent()
        {
            messagesSent.incrementAndGet();
            inFlightBytes = 0;
            sending = false;
            signal();
        }

        private void onFailed(final Throwable failure)
        {
            sending = false;
            closed = true;
            LOG.debug("WebSocket send failed; closing the subscriber", failure);
        }
    }
}
