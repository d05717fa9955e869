package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import io.resx.protocol.command.Command;
import org.junit.jupiter.api.Test;

import static io.resx.engine.support.Commands.bundle;
import static io.resx.engine.support.Commands.cancel;
import static io.resx.engine.support.Commands.leg;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.owner;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static io.resx.protocol.command.StpPolicy.CANCEL_RESTING;
import static org.assertj.core.api.Assertions.assertThat;

/** Bundles: all-or-none immediate orders of 2..8 legs on different instruments. */
final class BundleTest
{
    private final TestExchange x = TestExchange.standard();

    @Test
    void shouldFillEveryLegOfABundleInFull()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "5"),
            limit("C1", "b1", "ALT", BUY, "20.00", "2.5"));

        assertThat(x.send(bundle("A1", "k1",
            leg("SYM", BUY, "10.00", "5"),
            leg("ALT", SELL, "20.00", "2.5")))).containsExactly(
            "ACCEPTED A1 k1",
            "TRADE SYM 5@10.00 buy=A1/k1 sell=B1/s1 aggressor=BUY",
            "TRADE ALT 2.5@20.00 buy=C1/b1 sell=A1/k1 aggressor=SELL");
        assertThat(x.asks("SYM")).isEmpty();
        assertThat(x.bids("ALT")).isEmpty();
    }

    @Test
    void shouldFillALegAcrossLevelsAtTheRestingPricesWithinItsLimit()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "2"),
            limit("C1", "s2", "SYM", SELL, "10.02", "2"),
            limit("C1", "s3", "OTH", SELL, "5.00", "1"));

        assertThat(x.send(bundle("A1", "k1", leg("SYM", BUY, "10.02", "3"), leg("OTH", BUY, "5.00", "1"))))
            .containsExactly(
                "ACCEPTED A1 k1",
                "TRADE SYM 2@10.00 buy=A1/k1 sell=B1/s1 aggressor=BUY",
                "TRADE SYM 1@10.02 buy=A1/k1 sell=C1/s2 aggressor=BUY",
                "TRADE OTH 1@5.00 buy=A1/k1 sell=C1/s3 aggressor=BUY");
        assertThat(x.asks("SYM")).containsExactly("C1/s2 1@10.02");
    }

    @Test
    void shouldRejectBundleNamingTheLegThatCannotFill()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "5"),
            limit("C1", "s2", "OTH", SELL, "7.00", "1"));

        assertThat(x.send(bundle("A1", "k1",
            leg("SYM", BUY, "10.00", "5"),
            leg("OTH", BUY, "7.00", "2")))).containsExactly("REJECTED A1 k1 BUNDLE_LEG_UNFILLABLE leg=1");
        assertThat(x.asks("SYM")).containsExactly("B1/s1 5@10.00");
        assertThat(x.asks("OTH")).containsExactly("C1/s2 1@7.00");
        assertThat(x.book("SYM").tradeCount()).isZero();
    }

    @Test
    void shouldRejectABundleWhoseLegLiquidityLiesBeyondItsLimit()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.01", "5"),
            limit("C1", "s2", "OTH", SELL, "7.00", "5"));

        final var events = x.process(bundle("A1", "k1", leg("OTH", BUY, "7.00", "1"), leg("SYM", BUY, "10.00", "5")));

        assertThat(events).hasSize(1);
        assertThat(events.get(0).toString()).isEqualTo("REJECTED A1 k1 BUNDLE_LEG_UNFILLABLE leg=1");
        assertThat(events.get(0).legIndex()).isEqualTo(1);
        assertThat(x.asks("OTH")).containsExactly("C1/s2 5@7.00");
    }

    @Test
    void shouldNotCountLiquidityStpWouldRefuseForABundleLeg()
    {
        x.given(
            limit("A2", "own", "SYM", SELL, "10.00", "5"),
            limit("B1", "s1", "SYM", SELL, "10.00", "5"),
            limit("C1", "s2", "OTH", SELL, "7.00", "1"));

        assertThat(x.send(bundle("A1", "k1", leg("OTH", BUY, "7.00", "1"), leg("SYM", BUY, "10.00", "5"))))
            .containsExactly("REJECTED A1 k1 BUNDLE_LEG_UNFILLABLE leg=1");
        assertThat(x.asks("SYM")).containsExactly("A2/own 5@10.00", "B1/s1 5@10.00");
        assertThat(x.asks("OTH")).containsExactly("C1/s2 1@7.00");
    }

    @Test
    void shouldCancelOwnRestingOrdersInTheWayOfABundleLegUnderCancelResting()
    {
        x.given(
            owner("OA", CANCEL_RESTING),
            limit("A2", "own", "SYM", SELL, "10.00", "5"),
            limit("B1", "s1", "SYM", SELL, "10.00", "5"),
            limit("C1", "s2", "OTH", SELL, "7.00", "1"));

        assertThat(x.send(bundle("A1", "k1", leg("OTH", BUY, "7.00", "1"), leg("SYM", BUY, "10.00", "5"))))
            .containsExactly(
                "ACCEPTED A1 k1",
                "TRADE OTH 1@7.00 buy=A1/k1 sell=C1/s2 aggressor=BUY",
                "CANCELLED A2/own SYM leaves=5 STP",
                "TRADE SYM 5@10.00 buy=A1/k1 sell=B1/s1 aggressor=BUY");
    }

    @Test
    void shouldNeverRestAnyPartOfABundle()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "9"),
            limit("C1", "s2", "OTH", SELL, "7.00", "9"));

        x.send(bundle("A1", "k1", leg("SYM", BUY, "10.00", "5"), leg("OTH", BUY, "7.00", "2")));

        assertThat(x.bids("SYM")).isEmpty();
        assertThat(x.bids("OTH")).isEmpty();
        assertThat(x.engine().openOrderCount()).isEqualTo(2);
        assertThat(x.send(cancel("A1", "x1", "k1"))).containsExactly("REJECTED A1 x1 UNKNOWN_ORDER");
    }

    @Test
    void shouldRejectABundleWithFewerThanTwoLegs()
    {
        x.given(limit("B1", "s1", "SYM", SELL, "10.00", "9"));

        assertThat(x.send(bundle("A1", "k1", leg("SYM", BUY, "10.00", "5"))))
            .containsExactly("REJECTED A1 k1 BUNDLE_LEG_COUNT");
        assertThat(x.send(bundle("A1", "k2"))).containsExactly("REJECTED A1 k2 BUNDLE_LEG_COUNT");
        assertThat(x.asks("SYM")).containsExactly("B1/s1 9@10.00");
    }

    @Test
    void shouldAcceptABundleOfTheMostLegsAllowed()
    {
        final Command bundle = bundle("A1", "k1");
        for (int i = 0; i < Command.MAX_LEGS; i++)
        {
            final String symbol = "I" + i;
            x.given(
                io.resx.engine.support.Commands.list(symbol, "0.01", "1"),
                limit("B1", "s" + i, symbol, SELL, "1.00", "1"));
            bundle.addLeg().set(BUY, 1_000_000L, 1_000_000L).symbol().set(symbol);
        }

        assertThat(x.send(bundle)).hasSize(1 + Command.MAX_LEGS).first().isEqualTo("ACCEPTED A1 k1");
    }

    @Test
    void shouldRejectABundleWithTwoLegsOnTheSameInstrument()
    {
        x.given(limit("B1", "s1", "SYM", SELL, "10.00", "9"), limit("B1", "s2", "OTH", SELL, "1.00", "9"));

        assertThat(x.send(bundle("A1", "k1",
            leg("SYM", BUY, "10.00", "1"), leg("OTH", BUY, "1.00", "1"), leg("SYM", BUY, "10.00", "1"))))
            .containsExactly("REJECTED A1 k1 BUNDLE_DUPLICATE_INSTRUMENT leg=2");
        assertThat(x.asks("SYM")).containsExactly("B1/s1 9@10.00");
    }

    @Test
    void shouldRejectABadLegNamingIt()
    {
        assertThat(x.send(bundle("A1", "k1", leg("SYM", BUY, "10.00", "1"), leg("NOPE", BUY, "1.00", "1"))))
            .containsExactly("REJECTED A1 k1 UNKNOWN_SYMBOL leg=1");
        assertThat(x.send(bundle("A1", "k1", leg("SYM", BUY, "10.001", "1"), leg("OTH", BUY, "1.00", "1"))))
            .containsExactly("REJECTED A1 k1 PRICE_OFF_TICK leg=0");
        assertThat(x.send(bundle("A1", "k1", leg("SYM", BUY, "10.00", "1"), leg("ALT", BUY, "1.00", "0.05"))))
            .containsExactly("REJECTED A1 k1 QTY_OFF_LOT leg=1");
    }

    @Test
    void shouldRejectABundleFromAnUnknownAccount()
    {
        assertThat(x.send(bundle("ZZ", "k1", leg("SYM", BUY, "10.00", "1"), leg("OTH", BUY, "1.00", "1"))))
            .containsExactly("REJECTED ZZ k1 UNKNOWN_ACCOUNT");
    }

    @Test
    void shouldAnswerARetriedBundleAsARetryWithoutTradingAgain()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "5"),
            limit("C1", "s2", "ALT", SELL, "20.00", "5"),
            bundle("A1", "k1", leg("SYM", BUY, "10.00", "1"), leg("ALT", BUY, "20.00", "1")));

        assertThat(x.send(bundle("A1", "k1", leg("SYM", BUY, "10.00", "1"), leg("ALT", BUY, "20.00", "1"))))
            .containsExactly("REJECTED A1 k1 RETRY_OF_ACCEPTED");
        assertThat(x.asks("SYM")).containsExactly("B1/s1 4@10.00");
        assertThat(x.asks("ALT")).containsExactly("C1/s2 4.0@20.00");
    }

    @Test
    void shouldRefuseTheClOrdIdOfAFilledBundleForOtherLegsOrASingleOrder()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "5"),
            limit("C1", "s2", "ALT", SELL, "20.00", "5"),
            bundle("A1", "k1", leg("SYM", BUY, "10.00", "1"), leg("ALT", BUY, "20.00", "1")));

        assertThat(x.send(bundle("A1", "k1", leg("SYM", BUY, "10.00", "2"), leg("ALT", BUY, "20.00", "1"))))
            .containsExactly("REJECTED A1 k1 DUPLICATE_CLORDID");
        assertThat(x.send(bundle("A1", "k1", leg("ALT", BUY, "20.00", "1"), leg("SYM", BUY, "10.00", "1"))))
            .containsExactly("REJECTED A1 k1 DUPLICATE_CLORDID");
        assertThat(x.send(limit("A1", "k1", "SYM", BUY, "10.00", "1")))
            .containsExactly("REJECTED A1 k1 DUPLICATE_CLORDID");
        assertThat(x.asks("SYM")).containsExactly("B1/s1 4@10.00");
    }
}
