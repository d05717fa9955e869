package io.resx.risk;

import io.resx.protocol.event.CancelReason;

/**
 * What the risk stage may ask of the books: the matching engine implements it, so a kill switch or a default
 * cancels orders the same way a user cancel does, with a CANCELLED event in the command's log.
 */
@FunctionalInterface
public interface OrderCanceller
{
    /**
     * Cancels every open order of one account, or of every account of one owner.
     *
     * @param account the account, or null to go by owner.
     * @param owner   the owner when {@code account} is null.
     * @param reason  written into each CANCELLED event.
     */
    void cancelAll(Account account, Owner owner, CancelReason reason);
}
