package io.resx.gateway.fix;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.MessageUtils;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.field.MsgType;
import quickfix.mina.SessionConnector;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds what a FIX connection may cost before and after logon. Two MINA filters around QuickFIX/J's codec:
 * <pre>
 *   socket ─► {@link ConnectionGuard} (bytes) ─► FIX codec ─► {@link Decoded} (messages) ─► QuickFIX/J handler
 * </pre>
 * <ul>
 *   <li>Before a Logon for a known session is decoded, a connection may send at most {@code preLogonMaxBytes}
 *   in all; after it, at most {@code maxMessageBytes} without completing a message (whatever BodyLength it
 *   announced, plus at most one socket read). More and it is closed, before the codec buffers it.</li>
 *   <li>A connection not logged on within {@code logonTimeoutMs} is closed.</li>
 *   <li>At most {@code maxConnectionsPerAddress} connections from one source address are open at once.</li>
 *   <li>Before logon, anything but a Logon for a known session is refused without being logged: QuickFIX/J
 *   would log it whole, secrets and all.</li>
 * </ul>
 * MINA runs one connection's filters on one I/O thread; the timer thread only reads and closes.
 */
final class ConnectionGuard extends IoFilterAdapter implements AutoCloseable
{
    /** The filter's name in the MINA chain (before the codec). */
    static final String NAME = "resx-connection-guard";
    private static final String DECODED_NAME = "resx-decoded-guard";
    private static final String TALLY = ConnectionGuard.class.getName() + ".tally";
    private static final Logger LOG = LoggerFactory.getLogger("resx.fix.guard");

    private final int preLogonMaxBytes;
    private final int maxMessageBytes;
    private final long logonTimeoutMs;
    private final int maxConnectionsPerAddress;
    private final Map<InetAddress, Integer> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "resx-fix-logon-timeout");
        thread.setDaemon(true);
        return thread;
    });
    private final Decoded decoded = new Decoded();

    /** What one connection has sent so far; touched only on its I/O thread. */
    private static final class Tally
    {
        private InetAddress address;
        private long pendingBytes;
        private boolean closing;
        private ScheduledFuture<?> logonTimeout;
    }

    /**
     * @param context the gateway's limits.
     */
    ConnectionGuard(final FixGatewayContext context)
    {
        this.preLogonMaxBytes = context.preLogonMaxBytes();
        this.maxMessageBytes = context.maxMessageBytes();
        this.logonTimeoutMs = context.logonTimeoutMs();
        this.maxConnectionsPerAddress = context.maxConnectionsPerAddress();
    }

    @Override
    public void sessionCreated(final NextFilter nextFilter, final IoSession session) throws Exception
    {
        final Tally tally = new Tally();
        session.setAttribute(TALLY, tally);
        session.getFilterChain().addLast(DECODED_NAME, decoded);
        tally.address = addressOf(session.getRemoteAddress());
        if (tally.address != null)
        {
            final int open = connections.merge(tally.address, 1, Integer::sum);
            if (open > maxConnectionsPerAddress)
            {
                refuse(session, tally, open + " connections from this address (limit " + maxConnectionsPerAddress +
                    ", fix.maxConnectionsPerAddress)");
            }
        }
        if (!tally.closing)
        {
            tally.logonTimeout = timer.schedule(() -> closeIfNotLoggedOn(session), logonTimeoutMs,
                TimeUnit.MILLISECONDS);
        }
        nextFilter.sessionCreated(session);
    }

    @Override
    public void sessionClosed(final NextFilter nextFilter, final IoSession session) throws Exception
    {
        final Tally tally = (Tally)session.getAttribute(TALLY);
        if (tally != null)
        {
            if (tally.logonTimeout != null)
            {
                tally.logonTimeout.cancel(false);
            }
            if (tally.address != null)
            {
                connections.computeIfPresent(tally.address, (address, open) -> open <= 1 ? null : open - 1);
            }
        }
        nextFilter.sessionClosed(session);
    }

    @Override
    public void messageReceived(final NextFilter nextFilter, final IoSession session, final Object message)
        throws Exception
    {
        final Tally tally = (Tally)session.getAttribute(TALLY);
        if (tally == null || !(message instanceof IoBuffer))
        {
            nextFilter.messageReceived(session, message);
            return;
        }
        if (tally.closing)
        {
            return; // refused already: nothing more reaches the codec
        }
        tally.pendingBytes += ((IoBuffer)message).remaining();
        final boolean established = session.getAttribute(SessionConnector.QF_SESSION) != null;
        final long limit = established ? maxMessageBytes : preLogonMaxBytes;
        if (tally.pendingBytes > limit)
        {
            refuse(session, tally, established ?
                tally.pendingBytes + " bytes without a complete message (limit " + limit + ", fix.maxMessageBytes)" :
                tally.pendingBytes + " bytes before logon (limit " + limit + ", fix.preLogonMaxBytes)");
            return;
        }
        nextFilter.messageReceived(session, message);
    }

    /** Stops the logon timer. */
    @Override
    public void close()
    {
        timer.shutdownNow();
    }

    private void closeIfNotLoggedOn(final IoSession session)
    {
        final Session qfSession = (Session)session.getAttribute(SessionConnector.QF_SESSION);
        if (session.isConnected() && (qfSession == null || !qfSession.isLoggedOn()))
        {
            LOG.warn("FIX connection from {} closed: not logged on within {} ms (fix.logonTimeoutMs)",
                session.getRemoteAddress(), logonTimeoutMs);
            session.closeNow();
        }
    }

    private static void refuse(final IoSession session, final Tally tally, final String why)
    {
        tally.closing = true;
        LOG.warn("FIX connection from {} closed: {}", session.getRemoteAddress(), why);
        session.closeNow();
    }

    private static InetAddress addressOf(final SocketAddress address)
    {
        return address instanceof InetSocketAddress ? ((InetSocketAddress)address).getAddress() : null;
    }

    /**
     * After the codec: a whole message ends the frame being counted; before logon, only a Logon for a session
     * this acceptor knows goes on to QuickFIX/J, which would otherwise log the rest in full.
     */
    private final class Decoded extends IoFilterAdapter
    {
        @Override
        public void messageReceived(final NextFilter nextFilter, final IoSession session, final Object message)
            throws Exception
        {
            final Tally tally = (Tally)session.getAttribute(TALLY);
            if (tally == null || !(message instanceof String))
            {
                nextFilter.messageReceived(session, message);
                return;
            }
            if (tally.closing)
            {
                return;
            }
            if (session.getAttribute(SessionConnector.QF_SESSION) == null)
            {
                final String text = (String)message;
                final String msgType = MessageUtils.getMessageType(text);
                if (!MsgType.LOGON.equals(msgType))
                {
                    refuse(session, tally, "MsgType " + printable(msgType) + " before logon");
                    return;
                }
                final SessionID sessionId = MessageUtils.getReverseSessionID(text);
                if (Session.lookupSession(sessionId) == null)
                {
                    refuse(session, tally, "Logon for unknown session (SenderCompID " +
                        printable(sessionId.getTargetCompID()) + ", TargetCompID " +
                        printable(sessionId.getSenderCompID()) + ")");
                    return;
                }
            }
            else
            {
                tally.pendingBytes = 0;
            }
            nextFilter.messageReceived(session, message);
        }
    }

    /** @return at most 32 printable characters of a value a stranger sent, for a log line. */
    static String printable(final String value)
    {
        if (value == null)
        {
            return "(none)";
        }
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 32; i++)
        {
            final char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
