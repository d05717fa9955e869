package io.resx.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written {@code /openapi.json} against what the server really registers: Javalin reports each handler
 * as it is added, so a route added without documenting it (or documented and gone) fails here.
 */
class OpenApiTest
{
    @Test
    void shouldDocumentEveryRegisteredRouteAndNothingElse() throws Exception
    {
        final Set<String> registered = new TreeSet<>();
        final HttpApi api = new HttpApi(null, null, null, null, null, SettlementBatches.NOT_CONFIGURED, 1);
        final Javalin app = Javalin.create(cfg ->
        {
            cfg.events.handlerAdded(info ->
            {
                final String method = info.getHttpMethod().toString().toUpperCase(Locale.ROOT);
                if (!method.equals("BEFORE") && !method.equals("AFTER") && !method.equals("HEAD"))
                {
                    registered.add(method + " " + info.getPath());
                }
            });
            cfg.events.wsHandlerAdded(info -> registered.add("GET " + info.getPath()));
            HttpServer.configure(cfg, api, null, ctx -> { }, ctx -> { });
        });
        assertThat(app).isNotNull();

        final JsonNode doc = new ObjectMapper().readTree(HttpServer.resource("/io/resx/server/http/openapi.json"));
        final Set<String> documented = new TreeSet<>();
        final Iterator<String> paths = doc.path("paths").fieldNames();
        while (paths.hasNext())
        {
            final String path = paths.next();
            doc.path("paths").path(path).fieldNames().forEachRemaining(method ->
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path));
        }
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(registered).hasSizeGreaterThan(20).contains("POST /api/v1/orders", "GET /ws", "GET /health");
        assertThat(documented).isEqualTo(registered);
        assertThat(api.routes().keySet()).allMatch(registered::contains);
    }
}
