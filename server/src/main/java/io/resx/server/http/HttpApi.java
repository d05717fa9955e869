package io.resx.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.resx.gateway.common.ApiKeys;
import io.resx.gateway.common.FieldRules;
import io.resx.gateway.common.Participant;
import io.resx.gateway.common.ParticipantDirectory;
import io.resx.gateway.common.RateLimiter;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.instrument.Domain;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.instrument.SymbolFormatException;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import org.HdrHistogram.Recorder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The REST endpoints under {@code /api/v1}: who registers which route, authentication by bearer key, the per-key
 * rate limit, and each handler. Order entry turns the JSON body into the same command {@code ./resx batch} reads
 * (the body's fields are the NDJSON command's fields) and sends it to the engine through the {@link ApiGateway},
 * so rules, reasons and outcomes are the FIX gateway's. Only a request the engine could not be sent at all (not
 * JSON, a required field missing or of the wrong shape) is answered 400 here.
 */
final class HttpApi
{
    /** Attribute holding the authenticated participant. */
    static final String PARTICIPANT = "resx.participant";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ENGINE_TIMEOUT_MS = 5_000;
    private static final int MAX_LIMIT = 1000;
    /** Header on time-dependent answers: the exchange time they were computed at (ISO-8601 instant). */
    static final String EXCHANGE_TIME = "X-Exchange-Time";
    /** The heat map's default window: slots overlapping [now - 3 h, now + 24 h). */
    static final java.time.Duration HEATMAP_BEFORE = java.time.Duration.ofHours(3);
    static final java.time.Duration HEATMAP_AFTER = java.time.Duration.ofHours(24);
    /** The lease calendar's default window: slots ending after now - 24 h (the retention of expired instruments). */
    static final java.time.Duration LEASES_BEFORE = java.time.Duration.ofNanos(MarketViews.RETENTION_NS);
    /** Reader rejects that mean the request itself is malformed: answered 400, never sent to the engine. */
    private static final Set<RejectReason> MALFORMED = Set.of(RejectReason.MALFORMED, RejectReason.MISSING_FIELD,
        RejectReason.ID_TOO_LONG, RejectReason.MALFORMED_SYMBOL, RejectReason.UNKNOWN_COMMAND);

    private final ApiKeys keys;
    private final ParticipantDirectory participants;
    private final ApiGateway gateway;
    private final MarketViews market;
    private final AccountViews accounts;
    private final SettlementBatches batches;
    private final int ratePerSecond;
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final Map<String, Integer> sessionIds = new HashMap<>();
    private final ThreadLocal<NdjsonCommandReader> readers =
        ThreadLocal.withInitial(() -> new NdjsonCommandReader(InstrumentSymbol::parse));
    private final Recorder orderLatencyNs = new Recorder(3);
    private final Map<String, String> routes = new LinkedHashMap<>();
    private final DeskViews deskViews;
    private HttpLimits limits;

    HttpApi(final ApiKeys keys, final ParticipantDirectory participants, final ApiGateway gateway,
        final MarketViews market, final AccountViews accounts, final SettlementBatches batches,
        final int ratePerSecond)
    {
        this.keys = keys;
        this.participants = participants;
        this.gateway = gateway;
        this.market = market;
        this.accounts = accounts;
        this.batches = batches;
        this.ratePerSecond = ratePerSecond;
        this.deskViews = new DeskViews(market, accounts);
        final List<Participant> all = participants == null ? List.of() : participants.participants();
        for (int i = 0; i < all.size(); i++)
        {
            sessionIds.put(all.get(i).id(), i + 1);
        }
    }

    /** @return order-entry request latency in nanoseconds (received to answered), by interval. */
    Recorder orderLatencyNs()
    {
        return orderLatencyNs;
    }

    /** @return every route registered by {@link #register}, "METHOD path" to a one-line summary. */
    Map<String, String> routes()
    {
        return routes;
    }

