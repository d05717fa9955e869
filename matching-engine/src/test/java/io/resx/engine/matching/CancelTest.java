package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import org.junit.jupiter.api.Test;

import static io.resx.engine.support.Commands.cancel;
import static io.resx.engine.support.Commands.limit;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

/** Cancelling open orders: only by the account that owns them, only while they are open. */
final class CancelTest
{
    private final TestExchange x = TestExchange.standard();

    @Test
    void shouldCancelARestingOrderWithReasonUserAndItsOpenQuantity()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "5"));

        assertThat(x.send(cancel("A1", "x1", "b1"))).containsExactly(
            "ACCEPTED A1 x1",
            "CANCELLED A1/b1 SYM leaves=5 USER");
        assertThat(x.bids("SYM")).isEmpty();
        assertThat(x.engine().openOrderCount()).isZero();
    }

    @Test
    void shouldReportOnlyTheOpenQuantityOfAPartiallyFilledOrderAsLeaves()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "10.00", "5"),
            limit("B1", "s1", "SYM", SELL, "10.00", "2"));

        assertThat(x.send(cancel("A1", "x1", "b1"))).containsExactly(
            "ACCEPTED A1 x1",
            "CANCELLED A1/b1 SYM leaves=3 USER");
    }

    @Test
    void shouldCancelOnlyTheNamedOrderAndKeepTheOthersInTheirPlace()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "10.00", "1"),
            limit("A1", "b2", "SYM", BUY, "10.00", "2"),
            limit("A1", "b3", "SYM", BUY, "10.00", "3"));

        x.send(cancel("A1", "x1", "b2"));

        assertThat(x.bids("SYM")).containsExactly("A1/b1 1@10.00", "A1/b3 3@10.00");
        assertThat(x.book("SYM").bids().best().openQty()).isEqualTo(4_000_000L);
        assertThat(x.book("SYM").bids().best().orderCount()).isEqualTo(2);
    }

    @Test
    void shouldRemoveThePriceLevelWhenItsLastOrderIsCancelled()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "10.00", "1"),
            limit("A1", "b2", "SYM", BUY, "9.99", "1"));

        x.send(cancel("A1", "x1", "b1"));

        assertThat(x.book("SYM").bids().depth()).isEqualTo(1);
        assertThat(x.book("SYM").bids().best().price()).isEqualTo(9_990_000L);
    }

    @Test
    void shouldNotLetAnAccountCancelAnotherAccountsOrder()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "5"));

        assertThat(x.send(cancel("B1", "x1", "b1"))).containsExactly("REJECTED B1 x1 UNKNOWN_ORDER");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 5@10.00");
    }

    @Test
    void shouldNotLetAnAccountCancelAnOrderOfAnotherAccountOfTheSameOwner()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "5"));

        assertThat(x.send(cancel("A2", "x1", "b1"))).containsExactly("REJECTED A2 x1 UNKNOWN_ORDER");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 5@10.00");
    }

    @Test
    void shouldRejectCancelOfAnOrderThatNeverExisted()
    {
        assertThat(x.send(cancel("A1", "x1", "nope"))).containsExactly("REJECTED A1 x1 UNKNOWN_ORDER");
    }

    @Test
    void shouldRejectCancelOfAFilledOrder()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "10.00", "2"),
            limit("B1", "s1", "SYM", SELL, "10.00", "2"));

        assertThat(x.send(cancel("A1", "x1", "b1"))).containsExactly("REJECTED A1 x1 UNKNOWN_ORDER");
    }

    @Test
    void shouldRejectASecondCancelOfTheSameOrder()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "2"), cancel("A1", "x1", "b1"));

        assertThat(x.send(cancel("A1", "x2", "b1"))).containsExactly("REJECTED A1 x2 UNKNOWN_ORDER");
    }

    @Test
    void shouldRejectCancelFromAnUnknownAccount()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "2"));

        assertThat(x.send(cancel("ZZ", "x1", "b1"))).containsExactly("REJECTED ZZ x1 UNKNOWN_ACCOUNT");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 2@10.00");
    }

    @Test
    void shouldRefuseAClOrdIdOfAFinishedOrderWithinTheWindow()
    {
        x.at(java.time.Instant.parse("2031-03-01T10:00:00Z"));
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "2"), cancel("A1", "x1", "b1"));

        x.at(java.time.Instant.parse("2031-03-02T09:59:59Z"));
        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "9.00", "1"))).containsExactly("REJECTED A1 b1 DUPLICATE_CLORDID");
        assertThat(x.bids("SYM")).isEmpty();
    }

    @Test
    void shouldLetAClOrdIdBeUsedAgainOnceTheWindowHasPassed()
    {
        x.at(java.time.Instant.parse("2031-03-01T10:00:00Z"));
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "2"), cancel("A1", "x1", "b1"));

        x.at(java.time.Instant.parse("2031-03-02T10:00:00Z"));
        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "9.00", "1"))).containsExactly("ACCEPTED A1 b1");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 1@9.00");
    }
}
