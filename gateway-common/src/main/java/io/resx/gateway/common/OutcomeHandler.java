package io.resx.gateway.common;

import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.text.AsciiKey;

/**
 * What a gateway does with the outcomes its {@link OutcomeAdapter} hands it, in sequence order, each exactly once.
 * Called on the adapter's (the gateway agent's) thread; the command and events are the adapter's, reused after
 * the call returns.
 */
public interface OutcomeHandler
{
    /**
     * @param source        where the outcome came from.
     * @param gatewayId     the gateway that sent the command (0: the engine's own; {@link
     *                      OutcomeAdapter#UNKNOWN_GATEWAY} when read from the events queue).
     * @param sessionId     the sending session's number on that gateway (0 when unknown).
     * @param correlationId the request's id (0 when unknown).
     * @param command       the command as sequenced.
     * @param events        what it caused, the ACCEPTED or REJECTED first.
     */
    void onOutcome(
        OutcomeSource source, int gatewayId, int sessionId, long correlationId, Command command, EventLog events);

    /**
     * A listing the engine sent in answer to this gateway's hello (every instrument trading when it connected).
     *
     * @param symbol  the instrument.
     * @param tick    its tick, fixed-point.
     * @param lot     its lot, fixed-point.
     * @param closeNs its gate closure, epoch nanoseconds.
     * @param closed  whether it is past its gate closure.
     */
    default void onListing(AsciiKey symbol, long tick, long lot, long closeNs, boolean closed)
    {
    }
}
