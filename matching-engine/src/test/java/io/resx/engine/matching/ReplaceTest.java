package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import org.junit.jupiter.api.Test;

import static io.resx.engine.support.Commands.cancel;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.owner;
import static io.resx.engine.support.Commands.replace;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static io.resx.protocol.command.StpPolicy.CANCEL_RESTING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancel/replace with FIX semantics: the new quantity is the new total, the new ClOrdID names the order from
 * then on, a price change or more open quantity loses time priority, a decrease keeps it.
 */
final class ReplaceTest
{
    private final TestExchange x = TestExchange.standard();

    @Test
    void shouldTreatTheNewQuantityAsTheOrdersNewTotal()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "10.00", "10"),
            limit("B1", "s1", "SYM", SELL, "10.00", "3"));

        assertThat(x.send(replace("A1", "b2", "b1", null, "8"))).containsExactly(
            "ACCEPTED A1 b2",
            "REPLACED A1/b2 was=b1 SYM 8@10.00");
        assertThat(x.bids("SYM")).containsExactly("A1/b2 5@10.00");
        assertThat(x.book("SYM").bids().best().openQty()).isEqualTo(5_000_000L);
    }

    @Test
    void shouldNameTheOrderByTheNewClOrdIdFromThenOn()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "5"), replace("A1", "b2", "b1", "10.01", null));

        assertThat(x.send(cancel("A1", "x1", "b1"))).containsExactly("REJECTED A1 x1 UNKNOWN_ORDER");
        assertThat(x.send(replace("A1", "b3", "b1", "10.02", null))).containsExactly("REJECTED A1 b3 UNKNOWN_ORDER");
        assertThat(x.send(cancel("A1", "x2", "b2"))).containsExactly(
            "ACCEPTED A1 x2",
            "CANCELLED A1/b2 SYM leaves=5 USER");
    }

    @Test
    void shouldKeepTimePriorityWhenReplaceOnlyReducesQuantity()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "10.00", "5"),
            limit("B1", "b2", "SYM", BUY, "10.00", "5"));

        x.send(replace("A1", "b1r", "b1", "10.00", "4"));

        assertThat(x.bids("SYM")).containsExactly("A1/b1r 4@10.00", "B1/b2 5@10.00");
        assertThat(x.send(limit("C1", "s1", "SYM", SELL, "10.00", "1"))).containsExactly(
            "ACCEPTED C1 s1",
            "TRADE SYM 1@10.00 buy=A1/b1r sell=C1/s1 aggressor=SELL");
    }

    @Test
    void shouldKeepTimePriorityWhenReplaceChangesNeitherPriceNorQuantity()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "10.00", "5"),
            limit("B1", "b2", "SYM", BUY, "10.00", "5"));

        assertThat(x.send(replace("A1", "b1r", "b1", "10.00", "5")))
            .containsExactly("ACCEPTED A1 b1r", "REPLACED A1/b1r was=b1 SYM 5@10.00");
        assertThat(x.bids("SYM")).containsExactly("A1/b1r 5@10.00", "B1/b2 5@10.00");
    }

    @Test
    void shouldLoseTimePriorityWhenReplaceIncreasesQuantity()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "10.00", "5"),
            limit("B1", "b2", "SYM", BUY, "10.00", "5"));

        x.send(replace("A1", "b1r", "b1", null, "6"));

        assertThat(x.bids("SYM")).containsExactly("B1/b2 5@10.00", "A1/b1r 6@10.00");
    }

    @Test
    void shouldLoseTimePriorityWhenReplaceRaisesTheTotalAboveWhatWasOpen()
    {
        // 5 of 10 filled: a new total of 11 leaves 6 open, more than the 5 it had.
        x.given(
            limit("A1", "b1", "SYM", BUY, "10.00", "10"),
            limit("C1", "s1", "SYM", SELL, "10.00", "5"),
            limit("B1", "b2", "SYM", BUY, "10.00", "5"));

        x.send(replace("A1", "b1r", "b1", null, "11"));

        assertThat(x.bids("SYM")).containsExactly("B1/b2 5@10.00", "A1/b1r 6@10.00");
    }

    @Test
    void shouldLoseTimePriorityWhenReplaceChangesPrice()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "10.00", "5"),
            limit("B1", "b2", "SYM", BUY, "10.00", "5"));

        x.send(replace("A1", "b1r", "b1", "9.99", null));
        x.send(replace("A1", "b1s", "b1r", "10.00", "4"));

        assertThat(x.bids("SYM")).containsExactly("B1/b2 5@10.00", "A1/b1s 4@10.00");
    }

    @Test
    void shouldTradeAsTheAggressorWhenAReplacedOrderNowCrosses()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "9.90", "5"),
            limit("B1", "s1", "SYM", SELL, "10.00", "2"));

        assertThat(x.send(replace("A1", "b2", "b1", "10.05", null))).containsExactly(
            "ACCEPTED A1 b2",
            "REPLACED A1/b2 was=b1 SYM 5@10.05",
            "TRADE SYM 2@10.00 buy=A1/b2 sell=B1/s1 aggressor=BUY");
        assertThat(x.bids("SYM")).containsExactly("A1/b2 3@10.05");
        assertThat(x.asks("SYM")).isEmpty();
    }

    @Test
    void shouldRemoveAReplacedOrderThatFillsInFullAsTheAggressor()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "9.90", "2"),
            limit("B1", "s1", "SYM", SELL, "10.00", "5"));

        x.send(replace("A1", "b2", "b1", "10.00", null));

        assertThat(x.bids("SYM")).isEmpty();
        assertThat(x.send(cancel("A1", "x1", "b2"))).containsExactly("REJECTED A1 x1 UNKNOWN_ORDER");
        assertThat(x.engine().openOrderCount()).isEqualTo(1);
    }

    @Test
    void shouldCancelOrderWhenReplacedToQuantityAtOrBelowFilled()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "10.00", "10"),
            limit("A1", "b2", "SYM", BUY, "10.00", "10"),
            limit("B1", "s1", "SYM", SELL, "10.00", "14"));

        assertThat(x.send(replace("A1", "b1r", "b1", null, "10")))
            .as("b1 filled in full, so it is no longer open")
            .containsExactly("REJECTED A1 b1r UNKNOWN_ORDER");
        assertThat(x.send(replace("A1", "b2r", "b2", null, "4"))).containsExactly(
            "ACCEPTED A1 b2r",
            "CANCELLED A1/b2r SYM leaves=6 REPLACED_TO_FILLED");
        assertThat(x.send(replace("A1", "b9", "b2", null, "1"))).containsExactly("REJECTED A1 b9 UNKNOWN_ORDER");
        assertThat(x.bids("SYM")).isEmpty();
    }

    @Test
    void shouldCancelOrderWhenReplacedToBelowWhatHasFilled()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "10.00", "10"),
            limit("B1", "s1", "SYM", SELL, "10.00", "4"));

        assertThat(x.send(replace("A1", "b1r", "b1", null, "3"))).containsExactly(
            "ACCEPTED A1 b1r",
            "CANCELLED A1/b1r SYM leaves=6 REPLACED_TO_FILLED");
        assertThat(x.bids("SYM")).isEmpty();
        assertThat(x.engine().openOrderCount()).isZero();
    }

    @Test
    void shouldCancelTheRestOfAReplacedOrderWithStpWhenItWouldTradeWithItsOwner()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "9.90", "5"),
            limit("B1", "s1", "SYM", SELL, "10.00", "2"),
            limit("A2", "own", "SYM", SELL, "10.01", "5"));

        assertThat(x.send(replace("A1", "b2", "b1", "10.01", null))).containsExactly(
            "ACCEPTED A1 b2",
            "REPLACED A1/b2 was=b1 SYM 5@10.01",
            "TRADE SYM 2@10.00 buy=A1/b2 sell=B1/s1 aggressor=BUY",
            "CANCELLED A1/b2 SYM leaves=3 STP");
        assertThat(x.bids("SYM")).isEmpty();
        assertThat(x.asks("SYM")).containsExactly("A2/own 5@10.01");
        assertThat(x.send(cancel("A1", "x1", "b2"))).containsExactly("REJECTED A1 x1 UNKNOWN_ORDER");
        assertThat(x.engine().openOrderCount()).isEqualTo(1);
    }

    @Test
    void shouldCancelOwnRestingOrdersWhenAReplacedOrderCrossesUnderCancelResting()
    {
        x.given(
            owner("OA", CANCEL_RESTING),
            limit("A1", "b1", "SYM", BUY, "9.90", "5"),
            limit("A2", "own", "SYM", SELL, "10.00", "5"),
            limit("B1", "s1", "SYM", SELL, "10.00", "2"));

        assertThat(x.send(replace("A1", "b2", "b1", "10.00", null))).containsExactly(
            "ACCEPTED A1 b2",
            "REPLACED A1/b2 was=b1 SYM 5@10.00",
            "CANCELLED A2/own SYM leaves=5 STP",
            "TRADE SYM 2@10.00 buy=A1/b2 sell=B1/s1 aggressor=BUY");
        assertThat(x.bids("SYM")).containsExactly("A1/b2 3@10.00");
    }

    @Test
    void shouldKeepThePriceWhenAReplaceGivesOnlyAQuantityAndTheQuantityWhenItGivesOnlyAPrice()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "5"));

        assertThat(x.send(replace("A1", "b2", "b1", null, "3"))).endsWith("REPLACED A1/b2 was=b1 SYM 3@10.00");
        assertThat(x.send(replace("A1", "b3", "b2", "9.95", null))).endsWith("REPLACED A1/b3 was=b2 SYM 3@9.95");
    }

    @Test
    void shouldRejectAReplaceToAClOrdIdThatNamesAnotherOpenOrder()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "5"), limit("A1", "b2", "SYM", BUY, "9.00", "5"));

        assertThat(x.send(replace("A1", "b2", "b1", "9.50", null))).containsExactly("REJECTED A1 b2 DUPLICATE_CLORDID");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 5@10.00", "A1/b2 5@9.00");
    }

    @Test
    void shouldNotLetAnAccountReplaceAnotherAccountsOrder()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "5"));

        assertThat(x.send(replace("B1", "b2", "b1", "9.00", null))).containsExactly("REJECTED B1 b2 UNKNOWN_ORDER");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 5@10.00");
    }

    @Test
    void shouldRejectAReplaceWithNeitherPriceNorQuantity()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "5"));

        assertThat(x.send(replace("A1", "b2", "b1", null, null))).containsExactly("REJECTED A1 b2 MISSING_FIELD");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 5@10.00");
    }

    @Test
    void shouldRejectABadReplaceAndLeaveTheOrderAsItWas()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "5"), limit("B1", "b9", "SYM", BUY, "10.00", "5"));

        assertThat(x.send(replace("A1", "b2", "b1", "10.001", null))).containsExactly("REJECTED A1 b2 PRICE_OFF_TICK");
        assertThat(x.send(replace("A1", "b2", "b1", null, "2.5"))).containsExactly("REJECTED A1 b2 QTY_OFF_LOT");
        assertThat(x.send(replace("A1", "b2", "b1", null, "0"))).containsExactly("REJECTED A1 b2 QTY_NOT_POSITIVE");
        assertThat(x.send(replace("A1", "b2", "b1", "0", null))).containsExactly("REJECTED A1 b2 PRICE_NOT_POSITIVE");
        assertThat(x.send(replace("A1", "b2", "b1", "-1", null)))
            .containsExactly("REJECTED A1 b2 PRICE_NOT_POSITIVE");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 5@10.00", "B1/b9 5@10.00");
    }
}
