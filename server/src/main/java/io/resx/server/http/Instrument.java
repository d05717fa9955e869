package io.resx.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.instrument.Domain;
import io.resx.protocol.instrument.InstrumentSymbol;

import java.time.Instant;

/**
 * A listed instrument as the API shows it.
 *
 * @param symbol  the symbol's text.
 * @param parsed  its symbology.
 * @param tick    price increment, fixed-point.
 * @param lot     quantity increment, fixed-point.
 * @param closeNs its gate closure, nanoseconds since the epoch ({@link Long#MAX_VALUE}: it never closes).
 * @param endNs   its slot's end, nanoseconds since the epoch ({@link Long#MAX_VALUE}: it never expires).
 */
record Instrument(String symbol, InstrumentSymbol parsed, long tick, long lot, long closeNs, long endNs)
{
    /** Where an instrument is in its life. */
    enum State
    {
        /** It takes orders. */
        TRADING,
        /** Its gate closure has passed: no more orders, its slot has not ended. */
        CLOSED,
        /** Its slot has ended: its book has left the engine. */
        EXPIRED
    }

    /** @return OWNERSHIP or LEASE. */
    String kind()
    {
        return parsed.isLease() ? "LEASE" : "OWNERSHIP";
    }

    /** @return the cell, region or grid node. */
    String location()
    {
        final Domain domain = parsed.domain();
        return domain == Domain.SPECTRUM ? parsed.location() : domain == Domain.COMPUTE ? parsed.region() :
            parsed.node();
    }

    /** @return the leased unit's ownership symbol for a lease slot, else the symbol itself. */
    String unit()
    {
        return parsed.ownershipSymbol().toString();
    }

    /** @return decimals of a price on this book. */
    int priceDecimals()
    {
        return FixedPoint.decimalsOf(tick);
    }

    /** @return decimals of a quantity on this book. */
    int qtyDecimals()
    {
        return FixedPoint.decimalsOf(lot);
    }

    /**
     * @param nowNs  the exchange time.
     * @param closed whether the engine said it closed (CLOSED event, or a closed listing).
     * @param ended  whether the engine said it expired (EXPIRED event).
     * @return its state at {@code nowNs}: the engine's word, or the clock past its gate closure or end (the engine
     *     refuses orders from that instant, before the tick that announces it).
     */
    State state(final long nowNs, final boolean closed, final boolean ended)
    {
        if (ended || nowNs >= endNs)
        {
            return State.EXPIRED;
        }
        return closed || nowNs >= closeNs ? State.CLOSED : State.TRADING;
    }

    /**
     * @param nanos nanoseconds since the epoch.
     * @return the instant's ISO-8601 text.
     */
    static String iso(final long nanos)
    {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
            .toString();
    }

    /**
     * @param json  an empty object to fill.
     * @param state its state now.
     * @return {@code json} with symbol, domain, kind, location, state, closesAt (instruments with a gate closure),
     *     slotStart/slotEnd (lease slots and delivery intervals), tick and lot.
     */
    ObjectNode toJson(final ObjectNode json, final State state)
    {
        json.put("symbol", symbol).put("domain", parsed.domain().name()).put("kind", kind())
            .put("location", location()).put("state", state.name());
        if (closeNs != Long.MAX_VALUE)
        {
            json.put("closesAt", iso(closeNs));
        }
        if (parsed.slotStart() != null)
        {
            json.put("slotStart", parsed.slotStart().toString()).put("slotEnd", parsed.slotEnd().toString());
        }
        return json.put("tick", FixedPoint.toString(tick, priceDecimals()))
            .put("lot", FixedPoint.toString(lot, qtyDecimals()));
    }
}
