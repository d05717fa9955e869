package io.resx.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.resx.gateway.common.marketdata.BookSnapshot;
import io.resx.gateway.common.marketdata.L2Book;
import io.resx.gateway.common.marketdata.MarketDataAgent;
import io.resx.gateway.common.marketdata.MarketDataListener;
import io.resx.gateway.fix.EngineOffer;
import io.resx.protocol.codec.CommandCodec;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.BundleLeg;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.text.AsciiKey;
import io.resx.replay.EventReader;
import io.resx.replay.JournalContext;
import io.resx.server.serve.TrustedInbox;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The HTTP API's client of the engine, on the same path as a FIX gateway: commands go to the engine's Aeron stream
 * as SBE with this gateway's route, outcomes come back on the outcome stream that every gateway reads. Each command
 * sent gets a {@link CompletableFuture}, completed by the agent thread when its outcome arrives (matched by the
 * route's correlation id). The agent also keeps the API's views ({@link MarketViews}, {@link AccountViews}) and
 * feeds the WebSocket hub from every outcome, whoever sent the command. Books (WebSocket {@code book} channel,
 * {@code GET /book}) come from the gateway's {@link MarketDataAgent}, L2 books built from the same outcomes: asking
 * for a book or subscribing to one sends nothing to the engine and writes nothing to the journal.
 * <pre>
 *   request thread ─encode─► Aeron ─► engine ─► Aeron ─► agent ─► future.complete ─► request thread answers
 *                                                          └──► views, WebSocket hub
 * </pre>
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
    private final Map<Long, CompletableFuture<Outcome>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong correlationIds = new AtomicLong();
    private final ThreadLocal<Lane> lanes = ThreadLocal.withInitial(Lane::new);
    private final MarketDataAgent marketData;
    private final BookFeed bookFeed = new BookFeed();
    private final AtomicLong outcomesSeen = new AtomicLong();
    private final AtomicLongArray rejects = new AtomicLongArray(RejectReason.values().length);
    private final ArrayDeque<String> defaults = new ArrayDeque<>();
    private volatile WsHub hub;
    private volatile Subscription outcomes;
    private JournalContext eventsQueue;
    private Aeron aeron;
    private Publication publication;
    private AgentRunner runner;

    /**
     * @param gatewayId id on the engine's routes; must differ from every FIX gateway's.
     * @param trusted   the engine's in-process inbox for admin commands.
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
     * @return this gateway.
     */
    public ApiGateway start(final String aeronDir, final String channel, final int engineStream,
        final int outcomeStream)
    {
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
        publication = aeron.addPublication(channel, engineStream);
        outcomes = aeron.addSubscription(channel, outcomeStream);
        if (eventsQueue != null)
        {
            // after subscribing: what is published meanwhile arrives too, and duplicates are dropped by sequence
            LOG.info("API gateway {} market data rebuilt from {} outcomes of the events queue", gatewayId,
                marketData.replay(EventReader.open(eventsQueue)));
        }
        runner = new AgentRunner(
            new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100)),
            ex -> LOG.error("API gateway agent error", ex), null, new OutcomeAgent(outcomes));
        AgentRunner.startOnThread(runner);
        return this;
    }

    void hub(final WsHub hub)
    {
        this.hub = hub;
    }

    /**
     * @param eventsQueue the engine's {@code events} queue (null: none): the books are rebuilt from it at start and
     *                    gaps of the outcome stream read from it.
     */
    void eventsQueue(final JournalContext eventsQueue)
    {
        this.eventsQueue = eventsQueue;
    }

    /**
     * @return the default waterfall's events this gateway has seen since start (default, suspended,
     *     collateralApplied, defaultFundApplied, leaseRevoked), oldest first, each as the event writer's JSON with
     *     the command's journal sequence as {@code seq}; at most {@value #DEFAULTS_KEPT}.
     */
    List<String> defaults()
    {
        synchronized (defaults)
        {
            return new ArrayList<>(defaults);
        }
    }

    /** @return whether both engine streams are connected: commands out and outcomes in. */
    public boolean isConnected()
    {
        final Subscription in = outcomes;
        return publication != null && publication.isConnected() && in != null && in.isConnected();
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
        return lanes.get().command.reset();
    }

    /**
     * Sends the calling thread's command (from {@link #command()}) to the engine by Aeron, as a gateway does.
     *
     * @param sessionId the sender's number (its participant's position), carried on the route.
     * @return the outcome, or a failure with {@link EngineUnavailableException}.
     */
    CompletableFuture<Outcome> send(final int sessionId)
    {
        final Lane lane = lanes.get();
        final long correlationId = correlationIds.incrementAndGet();
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        inFlight.put(correlationId, outcome);
        final int length = lane.codec.encodeRequest(lane.buffer, 0, gatewayId, sessionId, correlationId,
            lane.command);
        final String problem = offer(lane.buffer, length);
        if (problem != null)
        {
            inFlight.remove(correlationId);
            outcome.completeExceptionally(new EngineUnavailableException(problem));
        }
        return outcome;
    }

    /**
     * Sends the calling thread's command by the in-process {@link TrustedInbox}: the one route for admin rights.
     *
     * @param sessionId the sender's number.
     * @return the outcome, or a failure with {@link EngineUnavailableException}.
     */
    CompletableFuture<Outcome> sendTrusted(final int sessionId)
    {
        final long correlationId = correlationIds.incrementAndGet();
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        inFlight.put(correlationId, outcome);
        if (!trusted.offer(gatewayId, sessionId, correlationId, lanes.get().command))
        {
            inFlight.remove(correlationId);
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

    private String offer(final UnsafeBuffer buffer, final int length)
    {
        return EngineOffer.offer(publication, buffer, length);
    }

    /** Stops the agent and disconnects; commands in flight fail with {@link EngineUnavailableException}. */
    @Override
    public void close()
    {
        CloseHelper.closeAll(runner, aeron);
        inFlight.values().forEach(f -> f.completeExceptionally(new EngineUnavailableException("shutting down")));
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

    /** One thread's encoding state. */
    private static final class Lane
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[GatewayCodec.ROUTE_LENGTH +
            CommandCodec.MAX_ENCODED_LENGTH]);
        final GatewayCodec codec = new GatewayCodec();
        final Command command = new Command();
    }

    /**
     * The duty cycle: says hello (the engine answers with every listing), polls outcomes, asks for books that
     * WebSocket subscribers need. The only writer of the views.
     */
    private final class OutcomeAgent implements Agent
    {
        private final Subscription outcomes;
        private final GatewayCodec codec = new GatewayCodec();
        private final Command command = new Command();
        private final EventLog events = new EventLog();
        private final AsciiKey symbol = new AsciiKey(Command.MAX_SYMBOL_LENGTH);
        private final FragmentHandler assembler = new FragmentAssembler(this::onFragment);
        private final EventJson eventJson = new EventJson();
        private boolean helloSent;

        OutcomeAgent(final Subscription outcomes)
        {
            this.outcomes = outcomes;
        }

        @Override
        public String roleName()
        {
            return "resx-http-gateway-" + gatewayId;
        }

        @Override
        public void onClose()
        {
            marketData.onClose();
        }

        @Override
        public int doWork()
        {
            int work = 0;
            if (!helloSent && publication.isConnected() && outcomes.isConnected())
            {
                final Lane lane = lanes.get();
                helloSent = offer(lane.buffer, lane.codec.encodeHello(lane.buffer, 0, gatewayId)) == null;
                work++;
            }
            work += outcomes.poll(assembler, FRAGMENT_LIMIT);
            work += bookFeed.flush();
            work += marketData.doWork();
            return work;
        }

        private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            switch (codec.decodeRoute(buffer, offset, length))
            {
                case COMMAND:
                    codec.decodeOutcome(buffer, offset, length, command, events);
                    onOutcome(codec.gatewayId(), codec.correlationId());
                    marketData.onOutcome(command, events);
                    break;
                case LISTING:
                    codec.listingSymbol(symbol);
                    marketData.onListing(symbol.toString(), codec.listingTick(), codec.listingLot());
                    market.onListing(symbol.toString(), codec.listingTick(), codec.listingLot(), codec.listingCloseNs(),
                        codec.listingClosed());
                    break;
                default:
                    break;
            }
        }

        private void onOutcome(final int fromGateway, final long correlationId)
        {
            outcomesSeen.incrementAndGet();
            market.onTime(command.timestampNs());
            if (command.type() == CommandType.TICK)
            {
                market.prune(command.timestampNs());
            }
            if (events.size() == 0)
            {
                return;
            }
            final List<String> lines = eventJson.render(events);
            final EngineEvent first = events.get(0);
            final boolean accepted = first.type() == EventType.ACCEPTED;
            if (!accepted && first.type() == EventType.REJECTED)
            {
                rejects.incrementAndGet(first.reason().ordinal());
            }
            if (command.type() == CommandType.LIST && accepted)
            {
                market.onListing(command.symbol().toString(), command.tick(), command.lot(), command.atNs(), false);
            }
            final WsHub hub = ApiGateway.this.hub;
            onOrderEntry(accepted, first, lines);
            for (int i = 1; i < events.size(); i++)
            {
                onEffect(events.get(i), lines.get(i), hub);
            }
            if (fromGateway == gatewayId)
            {
                final CompletableFuture<Outcome> future = inFlight.remove(correlationId);
                if (future != null)
                {
                    future.complete(new Outcome(command.sequence(), accepted,
                        accepted ? null : first.reason().name(), lines, null));
                }
            }
            if (hub != null)
            {
                if (!accepted && first.account().length() > 0)
                {
                    hub.onOrderEvent(List.of(first.account().toString()), lines.get(0));
                }
            }
        }

        private void onOrderEntry(final boolean accepted, final EngineEvent first, final List<String> lines)
        {
            final CommandType type = command.type();
            if (!accepted || (type != CommandType.NEW_ORDER && type != CommandType.BUNDLE))
            {
                return;
            }
            final String account = command.account().toString();
            final Instrument instrument;
            final String orderSymbol;
            final String side;
            long qty = command.qty();
            if (type == CommandType.BUNDLE)
            {
                final StringBuilder legs = new StringBuilder();
                qty = 0;
                for (int i = 0; i < command.legCount(); i++)
                {
                    final BundleLeg leg = command.leg(i);
                    legs.append(i == 0 ? "" : "+").append(leg.symbol());
                    qty += leg.qty();
                }
                orderSymbol = legs.toString();
                instrument = command.legCount() > 0 ? market.instrument(command.leg(0).symbol().toString()) : null;
                side = command.legCount() > 0 ? command.leg(0).side().name() : "";
            }
            else
            {
                orderSymbol = command.symbol().toString();
                instrument = market.instrument(orderSymbol);
                side = command.side().name();
            }
            final int priceDecimals = instrument == null ? 6 : instrument.priceDecimals();
            final int qtyDecimals = instrument == null ? 6 : instrument.qtyDecimals();
            final String price = type == CommandType.NEW_ORDER && command.price() != Command.ABSENT ?
                MarketViews.decimal(command.price(), priceDecimals) : null;
            accounts.onAccepted(new AccountViews.OpenOrder(first.orderId(), account, orderSymbol, side,
                command.clOrdId().toString(), price, qty, qtyDecimals));
            final WsHub hub = ApiGateway.this.hub;
            if (hub != null)
            {
                hub.onOrderEvent(List.of(account), lines.get(0));
            }
        }

        private void onEffect(final EngineEvent event, final String line, final WsHub hub)
        {
            switch (event.type())
            {
                case TRADE:
                    onTrade(event, hub);
                    if (hub != null)
                    {
                        hub.onOrderEvent(List.of(event.buyAccount().toString(), event.sellAccount().toString()),
                            line);
                    }
                    break;
                case CANCELLED:
                    accounts.onCancelled(event.orderId());
                    if (hub != null)
                    {
                        hub.onOrderEvent(List.of(event.account().toString()), line);
                    }
                    break;
                case REPLACED:
                {
                    accounts.onReplaced(event.orderId(), event.clOrdId().toString(),
                        MarketViews.decimal(event.price(), event.priceDecimals()), event.qty());
                    if (hub != null)
                    {
                        hub.onOrderEvent(List.of(event.account().toString()), line);
                    }
                    break;
                }
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
                    onDefaultStep(line);
                    if (hub != null)
                    {
                        // a revoked lease names no account but its lessee and lessor
                        hub.onOrderEvent(event.type() == EventType.LEASE_REVOKED ? List.of(
                            event.buyAccount().toString(), event.sellAccount().toString()) :
                            List.of(event.account().toString()), line);
                    }
                    break;
                default:
                    if (hub != null && event.account().length() > 0)
                    {
                        hub.onOrderEvent(List.of(event.account().toString()), line);
                    }
                    break;
            }
        }

        private void onDefaultStep(final String line)
        {
            final String withSeq = "{\"seq\":" + command.sequence() + "," + line.substring(1);
            synchronized (defaults)
            {
                if (defaults.size() == DEFAULTS_KEPT)
                {
                    defaults.removeFirst();
                }
                defaults.addLast(withSeq);
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
            fill(event, trade, true);
            fill(event, trade, false);
            if (hub != null)
            {
                hub.onTrade(tradeSymbol, tradeJson(trade));
            }
        }

        private void fill(final EngineEvent event, final MarketViews.Trade trade, final boolean buy)
        {
            final Map<String, Object> fill = new LinkedHashMap<>();
            fill.put("seq", trade.seq());
            fill.put("tradeId", trade.tradeId());
            fill.put("orderId", buy ? event.buyOrderId() : event.sellOrderId());
            fill.put("clOrdId", (buy ? event.buyClOrdId() : event.sellClOrdId()).toString());
            fill.put("account", buy ? trade.buyAccount() : trade.sellAccount());
            fill.put("symbol", trade.symbol());
            fill.put("side", buy ? "BUY" : "SELL");
            fill.put("price", trade.price());
            fill.put("qty", trade.qty());
            fill.put("liquidity", (event.aggressor().name().equals("BUY")) == buy ? "TAKER" : "MAKER");
            fill.put("time", trade.time());
            accounts.onFill(buy ? event.buyOrderId() : event.sellOrderId(), event.qty(), fill);
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
