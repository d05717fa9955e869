package io.resx.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * What the system tests of {@code resx serve} say to its HTTP API: requests with a participant's key, the JSON of an
 * order, a free loopback port to start a server on. One client per server.
 */
public final class ApiClient
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String base;

    /**
     * @param base the server's address, e.g. {@code http://127.0.0.1:8080}.
     */
    public ApiClient(final String base)
    {
        this.base = base;
    }

    /** @return the server's address. */
    public String base()
    {
        return base;
    }

    /**
     * @param key  an API key, or null for none.
     * @param path such as {@code /api/v1/me}.
     * @return the answer.
     * @throws Exception when the request cannot be made.
     */
    public HttpResponse<String> get(final String key, final String path) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (key != null)
        {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * @param key  an API key.
     * @param path such as {@code /api/v1/orders}.
     * @param body JSON.
     * @return the answer.
     * @throws Exception when the request cannot be made.
     */
    public HttpResponse<String> post(final String key, final String path, final String body) throws Exception
    {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /**
     * @param key  an API key.
     * @param path such as {@code /api/v1/accounts/OP-A-1/orders?symbol=X}.
     * @return the answer.
     * @throws Exception when the request cannot be made.
     */
    public HttpResponse<String> delete(final String key, final String path) throws Exception
    {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key)
            .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * @param text JSON text.
     * @return its tree.
     * @throws UncheckedIOException when it is not JSON.
     */
    public static JsonNode json(final String text)
    {
        try
        {
            return JSON.readTree(text);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("not JSON: " + text, ex);
        }
    }

    /**
     * @return the JSON of a limit order, as {@code POST /api/v1/orders} takes it.
     * @param clOrdId the client's id.
     * @param account the account.
     * @param symbol  the instrument.
     * @param side    BUY or SELL.
     * @param price   decimal text.
     * @param qty     decimal text.
     */
    public static String order(final String clOrdId, final String account, final String symbol, final String side,
        final String price, final String qty)
    {
        return "{\"clOrdId\":\"" + clOrdId + "\",\"account\":\"" + account + "\",\"symbol\":\"" + symbol +
            "\",\"side\":\"" + side + "\",\"price\":\"" + price + "\",\"qty\":\"" + qty + "\"}";
    }

    /**
     * @return a TCP port free on this machine now.
     * @throws IOException when no socket can be opened.
     */
    public static int freeTcpPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
