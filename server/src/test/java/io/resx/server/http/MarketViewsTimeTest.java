package io.resx.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.instrument.InstrumentSymbol;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's picture of time: an instrument's state from the engine's CLOSED/EXPIRED events and from the exchange
 * clock against its gate closure and slot end; the clock only moves forward; expired instruments are dropped after
 * the retention, with their trades and lease calendar entries. Times are relative to an arbitrary start, no date.
 */
class MarketViewsTimeTest
{
    private static final long TICK = FixedPoint.ONE / 100;
    private static final long LOT = FixedPoint.ONE;
    private static final String UNIT = "SPEC.3550-3560.CELL041";

    private final MarketViews market = new MarketViews(10);
    private final Instant hour = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(Duration.ofHours(5));
    private final String slot = InstrumentSymbol.parse(UNIT).lease(hour, Duration.ofHours(1)).toString();
    private final long startNs = ns(hour);
    private final long closeNs = startNs - TimeUnit.MINUTES.toNanos(15);
    private final long endNs = startNs + TimeUnit.HOURS.toNanos(1);

    @Test
    void shouldFollowTheClockAndTheEnginesEvents()
    {
        market.onListing(UNIT, TICK, LOT, Command.ABSENT, false);
        market.onListing(slot, TICK, LOT, closeNs, false);
        final Instrument lease = market.instrument(slot);
        final Instrument unit = market.instrument(UNIT);
        assertThat(lease.closeNs()).isEqualTo(closeNs);
        assertThat(lease.endNs()).isEqualTo(endNs);
        assertThat(unit.closeNs()).isEqualTo(Long.MAX_VALUE);

        assertThat(market.state(lease, closeNs - 1)).isEqualTo(Instrument.State.TRADING);
        assertThat(market.state(lease, closeNs)).isEqualTo(Instrument.State.CLOSED);
        assertThat(market.state(lease, endNs)).isEqualTo(Instrument.State.EXPIRED);
        assertThat(market.state(unit, Long.MAX_VALUE - 1)).isEqualTo(Instrument.State.TRADING);

        market.onClosed(slot);
        assertThat(market.state(lease, closeNs - 1)).isEqualTo(Instrument.State.CLOSED);
        market.onExpired(slot);
        assertThat(market.state(lease, closeNs - 1)).isEqualTo(Instrument.State.EXPIRED);

        final ObjectNode json = market.instrument(slot).toJson(new ObjectMapper().createObjectNode(),
            Instrument.State.CLOSED);
        assertThat(json.path("state").asText()).isEqualTo("CLOSED");
        assertThat(Instant.parse(json.path("closesAt").asText())).isEqualTo(hour.minus(Duration.ofMinutes(15)));
        assertThat(Instant.parse(json.path("slotEnd").asText())).isEqualTo(hour.plus(Duration.ofHours(1)));
        assertThat(unit.toJson(new ObjectMapper().createObjectNode(), Instrument.State.TRADING).has("closesAt"))
            .isFalse();
    }

    @Test
    void shouldListAClosedListingClosedAndMoveTimeOnlyForward()
    {
        market.onListing(slot, TICK, LOT, closeNs, true);
        assertThat(market.state(market.instrument(slot), closeNs - 1)).isEqualTo(Instrument.State.CLOSED);
        market.onTime(closeNs);
        market.onTime(closeNs - 10);
        assertThat(market.nowNs()).isEqualTo(closeNs);
    }

    @Test
    void shouldDropExpiredInstrumentsAfterTheRetention()
    {
        market.onListing(UNIT, TICK, LOT, Command.ABSENT, false);
        market.onListing(slot, TICK, LOT, closeNs, false);
        market.onTrade(new MarketViews.Trade(1, 1, slot, "7.00", "1", "BUY", "B", "A", hour.toString()));
        assertThat(market.leases(UNIT)).hasSize(1);
        market.onExpired(slot);

        assertThat(market.prune(endNs + MarketViews.RETENTION_NS)).isZero();
        assertThat(market.instrument(slot)).isNotNull();
        assertThat(market.prune(endNs + MarketViews.RETENTION_NS + 1)).isEqualTo(1);
        assertThat(market.instrument(slot)).isNull();
        assertThat(market.trades(slot, 10)).isEmpty();
        assertThat(market.lastPrice(slot)).isNull();
        assertThat(market.leases(UNIT)).isEmpty();
        assertThat(market.instrument(UNIT)).as("ownerships are never dropped").isNotNull();
    }

    private static long ns(final Instant instant)
    {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
