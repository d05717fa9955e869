package io.resx.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.resx.gateway.common.EventsQueue;
import io.resx.gateway.common.EngineLink;
import io.resx.gateway.common.EngineProxy;
import io.resx.gateway.common.IdleStrategyKind;
import io.resx.gateway.common.OutcomeStream;
import io.resx.gateway.common.cluster.ClusterLink;
import io.resx.gateway.common.OutcomeAdapter;
import io.resx.gateway.common.OutcomeHandler;
import io.resx.gateway.common.OutcomeSource;
import io.resx.gateway.common.Participant;
import io.resx.gateway.common.marketdata.BookSnapshot;
import io.resx.gateway.common.marketdata.L2Book;
import io.resx.gateway.common.marketdata.MarketDataAgent;
import io.resx.gateway.common.marketdata.MarketDataListener;
import io.resx.gateway.common.orders.OrderTracker;
import io.resx.protocol.command.BundleLeg;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.text.AsciiKey;
import io.resx.engine.node.TrustedInbox;
import io.resx.replay.JournalContext;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The HTTP API's client of the engine, on the same path as a FIX gateway and with the same gateway-common parts:
 * commands go to the engine's Aeron stream through an {@link EngineProxy}, outcomes come back through an
 * {@link OutcomeAdapter} (gaps in the live stream filled from the {@code events} queue). Each command sent gets a
 * {@link CompletableFuture}, completed by the agent thread when its outcome arrives (matched by the route's
 * correlation id), its events rendered as the sender may see them. The agent also keeps the API's views
 * ({@link MarketViews}, {@link AccountViews} with the gateway-common order tracker) and feeds the WebSocket hub from
 * every outcome, whoever sent the command. At start the views are rebuilt from the {@code events} queue, so open
 * orders, fills and balances from before a restart are there.
 * <pre>
 *   request thread ─encode─► Aeron ─► engine ─► Aeron ─► agent ─► future.complete ─► request thread answers
 *                                      events queue ─(start, gaps)─┘└──► views, WebSocket hub
 * </pre>
 * An outcome read from the events queue after a gap has no route: a request whose outcome fell in the gap is matched
 * by its account and ClOrdID instead (order entry, cancels, replaces, bundles), so it is answered all the same; one
 * without a ClOrdID is answered 503 ENGINE_UNAVAILABLE after the engine timeout, its effects in the views.
 * Commands with admin rights go by the in-process {@link TrustedInbox} instead of Aeron, and come back the same way.
 * <p>
 * Time: every outcome's sequencer timestamp moves the views' exchange time forward; listings (hello answers and LIST
 * outcomes) carry their gate closure, and the CLOSED and EXPIRED events of the engine node's TICKs mark instruments
 * closed and expired; each TICK also drops what expired more than {@link MarketViews#RETENTION_NS} ago.
 */
public final class ApiGateway implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ApiGateway.class);
    private static final int FRAGMENT_LIMIT = 64;
    private static final int DEFAULTS_KEPT = 1000;

    private final int gatewayId;
    private final TrustedInbox trusted;
    private final MarketViews market;
    private final AccountViews accounts;
    private final int bookDepth;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Long, Pending> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong correlationIds = new AtomicLong();
    private final MarketDataAgent marketData;
    private final BookFeed bookFeed = new BookFeed();
    private final AtomicLong outcomesSeen = new AtomicLong();
    private final AtomicLongArray rejects = new AtomicLongArray(RejectReason.values().length);
    private final ArrayDeque<DefaultStep> defaults = new ArrayDeque<>();
    private volatile WsHub hub;
    private volatile OutcomeAdapter outcomes;
    private volatile EngineProxy proxy;
    private Aeron aeron;
    private ClusterLink clusterLink;
    private AgentRunner runner;
    private IdleStrategyKind idle = IdleStrategyKind.BACKOFF;

    /**
     * @param gatewayId id on the engine's routes; must differ from every FIX gateway's.
     * @param trusted   the engine's in-process inbox for admin commands; null for none (a cluster client: admin
     *                  commands are refused ENGINE_UNAVAILABLE, they go by the operator's cluster client).
     * @param market    market views to keep.
     * @param accounts  account views to keep.
     * @param bookDepth levels per side of a book pushed on the WebSocket.
     */
    public ApiGateway(final int gatewayId, final TrustedInbox trusted, final MarketViews market,
        final AccountViews accounts, final int bookDepth)
    {
        this.gatewayId = gatewayId;
        this.trusted = trusted;
        this.market = market;
        this.accounts = accounts;
        this.bookDepth = bookDepth;
        this.marketData = new MarketDataAgent("resx-http-market-data-" + gatewayId).listener(bookFeed);
    }

    /**
     * Connects to the embedded media driver and starts the agent.
     *
     * @param aeronDir      the media driver's directory.
     * @param channel       channel of both engine streams (IPC in process).
     * @param engineStream  the engine's input stream.
     * @param outcomeStream the engine's outcome stream.
     * @param events        the engine's {@code events} queue, read at start and after a gap; null for none.
     * @return this gateway.
     */
    public ApiGateway start(final String aeronDir, final String channel, final int engineStream,
        final int outcomeStream, final JournalContext events)
    {
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
        final Publication publication = aeron.addPublication(channel, engineStream);
        final Subscription subscription = aeron.addSubscription(channel, outcomeStream);
        return start(EngineLink.of(publication), OutcomeStream.of(subscription), EventsQueue.of(events), 0);
    }

    /**
     * Starts the agent as a client of the engine cluster.
     *
     * @param link   the link to the cluster; this gateway closes it.
     * @param events a member's {@code events} queue on this machine, read at start and after a gap; null for none.
     * @return this gateway.
     */
    public ApiGateway start(final ClusterLink link, final EventsQueue events)
    {
        clusterLink = link;
        return start(link, link, events, link.context().eventsLagWaitNs());
    }

    private ApiGateway start(final EngineLink requests, final OutcomeStream stream, final EventsQueue events,
        final long catchUpWaitNs)
    {
        proxy = new EngineProxy(requests, gatewayId);
        final OutcomeAgent agent = new OutcomeAgent();
        outcomes = new OutcomeAdapter(stream, events, agent).catchUpWait(catchUpWaitNs);
        final long rebuildStartNs = System.nanoTime();
        final long rebuilt = outcomes.rebuild();
        LOG.info("API gateway {}: {} outcomes read from the events queue{} in {} ms, {} orders open", gatewayId,
            rebuilt, events == null ? " (none configured)" : "", (System.nanoTime() - rebuildStartNs) / 1_000_000,
            accounts.orders().openOrderCount());
        runner = new AgentRunner(idle.create(), ex -> LOG.error("API gateway agent error", ex), null, agent);
        AgentRunner.startOnThread(runner);
        return this;
    }

    /**
     * @param idle how the agent waits when idle ({@code http.idle}; back-off unless set before {@link #start}).
     * @return this gateway.
     */
    public ApiGateway idle(final IdleStrategyKind idle)
    {
        this.idle = java.util.Objects.requireNonNull(idle, "idle");
        return this;
    }

    void hub(final WsHub hub)
    {
        this.hub = hub;
    }

    /**
     * One step of a default waterfall as the API lists it.
     *
     * @param json     the event writer's JSON with the command's journal sequence as {@code seq}.
     * @param accounts the accounts it names (who may see it).
     */
    record DefaultStep(String json, List<String> accounts)
    {
        /**
         * @param viewer who asks.
         * @return whether it may see this step.
         */
        boolean visibleTo(final Participant viewer)
        {
            return viewer.admin() || accounts.stream().anyMatch(viewer::mayTrade);
        }
    }

    /** A command sent and not answered yet, and who sent it (its events are rendered as that one may see them). */
    private record Pending(CompletableFuture<Outcome> future, Participant viewer, String orderKey)
    {
    }

    /**
     * Pending requests by account and ClOrdID: an outcome read from the {@code events} queue after a gap carries
     * no route, but an order command's account and ClOrdID name the request it answers.
     */
    private final Map<String, Long> inFlightByOrder = new ConcurrentHashMap<>();

    /** How many answers to new orders and bundles are kept for retries (the newest). */
    private static final int ANSWERS_KEPT = 100_000;

    /**
     * The answers this gateway gave to accepted new orders and bundles, by order id, the newest
     * {@value #ANSWERS_KEPT}: what a retry of one (the engine says RETRY_OF_ACCEPTED) is answered with, so that a
     * client that lost the first answer gets the same one. Written and read on the outcome thread only.
     */
    private final Map<Long, Outcome> answeredOrders = new java.util.LinkedHashMap<>(1024, 0.75f, false)
    {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<Long, Outcome> eldest)
        {
            return size() > ANSWERS_KEPT;
        }
    };

    private static String orderKey(final Command command)
    {
        return command.clOrdId().length() == 0 ? null : command.account() + "\u0001" + command.clOrdId();
    }

    private void track(final long correlationId, final CompletableFuture<Outcome> outcome, final Participant viewer,
        final Command command)
    {
        final String key = orderKey(command);
        inFlight.put(correlationId, new Pending(outcome, viewer, key));
        if (key != null)
        {
            inFlightByOrder.put(key, correlationId);
        }
        // answered, failed or given up by the request thread (cancelled at its timeout): forget it either way
        outcome.whenComplete((answer, failure) -> untrack(correlationId));
    }

    private Pending untrack(final long correlationId)
    {
        final Pending pending = inFlight.remove(correlationId);
        if (pending != null && pending.orderKey() != null)
        {
            inFlightByOrder.remove(pending.orderKey(), correlationId);
        }
        return pending;
    }

    /**
     * @return the latest steps of default waterfalls (default, suspended, collateralApplied, defaultFundApplied,
     *     leaseRevoked), from the events queue at start and live since, oldest first; at most
     *     {@value #DEFAULTS_KEPT}.
     */
    List<DefaultStep> defaults()
    {
        synchronized (defaults)
        {
            return new ArrayList<>(defaults);
        }
    }

    /** @return whether both engine streams are connected: commands out and outcomes in. */
    public boolean isConnected()
    {
        final OutcomeAdapter in = outcomes;
        final EngineProxy out = proxy;
        return out != null && out.isConnected() && in != null && in.isConnected();
    }

    /** @return the sequence of the last outcome handed to this gateway, 0 before any. */
    long lastSequence()
    {
        final OutcomeAdapter in = outcomes;
        return in == null ? 0 : in.lastSequence();
    }

        /** @return commands sent and not yet answered. */
    int inFlight()
    {
        return inFlight.size();
    }

    /** @return rejected commands by reason ordinal, of every gateway, since start. */
    AtomicLongArray rejects()
    {
        return rejects;
    }

    /** @return outcomes read from the engine since start (every gateway's). */
    long outcomesSeen()
    {
        return outcomesSeen.get();
    }

    /** @return the calling thread's command, reset, to fill before {@link #send}. */
    Command command()
    {
        return lane().command();
    }

    private EngineProxy.Lane lane()
    {
        final EngineProxy engine = proxy;
        if (engine == null)
        {
            throw new EngineUnavailableException("the API gateway is not started");
        }
        return engine.lane();
    }

    /**
     * Sends the calling thread's command (from {@link #command()}) to the engine by Aeron, as a gateway does.
     *
     * @param sessionId the sender's number (its participant's position), carried on the route.
     * @param viewer    who sends it: the outcome's events are rendered as it may see them; null for all of them.
     * @return the outcome, or a failure with {@link EngineUnavailableException}.
     */
    CompletableFuture<Outcome> send(final int sessionId, final Participant viewer)
    {
        final long correlationId = correlationIds.incrementAndGet();
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        track(correlationId, outcome, viewer, lane().filled());
        final String problem = lane().offer(sessionId, correlationId);
        if (problem != null)
        {
            untrack(correlationId);
            outcome.completeExceptionally(new EngineUnavailableException(problem));
        }
        return outcome;
    }

    /**
     * Sends the calling thread's command, its outcome's events rendered whole (a book, say, names no account).
     *
     * @param sessionId the sender's number.
     * @return the outcome, or a failure with {@link EngineUnavailableException}.
     */
    CompletableFuture<Outcome> send(final int sessionId)
    {
        return send(sessionId, null);
    }

    /**
     * Sends the calling thread's command by the in-process {@link TrustedInbox}: the one route for admin rights.
     *
     * @param sessionId the sender's number.
     * @param viewer    who sends it.
     * @return the outcome, or a failure with {@link EngineUnavailableException}.
     */
    CompletableFuture<Outcome> sendTrusted(final int sessionId, final Participant viewer)
    {
        final long correlationId = correlationIds.incrementAndGet();
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        if (trusted == null)
        {
            outcome.completeExceptionally(new EngineUnavailableException(
                "admin commands go by the operator's cluster client in cluster mode"));
            return outcome;
        }
        track(correlationId, outcome, viewer, lane().filled());
        if (!trusted.offer(gatewayId, sessionId, correlationId, lane().filled()))
        {
            untrack(correlationId);
            outcome.completeExceptionally(new EngineUnavailableException("the engine is not keeping up"));
        }
        return outcome;
    }

    /**
     * Pushes a book's current state to its WebSocket subscribers, from the agent thread at its next duty cycle (any
     * thread): what a new subscriber starts from.
     *
     * @param symbol an instrument.
     */
    void requestBook(final String symbol)
    {
        marketData.withBook(symbol, book ->
        {
            final WsHub hub = this.hub;
            if (book != null && hub != null)
            {
                hub.onBook(symbol, bookJson(book.snapshot(bookDepth)));
            }
        });
    }

    /**
     * A book from the gateway's L2 books (any thread).
     *
     * @param symbol an instrument.
     * @param depth  levels per side.
     * @return {@code {"symbol","bids":[{price,qty,orders}],"asks":[..],"lastPrice"?,"seq"}}, or null when the
     *     instrument is not listed.
     */
    CompletableFuture<String> book(final String symbol, final int depth)
    {
        return marketData.snapshot(symbol, depth).thenApply(book -> book == null ? null : bookJson(book));
    }

    /** @return the gateway's L2 books, for its outcome loop and tests. */
    public MarketDataAgent marketData()
    {
        return marketData;
    }

    /** Stops the agent and disconnects; commands in flight fail with {@link EngineUnavailableException}. */
    @Override
    public void close()
    {
        CloseHelper.closeAll(runner, clusterLink, aeron);
        inFlight.values().forEach(p -> p.future().completeExceptionally(
            new EngineUnavailableException("shutting down")));
    }

    /** The engine did not take a command or did not answer. */
    static final class EngineUnavailableException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        EngineUnavailableException(final String message)
        {
            super(message);
        }
    }

    /**
     * The duty cycle: says hello (the engine answers with every listing), polls outcomes through the
     * {@link OutcomeAdapter}, asks for books that WebSocket subscribers need. The only writer of the views.
     */
    private final class OutcomeAgent implements Agent, OutcomeHandler
    {
        private final EventJson eventJson = new EventJson();
        private Command command;
        private boolean live;
        private boolean helloSent;

        @Override
        public String roleName()
        {
            return "resx-http-gateway-" + gatewayId;
        }

        @Override
        public int doWork()
        {
            int work = 0;
            if (!helloSent && proxy.isConnected() && outcomes.isConnected())
            {
                helloSent = proxy.lane().hello() == null;
                work++;
            }
            work += outcomes.poll(FRAGMENT_LIMIT);
            work += bookFeed.flush();
            work += marketData.doWork();
            return work;
        }

        @Override
        public void onClose()
        {
            outcomes.close();
            marketData.onClose();
        }

        @Override
        public void onListing(final AsciiKey symbol, final long tick, final long lot, final long closeNs,
            final boolean closed)
        {
            market.onListing(symbol.toString(), tick, lot, closeNs, closed);
            market.candles().onListing(symbol.toString());
            marketData.onListing(symbol.toString(), tick, lot);
        }

        @Override
        public void onOutcome(
            final OutcomeSource source, final int fromGateway, final int sessionId, final long correlationId,
            final Command command, final EventLog events)
        {
            this.command = command;
            // history read at start updates the views only: nobody waits for it, no stream pushes it again
            this.live = source != OutcomeSource.REBUILD;
            if (live)
            {
                outcomesSeen.incrementAndGet();
            }
            market.onTime(command.timestampNs());
            if (command.type() == CommandType.TICK)
            {
                market.prune(command.timestampNs());
            }
            accounts.orders().apply(command, events, OrderTracker.NO_LISTENER);
            accounts.positionBook().apply(command, events);
            market.candles().apply(command, events);
            marketData.onOutcome(command, events);
            if (events.size() == 0)
            {
                return;
            }
            final EngineEvent first = events.get(0);
            final boolean accepted = first.type() == EventType.ACCEPTED;
            if (live && !accepted && first.type() == EventType.REJECTED)
            {
                rejects.incrementAndGet(first.reason().ordinal());
            }
            if (command.type() == CommandType.LIST && accepted)
            {
                market.onListing(command.symbol().toString(), command.tick(), command.lot(), command.atNs(), false);
                market.candles().onListing(command.symbol().toString());
            }
            final WsHub hub = live ? ApiGateway.this.hub : null;
            onOrderEntry(accepted, first, hub);
            for (int i = 1; i < events.size(); i++)
            {
                onEffect(events.get(i), hub);
            }
            final Long answered = source == OutcomeSource.LIVE && fromGateway == gatewayId ? Long.valueOf(correlationId) :
                source == OutcomeSource.CATCH_UP && orderKey(command) != null ? inFlightByOrder.get(orderKey(command)) :
                null;
            if (answered != null)
            {
                final Pending pending = untrack(answered);
                if (pending != null)
                {
                    pending.future().complete(answer(command, events, accepted, first, pending.viewer()));
                }
            }
            if (hub != null)
            {
                if (!accepted && first.account().length() > 0)
                {
                    hub.onOrderEvent(List.of(first.account().toString()), first);
                }
            }
        }

        /**
         * The answer to a request: its outcome, except for a retried new order or bundle (RETRY_OF_ACCEPTED), which
         * gets the answer its first request got, kept here, or, when this gateway did not answer that one (a restart,
         * another gateway), an ACCEPTED answer naming the original order.
         */
        private Outcome answer(final Command command, final EventLog events, final boolean accepted,
            final EngineEvent first, final Participant viewer)
        {
            if (!accepted && first.reason() == RejectReason.RETRY_OF_ACCEPTED)
            {
                final Outcome original = answeredOrders.get(first.orderId());
                if (original != null)
                {
                    return original;
                }
                final ObjectNode event = json.createObjectNode().put("evt", "accepted")
                    .put("cmd", command.type() == CommandType.BUNDLE ? "bundle" : "new")
                    .put("clOrdId", command.clOrdId().toString()).put("orderId", first.orderId())
                    .put("account", command.account().toString()).put("symbol", command.symbol().toString());
                return new Outcome(command.sequence(), true, null, List.of(event.toString()), null);
            }
            final Outcome outcome = new Outcome(command.sequence(), accepted, accepted ? null : first.reason().name(),
                viewer == null ? eventJson.render(events) : eventJson.render(events, viewer), null);
            if (accepted && (command.type() == CommandType.NEW_ORDER || command.type() == CommandType.BUNDLE))
            {
                answeredOrders.put(first.orderId(), outcome);
            }
            return outcome;
        }

        private void onOrderEntry(final boolean accepted, final EngineEvent first, final WsHub hub)
        {
            final CommandType type = command.type();
            if (!accepted || (type != CommandType.NEW_ORDER && type != CommandType.BUNDLE))
            {
                return;
            }
            if (type == CommandType.BUNDLE)
            {
                for (int i = 0; i < command.legCount(); i++)
                {
                    final BundleLeg leg = command.leg(i);
                }
            }
            else
            {
            }
            if (hub != null)
            {
                hub.onOrderEvent(List.of(command.account().toString()), first);
            }
        }

        private void onEffect(final EngineEvent event, final WsHub hub)
        {
            switch (event.type())
            {
                case TRADE:
                    onTrade(event, hub);
                    if (hub != null)
                    {
                        hub.onOrderEvent(List.of(event.buyAccount().toString(), event.sellAccount().toString()),
                            event);
                    }
                    break;
                case CANCELLED:
                case REPLACED:
                    if (hub != null)
                    {
                        hub.onOrderEvent(List.of(event.account().toString()), event);
                    }
                    break;
                case BALANCE:
                {
                    final String account = event.account().toString();
                    final String total = MarketViews.decimal(event.amount(), event.qtyDecimals());
                    final String locked = MarketViews.decimal(event.locked(), event.qtyDecimals());
                    accounts.onBalance(account, event.symbol().toString(), total, locked);
                    if (hub != null)
                    {
                        hub.onBalance(account, balanceJson(event.symbol().toString(), total, locked));
                    }
                    break;
                }
                case CLOSED:
                    market.onClosed(event.symbol().toString());
                    break;
                case EXPIRED:
                    market.onExpired(event.symbol().toString());
                    break;
                case DEFAULT:
                case SUSPENDED:
                case COLLATERAL_APPLIED:
                case DEFAULT_FUND_APPLIED:
                case LEASE_REVOKED:
                {
                    // a revoked lease names no account but its lessee and lessor
                    final List<String> named = event.type() == EventType.LEASE_REVOKED ? List.of(
                        event.buyAccount().toString(), event.sellAccount().toString()) :
                        List.of(event.account().toString());
                    onDefaultStep(event, named);
                    if (hub != null)
                    {
                        hub.onOrderEvent(named, event);
                    }
                    break;
                }
                default:
                    if (hub != null && event.account().length() > 0)
                    {
                        hub.onOrderEvent(List.of(event.account().toString()), event);
                    }
                    break;
            }
        }

        private void onDefaultStep(final EngineEvent event, final List<String> named)
        {
            final String line = eventJson.render(event, io.resx.gateway.common.EventVisibility.ALL);
            final String withSeq = "{\"seq\":" + command.sequence() + "," + line.substring(1);
            synchronized (defaults)
            {
                if (defaults.size() == DEFAULTS_KEPT)
                {
                    defaults.removeFirst();
                }
                defaults.addLast(new DefaultStep(withSeq, named));
            }
        }

        private void onTrade(final EngineEvent event, final WsHub hub)
        {
            final String tradeSymbol = event.symbol().toString();
            final String price = MarketViews.decimal(event.price(), event.priceDecimals());
            final String qty = MarketViews.decimal(event.qty(), event.qtyDecimals());
            final String time = Instant.EPOCH.plusNanos(command.timestampNs()).toString();
            final MarketViews.Trade trade = new MarketViews.Trade(event.sequence(), event.tradeId(), tradeSymbol,
                price, qty, event.aggressor().name(), event.buyAccount().toString(), event.sellAccount().toString(),
                time);
            market.onTrade(trade);
            if (hub != null)
            {
                hub.onTrade(tradeSymbol, tradeJson(trade));
                // a trade moves its parties' positions and every holder's mark
                hub.onPositions(accounts.positionBook().holders(tradeSymbol));
            }
        }
    }

    /**
     * @param book a copy of an L2 book.
     * @return {@code {"symbol","bids":[{price,qty,orders}],"asks":[..],"lastPrice"?,"seq"}}.
     */
    private String bookJson(final BookSnapshot book)
    {
        final ObjectNode json = this.json.createObjectNode().put("symbol", book.symbol());
        levels(json.putArray("bids"), book.bids(), book);
        levels(json.putArray("asks"), book.asks(), book);
        if (book.lastPrice() != Command.ABSENT)
        {
            json.put("lastPrice", MarketViews.decimal(book.lastPrice(), book.priceDecimals()));
        }
        return json.put("seq", book.sequence()).toString();
    }

    private static void levels(final ArrayNode out, final List<BookSnapshot.Level> levels, final BookSnapshot book)
    {
        for (final BookSnapshot.Level level : levels)
        {
            out.addObject().put("price", MarketViews.decimal(level.price(), book.priceDecimals()))
                .put("qty", MarketViews.decimal(level.qty(), book.qtyDecimals()))
                .put("orders", level.orders());
        }
    }

    /**
     * Pushes the books that the outcomes of a duty cycle changed to their WebSocket subscribers, if they have any,
     * once per book and cycle (agent thread).
     */
    private final class BookFeed implements MarketDataListener
    {
        private final java.util.Set<L2Book> changed = new java.util.LinkedHashSet<>();

        @Override
        public void onBookUpdated(final L2Book book)
        {
            changed.add(book);
        }

        int flush()
        {
            if (changed.isEmpty())
            {
                return 0;
            }
            final WsHub hub = ApiGateway.this.hub;
            for (final L2Book book : changed)
            {
                if (hub != null && hub.hasBookSubscribers(book.symbol()))
                {
                    hub.onBook(book.symbol(), bookJson(book.snapshot(bookDepth)));
                }
            }
            final int work = changed.size();
            changed.clear();
            return work;
        }
    }

    private String tradeJson(final MarketViews.Trade trade)
    {
        return json.createObjectNode().put("seq", trade.seq()).put("tradeId", trade.tradeId())
            .put("symbol", trade.symbol()).put("price", trade.price()).put("qty", trade.qty())
            .put("aggressorSide", trade.aggressorSide()).put("time", trade.time()).toString();
    }

    private String balanceJson(final String asset, final String total, final String locked)
    {
        return json.createObjectNode().put("asset", asset).put("total", total).put("locked", locked).toString();
    }
}
