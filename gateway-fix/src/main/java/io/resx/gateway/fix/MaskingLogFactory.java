package io.resx.gateway.fix;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.FileLogFactory;
import quickfix.Log;
import quickfix.LogFactory;
import quickfix.SessionID;
import quickfix.SessionSettings;


/**
 * QuickFIX/J logging with the secrets masked everywhere ({@link FixSecrets}): session events go to SLF4J, and
 * messages, when enabled, to QuickFIX/J's file log. Nothing a client sends as a secret reaches a log.
 */
final class MaskingLogFactory implements LogFactory
{
    private static final Logger LOG = LoggerFactory.getLogger("resx.fix.event");

    private final LogFactory messageLogs;

    /**
     * @param settings the acceptor's settings (FileLogPath), or null to keep no message log.
     */
    MaskingLogFactory(final SessionSettings settings)
    {
        this.messageLogs = settings == null ? null : new FileLogFactory(settings);
    }

    static String mask(final String text)
    {
        return FixSecrets.mask(text);
    }

    @Override
    public Log create(final SessionID sessionID)
    {
        final Log messages = messageLogs == null ? null : messageLogs.create(sessionID);
        final String prefix = sessionID.getTargetCompID() + ": ";
        return new Log()
        {
            @Override
            public void clear()
            {
                if (messages != null)
                {
                    messages.clear();
                }
            }

            @Override
            public void onIncoming(final String message)
            {
                if (messages != null)
                {
                    messages.onIncoming(mask(message));
                }
            }

            @Override
            public void onOutgoing(final String message)
            {
                if (messages != null)
                {
                    messages.onOutgoing(mask(message));
                }
            }

            @Override
            public void onEvent(final String text)
            {
                LOG.info("{}{}", prefix, mask(text));
            }

            @Override
            public void onErrorEvent(final String text)
            {
                LOG.warn("{}{}", prefix, mask(text));
            }
        };
    }
}
