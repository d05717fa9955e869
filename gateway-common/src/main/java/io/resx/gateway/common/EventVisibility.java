package io.resx.gateway.common;

import io.resx.protocol.event.EngineEvent;

/**
 * What of an engine event a participant may see, decided on the typed event (before anything is rendered). An
 * outcome carries every account it touched: a trade names both sides, and balance events follow for both. A
 * participant sees events of its own accounts, and of a trade only its own side (the counterparty's account,
 * ClOrdID and order id are left out), as a FIX ExecutionReport would show it; a revoked lease its lessee and lessor;
 * events that name no account (book, halted, closed, expired) everyone. An admin participant sees everything.
 * Stateless.
 */
public enum EventVisibility
{
    /** The viewer may not see the event. */
    NONE,
    /** The whole event. */
    ALL,
    /** A trade's buy side only (the viewer is the buyer, not the seller). */
    BUY_SIDE,
    /** A trade's sell side only. */
    SELL_SIDE;

    /**
     * @param event  an engine event.
     * @param viewer who asks.
     * @return what of it the viewer may see.
     */
    public static EventVisibility of(final EngineEvent event, final Participant viewer)
    {
        if (viewer.admin())
        {
            return ALL;
        }
        switch (event.type())
        {
            case TRADE:
            {
                final boolean buyer = viewer.mayTrade(event.buyAccount());
                final boolean seller = viewer.mayTrade(event.sellAccount());
                if (buyer && seller)
                {
                    return ALL;
                }
                return buyer ? BUY_SIDE : seller ? SELL_SIDE : NONE;
            }
            case LEASE_REVOKED:
                // the lessee travels as the event's buy account, the lessor as its sell account
                return viewer.mayTrade(event.buyAccount()) || viewer.mayTrade(event.sellAccount()) ? ALL : NONE;
            default:
                return event.account().length() == 0 || viewer.mayTrade(event.account()) ? ALL : NONE;
        }
    }
}
