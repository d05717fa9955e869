package io.resx.risk;

import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.RejectReason;

/**
 * The risk checks around the matcher, run on the engine thread: {@link #preTrade} before a command reaches
 * the books (it may refuse it), {@link #postTrade} after, with the events the matcher produced (to release
 * or move what {@code preTrade} locked). Implementations are deterministic and allocate nothing per command.
 */
public interface RiskStage
{
    /** Accepts everything and tracks nothing: the engine without collateral checks. */
    RiskStage NONE = new RiskStage()
    {
        @Override
        public RejectReason preTrade(final Command command, final Account account)
        {
            return null;
        }

        @Override
        public void postTrade(final Command command, final EventLog events)
        {
        }
    };

    /**
     * @param command an order-entry command the engine has validated.
     * @param account the account acting.
     * @return null to let it through, or why it is refused.
     */
    RejectReason preTrade(Command command, Account account);

    /**
     * @param command the command just processed.
     * @param events  what it caused, in order.
     */
    void postTrade(Command command, EventLog events);
}
