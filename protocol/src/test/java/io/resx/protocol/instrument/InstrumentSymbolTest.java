package io.resx.protocol.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resx.protocol.instrument.SymbolFormatException.Problem;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class InstrumentSymbolTest
{
    private static final Instant TEN_AM = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void shouldParseSpectrumOwnership()
    {
        final InstrumentSymbol symbol = InstrumentSymbol.parse("SPEC.3550-3560.CELL042");

        assertThat(symbol.domain()).isEqualTo(Domain.SPECTRUM);
        assertThat(symbol.channelLowKhz()).isEqualTo(3_550_000L);
        assertThat(symbol.channelHighKhz()).isEqualTo(3_560_000L);
        assertThat(symbol.location()).isEqualTo("CELL042");
        assertThat(symbol.isLease()).isFalse();
        assertThat(symbol.isDeliveryInterval()).isFalse();
        assertThat(symbol.slotStart()).isNull();
        assertThat(symbol.slotDuration()).isNull();
        assertThat(symbol.slotEnd()).isNull();
        assertThat(symbol.ownershipSymbol()).isSameAs(symbol);
        assertThat(symbol).hasToString("SPEC.3550-3560.CELL042");
    }

    @Test
    void shouldParseSpectrumLeaseWithItsUnderlyingUnit()
    {
        final InstrumentSymbol lease = InstrumentSymbol.parse("SPEC.3550-3560.CELL042@2026-12-01T10:00Z/PT1H");

        assertThat(lease.isLease()).isTrue();
        assertThat(lease.slotStart()).isEqualTo(TEN_AM);
        assertThat(lease.slotDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(lease.slotEnd()).isEqualTo(Instant.parse("2026-12-01T11:00:00Z"));
        assertThat(lease.location()).isEqualTo("CELL042");
        assertThat(lease.ownershipSymbol()).isEqualTo(InstrumentSymbol.parse("SPEC.3550-3560.CELL042"));
        assertThat(lease.ownershipSymbol().isLease()).isFalse();
    }

    @Test
    void shouldParseChannelEdgesWithOneDecimal()
    {
        final InstrumentSymbol symbol = InstrumentSymbol.parse("SPEC.3550.5-3560.5.U4PRUYD");

        assertThat(symbol.channelLowKhz()).isEqualTo(3_550_500L);
        assertThat(symbol.channelHighKhz()).isEqualTo(3_560_500L);
        assertThat(symbol.location()).isEqualTo("U4PRUYD");
    }

    @Test
    void shouldParseComputeOwnershipAndLease()
    {
        final InstrumentSymbol unit = InstrumentSymbol.parse("COMP.GPU-H100.EU-WEST");
        final InstrumentSymbol lease = InstrumentSymbol.parse("COMP.GPU-H100.EU-WEST@2026-12-01T10:00Z/PT1H");

        assertThat(unit.domain()).isEqualTo(Domain.COMPUTE);
        assertThat(unit.computeClass()).isEqualTo("GPU-H100");
        assertThat(unit.region()).isEqualTo("EU-WEST");
        assertThat(unit.isLease()).isFalse();
        assertThat(lease.isLease()).isTrue();
        assertThat(lease.ownershipSymbol()).isEqualTo(unit);
    }

    @Test
    void shouldParseEnergyDeliveryIntervalAsItsOwnOwnership()
    {
        final InstrumentSymbol energy = InstrumentSymbol.parse("ENRG.KWH.NODE17@2026-12-01T10:00Z/PT15M");

        assertThat(energy.domain()).isEqualTo(Domain.ENERGY);
        assertThat(energy.node()).isEqualTo("NODE17");
        assertThat(energy.isDeliveryInterval()).isTrue();
        assertThat(energy.isLease()).isFalse();
        assertThat(energy.slotStart()).isEqualTo(TEN_AM);
        assertThat(energy.slotDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(energy.ownershipSymbol()).isSameAs(energy);
    }

    @Test
    void shouldLookDomainsUpByPrefix()
    {
        assertThat(Domain.fromPrefix("SPEC")).isEqualTo(Domain.SPECTRUM);
        assertThat(Domain.fromPrefix("COMP")).isEqualTo(Domain.COMPUTE);
        assertThat(Domain.fromPrefix("ENRG")).isEqualTo(Domain.ENERGY);
        assertThat(Domain.fromPrefix("spec")).isNull();
        assertThat(Domain.ENERGY.prefix()).isEqualTo("ENRG");
        assertThat(Domain.ENERGY.isLeasable()).isFalse();
    }

    @Test
    void shouldBeEqualByCanonicalText()
    {
        assertThat(InstrumentSymbol.parse("COMP.VCPU-STD.US-EAST"))
            .isEqualTo(InstrumentSymbol.compute("VCPU-STD", "US-EAST"))
            .hasSameHashCodeAs(InstrumentSymbol.parse("COMP.VCPU-STD.US-EAST"))
            .isNotEqualTo(InstrumentSymbol.parse("COMP.VCPU-STD.US-WEST"));
    }

    @Test
    void shouldBuildTheSameSymbolsFromParts()
    {
        final InstrumentSymbol unit = InstrumentSymbol.spectrum(3_550_500L, 3_560_000L, "CELL042");

        assertThat(unit).hasToString("SPEC.3550.5-3560.CELL042");
        assertThat(unit.lease(TEN_AM, Duration.ofHours(1)))
            .hasToString("SPEC.3550.5-3560.CELL042@2026-12-01T10:00Z/PT1H");
        assertThat(InstrumentSymbol.energy("NODE17", TEN_AM, Duration.ofMinutes(15)))
            .hasToString("ENRG.KWH.NODE17@2026-12-01T10:00Z/PT15M");
        assertThat(InstrumentSymbol.compute("GPU-H100", "EU-WEST").lease(TEN_AM.minusSeconds(36_000), Duration.ofDays(1)))
            .hasToString("COMP.GPU-H100.EU-WEST@2026-12-01T00:00Z/P1D");
    }

    @Test
    void shouldRejectPartsThatWouldChangeTheShapeOfABuiltSymbol()
    {
        assertProblem(() -> InstrumentSymbol.compute("GPU", "E@2026-12-01T00:00Z/PT1H"), Problem.BAD_CODE,
            "region 'E@2026-12-01T00:00Z/PT1H' may hold only A-Z, 0-9 and '-'");
        assertProblem(() -> InstrumentSymbol.spectrum(3_550_050L, 3_560_000L, "CELL042"), Problem.BAD_FREQUENCY,
            "channel low 3550050 kHz is not a positive multiple of 100 kHz");
        assertProblem(() -> InstrumentSymbol.energy("NODE17", TEN_AM.plusSeconds(1), Duration.ofMinutes(15)),
            Problem.BAD_SLOT_START, "is not a whole minute");
    }

    @Test
    void shouldRefuseToLeaseWhatIsNotALeasableUnit()
    {
        final InstrumentSymbol energy = InstrumentSymbol.parse("ENRG.KWH.NODE17@2026-12-01T10:00Z/PT15M");
        final InstrumentSymbol lease = InstrumentSymbol.parse("COMP.GPU-H100.EU-WEST@2026-12-01T10:00Z/PT1H");

        assertThatThrownBy(() -> energy.lease(TEN_AM, Duration.ofHours(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> lease.lease(TEN_AM, Duration.ofHours(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseAccessorsOfAnotherDomain()
    {
        final InstrumentSymbol compute = InstrumentSymbol.parse("COMP.GPU-H100.EU-WEST");

        assertThatThrownBy(compute::location).isInstanceOf(IllegalStateException.class)
            .hasMessage("COMP.GPU-H100.EU-WEST is not a SPECTRUM symbol");
        assertThatThrownBy(compute::node).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRejectEmptyText()
    {
        assertProblem("", Problem.EMPTY, "empty symbol");
    }

    @Test
    void shouldRejectTextLongerThanACommandCarries()
    {
        final String longest = "SPEC.3550-3560.ABCDEFGHIJKLMNOPQRSTUVWX@2026-12-01T10:00Z/PT1H";

        assertThat(longest).hasSize(InstrumentSymbol.MAX_LENGTH - 2);
        assertThat(InstrumentSymbol.parse(longest)).hasToString(longest);
        assertProblem("SPEC.3550.5-3560.5.ABCDEFGHIJKLMNOPQRSTUVWX@2026-12-01T10:00Z/PT1H", Problem.TOO_LONG,
            "symbol of 66 characters is longer than the 64 accepted");
    }

    @Test
    void shouldRejectCharactersOutsideTheSymbolAlphabet()
    {
        assertProblem("spec.3550-3560.CELL042", Problem.ILLEGAL_CHARACTER,
            "spec.3550-3560.CELL042: character 's' at index 0 is not allowed (symbols use A-Z, 0-9 and . - @ / :)");
        assertProblem("SPEC.3550-3560.CELL\u00e9", Problem.ILLEGAL_CHARACTER,
            "SPEC.3550-3560.CELL?: character U+00E9 at index 19 is not allowed");
    }

    @Test
    void shouldRejectUnknownDomainPrefix()
    {
        assertProblem("FOO.X.Y", Problem.UNKNOWN_DOMAIN,
            "FOO.X.Y: unknown domain prefix 'FOO' (expected SPEC, COMP or ENRG)");
        assertProblem("SPECTRUM", Problem.UNKNOWN_DOMAIN, "unknown domain prefix 'SPECTRUM'");
    }

    @Test
    void shouldRejectSymbolsMissingParts()
    {
        assertProblem("SPEC", Problem.MALFORMED, "SPEC: expected SPEC.<lowMHz>-<highMHz>.<LOCATION>");
        assertProblem("SPEC.CELL042", Problem.MALFORMED, "expected SPEC.<lowMHz>-<highMHz>.<LOCATION>");
        assertProblem("COMP.GPU-H100", Problem.MALFORMED, "expected COMP.<CLASS>.<REGION>");
        assertProblem("COMP.GPU.H100.EU-WEST", Problem.MALFORMED, "expected COMP.<CLASS>.<REGION>");
        assertProblem("ENRG.NODE17@2026-12-01T10:00Z/PT15M", Problem.MALFORMED, "expected ENRG.KWH.<NODE>@");
        assertProblem("COMP.GPU-H100.EU-WEST@2026-12-01T10:00Z", Problem.MALFORMED,
            "slot '2026-12-01T10:00Z' must be '<start>/<duration>'");
    }

    @Test
    void shouldRejectChannelEdgesThatAreNotMegahertz()
    {
        assertProblem("SPEC.35X0-3560.CELL042", Problem.BAD_FREQUENCY,
            "channel low '35X0' is not a frequency in MHz such as 3550 or 3550.5");
        assertProblem("SPEC.3550-.CELL042", Problem.BAD_FREQUENCY, "channel high '' is not a frequency");
        assertProblem("SPEC.3550.-3560.CELL042", Problem.BAD_FREQUENCY, "channel low '3550.' is not a frequency");
        assertProblem("SPEC.3550.25-3560.CELL042", Problem.BAD_FREQUENCY,
            "channel low '3550.25' has more than one decimal (channel edges are on a 100 kHz grid)");
        assertProblem("SPEC.0-3560.CELL042", Problem.BAD_FREQUENCY, "channel low must be above 0 MHz");
        assertProblem("SPEC.1-1000000.CELL042", Problem.BAD_FREQUENCY,
            "channel high '1000000' is above 999999.9 MHz");
    }

    @Test
    void shouldRejectChannelWhoseLowEdgeIsNotBelowItsHighEdge()
    {
        assertProblem("SPEC.3560-3550.CELL042", Problem.CHANNEL_ORDER,
            "SPEC.3560-3550.CELL042: channel low 3560 MHz is not below high 3550 MHz");
        assertProblem("SPEC.3550-3550.CELL042", Problem.CHANNEL_ORDER, "channel low 3550 MHz is not below");
    }

    @Test
    void shouldRejectBadCodes()
    {
        assertProblem("SPEC.3550-3560.", Problem.BAD_CODE, "location is empty");
        assertProblem("SPEC.3550-3560.ABCDEFGHIJKLMNOPQRSTUVWXY", Problem.BAD_CODE,
            "location 'ABCDEFGHIJKLMNOPQRSTUVWXY' is longer than 24 characters");
        assertProblem("COMP.GPU/H100.EU-WEST", Problem.BAD_CODE,
            "compute class 'GPU/H100' may hold only A-Z, 0-9 and '-'");
        assertProblem("COMP.GPU-H100.-EU", Problem.BAD_CODE, "region '-EU' must not start or end with '-'");
        assertProblem("COMP.GPU--H100.EU", Problem.BAD_CODE, "compute class 'GPU--H100' must not start or end");
        assertProblem("ENRG.KWH.@2026-12-01T10:00Z/PT15M", Problem.BAD_CODE, "node is empty");
    }

    @Test
    void shouldRejectEnergyUnitsOtherThanKilowattHours()
    {
        assertProblem("ENRG.MWH.NODE17@2026-12-01T10:00Z/PT15M", Problem.UNKNOWN_UNIT,
            "unknown energy unit 'MWH' (expected KWH)");
    }

    @Test
    void shouldRequireEnergyToNameItsDeliveryInterval()
    {
        assertProblem("ENRG.KWH.NODE17", Problem.MISSING_DELIVERY_INTERVAL,
            "ENRG.KWH.NODE17: energy needs a delivery interval '@start/duration'");
    }

    @Test
    void shouldRejectBadSlotStart()
    {
        assertProblem("SPEC.3550-3560.CELL042@2026-13-01T10:00Z/PT1H", Problem.BAD_SLOT_START,
            "bad slot start '2026-13-01T10:00Z' (Invalid value for MonthOfYear");
        assertProblem("SPEC.3550-3560.CELL042@2026-02-30T10:00Z/PT1H", Problem.BAD_SLOT_START,
            "bad slot start '2026-02-30T10:00Z'");
        assertProblem("SPEC.3550-3560.CELL042@2026-12-01T24:00Z/PT1H", Problem.BAD_SLOT_START,
            "bad slot start '2026-12-01T24:00Z'");
        assertProblem("SPEC.3550-3560.CELL042@2026-12-01T10:00:00Z/PT1H", Problem.BAD_SLOT_START,
            "bad slot start '2026-12-01T10:00:00Z' (expected yyyy-MM-ddTHH:mmZ in UTC)");
        assertProblem("ENRG.KWH.NODE17@2026-12-1T10:00Z/PT15M", Problem.BAD_SLOT_START,
            "bad delivery interval start '2026-12-1T10:00Z'");
    }

    @Test
    void shouldRejectDurationsOutsideTheGrammar()
    {
        assertProblem("SPEC.3550-3560.CELL042@2026-12-01T10:00Z/1H", Problem.BAD_SLOT_DURATION,
            "slot duration '1H' is not P<n>D, PT<n>H or PT<n>M");
        assertProblem("SPEC.3550-3560.CELL042@2026-12-01T10:00Z/-PT1H", Problem.BAD_SLOT_DURATION,
            "slot duration '-PT1H' is not");
        assertProblem("SPEC.3550-3560.CELL042@2026-12-01T10:00Z/PT1H30M", Problem.BAD_SLOT_DURATION,
            "slot duration 'PT1H30M' is not");
        assertProblem("SPEC.3550-3560.CELL042@2026-12-01T10:00Z/PT30S", Problem.BAD_SLOT_DURATION,
            "slot duration 'PT30S' is not");
        assertProblem("SPEC.3550-3560.CELL042@2026-12-01T00:00Z/P367D", Problem.BAD_SLOT_DURATION,
            "slot duration 'P367D' is longer than P366D");
    }

    @Test
    void shouldRejectDurationsThatDoNotTileTheCalendar()
    {
        assertProblem("SPEC.3550-3560.CELL042@2026-12-01T10:00Z/PT7M", Problem.BAD_SLOT_DURATION,
            "slot duration 'PT7M' neither divides a day nor is whole days");
        assertProblem("SPEC.3550-3560.CELL042@2026-12-01T00:00Z/PT25H", Problem.BAD_SLOT_DURATION,
            "slot duration 'PT25H' neither divides a day");
        assertThat(InstrumentSymbol.parse("SPEC.3550-3560.CELL042@2026-12-01T10:30Z/PT90M").slotDuration())
            .isEqualTo(Duration.ofMinutes(90));
        assertThat(InstrumentSymbol.parse("SPEC.3550-3560.CELL042@2026-12-01T00:00Z/P7D").slotDuration())
            .isEqualTo(Duration.ofDays(7));
    }

    @Test
    void shouldRejectDurationOfZero()
    {
        assertProblem("SPEC.3550-3560.CELL042@2026-12-01T10:00Z/PT0H", Problem.DURATION_NOT_POSITIVE,
            "slot duration must be positive");
        assertProblem("ENRG.KWH.NODE17@2026-12-01T10:00Z/P0D", Problem.DURATION_NOT_POSITIVE,
            "delivery interval duration must be positive");
    }

    @Test
    void shouldRejectSlotThatDoesNotStartOnItsGrid()
    {
        assertProblem("SPEC.3550-3560.CELL042@2026-12-01T10:30Z/PT1H", Problem.SLOT_MISALIGNED,
            "slot start 2026-12-01T10:30Z is not aligned to PT1H (it must be a whole number of PT1H after 00:00Z)");
        assertProblem("ENRG.KWH.NODE17@2026-12-01T10:05Z/PT15M", Problem.SLOT_MISALIGNED,
            "delivery interval start 2026-12-01T10:05Z is not aligned to PT15M");
        assertProblem("COMP.GPU-H100.EU-WEST@2026-12-01T10:00Z/P2D", Problem.SLOT_MISALIGNED,
            "is not aligned to P2D (it must be a whole number of P1D after 00:00Z)");
    }

    @Test
    void shouldRejectNonCanonicalSpellingNamingTheCanonicalOne()
    {
        assertProblem("SPEC.03550-3560.CELL042", Problem.NOT_CANONICAL,
            "channel low '03550' is not canonical; write '3550'");
        assertProblem("SPEC.3550-3560.0.CELL042", Problem.NOT_CANONICAL,
            "channel high '3560.0' is not canonical; write '3560'");
        assertProblem("SPEC.3550-3560.CELL042@2026-12-01T10:00Z/PT60M", Problem.NOT_CANONICAL,
            "slot duration 'PT60M' is not canonical; write 'PT1H'");
        assertProblem("SPEC.3550-3560.CELL042@2026-12-01T00:00Z/PT24H", Problem.NOT_CANONICAL,
            "slot duration 'PT24H' is not canonical; write 'P1D'");
        assertProblem("SPEC.3550-3560.CELL042@2026-12-01T10:00Z/PT01H", Problem.NOT_CANONICAL, "write 'PT1H'");
    }

    private static void assertProblem(final String text, final Problem problem, final String messagePart)
    {
        assertProblem(() -> InstrumentSymbol.parse(text), problem, messagePart);
    }

    private static void assertProblem(final Runnable parse, final Problem problem, final String messagePart)
    {
        assertThatThrownBy(parse::run)
            .isInstanceOfSatisfying(SymbolFormatException.class, ex -> assertThat(ex.problem()).isEqualTo(problem))
            .hasMessageContaining(messagePart);
    }
}
