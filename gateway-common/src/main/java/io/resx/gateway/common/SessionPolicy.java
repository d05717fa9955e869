package io.resx.gateway.common;

/**
 * One FIX session's identity and settings: the counterparty's SenderCompID, its password hash, and the
 * session-level settings FIX operators expect to set per session. Immutable; {@link #with} makes variants.
 *
 * @param senderCompId       the counterparty's SenderCompID (our TargetCompID).
 * @param passwordHash       {@link PasswordHash} of its password, or null when none is set.
 * @param passwordRequired   whether Logon must carry a matching Password (554).
 * @param store              "file" (sequence numbers and messages survive restarts) or "memory".
 * @param resetOnLogon       reset sequence numbers at every logon.
 * @param resetOnDisconnect  reset sequence numbers at every disconnect.
 * @param heartbeatMinSec    smallest HeartBtInt (108) accepted at logon.
 * @param heartbeatMaxSec    largest HeartBtInt accepted at logon.
 * @param resendChunkSize    most messages answered per ResendRequest chunk, 0 for no limit.
 * @param rateLimitPerSecond most application messages per second before rejecting.
 * @param dropCopy           a read-only drop copy session ({@code "sessionType": "DROP_COPY"}): it receives a copy
 *                           of every execution report of its participant's accounts, whichever session or API
 *                           placed the order, and may not enter orders.
 */
