/**
 * The order tracker every gateway keeps, built from the engine's outcomes only (the engine keeps no CumQty or
 * AvgPx): {@link io.resx.gateway.common.orders.OrderTracker} applies each outcome once, in sequence order, whether
 * it comes live or from the {@code events} queue at start; {@link io.resx.gateway.common.orders.OrderView} and
 * {@link io.resx.gateway.common.orders.Fill} are what readers get. AvgPx is exact (the notional, a BigInteger, divided by
 * CumQty, rounded half-even to FixedPoint's 6 decimals); an order ends FILLED, CANCELED or EXPIRED (gate closure).
 */
package io.resx.gateway.common.orders;