    /**
     * Registers the authentication filter and every {@code /api/v1} route.
     *
     * @param config Javalin's routes.
     */
    void register(final RoutesConfig config)
    {
        config.before("/api/*", this::authenticate);
        get(config, "/api/v1/me", "the caller: participant, accounts, admin", this::me);
        get(config, "/api/v1/time", "the exchange time: the latest sequencer timestamp seen", this::time);
        get(config, "/api/v1/instruments", "listed instruments with their state and times, filtered", this::instruments);
        post(config, "/api/v1/orders", "new order", ctx -> orderEntry(ctx, "new"));
        post(config, "/api/v1/orders/cancel", "cancel an order", ctx -> orderEntry(ctx, "cancel"));
        post(config, "/api/v1/orders/replace", "replace an order", ctx -> orderEntry(ctx, "replace"));
        post(config, "/api/v1/bundles", "all-or-none multi-leg order", ctx -> orderEntry(ctx, "bundle"));
        post(config, "/api/v1/use", "an owner's own use of a lease slot (use-it-or-share-it)",
            ctx -> orderEntry(ctx, "use"));
        get(config, "/api/v1/accounts/{account}/orders", "an account's orders: open (bare array) or history " +
            "(status, from, to, limit, cursor)", this::openOrders);
        get(config, "/api/v1/orders/{orderId}", "one order's status, open or ended",
            ctx -> deskViews.order(ctx, caller(ctx)));
        get(config, "/api/v1/accounts/{account}/positions", "an account's positions and P&L",
            ctx -> deskViews.positions(ctx, account(ctx)));
        get(config, "/api/v1/candles", "OHLCV candles of an instrument (1m, 1h)", deskViews::candles);
        get(config, "/api/v1/candles/forward", "a lease slot's forward curve: the same hour across days",
            deskViews::forward);
        delete(config, "/api/v1/accounts/{account}/orders",
            "mass cancel: every open order of an account, or of one symbol (one journaled command)", this::massCancel);
        post(config, "/api/v1/accounts/{account}/cancel-all-after",
            "dead-man switch: cancel all the account's orders unless renewed within timeoutMs (0 disarms)",
            this::cancelAllAfter);
        get(config, "/api/v1/accounts/{account}/fills", "an account's fills", this::fills);
        get(config, "/api/v1/accounts/{account}/balances", "an account's balances", this::balances);
        get(config, "/api/v1/book", "book depth", this::book);
        get(config, "/api/v1/trades", "recent trades", this::trades);
        get(config, "/api/v1/settlement/batches", "settlement batches", this::settlementBatches);
        get(config, "/api/v1/settlement/defaults", "default waterfall events seen (own accounts; admin: all)",
            this::settlementDefaults);
        get(config, "/api/v1/leases", "lease calendar of a unit", this::leases);
        get(config, "/api/v1/spectrum/heatmap", "spectrum occupancy and prices", this::heatmap);
        post(config, "/api/v1/admin/instruments", "list instruments (admin)", this::adminList);
        post(config, "/api/v1/admin/halt", "halt or resume a book (admin)", ctx -> admin(ctx, "halt"));
        post(config, "/api/v1/admin/kill", "kill switch (admin)", ctx -> admin(ctx, "kill"));
        post(config, "/api/v1/admin/default-fund", "name the default fund's account (admin)", this::adminDefaultFund);
        post(config, "/api/v1/admin/deposit", "deposit an asset (admin)", ctx -> admin(ctx, "deposit"));
    }

    private void get(final RoutesConfig config, final String path, final String summary,
        final io.javalin.http.Handler handler)
    {
        routes.put("GET " + path, summary);
        config.get(path, handler);
    }

    private void delete(final RoutesConfig config, final String path, final String summary,
        final io.javalin.http.Handler handler)
    {
        routes.put("DELETE " + path, summary);
        config.delete(path, handler);
    }

    private void post(final RoutesConfig config, final String path, final String summary,
        final io.javalin.http.Handler handler)
    {
        routes.put("POST " + path, summary);
        config.post(path, handler);
    }

    // ---- authentication and rate limit ----

    /**
     * Sets the limits whose per-key part runs after authentication.
     *
     * @param limits the server's limits.
     */
    void limits(final HttpLimits limits)
    {
        this.limits = limits;
    }

