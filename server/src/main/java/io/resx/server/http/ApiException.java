package io.resx.server.http;

/**
 * A request the API refuses: an HTTP status, a stable code, a human message and the field at fault (or null).
 * Turned into {@code {"code":..,"message":..,"field"?:..}} by the API's exception handler.
 */
final class ApiException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String field;

    ApiException(final int status, final String code, final String message, final String field)
    {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    int status()
    {
        return status;
    }

    String code()
    {
        return code;
    }

    String field()
    {
        return field;
    }

    static ApiException badRequest(final String code, final String message, final String field)
    {
        return new ApiException(400, code, message, field);
    }
}