public record SessionPolicy(
    String senderCompId,
    String passwordHash,
    boolean passwordRequired,
    String store,
    boolean resetOnLogon,
    boolean resetOnDisconnect,
    int heartbeatMinSec,
    int heartbeatMaxSec,
    int resendChunkSize,
    int rateLimitPerSecond,
    boolean dropCopy)
{
    /** Defaults for every session, before the configuration and the participants file override them. */
    public static final SessionPolicy DEFAULTS =
        new SessionPolicy("", null, true, "file", false, false, 1, 120, 0, 50_000, false);

    /**
     * @param name  a setting's name as in the configuration (e.g. {@code resetOnLogon}).
     * @param value its text.
     * @return a copy with that setting changed.
     * @throws IllegalArgumentException for an unknown setting or a bad value.
     */
    public SessionPolicy with(final String name, final String value)
    {
        switch (name)
        {
            case "senderCompId":
                return new SessionPolicy(value, passwordHash, passwordRequired, store, resetOnLogon,
                    resetOnDisconnect, heartbeatMinSec, heartbeatMaxSec, resendChunkSize, rateLimitPerSecond, dropCopy);
            case "passwordHash":
                if (!PasswordHash.isHash(value))
                {
                    throw new IllegalArgumentException("passwordHash of " + senderCompId + " is not a " +
                        PasswordHash.SCHEME + " hash (make one with ./resx passwd)");
                }
                return new SessionPolicy(senderCompId, value, passwordRequired, store, resetOnLogon,
                    resetOnDisconnect, heartbeatMinSec, heartbeatMaxSec, resendChunkSize, rateLimitPerSecond, dropCopy);
            case "passwordRequired":
                return new SessionPolicy(senderCompId, passwordHash, bool(name, value), store, resetOnLogon,
                    resetOnDisconnect, heartbeatMinSec, heartbeatMaxSec, resendChunkSize, rateLimitPerSecond, dropCopy);
            case "store":
                if (!"file".equals(value) && !"memory".equals(value))
                {
                    throw new IllegalArgumentException("store must be file or memory, not " + value);
                }
                return new SessionPolicy(senderCompId, passwordHash, passwordRequired, value, resetOnLogon,
                    resetOnDisconnect, heartbeatMinSec, heartbeatMaxSec, resendChunkSize, rateLimitPerSecond, dropCopy);
            case "resetOnLogon":
                return new SessionPolicy(senderCompId, passwordHash, passwordRequired, store, bool(name, value),
                    resetOnDisconnect, heartbeatMinSec, heartbeatMaxSec, resendChunkSize, rateLimitPerSecond, dropCopy);
            case "resetOnDisconnect":
                return new SessionPolicy(senderCompId, passwordHash, passwordRequired, store, resetOnLogon,
                    bool(name, value), heartbeatMinSec, heartbeatMaxSec, resendChunkSize, rateLimitPerSecond, dropCopy);
            case "heartbeatMinSec":
                return new SessionPolicy(senderCompId, passwordHash, passwordRequired, store, resetOnLogon,
                    resetOnDisconnect, positive(name, value), heartbeatMaxSec, resendChunkSize, rateLimitPerSecond, dropCopy);
            case "heartbeatMaxSec":
                return new SessionPolicy(senderCompId, passwordHash, passwordRequired, store, resetOnLogon,
                    resetOnDisconnect, heartbeatMinSec, positive(name, value), resendChunkSize, rateLimitPerSecond, dropCopy);
            case "resendChunkSize":
                return new SessionPolicy(senderCompId, passwordHash, passwordRequired, store, resetOnLogon,
                    resetOnDisconnect, heartbeatMinSec, heartbeatMaxSec, nonNegative(name, value), rateLimitPerSecond, dropCopy);
            case "rateLimitPerSecond":
                return new SessionPolicy(senderCompId, passwordHash, passwordRequired, store, resetOnLogon,
                    resetOnDisconnect, heartbeatMinSec, heartbeatMaxSec, resendChunkSize, positive(name, value), dropCopy);
            case "sessionType":
                if (!"ORDER_ENTRY".equals(value) && !"DROP_COPY".equals(value))
                {
                    throw new IllegalArgumentException("sessionType must be ORDER_ENTRY or DROP_COPY, not " + value);
                }
                return new SessionPolicy(senderCompId, passwordHash, passwordRequired, store, resetOnLogon,
                    resetOnDisconnect, heartbeatMinSec, heartbeatMaxSec, resendChunkSize, rateLimitPerSecond,
                    "DROP_COPY".equals(value));
            default:
                throw new IllegalArgumentException("unknown session setting " + name);
        }
    }

    /** @return whether sequence numbers restart at a logon or a disconnect (what came before is not resent). */
    public boolean resets()
    {
        return resetOnLogon || resetOnDisconnect;
    }

    /** @return whether messages and sequence numbers are kept in files. */
    public boolean fileStore()
    {
        return "file".equals(store);
    }

    @Override
    public String toString()
    {
        // Never print the hash: logs and errors must not carry anything derived from a secret.
        return "SessionPolicy[senderCompId=" + senderCompId + ", passwordRequired=" + passwordRequired +
            ", store=" + store + ", resetOnLogon=" + resetOnLogon + ", resetOnDisconnect=" + resetOnDisconnect +
            ", heartbeat=" + heartbeatMinSec + ".." + heartbeatMaxSec + "s, resendChunkSize=" + resendChunkSize +
            ", rateLimitPerSecond=" + rateLimitPerSecond + (dropCopy ? ", sessionType=DROP_COPY" : "") + "]";
    }

    private static boolean bool(final String name, final String value)
    {
        if ("true".equalsIgnoreCase(value) || "Y".equalsIgnoreCase(value))
        {
            return true;
        }
        if ("false".equalsIgnoreCase(value) || "N".equalsIgnoreCase(value))
        {
            return false;
        }
        throw new IllegalArgumentException(name + " must be true or false, not " + value);
    }

    private static int positive(final String name, final String value)
    {
        final int n = nonNegative(name, value);
        if (n == 0)
        {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return n;
    }

    private static int nonNegative(final String name, final String value)
    {
        try
        {
            final int n = Integer.parseInt(value.trim());
            if (n < 0)
            {
                throw new IllegalArgumentException(name + " must not be negative: " + value);
            }
            return n;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + " must be a whole number, not " + value, ex);
        }
    }
}
