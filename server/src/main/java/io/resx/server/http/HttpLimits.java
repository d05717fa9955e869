package io.resx.server.http;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.resx.server.serve.ServeConfig;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What one HTTP request or WebSocket may cost, checked before any body is read (README "Limits"):
 * <ul>
 *   <li>a body over {@code http.maxBodyBytes} (by its Content-Length) is answered 413 at once;</li>
 *   <li>one API key may have at most {@code http.maxBodyRequestsPerKey} requests with a body in flight: reading a
 *   body holds a server thread, so more would let one key, sending slowly, hold the whole pool (429);</li>
 *   <li>a WebSocket handshake whose Origin is neither the server's own host nor in {@code http.allowedOrigins}
 *   is refused (403): a page elsewhere cannot drive a browser's session;</li>
 *   <li>header size, idle time and WebSocket frame size are the connector's and the WebSocket factory's, set
 *   from the same settings by {@link HttpServer}.</li>
 * </ul>
 * Thread-safe: called from every request thread.
 */
final class HttpLimits
{
    private static final String IN_FLIGHT = "resx.bodyInFlight";

    /** Largest request body. */
    final int maxBodyBytes;
    /** Largest request line and headers. */
    final int maxHeaderBytes;
    /** A connection silent this long is closed, a request still being read included. */
    final long idleTimeoutMs;
    /** Largest WebSocket message (and frame) a client may send. */
    final int wsMaxMessageBytes;
    /** Subscriptions one WebSocket may hold. */
    final int wsMaxSubscriptions;
    private final int maxBodyRequestsPerKey;
    private final Set<String> allowedOrigins;
    private final Map<String, AtomicInteger> bodiesInFlight = new ConcurrentHashMap<>();

    HttpLimits(
        final int maxBodyBytes, final int maxHeaderBytes, final long idleTimeoutMs, final int maxBodyRequestsPerKey,
        final int wsMaxMessageBytes, final int wsMaxSubscriptions, final Set<String> allowedOrigins)
    {
        this.maxBodyBytes = maxBodyBytes;
        this.maxHeaderBytes = maxHeaderBytes;
        this.idleTimeoutMs = idleTimeoutMs;
        this.maxBodyRequestsPerKey = maxBodyRequestsPerKey;
        this.wsMaxMessageBytes = wsMaxMessageBytes;
        this.wsMaxSubscriptions = wsMaxSubscriptions;
        this.allowedOrigins = allowedOrigins;
    }

    /**
     * @param config the http.* settings.
     * @return the limits they set.
     */
    static HttpLimits from(final ServeConfig config)
    {
        final Set<String> origins = Arrays.stream(config.get("http.allowedOrigins").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
        return new HttpLimits(config.getInt("http.maxBodyBytes"), config.getInt("http.maxHeaderBytes"),
            config.getInt("http.idleTimeoutMs"), config.getInt("http.maxBodyRequestsPerKey"),
            config.getInt("http.ws.maxMessageBytes"), config.getInt("http.ws.maxSubscriptions"), origins);
    }

    /** Before every request: a body announced over the limit is refused without being read. */
    void checkBodySize(final Context ctx)
    {
        final long length = ctx.req().getContentLengthLong();
        if (length > maxBodyBytes)
        {
            ctx.header("Connection", "close");
            throw new ApiException(413, "PAYLOAD_TOO_LARGE", "the body is " + length + " bytes; at most " +
                maxBodyBytes + " (http.maxBodyBytes)", "body");
        }
    }

    /**
     * After authentication: counts a request with a body against its key.
     *
     * @param ctx     the request.
     * @param keyHash the caller's key, hashed.
     */
    void admitBody(final Context ctx, final String keyHash)
    {
        if (ctx.req().getContentLengthLong() == 0 || "GET".equals(ctx.method().name()))
        {
            return;
        }
        final AtomicInteger inFlight = bodiesInFlight.computeIfAbsent(keyHash, k -> new AtomicInteger());
        if (inFlight.incrementAndGet() > maxBodyRequestsPerKey)
        {
            inFlight.decrementAndGet();
            ctx.header("Retry-After", "1").header("Connection", "close");
            throw new ApiException(429, "TOO_MANY_IN_FLIGHT", "more than " + maxBodyRequestsPerKey + " requests " +
                "with a body in flight with this key (http.maxBodyRequestsPerKey)", null);
        }
        ctx.attribute(IN_FLIGHT, inFlight);
    }

    /** After every request: releases what {@link #admitBody} counted. */
    void releaseBody(final Context ctx)
    {
        final AtomicInteger inFlight = ctx.attribute(IN_FLIGHT);
        if (inFlight != null)
        {
            ctx.attribute(IN_FLIGHT, null);
            inFlight.decrementAndGet();
        }
    }

    /** Before a WebSocket upgrade: a browser's Origin must be this server or an allowed one. */
    void checkOrigin(final Context ctx)
    {
        final String origin = ctx.header("Origin");
        if (origin == null || origin.isEmpty())
        {
            return; // not a browser: API keys authenticate it
        }
        final String lower = origin.toLowerCase(Locale.ROOT);
        final String host = ctx.header("Host");
        boolean same = false;
        try
        {
            final URI uri = URI.create(lower);
            final String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            same = host != null && host.toLowerCase(Locale.ROOT).equals(authority);
        }
        catch (final IllegalArgumentException ex)
        {
            same = false;
        }
        if (!same && !allowedOrigins.contains(lower))
        {
            throw new ForbiddenResponse("WebSocket from origin " + origin + " refused: not this server's, nor in " +
                "http.allowedOrigins");
        }
    }
}
