package io.resx.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.resx.gateway.common.ApiKeys;
import io.resx.gateway.common.ParticipantDirectory;
import io.resx.server.serve.ServeNode;
import io.resx.server.serve.ServeConfig;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The HTTP/WebSocket side of {@code resx serve}: a Javalin (Jetty 12) server on {@code http.host:http.port}
 * (127.0.0.1:8080 by default) with the REST API ({@link HttpApi}), the WebSocket streams ({@link WsHub}),
 * {@code /openapi.json}, {@code /health}, {@code /metrics} and the web console's static files, all fed by one
 * {@link ApiGateway} talking to the engine over Aeron IPC like any gateway.
 */
public final class HttpServer implements AutoCloseable
{
    /** Classpath folder of the web console's static files. */
    public static final String CONSOLE = "/io/resx/server/web";
    private static final String OPENAPI = "/io/resx/server/http/openapi.json";
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HealthRegistry health;
    private ApiGateway gateway;
    private WsHub hub;
    private Javalin app;

    /**
     * @param health the registry {@code /health} reports; other parts of the server register into it.
     */
    public HttpServer(final HealthRegistry health)
    {
        this.health = health;
    }

    /**
     * Connects to the engine and opens the port.
     *
     * @param config       the http.* and engine.* settings.
     * @param engine       the running engine (its Aeron directory, trusted inbox and statistics).
     * @param participants who may use the API.
     * @param batches      settlement batches, or {@link SettlementBatches#NOT_CONFIGURED}.
     * @param fixSessions  FIX sessions logged on now, for {@code /metrics}.
     * @return this server.
     * @throws IOException when the participants file cannot be read again for its API keys.
     */
    public HttpServer start(final ServeConfig config, final ServeNode engine, final ParticipantDirectory participants,
        final SettlementBatches batches, final IntSupplier fixSessions) throws IOException
    {
        return start(config, HttpEngine.of(engine), participants, batches, fixSessions);
    }