    /**
     * Before every {@code /api} request and {@code /metrics}: the API key, its rate limit, and (with
     * {@link #limits}) its requests with a body in flight.
     *
     * @param ctx the request.
     */
    void authenticate(final Context ctx)
    {
        final String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7))
        {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "UNAUTHORIZED", "send the API key as 'Authorization: Bearer <key>'",
                "Authorization");
        }
        final String key = header.substring(7).trim();
        final Participant participant = keys.authenticate(key);
        if (participant == null)
        {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new ApiException(401, "UNAUTHORIZED", "unknown API key", "Authorization");
        }
        final RateLimiter limiter = limiters.computeIfAbsent(ApiKeys.hash(key),
            k -> new RateLimiter(keys.rateLimit(participant, ratePerSecond), System.nanoTime()));
        if (!limiter.tryAcquire(System.nanoTime()))
        {
            ctx.header("Retry-After", "1");
            throw new ApiException(429, "RATE_LIMITED", "more than " + limiter.perSecond() +
                " requests a second with this key; retry after a second", null);
        }
        if (limits != null)
        {
            limits.admitBody(ctx, ApiKeys.hash(key));
        }
        ctx.attribute(PARTICIPANT, participant);
    }

    private static Participant caller(final Context ctx)
    {
        return ctx.attribute(PARTICIPANT);
    }

    private static String account(final Context ctx)
    {
        final String account = ctx.pathParam("account");
        if (!caller(ctx).mayTrade(account))
        {
            throw new ApiException(403, "FORBIDDEN", "account " + account + " is not one of " +
                caller(ctx).id() + "'s accounts", "account");
        }
        return account;
    }

    // ---- handlers ----

    private void me(final Context ctx)
    {
        final Participant participant = caller(ctx);
        final ObjectNode me = JSON.createObjectNode().put("participant", participant.id());
        final ArrayNode list = me.putArray("accounts");
        participant.accounts().forEach(list::add);
        ctx.json(me.put("admin", participant.admin()));
    }

    private void time(final Context ctx)
    {
        final long nowNs = market.nowNs();
        final String now = Instrument.iso(nowNs);
        ctx.header(EXCHANGE_TIME, now);
        ctx.json(JSON.createObjectNode().put("now", now).put("nowNs", nowNs));
    }

    private void instruments(final Context ctx)
    {
        final String domain = upper(ctx.queryParam("domain"));
        if (domain != null && java.util.Arrays.stream(Domain.values()).noneMatch(d -> d.name().equals(domain)))
        {
            throw ApiException.badRequest("INVALID_PARAMETER", "domain must be SPECTRUM, COMPUTE or ENERGY",
                "domain");
        }
        final String kind = upper(ctx.queryParam("kind"));
        if (kind != null && !kind.equals("OWNERSHIP") && !kind.equals("LEASE"))
        {
            throw ApiException.badRequest("INVALID_PARAMETER", "kind must be OWNERSHIP or LEASE", "kind");
        }
        final String location = ctx.queryParam("location");
        final Set<Instrument.State> states = states(ctx);
        final Instant from = QueryParams.instant(ctx, "from");
        final Instant to = QueryParams.instant(ctx, "to");
        final long nowNs = market.nowNs();
        final ArrayNode out = JSON.createArrayNode();
        for (final Instrument instrument : market.instruments())
        {
            final InstrumentSymbol parsed = instrument.parsed();
            final Instrument.State state = market.state(instrument, nowNs);
            if ((domain != null && !parsed.domain().name().equals(domain)) ||
                (states != null && !states.contains(state)) ||
                (kind != null && !instrument.kind().equals(kind)) ||
                (location != null && !instrument.location().equalsIgnoreCase(location)) ||
                ((from != null || to != null) && parsed.slotStart() == null) ||
                (from != null && parsed.slotStart() != null && !parsed.slotEnd().isAfter(from)) ||
                (to != null && parsed.slotStart() != null && !parsed.slotStart().isBefore(to)))
            {
                continue;
            }
            instrument.toJson(out.addObject(), state);
        }
        ctx.header(EXCHANGE_TIME, Instrument.iso(nowNs));
        ctx.json(out);
    }

    private void orderEntry(final Context ctx, final String cmd)
    {
        final long startNs = System.nanoTime();
        final Participant participant = caller(ctx);
        final ObjectNode body = body(ctx);
        final CommandType type = switch (cmd)
        {
            case "new" -> CommandType.NEW_ORDER;
            case "bundle" -> CommandType.BUNDLE;
            case "cancel" -> CommandType.CANCEL;
            case "use" -> CommandType.USE;
            default -> CommandType.REPLACE;
        };
        for (final FieldRules.Field field : FieldRules.required(type))
        {
            if (!body.hasNonNull(field.jsonName()))
            {
                throw ApiException.badRequest("MISSING_FIELD", field.jsonName() + " is required", field.jsonName());
            }
        }
        final String account = body.get("account").asText();
        if (!participant.mayTrade(account))
        {
            throw new ApiException(403, "FORBIDDEN", "account " + account + " is not one of " + participant.id() +
                "'s accounts", "account");
        }
        body.remove("admin");
        body.put("cmd", cmd);
        final Command command = gateway.command();
        readers.get().read(body.toString(), command);
        refuseMalformed(command, body);
        final Outcome outcome = await(gateway.send(sessionIds.getOrDefault(participant.id(), 0), participant));
        ctx.contentType("application/json").result(outcome.toJson());
        orderLatencyNs.recordValue(System.nanoTime() - startNs);
    }

    private static <T> T await(final CompletableFuture<T> pending)
    {
        try
        {
            return pending.get(ENGINE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException ex)
        {
            pending.cancel(false); // the gateway forgets the request
            throw new ApiException(503, "ENGINE_UNAVAILABLE", "the engine did not answer within " +
                ENGINE_TIMEOUT_MS + " ms", null);
        }
        catch (final ExecutionException ex)
        {
            throw new ApiException(503, "ENGINE_UNAVAILABLE", ex.getCause().getMessage(), null);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "ENGINE_UNAVAILABLE", "interrupted", null);
        }
    }

    private void openOrders(final Context ctx)
    {
        if (DeskViews.wantsHistory(ctx))
        {
            deskViews.history(ctx, account(ctx));
            return;
        }
        ctx.json(accounts.openOrders(account(ctx), market));
    }

    /**
     * DELETE /accounts/{account}/orders?symbol=: one MASS_CANCEL of the caller's own account. Answers the outcome
     * with {@code cancelled}, the number of orders it cancelled (0 is a success: nothing was open).
     */
    private void massCancel(final Context ctx)
    {
        final Participant participant = caller(ctx);
        final String account = account(ctx);
        final String symbol = ctx.queryParam("symbol");
        if (symbol != null)
        {
            parseSymbol(symbol, "symbol");
        }
        final Command command = gateway.command().type(CommandType.MASS_CANCEL);
        command.account().set(account);
        if (symbol != null)
        {
            command.symbol().set(symbol);
        }
        final Outcome outcome = await(gateway.send(sessionIds.getOrDefault(participant.id(), 0), participant));
        int cancelled = 0;
        for (final String event : outcome.events())
        {
            if (event.contains("\"evt\":\"cancelled\""))
            {
                cancelled++;
            }
        }
        final ObjectNode answer = (ObjectNode)read(outcome.toJson());
        ctx.json(answer.put("cancelled", cancelled));
    }

    /**
     * POST /accounts/{account}/cancel-all-after {"timeoutMs":N}: arms (renews) the account's dead-man switch, or
     * disarms it for 0. The deadline is on the exchange clock: this command's sequencer stamp plus the timeout.
     */
    private void cancelAllAfter(final Context ctx)
    {
        final Participant participant = caller(ctx);
        final String account = account(ctx);
        final ObjectNode body = body(ctx);
        final JsonNode timeout = body.get("timeoutMs");
        if (timeout == null || timeout.isNull())
        {
            throw ApiException.badRequest("MISSING_FIELD", "timeoutMs is required (0 disarms)", "timeoutMs");
        }
        if (!timeout.canConvertToLong() || !timeout.isIntegralNumber() || timeout.asLong() < 0 ||
            timeout.asLong() > io.resx.engine.matching.DeadManSwitches.MAX_TIMEOUT_MS)
        {
            throw ApiException.badRequest("INVALID_TIMEOUT", "timeoutMs must be a whole number of milliseconds in 0.." +
                io.resx.engine.matching.DeadManSwitches.MAX_TIMEOUT_MS, "timeoutMs");
        }
        final Command command = gateway.command().type(CommandType.CANCEL_ALL_AFTER).timeoutMs(timeout.asLong());
        command.account().set(account);
        final Outcome outcome = await(gateway.send(sessionIds.getOrDefault(participant.id(), 0), participant));
        final ObjectNode answer = (ObjectNode)read(outcome.toJson());
        answer.put("timeoutMs", timeout.asLong());
        ctx.json(answer);
    }

    private void fills(final Context ctx)
    {
        ctx.json(accounts.fills(account(ctx), limit(ctx, 100)));
    }

    private void balances(final Context ctx)
    {
        final String account = account(ctx);
        final Command command = gateway.command().type(CommandType.BALANCES);
        command.account().set(account);
        final Outcome outcome = await(gateway.send(sessionIds.getOrDefault(caller(ctx).id(), 0), caller(ctx)));
        if (!outcome.accepted())
        {
            throw new ApiException(404, outcome.reason(), "the engine has no account " + account, "account");
        }
        final ArrayNode out = JSON.createArrayNode();
        for (final String line : outcome.events())
        {
            final JsonNode event = read(line);
            if ("balance".equals(event.path("evt").asText()))
            {
                out.addObject().put("asset", event.path("asset").asText()).put("total", event.path("total").asText())
                    .put("locked", event.path("locked").asText());
            }
        }
        ctx.json(out);
    }

    private void book(final Context ctx)
    {
        final String symbol = symbol(ctx, "symbol");
        final int depth = QueryParams.wholeNumber(ctx, "depth", 10, 1, 1000);
        // from the gateway's L2 books: a book query sends nothing to the engine and writes nothing to the journal
        final String book = await(gateway.book(symbol, depth));
        if (book == null)
        {
            throw new ApiException(404, "UNKNOWN_SYMBOL", "no book for " + symbol, "symbol");
        }
        ctx.contentType("application/json").result(book);
    }

    private void trades(final Context ctx)
    {
        final String symbol = symbol(ctx, "symbol");
        final List<Map<String, Object>> out = new ArrayList<>();
        market.trades(symbol, limit(ctx, 50)).forEach(t -> out.add(t.publicView()));
        ctx.json(out);
    }

    private void settlementBatches(final Context ctx)
    {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("chain", batches.chain());
        if (!batches.health().isEmpty())
        {
            out.put("health", batches.health());
            final Map<String, Object> metrics = new LinkedHashMap<>();
            batches.metrics().forEach(m -> metrics.put(m.name(), m.value()));
            out.put("metrics", metrics);
        }
        out.put("batches", batches.batches(limit(ctx, 100)));
        ctx.json(out);
    }

    private void settlementDefaults(final Context ctx)
    {
        final Participant viewer = caller(ctx);
        final StringBuilder out = new StringBuilder("[");
        for (final ApiGateway.DefaultStep step : gateway.defaults())
        {
            if (step.visibleTo(viewer))
            {
                out.append(out.length() == 1 ? "" : ",").append(step.json());
            }
        }
        ctx.contentType("application/json").result(out.append(']').toString());
    }

    private void leases(final Context ctx)
    {
        final String unit = QueryParams.required(ctx, "unit");
        final InstrumentSymbol parsed = parseSymbol(unit, "unit");
        if (!parsed.domain().isLeasable() || parsed.isLease())
        {
            throw ApiException.badRequest("INVALID_PARAMETER", "unit must be the ownership symbol of a leasable unit " +
                "such as SPEC.3550-3560.CELL041", "unit");
        }
        final Participant viewer = caller(ctx);
        final long nowNs = market.nowNs();
        final Instant now = Instant.parse(Instrument.iso(nowNs));
        final Instant from = QueryParams.instantOr(ctx, "from", now.minus(LEASES_BEFORE));
        final Instant to = QueryParams.instant(ctx, "to");
        final ArrayNode out = JSON.createArrayNode();
        for (final MarketViews.LeaseSlot slot : market.leases(unit))
        {
            if (!slot.slotEnd().isAfter(from) || (to != null && !slot.slotStart().isBefore(to)))
            {
                continue;
            }
            final Instrument instrument = market.instrument(slot.symbol());
            final String state = instrument == null ? (now.isBefore(slot.slotEnd()) ? "CLOSED" : "EXPIRED") :
                market.state(instrument, nowNs).name();
            final ObjectNode entry = out.addObject().put("slotStart", slot.slotStart().toString())
                .put("slotEnd", slot.slotEnd().toString()).put("symbol", slot.symbol()).put("qty", slot.qty())
                .put("price", slot.price()).put("state", state);
            if (viewer.mayTrade(slot.user()))
            {
                entry.put("user", slot.user());
            }
        }
        ctx.header(EXCHANGE_TIME, now.toString());
        ctx.json(out);
    }

    private void heatmap(final Context ctx)
    {
        final String band = QueryParams.required(ctx, "band");
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)-(\\d+)").matcher(band);
        if (!m.matches() || Long.parseLong(m.group(1)) >= Long.parseLong(m.group(2)))
        {
            throw ApiException.badRequest("INVALID_PARAMETER", "band must be LOW-HIGH in MHz, such as 3550-3650",
                "band");
        }
        final long lowKhz = Long.parseLong(m.group(1)) * 1000;
        final long highKhz = Long.parseLong(m.group(2)) * 1000;
        final String location = ctx.queryParam("location");
        final long nowNs = market.nowNs();
        final Instant now = Instant.parse(Instrument.iso(nowNs));
        final Instant from = QueryParams.instantOr(ctx, "from", now.minus(HEATMAP_BEFORE));
        final Instant to = QueryParams.instantOr(ctx, "to", now.plus(HEATMAP_AFTER));
        final Set<String> channels = new TreeSet<>();
        final Set<Instant> slots = new TreeSet<>();
        final Map<String, Instrument> bySlot = new HashMap<>();
        for (final Instrument instrument : market.instruments())
        {
            final InstrumentSymbol parsed = instrument.parsed();
            if (parsed.domain() != Domain.SPECTRUM || parsed.channelLowKhz() < lowKhz ||
                parsed.channelHighKhz() > highKhz ||
                (location != null && !parsed.location().equalsIgnoreCase(location)))
            {
                continue;
            }
            channels.add(instrument.unit());
            if (parsed.isLease() && parsed.slotEnd().isAfter(from) && parsed.slotStart().isBefore(to))
            {
                slots.add(parsed.slotStart());
                bySlot.put(instrument.unit() + "@" + parsed.slotStart(), instrument);
            }
        }
        final ObjectNode out = JSON.createObjectNode().put("now", now.toString()).put("from", from.toString())
            .put("to", to.toString());
        final ArrayNode channelList = out.putArray("channels");
        channels.forEach(channelList::add);
        final ArrayNode slotList = out.putArray("slots");
        slots.forEach(s -> slotList.add(s.toString()));
        final ArrayNode rows = out.putArray("cells");
        for (final String channel : channels)
        {
            final ArrayNode row = rows.addArray();
            for (final Instant slot : slots)
            {
                final Instrument instrument = bySlot.get(channel + "@" + slot);
                final ObjectNode cell = row.addObject();
                if (instrument == null)
                {
                    cell.put("listed", false).put("occupied", false).putNull("price");
                    continue;
                }
                final boolean occupied = market.leases(channel).stream()
                    .anyMatch(l -> l.symbol().equals(instrument.symbol()));
                final String price = market.lastPrice(instrument.symbol());
                cell.put("listed", true).put("symbol", instrument.symbol()).put("occupied", occupied)
                    .put("state", market.state(instrument, nowNs).name());
                if (price == null)
                {
                    cell.putNull("price");
                }
                else
                {
                    cell.put("price", price);
                }
            }
        }
        ctx.header(EXCHANGE_TIME, now.toString());
        ctx.json(out);
    }

    // ---- admin ----

    private static Participant requireAdmin(final Context ctx)
    {
        final Participant participant = caller(ctx);
        if (!participant.admin())
        {
            throw new ApiException(403, "FORBIDDEN", "this endpoint needs an admin key", null);
        }
        return participant;
    }

    private void adminList(final Context ctx)
    {
        final Participant admin = requireAdmin(ctx);
        final ObjectNode body = body(ctx);
        final List<JsonNode> listings = new ArrayList<>();
        if (body.has("instruments"))
        {
            body.get("instruments").forEach(listings::add);
        }
        else
        {
            listings.add(body);
        }
        final StringBuilder results = new StringBuilder("[");
        for (final JsonNode listing : listings)
        {
            if (!listing.isObject())
            {
                throw ApiException.badRequest("MALFORMED", "each instrument must be an object", "instruments");
            }
            final ObjectNode line = ((ObjectNode)listing).deepCopy();
            results.append(results.length() > 1 ? "," : "").append(adminCommand(admin, "list", line).toJson());
        }
        ctx.contentType("application/json").result(results.append(']').toString());
    }

    private void adminDefaultFund(final Context ctx)
    {
        final Participant admin = requireAdmin(ctx);
        final ObjectNode body = body(ctx);
        if (!body.hasNonNull("account"))
        {
            throw ApiException.badRequest("MISSING_FIELD", "account (the default fund's account) is required",
                "account");
        }
        final Outcome named = adminCommand(admin, "defaultFund", body.deepCopy());
        if (!body.hasNonNull("amount") || !named.accepted())
        {
            ctx.contentType("application/json").result(named.toJson());
            return;
        }
        final ObjectNode deposit = body.deepCopy().put("asset", "CASH");
        ctx.contentType("application/json").result("[" + named.toJson() + "," +
            adminCommand(admin, "deposit", deposit).toJson() + "]");
    }

    private void admin(final Context ctx, final String cmd)
    {
        final Participant admin = requireAdmin(ctx);
        ctx.contentType("application/json").result(adminCommand(admin, cmd, body(ctx)).toJson());
    }

    private Outcome adminCommand(final Participant admin, final String cmd, final ObjectNode body)
    {
        body.put("cmd", cmd).put("admin", true);
        final Command command = gateway.command();
        readers.get().read(body.toString(), command);
        refuseMalformed(command, body);
        return await(gateway.sendTrusted(sessionIds.getOrDefault(admin.id(), 0), admin));
    }

    // ---- request parsing ----

    private static void refuseMalformed(final Command command, final ObjectNode body)
    {
        if (command.type() == CommandType.INVALID && MALFORMED.contains(command.invalidReason()))
        {
            final String detail = command.detail().toString();
            throw ApiException.badRequest(command.invalidReason().name(), detail, fieldNamed(detail, body));
        }
    }

    private static String fieldNamed(final String detail, final ObjectNode body)
    {
        for (final String field : new String[]{"clOrdId", "origClOrdId", "account", "symbol", "side", "type", "tif",
            "postOnly", "price", "qty", "budget", "legs", "asset", "amount", "owner", "tick", "lot", "on", "halted"})
        {
            if (detail.startsWith(field) || detail.contains(" " + field) || detail.contains("\"" + field + "\"") ||
                detail.contains("'" + field + "'") || detail.contains(field + " "))
            {
                return field;
            }
        }
        return null;
    }

    private static ObjectNode body(final Context ctx)
    {
        final JsonNode body;
        try
        {
            body = JSON.readTree(ctx.body());
        }
        catch (final io.javalin.http.HttpResponseException ex)
        {
            // a body without Content-Length that outgrew http.maxBodyBytes while being read
            throw new ApiException(ex.getStatus(), ex.getStatus() == 413 ? "PAYLOAD_TOO_LARGE" : "MALFORMED",
                ex.getMessage(), "body");
        }
        catch (final Exception ex)
        {
            throw ApiException.badRequest("MALFORMED", "the body must be a JSON object", "body");
        }
        if (body == null || !body.isObject())
        {
            throw ApiException.badRequest("MALFORMED", "the body must be a JSON object", "body");
        }
        return (ObjectNode)body;
    }

    private static JsonNode read(final String line)
    {
        try
        {
            return JSON.readTree(line);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("unreadable event " + line, ex);
        }
    }

    private String symbol(final Context ctx, final String name)
    {
        final String symbol = QueryParams.required(ctx, name);
        parseSymbol(symbol, name);
        if (market.instrument(symbol) == null)
        {
            throw new ApiException(404, "UNKNOWN_SYMBOL", "no instrument " + symbol + " is listed", name);
        }
        return symbol;
    }

    private static InstrumentSymbol parseSymbol(final String symbol, final String name)
    {
        try
        {
            return InstrumentSymbol.parse(symbol);
        }
        catch (final SymbolFormatException ex)
        {
            throw ApiException.badRequest("MALFORMED_SYMBOL", ex.getMessage(), name);
        }
    }

    private static int limit(final Context ctx, final int defaultValue)
    {
        return QueryParams.wholeNumber(ctx, "limit", defaultValue, 1, MAX_LIMIT);
    }

    /** @return the states asked for by {@code state} (comma-separated), or null for every state. */
    private static Set<Instrument.State> states(final Context ctx)
    {
        final String text = upper(ctx.queryParam("state"));
        if (text == null)
        {
            return null;
        }
        final Set<Instrument.State> states = java.util.EnumSet.noneOf(Instrument.State.class);
        for (final String one : text.split(","))
        {
            try
            {
                states.add(Instrument.State.valueOf(one.trim()));
            }
            catch (final IllegalArgumentException ex)
            {
                throw ApiException.badRequest("INVALID_PARAMETER", "state must be TRADING, CLOSED or EXPIRED (or " +
                    "several, comma-separated)", "state");
            }
        }
        return states;
    }

    private static String upper(final String text)
    {
        return text == null || text.isBlank() ? null : text.toUpperCase(Locale.ROOT);
    }
}
