package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.text.AsciiKey;
import io.resx.risk.ClearingRisk;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.resx.engine.support.Commands.account;
import static io.resx.engine.support.Commands.deposit;
import static io.resx.engine.support.Commands.fp;
import static io.resx.engine.support.Commands.liftShareRule;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.list;
import static io.resx.engine.support.Commands.shareRule;
import static io.resx.engine.support.Commands.tick;
import static io.resx.engine.support.Commands.use;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Use-it-or-share-it on a spectrum unit: at a slot's gate closure the units its owners neither leased out nor
 * declared in use go to the slot's resting bids at or above the floor, at one price (the floor when they cover all
 * those bids, else the highest losing bid); the
 * owner gets that price less the share, the share's beneficiary the rest; {@code use} keeps a unit out of it; bad
 * input gets its own reject. The exchange time is each command's stamp: the moment below is arbitrary.
 */
final class ShareRuleTest
{
    private static final Instant T0 = Instant.parse("2031-06-15T12:00:00Z");
    private static final String OWN = "SPEC.3550-3560.CELL042";
    private static final String SLOT = OWN + "@2031-06-15T13:00Z/PT1H";
    private static final Instant CLOSES = T0.plus(Duration.ofMinutes(30));
    private static final String COMPUTE = "COMP.GPU-H100.EU-WEST";

    private final TestExchange x = TestExchange.standardWithRisk().at(T0);

    private void market(final String ownerUnits)
    {
        x.given(
            list(OWN, "0.01", "1"),
            list(SLOT, "0.01", "1", CLOSES),
            list(COMPUTE, "0.01", "1"),
            account("F1", "OF"),
            deposit("A1", "CASH", "1000"),
            deposit("C1", "CASH", "1000"),
            deposit("B1", OWN, ownerUnits),
            shareRule(OWN, "2.00", "0.10", "F1"));
    }

    private List<String> trades(final List<String> events)
    {
        final List<String> trades = new ArrayList<>();
        for (final String event : events)
        {
            if (event.startsWith("TRADE"))
            {
                trades.add(event);
            }
        }
        return trades;
    }

    private long cash(final String account)
    {
        return total(account, "CASH");
    }

    private long total(final String account, final String asset)
    {
        final ClearingRisk risk = (ClearingRisk)x.engine().risk();
        return risk.total(x.engine().accounts().account(AsciiKey.of(account)), risk.asset(asset));
    }

    @Test
    void shouldLeaseIdleUnitsToTheBidsAtOnePriceAtGateClosure()
    {
        market("10");
        x.given(limit("A1", "a", SLOT, BUY, "5.00", "3"), limit("C1", "c", SLOT, BUY, "4.00", "2"),
            limit("A1", "low", SLOT, BUY, "1.00", "5"));

        x.at(CLOSES);
        final List<String> events = x.send(tick());
        assertThat(trades(events)).as("both bids at or above the floor win; units to spare: the floor is the price")
            .containsExactly(
                "TRADE " + SLOT + " 3@2.00 buy=A1/a sell=B1/USE-OR-SHARE aggressor=SELL",
                "TRADE " + SLOT + " 2@2.00 buy=C1/c sell=B1/USE-OR-SHARE aggressor=SELL");
        assertThat(events).contains("CANCELLED A1/low " + SLOT + " leaves=5 EXPIRED", "CLOSED " + SLOT);
        assertThat(cash("A1")).isEqualTo(fp("994"));
        assertThat(cash("C1")).isEqualTo(fp("996"));
        assertThat(cash("B1")).as("10 less the 10 % share").isEqualTo(fp("9"));
        assertThat(cash("F1")).isEqualTo(fp("1"));
        assertThat(total("A1", SLOT)).isEqualTo(fp("3"));
        assertThat(total("B1", SLOT)).as("leased out").isEqualTo(fp("-5"));
    }

    @Test
    void shouldServeTheBestBidsFirstWhenUnitsAreScarce()
    {
        market("2");
        x.given(limit("C1", "c1", SLOT, BUY, "3.00", "1"), limit("A1", "a1", SLOT, BUY, "5.00", "1"),
            limit("C1", "c2", SLOT, BUY, "4.00", "1"));

        x.at(CLOSES);
        assertThat(trades(x.send(tick()))).as("the highest losing bid (3.00) sets the price").containsExactly(
            "TRADE " + SLOT + " 1@3.00 buy=A1/a1 sell=B1/USE-OR-SHARE aggressor=SELL",
            "TRADE " + SLOT + " 1@3.00 buy=C1/c2 sell=B1/USE-OR-SHARE aggressor=SELL");
    }

