package io.resx.gateway.common.orders;

import io.resx.protocol.command.Side;
import io.resx.protocol.event.CancelReason;

/**
 * An order's state at one moment, immutable: what a request thread reads of a {@link TrackedOrder}.
 * Prices and quantities are fixed-point.
 *
 * @param orderId     the engine's order id.
 * @param account     its account.
 * @param symbol      its instrument (a bundle: legs joined by '+').
 * @param firstSymbol its instrument (a bundle: the first leg), for the instrument's decimals.
 * @param side        its side (a bundle: the first leg's).
 * @param bundle      whether it is a bundle.
 * @param clOrdId     its current ClOrdID.
 * @param price       its limit, or {@link io.resx.protocol.command.Command#ABSENT}.
 * @param orderQty    its total quantity.
 * @param cumQty      filled so far.
 * @param leavesQty   still open.
 * @param avgPx       average fill price, 0 before any fill.
 * @param status      its status.
 * @param createdNs   sequencer stamp of the command that placed it, epoch nanoseconds.
 * @param updatedNs   sequencer stamp of the outcome that last changed it.
 * @param lastSequence sequence of the outcome that last changed it.
 * @param cancelReason why it was cancelled or expired, or null.
 */
public record OrderView(
    long orderId, String account, String symbol, String firstSymbol, Side side, boolean bundle, String clOrdId,
    long price, long orderQty, long cumQty, long leavesQty, long avgPx, OrdStatus status,
    long createdNs, long updatedNs, long lastSequence, CancelReason cancelReason)
{
}
