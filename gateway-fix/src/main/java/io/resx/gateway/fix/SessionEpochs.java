package io.resx.gateway.fix;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which connection of each FIX session is the current one: a counter per session that every logon and logout moves
 * on. An order entered remembers the epoch it was entered in (carried as the high half of the route's correlation
 * id, the low half being the request's MsgSeqNum); for a session whose sequence numbers reset, an answer whose epoch
 * is not the current one belongs to a connection that no longer exists and is not sent into the new one (it would
 * take the new connection's next MsgSeqNum and look like a gap). Written on the session threads, read on the
 * gateway agent's.
 */
final class SessionEpochs
{
    /** An epoch no connection ever has: the order's epoch is not known (read from the events queue). */
    static final int UNKNOWN = -1;

    private final AtomicIntegerArray epochs;

    /**
     * @param sessions sessions, numbered 1..sessions.
     */
    SessionEpochs(final int sessions)
    {
        epochs = new AtomicIntegerArray(sessions + 1);
    }

    /**
     * A logon or a logout: the connection changed.
     *
     * @param session the session number.
     */
    void next(final int session)
    {
        epochs.incrementAndGet(session);
    }

    /**
     * @param session the session number.
     * @return its current epoch.
     */
    int current(final int session)
    {
        return epochs.get(session);
    }

    /**
     * @param epoch     the connection's epoch.
     * @param msgSeqNum the request's MsgSeqNum (34).
     * @return the correlation id carrying both.
     */
    static long correlation(final int epoch, final int msgSeqNum)
    {
        return ((long)epoch << 32) | (msgSeqNum & 0xFFFF_FFFFL);
    }

    /** @return the epoch half of a correlation id. */
    static int epochOf(final long correlationId)
    {
        return (int)(correlationId >>> 32);
    }

    /** @return the MsgSeqNum half of a correlation id. */
    static int msgSeqNumOf(final long correlationId)
    {
        return (int)correlationId;
    }
}
