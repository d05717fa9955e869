package io.resx.server.http;

import io.javalin.Javalin;
import io.resx.gateway.common.ApiKeys;
import io.resx.protocol.FixedPoint;
import org.eclipse.jetty.server.ServerConnector;

import java.util.List;

/**
 * The WebSocket book fan-out on its own, for the fan-out benchmark: the same {@link WsHub} and Javalin {@code /ws}
 * endpoint as {@code resx serve}, without an engine, so a publisher can push books at a rate the engine's BOOK
 * answers would not reach and measure what the hub and Jetty deliver to many subscribers.
 */
public final class WsBookFanout implements AutoCloseable
{
    private final WsHub hub;
    private final ApiGateway unstarted;
    private final Javalin app;

    /**
     * Opens {@code ws://host:port/ws} serving the book channel of the given symbols.
     *
     * @param host      address to bind.
     * @param port      port, 0 for any.
     * @param symbols   instruments subscribers may ask for.
     * @param maxQueued per-subscriber queue limit (books are conflated and never queue).
     */
    public WsBookFanout(final String host, final int port, final List<String> symbols, final int maxQueued)
    {
        final MarketViews market = new MarketViews(1);
        symbols.forEach(symbol -> market.onListing(symbol, FixedPoint.ONE / 100, FixedPoint.ONE / 10));
        final AccountViews accounts = new AccountViews(1);
        // never started: a subscribe asks it for a book, which only queues the request
        unstarted = new ApiGateway(0, null, market, accounts, 1);
        hub = new WsHub(ApiKeys.none(), unstarted, market, accounts, maxQueued);
        app = Javalin.create(cfg ->
        {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.routes.ws("/ws", ws ->
            {
                ws.onConnect(hub::onConnect);
                ws.onMessage(hub::onMessage);
                ws.onClose(hub::onClose);
            });
        }).start();
    }

    /** @return the port listened on. */
    public int port()
    {
        return ((ServerConnector)app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    /**
     * Publishes one book (any single thread).
     *
     * @param symbol   the instrument.
     * @param bookJson {@code {"symbol":..,"bids":[..],"asks":[..],"seq":n}}.
     */
    public void publish(final String symbol, final String bookJson)
    {
        hub.onBook(symbol, bookJson);
    }

    /** @return messages written to subscribers so far. */
    public long messagesSent()
    {
        return hub.messagesSent();
    }

    /** @return subscribers resynchronised so far. */
    public long resyncs()
    {
        return hub.resyncs();
    }

    /** @return open sessions. */
    public int sessions()
    {
        return hub.sessions();
    }

    @Override
    public void close()
    {
        app.stop();
        hub.close();
    }
}
