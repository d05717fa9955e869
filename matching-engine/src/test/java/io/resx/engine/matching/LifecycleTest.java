package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import io.resx.protocol.command.Command;
import io.resx.protocol.text.AsciiKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.resx.engine.support.Commands.account;
import static io.resx.engine.support.Commands.bundle;
import static io.resx.engine.support.Commands.cancel;
import static io.resx.engine.support.Commands.deposit;
import static io.resx.engine.support.Commands.leg;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.list;
import static io.resx.engine.support.Commands.replace;
import static io.resx.engine.support.Commands.tick;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instruments live in time: a lease slot trades until its gate closure, is closed by the clock tick at closure
 * (resting orders cancelled EXPIRED, their locks released) and leaves the engine at its end; an ownership never
 * expires. The exchange time is each command's stamp, set here as the sequencer would set it: the moment below is
 * arbitrary, and no rule reads the day the test runs.
 */
final class LifecycleTest
{
    /** Any moment: slots are placed around it. */
    private static final Instant T0 = Instant.parse("2031-06-15T12:00:00Z");
    private static final String OWN = "SPEC.3550-3560.CELL042";
    /** The slot that starts an hour after T0; its gate closure is 30 minutes before it starts. */
    private static final String SLOT = OWN + "@2031-06-15T13:00Z/PT1H";
    private static final Instant SLOT_CLOSES = T0.plus(Duration.ofMinutes(30));
    private static final Instant SLOT_ENDS = T0.plus(Duration.ofHours(2));
    private static final String NEXT = OWN + "@2031-06-15T14:00Z/PT1H";

    private final TestExchange x = TestExchange.standardWithRisk().at(T0);

    private void market()
    {
        x.given(
            list(OWN, "0.01", "0.1"),
            list(SLOT, "0.01", "1", SLOT_CLOSES),
            list(NEXT, "0.01", "1", SLOT_CLOSES.plus(Duration.ofHours(1))),
            deposit("A1", "CASH", "1000"),
            deposit("B1", OWN, "10"));
    }

    /** The command's events without the balance events risk adds (locks taken and released), in short form. */
    private List<String> send(final Command command)
    {
        final List<String> events = new ArrayList<>();
        for (final String event : x.send(command))
        {
            if (!event.startsWith("BOOK ")) // Ev prints a BALANCE event in its BOOK form; no book query here
            {
                events.add(event);
            }
        }
        return events;
    }

    @Test
    void shouldRefuseOrdersAfterGateClosureEvenBeforeTheTick()
    {
        market();
        x.given(limit("B1", "s1", SLOT, SELL, "5.00", "1"));

        x.at(SLOT_CLOSES.minusNanos(1));
        assertThat(send(limit("A1", "b1", SLOT, BUY, "4.00", "1"))).containsExactly("ACCEPTED A1 b1");

        x.at(SLOT_CLOSES);
        assertThat(send(limit("A1", "b2", SLOT, BUY, "5.00", "1")))
            .containsExactly("REJECTED A1 b2 INSTRUMENT_CLOSED");
        assertThat(send(replace("A1", "b3", "b1", "5.00", "1")))
            .containsExactly("REJECTED A1 b3 INSTRUMENT_CLOSED");
        assertThat(send(bundle("A1", "k1", leg(NEXT, BUY, "1.00", "1"), leg(SLOT, BUY, "5.00", "1"))))
            .containsExactly("REJECTED A1 k1 INSTRUMENT_CLOSED leg=1");
        assertThat(x.asks(SLOT)).as("nothing traded on the closed book").containsExactly("B1/s1 1@5.00");
        assertThat(send(cancel("B1", "c1", "s1"))).as("cancels still work")
            .containsExactly("ACCEPTED B1 c1", "CANCELLED B1/s1 " + SLOT + " leaves=1 USER");
    }