    @Test
    void shouldNotTakeAUnitItsOwnerDeclaredInUse()
    {
        market("3");
        x.given(limit("A1", "a", SLOT, BUY, "5.00", "3"));
        assertThat(x.send(use("B1", SLOT, "2"))).containsExactly("ACCEPTED B1");

        x.at(CLOSES);
        assertThat(trades(x.send(tick()))).as("only the unit not in use goes; the bid's unserved rest sets the price")
            .containsExactly("TRADE " + SLOT + " 1@5.00 buy=A1/a sell=B1/USE-OR-SHARE aggressor=SELL");
    }

    @Test
    void shouldProtectEveryUnitInUse()
    {
        market("3");
        x.given(use("B1", SLOT, "3"), limit("A1", "a", SLOT, BUY, "50.00", "3"));
        assertThat(x.send(limit("B1", "s", SLOT, SELL, "1.00", "1"))).as("a unit in use is not leased either")
            .containsExactly("REJECTED B1 s LEASE_UNIT_COMMITTED");

        x.at(CLOSES);
        assertThat(trades(x.send(tick()))).isEmpty();
        assertThat(cash("A1")).isEqualTo(fp("1000"));
        assertThat(total("B1", SLOT)).isZero();
    }

    @Test
    void shouldLeaveUnitsLeasedInTheMarketAndTakeOnlyTheRest()
    {
        market("3");
        x.given(limit("B1", "s", SLOT, SELL, "6.00", "1"), limit("C1", "lift", SLOT, BUY, "6.00", "1"),
            limit("B1", "s2", SLOT, SELL, "9.00", "1"), limit("A1", "a", SLOT, BUY, "5.00", "5"));

        x.at(CLOSES);
        final List<String> events = x.send(tick());
        assertThat(trades(events)).as("one leased in the market; the offered one is idle at closure too")
            .containsExactly("TRADE " + SLOT + " 2@5.00 buy=A1/a sell=B1/USE-OR-SHARE aggressor=SELL");
        assertThat(events).contains("CANCELLED B1/s2 " + SLOT + " leaves=1 EXPIRED");
        assertThat(total("B1", SLOT)).isEqualTo(fp("-3"));
    }

    @Test
    void shouldNotAssignAnOwnersUnitsToItsOwnBid()
    {
        market("2");
        x.given(deposit("B1", "CASH", "100"), limit("B1", "mine", SLOT, BUY, "9.00", "2"),
            limit("A1", "a", SLOT, BUY, "3.00", "1"));

        x.at(CLOSES);
        assertThat(trades(x.send(tick()))).as("B1's own bid wins nothing of B1's and sets no price: the floor")
            .containsExactly("TRADE " + SLOT + " 1@2.00 buy=A1/a sell=B1/USE-OR-SHARE aggressor=SELL");
    }

    @Test
    void shouldNotLetTheOwnersOwnHighBidSetThePriceWhenUnitsAreScarce()
    {
        market("2");
        x.given(deposit("B1", "CASH", "100"), limit("B1", "mine", SLOT, BUY, "9.00", "2"),
            limit("A1", "a", SLOT, BUY, "5.00", "1"), limit("C1", "c", SLOT, BUY, "4.00", "1"),
            limit("C1", "out", SLOT, BUY, "3.00", "1"));

        x.at(CLOSES);
        assertThat(trades(x.send(tick()))).as("B1's 9.00 goes unserved but sets nothing; C1's 3.00 is the first " +
            "bid excluded and sets the price, below every winner's bid").containsExactly(
            "TRADE " + SLOT + " 1@3.00 buy=A1/a sell=B1/USE-OR-SHARE aggressor=SELL",
            "TRADE " + SLOT + " 1@3.00 buy=C1/c sell=B1/USE-OR-SHARE aggressor=SELL");
        assertThat(cash("B1")).as("100 + 6 less the 10 % share").isEqualTo(fp("105.4"));
    }

