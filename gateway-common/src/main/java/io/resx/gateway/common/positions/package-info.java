/**
 * Positions and P&amp;L per account and instrument, built from the TRADE events of the {@code events} queue only
 * (the engine keeps balances, not positions): {@link io.resx.gateway.common.positions.PositionBook}.
 */
package io.resx.gateway.common.positions;
