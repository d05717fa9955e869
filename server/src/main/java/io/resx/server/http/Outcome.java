package io.resx.server.http;

import java.util.List;

/**
 * The engine's answer to one command sent by the API: what the FIX gateway turns into ExecutionReports, here as JSON.
 *
 * @param sequence the command's sequence number in the journal.
 * @param accepted whether its first event is ACCEPTED.
 * @param reason   the reject reason's name, or null when accepted.
 * @param events   every event, one JSON object each, as {@code ./resx batch} prints them.
 * @param book     for a BOOK command, the book as the API serves it; else null.
 */
record Outcome(long sequence, boolean accepted, String reason, List<String> events, String book)
{
    /** @return {@code {"status":..,"reason"?:..,"sequence":..,"events":[..]}}. */
    String toJson()
    {
        final StringBuilder json = new StringBuilder(64 + 160 * events.size())
            .append("{\"status\":\"").append(accepted ? "ACCEPTED" : "REJECTED").append('"');
        if (reason != null)
        {
            json.append(",\"reason\":\"").append(reason).append('"');
        }
        json.append(",\"sequence\":").append(sequence).append(",\"events\":[");
        for (int i = 0; i < events.size(); i++)
        {
            json.append(i == 0 ? "" : ",").append(events.get(i));
        }
        return json.append("]}").toString();
    }
}
