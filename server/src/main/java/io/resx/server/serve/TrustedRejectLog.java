package io.resx.server.serve;

import io.resx.engine.node.RouteTable;
import io.resx.engine.pipeline.EventSink;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each refused command that no gateway sent — the start-up listings, accounts and funding lines, the market
 * clock's ticks, whatever comes through the trusted inbox — with the engine's reason, then hands every outcome on
 * unchanged. Nobody else sees those rejects: a funding line whose deposit would overflow the cash held was refused
 * without a word, and the account then refused orders for want of cash. Runs on the publisher thread; only a reject
 * costs anything.
 */
final class TrustedRejectLog implements EventSink
{
    private static final Logger LOG = LoggerFactory.getLogger(TrustedRejectLog.class);
    /** Gateway id of commands no gateway sent (the trusted inbox, start-up commands). */
    private static final int NO_GATEWAY = 0;

    private final EventSink next;
    private final RouteTable routes;

    TrustedRejectLog(final EventSink next, final RouteTable routes)
    {
        this.next = next;
        this.routes = routes;
    }

    @Override
    public void onOutcome(final Command command, final EventLog events)
    {
        if (events.size() > 0 && events.get(0).type() == EventType.REJECTED &&
            routes.gatewayId(command.sequence()) == NO_GATEWAY)
        {
            // strings now: the command is a ring slot, reused once this returns (an asynchronous appender would see
            // the next command's fields)
            final EngineEvent reject = events.get(0);
            LOG.warn("{} command (sequence {}, account '{}', symbol '{}', from no gateway) refused: {}", command.type(),
                command.sequence(), command.account().toString(), command.symbol().toString(), reject.reason());
        }
        next.onOutcome(command, events);
    }

    @Override
    public void endOfBatch()
    {
        next.endOfBatch();
    }
}
