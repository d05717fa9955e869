package io.resx.gateway.fix;

import io.resx.gateway.common.SessionPolicy;
import quickfix.FileStoreFactory;
import quickfix.MemoryStoreFactory;
import quickfix.MessageStore;
import quickfix.MessageStoreFactory;
import quickfix.SessionID;
import quickfix.SessionSettings;

import java.util.Map;

/**
 * Chooses each session's message store from its {@link SessionPolicy}: QuickFIX/J's file store (sequence
 * numbers and sent messages survive restarts, so resends work after one) or its memory store.
 */
final class SessionStoreFactory implements MessageStoreFactory
{
    private final FileStoreFactory files;
    private final MemoryStoreFactory memory = new MemoryStoreFactory();
    private final Map<SessionID, SessionPolicy> policies;

    SessionStoreFactory(final SessionSettings settings, final Map<SessionID, SessionPolicy> policies)
    {
        this.files = new FileStoreFactory(settings);
        this.policies = policies;
    }

    @Override
    public MessageStore create(final SessionID sessionID)
    {
        final SessionPolicy policy = policies.get(sessionID);
        return policy != null && !policy.fileStore() ? memory.create(sessionID) : files.create(sessionID);
    }
}
