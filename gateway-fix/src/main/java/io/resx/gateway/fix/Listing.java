package io.resx.gateway.fix;

/**
 * A listed instrument as the gateway learned it from the engine.
 *
 * @param symbol its ResX symbol.
 * @param tick   tick size, fixed-point.
 * @param lot    lot size, fixed-point.
 */
record Listing(String symbol, long tick, long lot)
{
}
