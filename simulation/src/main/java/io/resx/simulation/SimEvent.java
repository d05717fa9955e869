package io.resx.simulation;

import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;

/**
 * An immutable copy of one {@link EngineEvent}, taken on the publisher thread so the simulation can read it after
 * the ring slot is reused. Only the fields the agents and the metrics read; prices, quantities and amounts are
 * fixed-point like the engine's.
 *
 * @param type         kind of event.
 * @param clOrdId      the ClOrdID it is about, may be empty.
 * @param account      the account it is about (the defaulter, the fund), may be empty.
 * @param symbol       the instrument or asset.
 * @param reason       for REJECTED, why.
 * @param cancelReason for CANCELLED, why.
 * @param price        for TRADE, the price.
 * @param qty          for TRADE and LEASE_REVOKED, the quantity.
 * @param buyAccount   for TRADE the buyer; for LEASE_REVOKED the lessee.
 * @param buyClOrdId   for TRADE, the buyer's ClOrdID.
 * @param sellAccount  for TRADE the seller; for LEASE_REVOKED the lessor.
 * @param sellClOrdId  for TRADE, the seller's ClOrdID.
 * @param amount       for BALANCE the total; for the waterfall steps the amount applied or the shortfall.
 * @param remaining    for the waterfall steps, the shortfall still uncovered.
 */
public record SimEvent(
    EventType type, String clOrdId, String account, String symbol, RejectReason reason, CancelReason cancelReason,
    long price, long qty, String buyAccount, String buyClOrdId, String sellAccount, String sellClOrdId,
    long amount, long remaining)
{
    /** The seller's ClOrdID on a trade of the use-it-or-share-it clearing (the engine's; such a trade has no sell order). */
    static final String SHARE_CLEARING_CL_ORD_ID = "USE-OR-SHARE";

    /** @return whether this is a TRADE of the use-it-or-share-it clearing at gate closure, not of the order book. */
    public boolean isShareClearing()
    {
        return type == EventType.TRADE && SHARE_CLEARING_CL_ORD_ID.equals(sellClOrdId);
    }

    /**
     * @param event the engine's event, valid only during the call.
     * @return its copy.
     */
    public static SimEvent copyOf(final EngineEvent event)
    {
        return new SimEvent(event.type(), event.clOrdId().toString(), event.account().toString(),
            event.symbol().toString(), event.reason(), event.cancelReason(), event.price(), event.qty(),
            event.buyAccount().toString(), event.buyClOrdId().toString(), event.sellAccount().toString(),
            event.sellClOrdId().toString(), event.amount(), event.remaining());
    }
}
