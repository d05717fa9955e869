package io.resx.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resx.gateway.fix.Participant;

/**
 * What of an engine event a participant may see. An outcome carries every account it touched: a trade names both
 * sides, and balance events follow for both. A participant sees events of its own accounts, and of a trade only its
 * own side (the counterparty's account, ClOrdID and order id are removed), as a FIX ExecutionReport would show it.
 * An admin participant sees everything. Thread-safe.
 */
final class EventVisibility
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "\"account\":\"";

    private EventVisibility()
    {
    }

    /**
     * @param line   one event as JSON.
     * @param viewer who asks.
     * @return the event as {@code viewer} may see it, or null when it may not see it at all.
     */
    static String forViewer(final String line, final Participant viewer)
    {
        if (viewer.admin())
        {
            return line;
        }
        if (!line.contains("\"evt\":\"trade\"") && !line.contains("\"lessee\""))
        {
            // the common case, read without parsing: the writer puts "account":"..." once, with no escapes in ids
            final int at = line.indexOf(ACCOUNT);
            if (at < 0)
            {
                return line;
            }
            final int start = at + ACCOUNT.length();
            final int end = line.indexOf('"', start);
            return viewer.mayTrade(line.substring(start, end)) ? line : null;
        }
        final ObjectNode event;
        try
        {
            event = (ObjectNode)JSON.readTree(line);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("the event writer wrote unreadable JSON: " + line, ex);
        }
        if ("trade".equals(event.path("evt").asText()))
        {
            final boolean buyer = viewer.mayTrade(event.path("buyAccount").asText());
            final boolean seller = viewer.mayTrade(event.path("sellAccount").asText());
            if (!buyer && !seller)
            {
                return null;
            }
            if (!buyer)
            {
                event.remove("buyAccount");
                event.remove("buyClOrdId");
                event.remove("buyOrderId");
            }
            if (!seller)
            {
                event.remove("sellAccount");
                event.remove("sellClOrdId");
                event.remove("sellOrderId");
            }
            return event.toString();
        }
        if (event.has("account"))
        {
            return viewer.mayTrade(event.get("account").asText()) ? line : null;
        }
        if (event.has("lessee") || event.has("lessor"))
        {
            return viewer.mayTrade(event.path("lessee").asText()) || viewer.mayTrade(event.path("lessor").asText()) ?
                line : null;
        }
        return line;
    }
}