    /**
     * Connects to the engine (the single node or the cluster) and opens the port.
     *
     * @param config       the http.* and engine.* settings.
     * @param engine       the engine the API fronts.
     * @param participants who may use the API.
     * @param batches      settlement batches, or {@link SettlementBatches#NOT_CONFIGURED}.
     * @param fixSessions  FIX sessions logged on now, for {@code /metrics}.
     * @return this server.
     * @throws IOException when the participants file cannot be read again for its API keys.
     */
    public HttpServer start(final ServeConfig config, final HttpEngine engine, final ParticipantDirectory participants,
        final SettlementBatches batches, final IntSupplier fixSessions) throws IOException
    {
        final ApiKeys keys = ApiKeys.load(config.get("participants"), participants);
        final MarketViews market = new MarketViews(config.getInt("http.recentTrades"));
        final AccountViews accounts = new AccountViews(config.getInt("http.recentFills"));
        gateway = new ApiGateway(config.getInt("http.gatewayId"), engine.trustedInbox(), market, accounts,
            config.getInt("http.ws.bookDepth")).idle(config.idleProfile().http());
        hub = new WsHub(keys, gateway, market, accounts, config.getInt("http.ws.maxQueued"));
        gateway.hub(hub);
        engine.connect(gateway, config);
        engine.registerChecks(health);
        health.register("api-gateway", () -> HealthRegistry.Check.of(gateway.isConnected(),
            gateway.isConnected() ? "connected to the engine" : "not connected to the engine"));

        final HttpApi api = new HttpApi(keys, participants, gateway, market, accounts, batches,
            config.getInt("http.rateLimitPerSecond"));
        final MetricsText metrics = new MetricsText(engine, gateway, hub, api, batches, fixSessions,
            gateway.rejects());
        final String host = config.get("http.host");
        final int port = config.getInt("http.port");
        final int sendBufferBytes = config.getInt("http.socketSendBufferBytes");
        final HttpLimits limits = HttpLimits.from(config);
        api.limits(limits);
        hub.maxSubscriptions(limits.wsMaxSubscriptions);
        hub.slowClientLimits(Long.parseLong(config.get("http.ws.maxQueuedBytes")),
            Long.parseLong(config.get("http.ws.sendTimeoutMs")));
        app = Javalin.create(cfg ->
        {
            configure(cfg, api, hub, this::health, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
            cfg.http.maxRequestSize = limits.maxBodyBytes;
            cfg.routes.before(limits::checkBodySize);
            cfg.routes.before("/metrics", api::authenticate);
            cfg.routes.after(limits::releaseBody);
            cfg.routes.wsBeforeUpgrade("/ws", limits::checkOrigin);
            cfg.jetty.modifyWebSocketServletFactory(factory ->
            {
                factory.setMaxTextMessageSize(limits.wsMaxMessageBytes);
                factory.setMaxBinaryMessageSize(limits.wsMaxMessageBytes);
                factory.setMaxFrameSize(limits.wsMaxMessageBytes);
            });
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.jetty.addConnector((server, httpConfig) ->
            {
                httpConfig.setRequestHeaderSize(limits.maxHeaderBytes);
                final ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                connector.setHost(host);
                connector.setPort(port);
                // Idle includes a request whose headers or body stop arriving: slowloris is closed at the connector.
                connector.setIdleTimeout(limits.idleTimeoutMs);
                if (sendBufferBytes > 0)
                {
                    // a fixed send buffer bounds the kernel memory a stalled WebSocket client can hold, and lets
                    // the hub see it fall behind after that much instead of after the OS's autotuned megabytes
                    connector.setAcceptedSendBufferSize(sendBufferBytes);
                }
                return connector;
            });
            if (HttpServer.class.getResource(CONSOLE + "/index.html") != null)
            {
                cfg.staticFiles.add(CONSOLE, Location.CLASSPATH);
            }
        });
        try
        {
            app.start();
        }
        catch (final RuntimeException ex)
        {
            Throwable cause = ex;
            while (cause.getCause() != null && !(cause instanceof java.net.BindException))
            {
                cause = cause.getCause();
            }
            close();
            throw new IllegalStateException("cannot open the HTTP API on " + host + ":" + port + " (" + cause.getMessage() +
                "): set http.port or --http-port, or http.enabled=false to run without it", ex);
        }
        LOG.info("HTTP API on http://{}:{} ({} API keys; WebSocket /ws; OpenAPI /openapi.json)", host, port(),
            keys.size());
        return this;
    }

    /**
     * Registers every route, the WebSocket and the JSON error handling on a Javalin configuration: the one place
     * routes are added, so the test that checks the OpenAPI file against the registered routes sees them all.
     *
     * @param cfg     Javalin's configuration.
     * @param api     the REST routes.
     * @param hub     the WebSocket hub.
     * @param health  the {@code /health} handler.
     * @param metrics the {@code /metrics} handler.
     */
    static void configure(final JavalinConfig cfg, final HttpApi api, final WsHub hub,
        final io.javalin.http.Handler health, final io.javalin.http.Handler metrics)
    {
        final String openApi = resource(OPENAPI);
        cfg.startup.showJavalinBanner = false;
        cfg.http.maxRequestSize = 64 * 1024;
        cfg.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        cfg.routes.get("/health", health);
        cfg.routes.get("/metrics", metrics);
        api.register(cfg.routes);
        cfg.routes.ws("/ws", ws ->
        {
            ws.onConnect(ctx -> hub.onConnect(ctx));
            ws.onMessage(ctx -> hub.onMessage(ctx));
            ws.onClose(ctx -> hub.onClose(ctx));
        });
        cfg.routes.exception(ApiException.class, (ex, ctx) -> error(ctx, ex.status(), ex.code(), ex.getMessage(),
            ex.field()));
        cfg.routes.exception(Exception.class, (ex, ctx) ->
        {
            LOG.error("HTTP {} {} failed", ctx.method(), ctx.path(), ex);
            error(ctx, 500, "INTERNAL", "the server failed on this request; see its log", null);
        });
        cfg.routes.error(404, ctx ->
        {
            final String type = ctx.res().getContentType();
            if (type == null || !type.startsWith("application/json"))
            {
                // Javalin's own "not found" page: answer in the API's error format instead
                error(ctx, 404, "NOT_FOUND", "no route " + ctx.method() + " " + ctx.path(), null);
            }
        });
        cfg.routes.error(405, ctx -> error(ctx, 405, "METHOD_NOT_ALLOWED", ctx.method() + " is not allowed on " +
            ctx.path(), null));
    }

    private static void error(final Context ctx, final int status, final String code, final String message,
        final String field)
    {
        final ObjectNode body = JSON.createObjectNode().put("code", code).put("message", message);
        if (field != null)
        {
            body.put("field", field);
        }
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    private void health(final Context ctx)
    {
        final Map<String, HealthRegistry.Check> checks = health.checkAll();
        final boolean ready = HealthRegistry.ready(checks);
        final ObjectNode body = JSON.createObjectNode().put("status", HealthRegistry.overall(checks).name());
        final ObjectNode components = body.putObject("components");
        checks.forEach((name, check) -> components.putObject(name).put("status", check.status().name())
            .put("detail", check.detail()));
        ctx.status(ready ? 200 : 503).contentType("application/json").result(body.toString());
    }

    /**
     * Registers the checks of the parts {@code resx serve} always runs: journal, engine, FIX gateway, and the chain
     * link as {@link HealthRegistry.Status#NOT_CONFIGURED} until the settlement bridge registers its own "chain".
     *
     * @param health     the registry.
     * @param engine     the engine node.
     * @param fixEnabled whether serve runs a FIX gateway.
     * @param fix        the FIX gateway once started, else null.
     */
    public static void registerServeChecks(final HealthRegistry health, final ServeNode engine,
        final boolean fixEnabled, final java.util.function.Supplier<io.resx.gateway.fix.FixGateway> fix)
    {
        health.register("journal", () -> engine.journalEnabled() ?
            HealthRegistry.Check.of(engine.failure() == null, engine.failure() == null ?
                "appending; " + engine.journalLag() + " commands behind the sequencer" :
                "pipeline stopped: " + engine.failure()) :
            new HealthRegistry.Check(HealthRegistry.Status.NOT_CONFIGURED, "journal.enabled=false: not durable"));
        health.register("engine", () -> HealthRegistry.Check.of(engine.failure() == null,
            engine.failure() == null ? "sequence " + engine.lastSequence() : "stopped: " + engine.failure()));
        health.register("fix-gateway", () -> fixEnabled ?
            HealthRegistry.Check.of(fix.get() != null && fix.get().isRunning(),
                fix.get() != null && fix.get().isRunning() ? fix.get().loggedOnSessions() + " sessions logged on" :
                    "not running") :
            new HealthRegistry.Check(HealthRegistry.Status.NOT_CONFIGURED, "fix.enabled=false"));
        health.register("chain", () -> new HealthRegistry.Check(HealthRegistry.Status.NOT_CONFIGURED,
            "no chain configured: trades are not settled on chain"));
    }

    /** @return the port listened on (useful when configured as 0). */
    public int port()
    {
        return ((ServerConnector)app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    static String resource(final String name)
    {
        try (InputStream in = HttpServer.class.getResourceAsStream(name))
        {
            if (in == null)
            {
                throw new IllegalStateException("missing resource " + name + ": the jar is incomplete");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** Closes the port, then the engine client. */
    @Override
    public void close()
    {
        if (app != null)
        {
            app.stop();
        }
        if (hub != null)
        {
            hub.close();
        }
        if (gateway != null)
        {
            gateway.close();
        }
    }
}
