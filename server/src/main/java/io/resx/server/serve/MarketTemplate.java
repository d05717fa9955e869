package io.resx.server.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.instrument.Domain;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.server.batch.BatchInput;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code resx serve} lists, as products rather than dated symbols: the market is the same every day, its
 * slots are not. A template is NDJSON, one product a line:
 * <pre>
 *   {"list":"SPEC.3550-3560.CELL041","tick":"0.01","lot":"0.1"}                   an ownership, listed once
 *   {"slots":"SPEC.3550-3560.CELL041","every":"PT1H","tick":"0.01","lot":"1"}     its lease slots, rolling
 *   {"slots":"ENRG.KWH.NODE17","every":"PT15M","tick":"0.0001","lot":"0.01"}     energy delivery intervals, rolling
 * </pre>
 * A {@code slots} product names the unit it leases (an ownership symbol) or, for energy, the grid node's symbol
 * without an interval; {@code every} is the slot length, which must tile the day. The {@link MarketClock} lists its
 * slots ahead on the configured horizon.
 */
final class MarketTemplate
{
    /**
     * An instrument listed once.
     *
     * @param symbol its symbol.
     * @param tick   price increment, fixed-point.
     * @param lot    quantity increment, fixed-point.
     */
    record Fixed(String symbol, long tick, long lot)
    {
    }

    /**
     * A product with a slot per {@code every}: lease slots of a unit, or a node's energy intervals.
     *
     * @param base  the leased unit's ownership symbol, or {@code ENRG.KWH.<NODE>} for energy.
     * @param every the slot length.
     * @param tick  price increment, fixed-point.
     * @param lot   quantity increment, fixed-point.
     */
    record Rolling(String base, Duration every, long tick, long lot)
    {
        /**
         * @param start a slot start, aligned to {@link #every}.
         * @return the symbol of that slot.
         */
        String symbolAt(final Instant start)
        {
            if (base.startsWith(Domain.ENERGY.prefix() + "."))
            {
                return InstrumentSymbol.energy(base.substring(base.lastIndexOf('.') + 1), start, every).toString();
            }
            return InstrumentSymbol.parse(base).lease(start, every).toString();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Fixed> fixed;
    private final List<Rolling> rolling;

    private MarketTemplate(final List<Fixed> fixed, final List<Rolling> rolling)
    {
        this.fixed = List.copyOf(fixed);
        this.rolling = List.copyOf(rolling);
    }

    /**
     * @param name {@code @default-template} or a path.
     * @return the template.
     * @throws IllegalArgumentException naming the line and what is wrong with it.
     */
    static MarketTemplate load(final String name)
    {
        final String problem = BatchInput.problemWith(name);
        if (problem != null)
        {
            throw new IllegalArgumentException("market.template: " + problem);
        }
        final List<Fixed> fixed = new ArrayList<>();
        final List<Rolling> rolling = new ArrayList<>();
        final int[] lineNo = new int[1];
        BatchInput.forEachLine(name, line ->
        {
            lineNo[0]++;
            if (line.isBlank())
            {
                return;
            }
            try
            {
                read(JSON.readTree(line), fixed, rolling);
            }
            catch (final JsonProcessingException ex)
            {
                throw new IllegalArgumentException("market.template " + name + " line " + lineNo[0] +
                    ": not a JSON object: " + ex.getOriginalMessage(), ex);
            }
            catch (final IllegalArgumentException | UncheckedIOException ex)
            {
                throw new IllegalArgumentException("market.template " + name + " line " + lineNo[0] + ": " +
                    ex.getMessage(), ex);
            }
        });
        return new MarketTemplate(fixed, rolling);
    }

    private static void read(final JsonNode product, final List<Fixed> fixed, final List<Rolling> rolling)
    {
        final long tick = FixedPoint.parse(text(product, "tick"));
        final long lot = FixedPoint.parse(text(product, "lot"));
        if (tick <= 0 || lot <= 0)
        {
            throw new IllegalArgumentException("tick and lot must be positive");
        }
        if (product.has("list"))
        {
            final InstrumentSymbol symbol = InstrumentSymbol.parse(text(product, "list"));
            if (symbol.slotStart() != null)
            {
                throw new IllegalArgumentException("'list' names an ownership; a dated symbol belongs in 'slots'");
            }
            fixed.add(new Fixed(symbol.toString(), tick, lot));
        }
        else if (product.has("slots"))
        {
            final Duration every = Duration.parse(text(product, "every"));
            final Rolling product1 = new Rolling(text(product, "slots"), every, tick, lot);
            product1.symbolAt(Instant.EPOCH); // checks base and slot length against the symbology
            rolling.add(product1);
        }
        else
        {
            throw new IllegalArgumentException("a product is {\"list\":…} or {\"slots\":…,\"every\":…}");
        }
    }

    private static String text(final JsonNode product, final String field)
    {
        final JsonNode value = product.get(field);
        if (value == null || !value.isTextual())
        {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return value.asText();
    }

    /** @return the instruments listed once. */
    List<Fixed> fixed()
    {
        return fixed;
    }

    /** @return the products listed slot by slot. */
    List<Rolling> rolling()
    {
        return rolling;
    }
}
