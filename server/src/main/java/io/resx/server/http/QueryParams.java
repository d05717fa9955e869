package io.resx.server.http;

import io.javalin.http.Context;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads the query parameters every REST route shares (required text, bounded whole numbers, ISO-8601 instants), so a
 * bad value gets the same specific 400 answer ({@code MISSING_FIELD} or {@code INVALID_PARAMETER}, naming the
 * parameter) on every route.
 */
final class QueryParams
{
    private QueryParams()
    {
    }

    /** @return the parameter's value; 400 {@code MISSING_FIELD} when it is absent or blank. */
    static String required(final Context ctx, final String name)
    {
        final String value = ctx.queryParam(name);
        if (value == null || value.isBlank())
        {
            throw ApiException.badRequest("MISSING_FIELD", "query parameter " + name + " is required", name);
        }
        return value;
    }

    /** @return the parameter as a whole number in [min, max], or defaultValue when absent; else 400. */
    static int wholeNumber(final Context ctx, final String name, final int defaultValue, final int min, final int max)
    {
        final String text = ctx.queryParam(name);
        if (text == null)
        {
            return defaultValue;
        }
        try
        {
            final int value = Integer.parseInt(text);
            if (value >= min && value <= max)
            {
                return value;
            }
        }
        catch (final NumberFormatException ex)
        {
            // answered below
        }
        throw ApiException.badRequest("INVALID_PARAMETER", name + " must be a whole number from " + min + " to " +
            max, name);
    }

    /** @return the parameter as an instant, or null when absent; 400 when it is not ISO-8601. */
    static Instant instant(final Context ctx, final String name)
    {
        final String text = ctx.queryParam(name);
        if (text == null || text.isBlank())
        {
            return null;
        }
        try
        {
            return Instant.parse(text);
        }
        catch (final DateTimeParseException ex)
        {
            throw ApiException.badRequest("INVALID_PARAMETER", name + " must be an ISO-8601 instant such as " +
                "2026-12-01T10:00:00Z", name);
        }
    }

    /** @return the parameter as an instant, or fallback when absent. */
    static Instant instantOr(final Context ctx, final String name, final Instant fallback)
    {
        final Instant given = instant(ctx, name);
        return given == null ? fallback : given;
    }
}
