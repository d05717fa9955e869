package io.resx.protocol.instrument;

import io.resx.protocol.command.Command;

import java.time.Duration;
import java.time.Instant;

/**
 * The symbol of one instrument (one order book), as an immutable value. The grammar, which accepts canonical
 * text only:
 * <pre>
 *   SPEC.&lt;lowMHz&gt;-&lt;highMHz&gt;.&lt;LOCATION&gt;[@&lt;start&gt;/&lt;duration&gt;]   SPEC.3550-3560.CELL042
 *   COMP.&lt;CLASS&gt;.&lt;REGION&gt;[@&lt;start&gt;/&lt;duration&gt;]             COMP.GPU-H100.EU-WEST@2026-12-01T10:00Z/PT1H
 *   ENRG.KWH.&lt;NODE&gt;@&lt;start&gt;/&lt;duration&gt;                       ENRG.KWH.NODE17@2026-12-01T10:00Z/PT15M
 * </pre>
 * <ul>
 *   <li>Without a slot, a SPEC or COMP symbol is the ownership of the unit; with one, it is a lease: the right to
 *   use that unit for that slot. Energy is consumed, not leased, so an ENRG symbol always names its delivery
 *   interval.</li>
 *   <li>Channel edges are MHz on a 100 kHz grid: a positive integer of at most six digits with no leading zero,
 *   optionally one decimal that is not 0 ({@code 3550}, {@code 3550.5}, {@code 0.5}); low below high.</li>
 *   <li>LOCATION (a cell id or an upper-case geohash), CLASS, REGION and NODE are codes: 1 to 24 of
 *   {@code A-Z 0-9}, in words joined by single hyphens ({@code GPU-H100}, {@code 9Q8YY}).</li>
 *   <li>The start is UTC to the minute, exactly {@code yyyy-MM-ddTHH:mmZ}.</li>
 *   <li>The duration is {@code P<n>D}, {@code PT<n>H} or {@code PT<n>M}, written in the largest unit that holds
 *   it exactly ({@code PT1H}, never {@code PT60M}; {@code P1D}, never {@code PT24H}), at most {@code P366D}. It
 *   either divides a day (PT15M, PT1H, PT90M...) or is whole days, so slots tile the calendar.</li>
 *   <li>The start is aligned: a whole number of durations after midnight UTC for a slot shorter than a day
 *   (a PT1H slot starts on the hour, a PT15M one on a quarter hour), midnight UTC for one of whole days.</li>
 *   <li>At most {@link #MAX_LENGTH} characters in all, the longest symbol a command carries.</li>
 * </ul>
 * Since only canonical text parses, {@code parse(s).toString().equals(s)} for every accepted {@code s}, and
 * equality is equality of the text.
 */
public final class InstrumentSymbol
{
    /** Longest symbol, in characters. */
    public static final int MAX_LENGTH = Command.MAX_SYMBOL_LENGTH;

    private final String text;
    private final Domain domain;
    private final long channelLowKhz;
    private final long channelHighKhz;
    private final String first;
    private final String second;
    private final Instant slotStart;
    private final Duration slotDuration;

    InstrumentSymbol(
        final String text,
        final Domain domain,
        final long channelLowKhz,
        final long channelHighKhz,
        final String first,
        final String second,
        final Instant slotStart,
        final Duration slotDuration)
    {
        this.text = text;
        this.domain = domain;
        this.channelLowKhz = channelLowKhz;
        this.channelHighKhz = channelHighKhz;
        this.first = first;
        this.second = second;
        this.slotStart = slotStart;
        this.slotDuration = slotDuration;
    }

    /**
     * Parses a symbol.
     *
     * @param text canonical symbol text.
     * @return the symbol.
     * @throws SymbolFormatException naming the first part that is wrong and why.
     */
    public static InstrumentSymbol parse(final CharSequence text)
    {
        return SymbolParser.parse(text);
    }

    /**
     * The ownership of a spectrum channel at a location.
     *
     * @param channelLowKhz  low channel edge in kHz, a multiple of 100.
     * @param channelHighKhz high channel edge in kHz, a multiple of 100.
     * @param location       cell id or upper-case geohash.
     * @return the symbol.
     * @throws SymbolFormatException when a part breaks the grammar.
     */
    public static InstrumentSymbol spectrum(final long channelLowKhz, final long channelHighKhz, final String location)
    {
        SymbolParser.checkFrequencyKhz("channel low", channelLowKhz);
        SymbolParser.checkFrequencyKhz("channel high", channelHighKhz);
        SymbolParser.checkCode(null, "location", location);
        return parse(Domain.SPECTRUM.prefix() + '.' + SymbolParser.formatMhz(channelLowKhz) + '-' +
            SymbolParser.formatMhz(channelHighKhz) + '.' + location);
    }

    /**
     * The ownership of a compute class in a region.
     *
     * @param computeClass such as {@code GPU-H100}.
     * @param region       such as {@code EU-WEST}.
     * @return the symbol.
     * @throws SymbolFormatException when a part breaks the grammar.
     */
    public static InstrumentSymbol compute(final String computeClass, final String region)
    {
        SymbolParser.checkCode(null, "compute class", computeClass);
        SymbolParser.checkCode(null, "region", region);
        return parse(Domain.COMPUTE.prefix() + '.' + computeClass + '.' + region);
    }

    /**
     * Energy at a grid node for one delivery interval.
     *
     * @param node     grid node such as {@code NODE17}.
     * @param start    start of the delivery interval, a whole minute.
     * @param duration length of the delivery interval, whole minutes.
     * @return the symbol.
     * @throws SymbolFormatException when a part breaks the grammar.
     */
    public static InstrumentSymbol energy(final String node, final Instant start, final Duration duration)
    {
        SymbolParser.checkCode(null, "node", node);
        return parse(Domain.ENERGY.prefix() + '.' + SymbolParser.ENERGY_UNIT + '.' + node + slotText(start, duration));
    }

