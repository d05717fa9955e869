package io.resx.engine.matching;

import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.instrument.SymbolFormatException;

/**
 * When an instrument's slot ends, read from its symbol: the one rule the engine applies to a symbol's text. Only
 * symbols with a slot ({@code …@start/duration}: leases and energy intervals) end; every other symbol, ownerships
 * and the plain test symbols the engine also accepts, lasts for ever.
 * <p>
 * Parses through {@link InstrumentSymbol}, which allocates: called on listing, on snapshot load and on the
 * reject path of an order for an instrument that is not listed, never for an order on a listed book.
 */
public final class SlotTimes
{
    private SlotTimes()
    {
    }

    /**
     * @param symbol an instrument symbol.
     * @return the end of its slot in nanoseconds since the epoch; {@link OrderBook#NEVER} when it has none;
     *     {@link Long#MIN_VALUE} when it names a slot but does not follow the symbology.
     */
    public static long endNs(final CharSequence symbol)
    {
        if (!hasSlot(symbol))
        {
            return OrderBook.NEVER;
        }
        try
        {
            return InstrumentSymbol.parse(symbol).slotEndEpochNs();
        }
        catch (final SymbolFormatException ex)
        {
            return Long.MIN_VALUE;
        }
    }

    private static boolean hasSlot(final CharSequence symbol)
    {
        for (int i = 0, n = symbol.length(); i < n; i++)
        {
            if (symbol.charAt(i) == '@')
            {
                return true;
            }
        }
        return false;
    }
}