    @Test
    void shouldPriceAtTheFloorWhenTheBidsTakeExactlyTheIdleUnits()
    {
        market("3");
        x.given(limit("A1", "a", SLOT, BUY, "5.00", "2"), limit("C1", "c", SLOT, BUY, "4.00", "1"),
            limit("C1", "under", SLOT, BUY, "1.99", "4"));

        x.at(CLOSES);
        assertThat(trades(x.send(tick()))).as("no bid at or above the floor loses: the floor").containsExactly(
            "TRADE " + SLOT + " 2@2.00 buy=A1/a sell=B1/USE-OR-SHARE aggressor=SELL",
            "TRADE " + SLOT + " 1@2.00 buy=C1/c sell=B1/USE-OR-SHARE aggressor=SELL");
    }

    @Test
    void shouldDoNothingOnceTheRuleIsLifted()
    {
        market("2");
        x.given(limit("A1", "a", SLOT, BUY, "5.00", "1"), liftShareRule(OWN));

        x.at(CLOSES);
        assertThat(trades(x.send(tick()))).isEmpty();
    }

    @Test
    void shouldRefuseAUseAtOrAfterGateClosure()
    {
        market("2");
        x.at(CLOSES);
        assertThat(x.send(use("B1", SLOT, "1"))).as("before the tick").containsExactly(
            "REJECTED B1 USE_AFTER_GATE_CLOSURE");
        x.given(tick());
        assertThat(x.send(use("B1", SLOT, "1"))).containsExactly("REJECTED B1 USE_AFTER_GATE_CLOSURE");
    }

    @Test
    void shouldRefuseAUseOfUnitsNotOwnedOrNotOnALeaseSlot()
    {
        market("2");
        assertThat(x.send(use("A1", SLOT, "1"))).containsExactly("REJECTED A1 LEASE_UNIT_NOT_OWNED");
        assertThat(x.send(use("B1", SLOT, "3"))).containsExactly("REJECTED B1 LEASE_UNIT_NOT_OWNED");
        assertThat(x.send(use("B1", OWN, "1"))).containsExactly("REJECTED B1 USE_NOT_LEASE_SLOT");
        assertThat(x.send(use("B1", SLOT, "0.5"))).containsExactly("REJECTED B1 QTY_OFF_LOT");
        x.given(use("B1", SLOT, "2"));
        assertThat(x.send(use("B1", SLOT, "1"))).as("already in use").containsExactly(
            "REJECTED B1 LEASE_UNIT_COMMITTED");
    }

    @Test
    void shouldRefuseABadRuleWithItsOwnReason()
    {
        market("2");
        assertThat(x.send(shareRule(OWN, "0.001", "0.1", "F1"))).containsExactly("REJECTED F1 FLOOR_BELOW_TICK");
        assertThat(x.send(shareRule(OWN, "0", "0.1", "F1"))).containsExactly("REJECTED F1 FLOOR_BELOW_TICK");
        assertThat(x.send(shareRule(OWN, "2.005", "0.1", "F1"))).containsExactly("REJECTED F1 FLOOR_OFF_TICK");
        assertThat(x.send(shareRule(COMPUTE, "2.00", "0.1", "F1"))).containsExactly("REJECTED F1 RULE_NOT_SPECTRUM");
        assertThat(x.send(shareRule(SLOT, "2.00", "0.1", "F1"))).containsExactly("REJECTED F1 RULE_NOT_SPECTRUM");
        assertThat(x.send(shareRule("SYM", "2.00", "0.1", "F1"))).containsExactly("REJECTED F1 RULE_NOT_SPECTRUM");
        assertThat(x.send(shareRule(OWN, "2.00", "1.5", "F1"))).containsExactly("REJECTED F1 INVALID_SHARE");
        assertThat(x.send(shareRule(OWN, "2.00", "0.1", null))).containsExactly("REJECTED MISSING_FIELD");
        assertThat(x.send(shareRule(OWN, "2.00", "0.1", "NOBODY"))).containsExactly(
            "REJECTED NOBODY UNKNOWN_ACCOUNT");
        final Command notAdmin = shareRule(OWN, "2.00", "0.1", "F1").admin(false);
        assertThat(x.send(notAdmin)).containsExactly("REJECTED F1 NOT_ADMIN");
        assertThat(FixedPoint.toString(x.book(OWN).tick(), 2)).isEqualTo("0.01");
    }
}
