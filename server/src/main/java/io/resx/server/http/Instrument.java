package io.resx.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.instrument.Domain;
import io.resx.protocol.instrument.InstrumentSymbol;

/**
 * A listed instrument as the API shows it.
 *
 * @param symbol the symbol's text.
 * @param parsed its symbology.
 * @param tick   price increment, fixed-point.
 * @param lot    quantity increment, fixed-point.
 */
record Instrument(String symbol, InstrumentSymbol parsed, long tick, long lot)
{
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
     * @param json an empty object to fill.
     * @return {@code json} with symbol, domain, kind, location, slotStart/slotEnd (lease slots and delivery intervals),
     *     tick and lot.
     */
    ObjectNode toJson(final ObjectNode json)
    {
        json.put("symbol", symbol).put("domain", parsed.domain().name()).put("kind", kind())
            .put("location", location());
        if (parsed.slotStart() != null)
        {
            json.put("slotStart", parsed.slotStart().toString()).put("slotEnd", parsed.slotEnd().toString());
        }
        return json.put("tick", FixedPoint.toString(tick, priceDecimals()))
            .put("lot", FixedPoint.toString(lot, qtyDecimals()));
    }
}
