package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.CancelReason;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.resx.engine.support.Commands.cancelAllAfter;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.massCancel;
import static io.resx.engine.support.Commands.tick;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

/** Mass cancel, cancel-on-disconnect (by connection tag) and the dead-man switch, each one journaled command. */
final class MassCancelTest
{
    private static final Instant T0 = Instant.parse("2031-03-01T10:00:00Z");

    private final TestExchange x = TestExchange.standard();

    @Test
    void shouldCancelEveryOrderOfTheAccountOnOneSymbolAndLeaveTheRest()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "9.00", "1"), limit("A1", "s1", "SYM", SELL, "11.00", "1"),
            limit("A1", "o1", "OTH", BUY, "9.00", "1"), limit("A2", "b2", "SYM", BUY, "9.00", "1"));

        assertThat(x.send(massCancel("A1", null, "SYM"))).containsExactly("ACCEPTED A1 mc",
            "CANCELLED A1/b1 SYM leaves=1 MASS_CANCEL", "CANCELLED A1/s1 SYM leaves=1 MASS_CANCEL");
        assertThat(x.bids("SYM")).containsExactly("A2/b2 1@9.00");
        assertThat(x.bids("OTH")).containsExactly("A1/o1 1@9.00");
    }

    @Test
    void shouldCancelEveryAccountOfTheOwnerWhenNoAccountIsNamed()
    {
        x.given(limit("A1", "b1", "SYM", BUY, "9.00", "1"), limit("A2", "b2", "OTH", BUY, "9.00", "1"),
            limit("B1", "b3", "SYM", BUY, "8.00", "1"));

        assertThat(x.send(massCancel(null, "OA", null))).containsExactly("ACCEPTED MASS_CANCEL OA",
            "CANCELLED A1/b1 SYM leaves=1 MASS_CANCEL", "CANCELLED A2/b2 OTH leaves=1 MASS_CANCEL");
        assertThat(x.bids("SYM")).containsExactly("B1/b3 1@8.00");
    }

    @Test
    void shouldAcceptAMassCancelThatFindsNothing()
    {
        assertThat(x.send(massCancel("A1", null, null))).containsExactly("ACCEPTED A1 mc");
    }

    @Test
    void shouldRefuseAMassCancelWithoutScopeOrWithAnUnknownOne()
    {
        assertThat(x.send(massCancel(null, null, null))).containsExactly("REJECTED mc MISSING_FIELD");
        assertThat(x.send(massCancel("NOPE", null, null))).containsExactly("REJECTED NOPE mc UNKNOWN_ACCOUNT");
        assertThat(x.send(massCancel(null, "NOPE", null))).containsExactly("REJECTED mc UNKNOWN_OWNER");
        assertThat(x.send(massCancel("A1", null, "NOPE"))).containsExactly("REJECTED A1 mc UNKNOWN_SYMBOL");
        assertThat(x.send(massCancel("A1", null, null).cancelReason(CancelReason.KILL_SWITCH)))
            .containsExactly("REJECTED A1 mc MALFORMED");
    }

    @Test
    void shouldCancelOnlyTheOrdersOfTheDroppedConnection()
    {
        final Command tagged = limit("A1", "b1", "SYM", BUY, "9.00", "1").sessionTag(42);
        final Command otherConnection = limit("A1", "b2", "SYM", BUY, "9.00", "1").sessionTag(43);
        final Command untagged = limit("A2", "b3", "SYM", BUY, "9.00", "1");
        x.given(tagged, otherConnection, untagged);

        final Command drop = massCancel(null, "OA", null).sessionTag(42).cancelReason(CancelReason.DISCONNECT);
        assertThat(x.send(drop)).containsExactly("ACCEPTED MASS_CANCEL OA", "CANCELLED A1/b1 SYM leaves=1 DISCONNECT");
        assertThat(x.bids("SYM")).containsExactly("A1/b2 1@9.00", "A2/b3 1@9.00");
    }

    @Test
    void shouldCancelAllTheAccountsOrdersAtTheFirstTickAfterTheDeadline()
    {
        x.at(T0).given(limit("A1", "b1", "SYM", BUY, "9.00", "1"), limit("A2", "b2", "SYM", BUY, "9.00", "1"),
            cancelAllAfter("A1", 5_000));

        x.at(T0.plusMillis(4_999));
        assertThat(x.send(tick())).containsExactly("ACCEPTED TICK");
        x.at(T0.plusMillis(5_000));
        assertThat(x.send(tick())).containsExactly("ACCEPTED TICK", "CANCELLED A1/b1 SYM leaves=1 DEAD_MAN");
        assertThat(x.bids("SYM")).containsExactly("A2/b2 1@9.00");
        assertThat(x.engine().deadManDeadlineNs(x.engine().accounts().account(io.resx.protocol.text.AsciiKey.of("A1"))))
            .isEqualTo(DeadManSwitches.DISARMED);

        // fired once: a later order of A1 stays
        x.given(limit("A1", "b3", "SYM", BUY, "9.00", "1"));
        x.at(T0.plusMillis(9_000));
        assertThat(x.send(tick())).containsExactly("ACCEPTED TICK");
    }

    @Test
    void shouldMoveTheDeadlineOnRenewalAndDisarmOnZero()
    {
        x.at(T0).given(limit("A1", "b1", "SYM", BUY, "9.00", "1"), cancelAllAfter("A1", 5_000));
        x.at(T0.plusMillis(4_000)).given(cancelAllAfter("A1", 5_000));

        x.at(T0.plusMillis(6_000));
        assertThat(x.send(tick())).containsExactly("ACCEPTED TICK");
        x.at(T0.plusMillis(8_999));
        assertThat(x.send(tick())).containsExactly("ACCEPTED TICK");
        x.given(cancelAllAfter("A1", 0));
        x.at(T0.plusMillis(20_000));
        assertThat(x.send(tick())).containsExactly("ACCEPTED TICK");
        assertThat(x.bids("SYM")).containsExactly("A1/b1 1@9.00");
    }

    @Test
    void shouldRefuseABadDeadManTimeout()
    {
        assertThat(x.send(cancelAllAfter("A1", -1))).containsExactly("REJECTED A1 INVALID_TIMEOUT");
        assertThat(x.send(cancelAllAfter("A1", DeadManSwitches.MAX_TIMEOUT_MS + 1)))
            .containsExactly("REJECTED A1 INVALID_TIMEOUT");
        assertThat(x.send(cancelAllAfter("A1", Command.ABSENT))).containsExactly("REJECTED A1 MISSING_FIELD");
        assertThat(x.send(cancelAllAfter("NOPE", 1))).containsExactly("REJECTED NOPE UNKNOWN_ACCOUNT");
    }

    @Test
    void shouldAnswerARetryWithTheOriginalOrderAndRefuseAReuseWithOtherFields()
    {
        x.at(T0).given(limit("A1", "b1", "SYM", BUY, "9.00", "1"));

        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "9.00", "1"))).containsExactly(
            "REJECTED A1 b1 RETRY_OF_ACCEPTED");
        assertThat(x.lastEvents().get(0).orderId()).isEqualTo(1);
        assertThat(x.send(limit("A1", "b1", "SYM", BUY, "9.01", "1"))).containsExactly(
            "REJECTED A1 b1 DUPLICATE_CLORDID");
        assertThat(x.send(limit("A2", "b1", "SYM", BUY, "9.01", "1"))).containsExactly("ACCEPTED A2 b1");
        assertThat(x.bids("SYM")).containsExactly("A2/b1 1@9.01", "A1/b1 1@9.00");
    }
}
