package io.resx.protocol.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import io.resx.protocol.command.Command;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class InstrumentSymbolPropertyTest
{
    private static final long MINUTES_PER_DAY = 24 * 60;
    private static final List<Long> DAY_DIVISORS = List.of(
        1L, 2L, 3L, 4L, 5L, 6L, 10L, 15L, 20L, 30L, 60L, 90L, 120L, 180L, 240L, 360L, 480L, 720L);
    private static final String SYMBOL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-@/:";

    @Property
    void shouldRoundTripEveryValidSymbol(@ForAll("validSymbols") final String text)
    {
        final InstrumentSymbol symbol = InstrumentSymbol.parse(text);

        assertThat(symbol.toString()).isEqualTo(text);
        assertThat(InstrumentSymbol.parse(symbol.toString())).isEqualTo(symbol);
        assertThat(symbol.ownershipSymbol().isLease()).isFalse();
        assertThat(rebuild(symbol)).isEqualTo(symbol);
    }

    @Property
    void shouldEitherRoundTripOrRejectWithSymbolFormatException(@ForAll("garbage") final String text)
    {
        final InstrumentSymbol symbol;
        try
        {
            symbol = InstrumentSymbol.parse(text);
        }
        catch (final SymbolFormatException ex)
        {
            assertThat(ex.problem()).isNotNull();
            assertThat(ex.getMessage()).matches("[\\x20-\\x7e]+").hasSizeLessThanOrEqualTo(Command.MAX_DETAIL_LENGTH);
            return;
        }
        assertThat(symbol.toString()).isEqualTo(text);
        assertThat(rebuild(symbol)).isEqualTo(symbol);
    }

    @Provide
    Arbitrary<String> validSymbols()
    {
        final Arbitrary<String> spectrum = Combinators.combine(
            Arbitraries.longs().between(1, 9_999_998), Arbitraries.longs().between(1, 2000), code())
            .as((lowTenths, widthTenths, location) -> "SPEC." + mhz(lowTenths) + "-" +
                mhz(Math.min(lowTenths + widthTenths, 9_999_999)) + "." + location);
        final Arbitrary<String> compute = Combinators.combine(code(), code()).as((c, r) -> "COMP." + c + "." + r);
        final Arbitrary<String> ownership = Arbitraries.oneOf(spectrum, compute);
        final Arbitrary<String> lease = Combinators.combine(ownership, slot()).as((o, s) -> o + s);
        final Arbitrary<String> energy = Combinators.combine(code(), slot()).as((n, s) -> "ENRG.KWH." + n + s);

        return Arbitraries.oneOf(ownership, lease, energy).filter(s -> s.length() <= InstrumentSymbol.MAX_LENGTH);
    }

    @Provide
    Arbitrary<String> garbage()
    {
        final Arbitrary<String> random = Arbitraries.strings()
            .withChars(SYMBOL_ALPHABET).withCharRange('\u0000', '\u00ff').ofMaxLength(80);
        final Arbitrary<String> symbolish = Arbitraries.strings().withChars(SYMBOL_ALPHABET).ofMaxLength(70);
        final Arbitrary<String> mutated = Combinators.combine(
            validSymbols(), Arbitraries.integers().between(0, 1000), Arbitraries.chars().with(SYMBOL_ALPHABET + "a "),
            Arbitraries.integers().between(0, 2))
            .as(InstrumentSymbolPropertyTest::mutate);

        return Arbitraries.oneOf(random, symbolish, mutated);
    }

    private static Arbitrary<String> code()
    {
        final Arbitrary<String> word = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9')
            .ofMinLength(1).ofMaxLength(8);
        return word.list().ofMinSize(1).ofMaxSize(3).map(words -> String.join("-", words))
            .filter(code -> code.length() <= 24);
    }

    private static Arbitrary<String> slot()
    {
        final Arbitrary<Long> minutes = Arbitraries.oneOf(
            Arbitraries.of(DAY_DIVISORS), Arbitraries.longs().between(1, 366).map(days -> days * MINUTES_PER_DAY));
        final Arbitrary<Long> day = Arbitraries.longs().between(-700_000, 2_900_000); // years ~0000 to ~9900
        return Combinators.combine(day, minutes, Arbitraries.longs().between(0, MINUTES_PER_DAY - 1))
            .as((d, m, minuteOfDay) ->
            {
                final long aligned = m < MINUTES_PER_DAY ? minuteOfDay - minuteOfDay % m : 0;
                final Instant start = Instant.ofEpochSecond((d * MINUTES_PER_DAY + aligned) * 60);
                return "@" + start.toString().substring(0, 16) + "Z/" + duration(m);
            });
    }

    private static String duration(final long minutes)
    {
        final String iso = Duration.ofMinutes(minutes).toString(); // PT15M, PT1H30M, PT24H...
        if (minutes % MINUTES_PER_DAY == 0)
        {
            return "P" + minutes / MINUTES_PER_DAY + "D";
        }
        return minutes % 60 == 0 ? iso : "PT" + minutes + "M";
    }

    private static String mhz(final long tenths)
    {
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : tenths / 10 + "." + tenths % 10;
    }

    private static String mutate(final String valid, final int position, final char c, final int kind)
    {
        final int at = position % (valid.length() + 1);
        switch (kind)
        {
            case 0:
                return valid.substring(0, at) + c + valid.substring(at);
            case 1:
                return at < valid.length() ? valid.substring(0, at) + valid.substring(at + 1) : valid;
            default:
                return at < valid.length() ? valid.substring(0, at) + c + valid.substring(at + 1) : valid;
        }
    }

    private static InstrumentSymbol rebuild(final InstrumentSymbol symbol)
    {
        switch (symbol.domain())
        {
            case SPECTRUM:
            {
                final InstrumentSymbol unit = InstrumentSymbol.spectrum(
                    symbol.channelLowKhz(), symbol.channelHighKhz(), symbol.location());
                return symbol.isLease() ? unit.lease(symbol.slotStart(), symbol.slotDuration()) : unit;
            }
            case COMPUTE:
            {
                final InstrumentSymbol unit = InstrumentSymbol.compute(symbol.computeClass(), symbol.region());
                return symbol.isLease() ? unit.lease(symbol.slotStart(), symbol.slotDuration()) : unit;
            }
            default:
                return InstrumentSymbol.energy(symbol.node(), symbol.slotStart(), symbol.slotDuration());
        }
    }
}
