package io.resx.server.serve;

import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.Message;
import quickfix.ScreenLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.field.MsgType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real QuickFIX/J initiator for one session, recording everything it receives. */
final class FixClient implements Application, AutoCloseable
{
    private final SessionID sessionId;
    private final String password;
    private final boolean cancelOnDisconnect;
    private final SocketInitiator initiator;
    private final List<Message> received = new ArrayList<>();
    private volatile boolean loggedOn;

    FixClient(final String compId, final String password, final int port, final Path storeDir) throws Exception
    {
        this(compId, password, port, storeDir, false);
    }

    /**
     * @param cancelOnDisconnect whether its Logon asks CancelOrdersOnDisconnect (8013=Y).
     */
    FixClient(final String compId, final String password, final int port, final Path storeDir,
        final boolean cancelOnDisconnect) throws Exception
    {
        this.password = password;
        this.cancelOnDisconnect = cancelOnDisconnect;
        this.sessionId = new SessionID("FIX.4.4", compId, "RESX");
        final SessionSettings settings = new SessionSettings();
        settings.setString("ConnectionType", "initiator");
        settings.setString("BeginString", "FIX.4.4");
        settings.setString("SocketConnectHost", "127.0.0.1");
        settings.setLong("SocketConnectPort", port);
        settings.setLong("HeartBtInt", 30);
        settings.setLong("ReconnectInterval", 1);
        settings.setString("StartTime", "00:00:00");
        settings.setString("EndTime", "00:00:00");
        settings.setString("NonStopSession", "Y");
        settings.setString("UseDataDictionary", "Y");
        settings.setString("DataDictionary", "FIX44.xml");
        settings.setString("FileStorePath", storeDir.toString());
        settings.setString(sessionId, "SenderCompID", compId);
        settings.setString(sessionId, "TargetCompID", "RESX");
        initiator = new SocketInitiator(this, new FileStoreFactory(settings), settings,
            new ScreenLogFactory(false, false, false, false), new DefaultMessageFactory());
        initiator.start();
    }

    boolean awaitLogon(final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (!loggedOn && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(20);
        }
        return loggedOn;
    }

    boolean isLoggedOn()
    {
        return loggedOn;
    }

    void send(final Message message)
    {
        if (!Session.lookupSession(sessionId).send(message))
        {
            throw new IllegalStateException("not sent: " + message);
        }
    }

    /** Waits for, removes and returns the first received message matching {@code test}. */
    Message expect(final String what, final Predicate<Message> test) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(15);
        while (System.currentTimeMillis() < deadline)
        {
            synchronized (received)
            {
                final Iterator<Message> it = received.iterator();
                while (it.hasNext())
                {
                    final Message message = it.next();
                    if (test.test(message))
                    {
                        it.remove();
                        return message;
                    }
                }
            }
            Thread.sleep(10);
        }
        synchronized (received)
        {
            throw new AssertionError("no " + what + " within 15 s; received: " + received);
        }
    }

    /** @return received messages matching {@code test}, not yet taken by {@link #expect}. */
    int count(final Predicate<Message> test)
    {
        synchronized (received)
        {
            return (int)received.stream().filter(test).count();
        }
    }

    static Predicate<Message> type(final String msgType)
    {
        return m -> msgType.equals(str(m.getHeader(), 35));
    }

    static Predicate<Message> report(final String clOrdId, final char execType)
    {
        return m -> MsgType.EXECUTION_REPORT.equals(str(m.getHeader(), 35)) && clOrdId.equals(str(m, 11)) &&
            String.valueOf(execType).equals(str(m, 150));
    }

    static String str(final quickfix.FieldMap map, final int tag)
    {
        try
        {
            return map.isSetField(tag) ? map.getString(tag) : null;
        }
        catch (final FieldNotFound ex)
        {
            return null;
        }
    }

    @Override
    public void onCreate(final SessionID sessionID)
    {
    }

    @Override
    public void onLogon(final SessionID sessionID)
    {
        loggedOn = true;
    }

    @Override
    public void onLogout(final SessionID sessionID)
    {
        loggedOn = false;
    }

    @Override
    public void toAdmin(final Message message, final SessionID sessionID)
    {
        if (MsgType.LOGON.equals(str(message.getHeader(), 35)) && password != null)
        {
            message.setString(554, password);
        }
        if (MsgType.LOGON.equals(str(message.getHeader(), 35)) && cancelOnDisconnect)
        {
            message.setBoolean(8013, true);
        }
    }

    @Override
    public void fromAdmin(final Message message, final SessionID sessionID)
    {
        record(message);
    }

    @Override
    public void toApp(final Message message, final SessionID sessionID)
    {
    }

    /** Removes and returns every received message matching {@code test}, oldest first, without waiting. */
    List<Message> drain(final Predicate<Message> test)
    {
        final List<Message> out = new ArrayList<>();
        synchronized (received)
        {
            final Iterator<Message> it = received.iterator();
            while (it.hasNext())
            {
                final Message message = it.next();
                if (test.test(message))
                {
                    it.remove();
                    out.add(message);
                }
            }
        }
        return out;
    }

    @Override
    public void fromApp(final Message message, final SessionID sessionID)
    {
        record(message);
    }

    private void record(final Message message)
    {
        synchronized (received)
        {
            received.add(message);
        }
    }

    /** Drops the TCP connection without a Logout, as a crashed client or a cut cable does. */
    void dropConnection() throws java.io.IOException
    {
        Session.lookupSession(sessionId).disconnect("test: connection dropped", false);
    }

    /** Sends a Logout and stops reconnecting: the session ends cleanly. */
    void logout()
    {
        Session.lookupSession(sessionId).logout("test: done for the day");
    }

    @Override
    public void close()
    {
        initiator.stop(true);
    }
}
