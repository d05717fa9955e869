package io.resx.gateway.common.cluster;

import io.resx.protocol.command.Command;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests a gateway sent to the cluster and has no answer for yet, in sending order: what it resends, with the
 * same bytes (so the same ClOrdID), after a new leader or a reconnection. A request leaves when its answer comes,
 * by its route, or when an outcome read from the {@code events} queue names it by account and ClOrdID. Owned by the
 * gateway agent's thread.
 */
final class PendingRequests
{
    /** A request's route on this gateway. */
    record Key(int sessionId, long correlationId)
    {
    }

    private record Request(Key key, byte[] bytes, String orderKey)
    {
    }

    private final Map<Key, Request> byKey = new LinkedHashMap<>();
    private final Map<String, Key> byOrder = new HashMap<>();

    /**
     * @param sessionId     the route's session.
     * @param correlationId the route's request id.
     * @param buffer        the encoded request.
     * @param offset        where it starts.
     * @param length        its length.
     * @param command       the request's command, decoded (account and ClOrdID name it in the events queue).
     */
    void add(final int sessionId, final long correlationId, final DirectBuffer buffer, final int offset,
        final int length, final Command command)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        final Key key = new Key(sessionId, correlationId);
        final String orderKey = orderKey(command);
        byKey.put(key, new Request(key, bytes, orderKey));
        if (orderKey != null)
        {
            byOrder.put(orderKey, key);
        }
    }

    /**
     * @param sessionId     the answer's session.
     * @param correlationId the answer's request id.
     * @return whether the request was pending (false: it was answered before, this answers a resend).
     */
    boolean answer(final int sessionId, final long correlationId)
    {
        final Request request = byKey.remove(new Key(sessionId, correlationId));
        if (request != null && request.orderKey() != null)
        {
            byOrder.remove(request.orderKey(), request.key());
        }
        return request != null;
    }

    /**
     * @param command an outcome's command read from the events queue (no route).
     * @return the pending request it answers, now answered, or null.
     */
    Key claim(final Command command)
    {
        final String orderKey = orderKey(command);
        final Key key = orderKey == null ? null : byOrder.remove(orderKey);
        if (key != null)
        {
            byKey.remove(key);
        }
        return key;
    }

    /** @return the pending requests' bytes, oldest first (a copy of the list: resending may answer some). */
    List<UnsafeBuffer> inOrder()
    {
        final List<UnsafeBuffer> requests = new ArrayList<>(byKey.size());
        byKey.values().forEach(request -> requests.add(new UnsafeBuffer(request.bytes())));
        return requests;
    }

    /** @return requests without an answer. */
    int size()
    {
        return byKey.size();
    }

    private static String orderKey(final Command command)
    {
        if (command.clOrdId().isEmpty() || command.account().isEmpty())
        {
            return null; // queries and the engine's own commands: only the route names them
        }
        return command.account() + "\u0000" + command.clOrdId();
    }
}