    /**
     * The lease of this ownership unit for one slot.
     *
     * @param start    start of the slot, a whole minute.
     * @param duration length of the slot, whole minutes.
     * @return the lease symbol.
     * @throws IllegalStateException when this symbol is not the ownership of a leasable unit.
     * @throws SymbolFormatException when the slot breaks the grammar.
     */
    public InstrumentSymbol lease(final Instant start, final Duration duration)
    {
        if (!domain.isLeasable() || null != slotStart)
        {
            throw new IllegalStateException(text + " is not the ownership of a leasable unit");
        }
        return parse(text + slotText(start, duration));
    }

    /** @return the domain. */
    public Domain domain()
    {
        return domain;
    }

    /** @return true for a SPEC or COMP lease: the right to use a unit for a slot. */
    public boolean isLease()
    {
        return domain.isLeasable() && null != slotStart;
    }

    /** @return true for an ENRG symbol, whose slot is the interval the energy is delivered in. */
    public boolean isDeliveryInterval()
    {
        return !domain.isLeasable();
    }

    /**
     * The instrument whose holder owns what this symbol trades: for a lease, the underlying unit (the symbol
     * without its slot); otherwise this symbol, as ownership and energy symbols are bought outright.
     *
     * @return the ownership symbol.
     */
    public InstrumentSymbol ownershipSymbol()
    {
        if (!isLease())
        {
            return this;
        }
        return new InstrumentSymbol(
            text.substring(0, text.indexOf('@')), domain, channelLowKhz, channelHighKhz, first, second, null, null);
    }

    /** @return start of the lease slot or delivery interval, or null for an ownership symbol. */
    public Instant slotStart()
    {
        return slotStart;
    }

    /** @return length of the lease slot or delivery interval, or null for an ownership symbol. */
    public Duration slotDuration()
    {
        return slotDuration;
    }

    /** @return end (exclusive) of the lease slot or delivery interval, or null for an ownership symbol. */
    public Instant slotEnd()
    {
        return null == slotStart ? null : slotStart.plus(slotDuration);
    }

    /**
     * @return the end of the slot or delivery interval in nanoseconds since the epoch, for code that keeps time as
     *     a {@code long} (the engine, which uses no java.time).
     * @throws IllegalStateException for an ownership symbol, which has no slot.
     */
    public long slotEndEpochNs()
    {
        final Instant end = slotEnd();
        return end.getEpochSecond() * 1_000_000_000L + end.getNano();
    }

    /**
     * @return low channel edge in kHz.
     * @throws IllegalStateException when the domain is not {@link Domain#SPECTRUM}.
     */
    public long channelLowKhz()
    {
        requireDomain(Domain.SPECTRUM);
        return channelLowKhz;
    }

    /**
     * @return high channel edge in kHz.
     * @throws IllegalStateException when the domain is not {@link Domain#SPECTRUM}.
     */
    public long channelHighKhz()
    {
        requireDomain(Domain.SPECTRUM);
        return channelHighKhz;
    }

    /**
     * @return cell id or geohash of a spectrum channel.
     * @throws IllegalStateException when the domain is not {@link Domain#SPECTRUM}.
     */
    public String location()
    {
        requireDomain(Domain.SPECTRUM);
        return first;
    }

    /**
     * @return the compute class, such as {@code GPU-H100}.
     * @throws IllegalStateException when the domain is not {@link Domain#COMPUTE}.
     */
    public String computeClass()
    {
        requireDomain(Domain.COMPUTE);
        return first;
    }

    /**
     * @return the compute region, such as {@code EU-WEST}.
     * @throws IllegalStateException when the domain is not {@link Domain#COMPUTE}.
     */
    public String region()
    {
        requireDomain(Domain.COMPUTE);
        return second;
    }

    /**
     * @return the grid node energy is delivered at.
     * @throws IllegalStateException when the domain is not {@link Domain#ENERGY}.
     */
    public String node()
    {
        requireDomain(Domain.ENERGY);
        return first;
    }

    /** @return the canonical text; {@code parse(toString())} equals this symbol. */
    public String toString()
    {
        return text;
    }

    /** {@inheritDoc} Symbols are equal when their canonical texts are. */
    public boolean equals(final Object other)
    {
        return this == other || (other instanceof InstrumentSymbol && text.equals(((InstrumentSymbol)other).text));
    }

    /** {@inheritDoc} */
    public int hashCode()
    {
        return text.hashCode();
    }

    private void requireDomain(final Domain expected)
    {
        if (domain != expected)
        {
            throw new IllegalStateException(text + " is not a " + expected + " symbol");
        }
    }

    private static String slotText(final Instant start, final Duration duration)
    {
        if (start.getNano() != 0 || start.getEpochSecond() % 60 != 0)
        {
            throw new SymbolFormatException(SymbolFormatException.Problem.BAD_SLOT_START, null,
                "slot start " + start + " is not a whole minute");
        }
        if (duration.isNegative() || duration.isZero())
        {
            throw new SymbolFormatException(SymbolFormatException.Problem.DURATION_NOT_POSITIVE, null,
                "slot duration must be positive");
        }
        if (duration.getNano() != 0 || duration.getSeconds() % 60 != 0)
        {
            throw new SymbolFormatException(SymbolFormatException.Problem.BAD_SLOT_DURATION, null,
                "slot duration " + duration + " is not whole minutes");
        }
        return '@' + SymbolParser.formatStart(start) + '/' + SymbolParser.formatDuration(duration.toMinutes());
    }
}