    @Test
    void shouldCancelRestingOrdersExpiredAtClosureAndReleaseTheirLocks()
    {
        market();
        // A1's bid locks all its cash: another bid is refused until the closure releases the lock.
        x.given(limit("A1", "b1", SLOT, BUY, "10.00", "100"), limit("B1", "s1", SLOT, SELL, "20.00", "1"));
        assertThat(send(limit("A1", "b2", NEXT, BUY, "10.00", "1")))
            .containsExactly("REJECTED A1 b2 INSUFFICIENT_CASH");

        x.at(SLOT_CLOSES);
        assertThat(send(tick())).containsExactly(
            "ACCEPTED TICK",
            "CANCELLED A1/b1 " + SLOT + " leaves=100 EXPIRED",
            "CANCELLED B1/s1 " + SLOT + " leaves=1 EXPIRED",
            "CLOSED " + SLOT);
        assertThat(x.book(SLOT).closed()).isTrue();
        assertThat(x.bids(SLOT)).isEmpty();
        assertThat(send(limit("A1", "b3", NEXT, BUY, "10.00", "100"))).as("the lock is released")
            .containsExactly("ACCEPTED A1 b3");
        assertThat(send(tick())).as("a later tick closes nothing twice").containsExactly("ACCEPTED TICK");
    }

    @Test
    void shouldDropTheBookAtTheSlotsEndAndRefuseItAsExpired()
    {
        market();
        final int books = x.engine().bookCount();

        x.at(SLOT_ENDS);
        assertThat(send(tick())).containsExactly("ACCEPTED TICK", "CLOSED " + SLOT, "EXPIRED " + SLOT,
            "CLOSED " + NEXT);
        assertThat(x.engine().book(AsciiKey.of(SLOT))).as("the book left the engine").isNull();
        assertThat(x.engine().bookCount()).isEqualTo(books - 1);
        assertThat(send(limit("A1", "b1", SLOT, BUY, "5.00", "1")))
            .containsExactly("REJECTED A1 b1 INSTRUMENT_EXPIRED");
        assertThat(send(list(SLOT, "0.01", "1"))).as("an ended slot is not listed again")
            .containsExactly("REJECTED INSTRUMENT_EXPIRED");
        assertThat(x.book(OWN).closed()).as("ownerships never close").isFalse();
        assertThat(send(limit("B1", "s2", OWN, SELL, "900.00", "1"))).containsExactly("ACCEPTED B1 s2");
    }

    @Test
    void shouldRefuseListingsWhoseTimesAreWrongOrOver()
    {
        final String past = OWN + "@2031-06-15T10:00Z/PT1H";
        assertThat(send(list(past, "0.01", "1"))).containsExactly("REJECTED INSTRUMENT_EXPIRED");
        final String current = OWN + "@2031-06-15T12:00Z/PT1H";
        assertThat(send(list(current, "0.01", "1", T0.minusSeconds(1800))))
            .as("its gate closure has passed").containsExactly("REJECTED INSTRUMENT_CLOSED");
        assertThat(send(list(SLOT, "0.01", "1", SLOT_ENDS.plusSeconds(1))))
            .as("a gate closure after the end").containsExactly("REJECTED INVALID_TIME");
        assertThat(send(list(OWN, "0.01", "1", SLOT_CLOSES)))
            .as("an ownership has no gate closure").containsExactly("REJECTED INVALID_TIME");
        assertThat(send(list(current, "0.01", "1"))).as("without a gate closure it trades until its end")
            .containsExactly("ACCEPTED LIST " + current);
    }

    @Test
    void shouldRefuseATickWithoutAdminRights()
    {
        final Command tick = tick().admin(false);
        assertThat(send(tick)).containsExactly("REJECTED NOT_ADMIN");
    }

    @Test
    void shouldRefuseAnOrderOnASlotThatEndedBeforeItWasEverListed()
    {
        x.given(account("Z1", "OZ"));
        x.at(SLOT_ENDS);
        assertThat(send(limit("Z1", "z1", SLOT, BUY, "5.00", "1")))
            .containsExactly("REJECTED Z1 z1 INSTRUMENT_EXPIRED");
        assertThat(send(limit("Z1", "z2", OWN + "@2031-06-16T13:00Z/PT1H", BUY, "5.00", "1")))
            .as("a future slot that is not listed is simply unknown")
            .containsExactly("REJECTED Z1 z2 UNKNOWN_SYMBOL");
    }
}
