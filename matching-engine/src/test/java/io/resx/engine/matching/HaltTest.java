package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import org.junit.jupiter.api.Test;

import static io.resx.engine.support.Commands.bundle;
import static io.resx.engine.support.Commands.cancel;
import static io.resx.engine.support.Commands.halt;
import static io.resx.engine.support.Commands.leg;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.replace;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

/** An admin halts one book: no new orders, replaces or bundle legs on it; cancels still work; resume trades again. */
final class HaltTest
{
    private final TestExchange x = TestExchange.standard();

    @Test
    void shouldAnnounceTheHaltAndRejectNewOrdersOnTheHaltedBookOnly()
    {
        x.given(limit("B1", "s1", "SYM", SELL, "10.00", "5"));

        assertThat(x.send(halt("SYM", true))).containsExactly("ACCEPTED HALT SYM", "HALTED SYM");
        assertThat(x.book("SYM").halted()).isTrue();

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.00", "5")))
            .containsExactly("REJECTED A1 b1 BOOK_HALTED");
        assertThat(x.asks("SYM")).as("resting orders stay").containsExactly("B1/s1 5@10.00");
        assertThat(x.send(limit("A1", "b2", "OTH", BUY, "10.00", "5"))).containsExactly("ACCEPTED A1 b2");
    }

    @Test
    void shouldRejectAReplaceOnAHaltedBookAndKeepTheOrderAsItWas()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "5"), halt("SYM", true));

        assertThat(x.send(replace("A1", "b2", "b1", "10.01", "5"))).containsExactly("REJECTED A1 b2 BOOK_HALTED");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 5@10.00");
    }

    @Test
    void shouldRejectABundleWithALegOnAHaltedBookNamingTheLeg()
    {
        x.given(
            limit("B1", "s1", "SYM", SELL, "10.00", "5"),
            limit("B1", "s2", "OTH", SELL, "20.00", "5"),
            halt("OTH", true));

        assertThat(x.send(bundle("A1", "k1", leg("SYM", BUY, "10.00", "5"), leg("OTH", BUY, "20.00", "5"))))
            .containsExactly("REJECTED A1 k1 BOOK_HALTED leg=1");
        assertThat(x.asks("SYM")).containsExactly("B1/s1 5@10.00");
        assertThat(x.asks("OTH")).containsExactly("B1/s2 5@20.00");
    }

    @Test
    void shouldLetParticipantsCancelOnAHaltedBook()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "10.00", "5"), halt("SYM", true));

        assertThat(x.send(cancel("A1", "x1", "b1"))).containsExactly(
            "ACCEPTED A1 x1",
            "CANCELLED A1/b1 SYM leaves=5 USER");
        assertThat(x.bids("SYM")).isEmpty();
    }

    @Test
    void shouldTradeAgainOnceResumed()
    {
        x.given(limit("B1", "s1", "SYM", SELL, "10.00", "5"), halt("SYM", true));

        assertThat(x.send(halt("SYM", false))).containsExactly("ACCEPTED HALT SYM", "RESUMED SYM");
        assertThat(x.book("SYM").halted()).isFalse();
        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "10.00", "5"))).containsExactly(
            "ACCEPTED A1 b1",
            "TRADE SYM 5@10.00 buy=A1/b1 sell=B1/s1 aggressor=BUY");
    }

    @Test
    void shouldRefuseAHaltWithoutTheAdminMarkerOrOfAnUnlistedSymbol()
    {
        assertThat(x.send(halt("SYM", true).admin(false))).containsExactly("REJECTED NOT_ADMIN");
        assertThat(x.book("SYM").halted()).isFalse();
        assertThat(x.send(halt("NOPE", true))).containsExactly("REJECTED UNKNOWN_SYMBOL");
        assertThat(x.send(halt("", true))).containsExactly("REJECTED MISSING_FIELD");
    }
}
