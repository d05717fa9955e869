package io.resx.engine.matching;

import io.resx.engine.support.Ev;
import io.resx.engine.support.TestExchange;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.resx.engine.support.Commands.account;
import static io.resx.engine.support.Commands.cancel;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.list;
import static io.resx.engine.support.Commands.market;
import static io.resx.engine.support.Commands.replace;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static io.resx.protocol.event.RejectReason.DUPLICATE_ACCOUNT;
import static io.resx.protocol.event.RejectReason.DUPLICATE_CLORDID;
import static io.resx.protocol.event.RejectReason.DUPLICATE_SYMBOL;
import static io.resx.protocol.event.RejectReason.INVALID_LOT;
import static io.resx.protocol.event.RejectReason.INVALID_TICK;
import static io.resx.protocol.event.RejectReason.MALFORMED;
import static io.resx.protocol.event.RejectReason.MISSING_FIELD;
import static io.resx.protocol.event.RejectReason.PRICE_NOT_ALLOWED;
import static io.resx.protocol.event.RejectReason.PRICE_NOT_POSITIVE;
import static io.resx.protocol.event.RejectReason.PRICE_OFF_TICK;
import static io.resx.protocol.event.RejectReason.PRICE_OVERFLOW;
import static io.resx.protocol.event.RejectReason.PRICE_REQUIRED;
import static io.resx.protocol.event.RejectReason.QTY_NOT_POSITIVE;
import static io.resx.protocol.event.RejectReason.QTY_OFF_LOT;
import static io.resx.protocol.event.RejectReason.QTY_OVERFLOW;
import static io.resx.protocol.event.RejectReason.QTY_REQUIRED;
import static io.resx.protocol.event.RejectReason.UNKNOWN_ACCOUNT;
import static io.resx.protocol.event.RejectReason.UNKNOWN_ORDER;
import static io.resx.protocol.event.RejectReason.UNKNOWN_SYMBOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad input gets its own specific reject reason and changes nothing: every bad order here would otherwise
 * trade or rest, and after the reject the books, open orders and trade counts are exactly as before.
 */
final class InputValidationTest
{
    private static final long TICK = FixedPoint.parse("0.01");

    private final TestExchange x = TestExchange.standard();

    @BeforeEach
    void restTwoOrders()
    {
        x.given(
            limit("A1", "b1", "SYM", BUY, "10.00", "5"),
            limit("B1", "s1", "SYM", SELL, "10.05", "5"));
    }

    static Stream<Arguments> badCommands()
    {
        return Stream.of(
            arguments("off-tick price", limit("C1", "c1", "SYM", BUY, "10.051", "1"), PRICE_OFF_TICK),
            arguments("off-lot quantity", limit("C1", "c1", "SYM", BUY, "10.05", "1.5"), QTY_OFF_LOT),
            arguments("off-lot quantity on a fractional lot", limit("C1", "c1", "ALT", BUY, "1.00", "0.15"),
                QTY_OFF_LOT),
            arguments("zero quantity", limit("C1", "c1", "SYM", BUY, "10.05", "0"), QTY_NOT_POSITIVE),
            arguments("negative quantity", limit("C1", "c1", "SYM", BUY, "10.05", "-1"), QTY_NOT_POSITIVE),
            arguments("zero price", limit("C1", "c1", "SYM", SELL, "0", "1"), PRICE_NOT_POSITIVE),
            arguments("negative price", limit("C1", "c1", "SYM", SELL, "-10.00", "1"), PRICE_NOT_POSITIVE),
            arguments("price overflow", limit("C1", "c1", "SYM", BUY, "1", "1").price(FixedPoint.MAX_VALUE + TICK),
                PRICE_OVERFLOW),
            arguments("price at Long.MAX", limit("C1", "c1", "SYM", BUY, "1", "1").price(Long.MAX_VALUE),
                PRICE_OVERFLOW),
            arguments("quantity overflow",
                limit("C1", "c1", "SYM", BUY, "10.05", "1").qty(FixedPoint.MAX_VALUE + FixedPoint.ONE),
                QTY_OVERFLOW),
            arguments("unknown symbol", limit("C1", "c1", "NOPE", BUY, "10.05", "1"), UNKNOWN_SYMBOL),
            arguments("missing symbol", limit("C1", "c1", "", BUY, "10.05", "1"), MISSING_FIELD),
            arguments("unknown account", limit("ZZ", "c1", "SYM", BUY, "10.05", "1"), UNKNOWN_ACCOUNT),
            arguments("missing ClOrdID", limit("C1", "", "SYM", BUY, "10.05", "1"), MISSING_FIELD),
            arguments("duplicate ClOrdID", limit("A1", "b1", "SYM", BUY, "10.05", "1"), DUPLICATE_CLORDID),
            arguments("limit without price", limit("C1", "c1", "SYM", BUY, null, "1"), PRICE_REQUIRED),
            arguments("order without quantity", limit("C1", "c1", "SYM", BUY, "10.05", null), QTY_REQUIRED),
            arguments("market with price", market("C1", "c1", "SYM", BUY, "1").price(FixedPoint.parse("10.05")),
                PRICE_NOT_ALLOWED),
            arguments("cancel of unknown order", cancel("A1", "x1", "nope"), UNKNOWN_ORDER),
            arguments("cancel of another account's order", cancel("C1", "x1", "b1"), UNKNOWN_ORDER),
            arguments("cancel without OrigClOrdID", cancel("A1", "x1", ""), MISSING_FIELD),
            arguments("replace of unknown order", replace("A1", "b2", "nope", "10.05", null), UNKNOWN_ORDER),
            arguments("replace from unknown account", replace("ZZ", "b2", "b1", "10.05", null), UNKNOWN_ACCOUNT),
            arguments("replace to off-tick price", replace("A1", "b2", "b1", "10.055", null), PRICE_OFF_TICK),
            arguments("replace to overflowing price",
                replace("A1", "b2", "b1", "1", null).price(FixedPoint.MAX_VALUE + TICK), PRICE_OVERFLOW),
            arguments("replace to overflowing quantity",
                replace("A1", "b2", "b1", "10.05", null).qty(FixedPoint.MAX_VALUE + FixedPoint.ONE), QTY_OVERFLOW),
            arguments("replace to negative quantity", replace("A1", "b2", "b1", "10.05", "-5"), QTY_NOT_POSITIVE),
            arguments("listing with zero tick", list("NEW", "0", "1"), INVALID_TICK),
            arguments("listing with negative lot", list("NEW", "0.01", "-1"), INVALID_LOT),
            arguments("listing a listed symbol", list("SYM", "0.01", "1"), DUPLICATE_SYMBOL),
            arguments("listing without tick", list("NEW", null, "1"), MISSING_FIELD),
            arguments("opening an open account", account("A1", "OB"), DUPLICATE_ACCOUNT),
            arguments("input the edge could not read",
                new Command().invalid(MALFORMED, "not json"), MALFORMED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommands")
    void shouldRejectBadInputWithItsSpecificReasonAndLeaveTheBookUnchanged(
        final String name, final Command command, final RejectReason reason)
    {
        final List<String> bids = x.bids("SYM");
        final List<String> asks = x.asks("SYM");
        final int open = x.engine().openOrderCount();
        final int books = x.engine().bookCount();
        final int accounts = x.engine().accounts().accountCount();

        final List<Ev> events = x.process(command);

        assertThat(events).as(name).hasSize(1);
        assertThat(events.get(0).type()).isEqualTo(EventType.REJECTED);
        assertThat(events.get(0).reason()).isEqualTo(reason);
        assertThat(x.bids("SYM")).isEqualTo(bids);
        assertThat(x.asks("SYM")).isEqualTo(asks);
        assertThat(x.engine().openOrderCount()).isEqualTo(open);
        assertThat(x.engine().bookCount()).isEqualTo(books);
        assertThat(x.engine().accounts().accountCount()).isEqualTo(accounts);
        assertThat(x.book("SYM").tradeCount()).isZero();
        assertThat(x.bids("ALT")).isEmpty();
    }

    @Test
    void shouldKeepTheEdgesDetailOnARejectedInvalidCommand()
    {
        final Command command = new Command().invalid(MALFORMED, "bad json at 3");
        command.account().set("A1");

        final Ev event = x.process(command).get(0);

        assertThat(event.toString()).isEqualTo("REJECTED A1 MALFORMED");
    }

    @Test
    void shouldRejectAnOrderThatWouldOverflowTheOpenQuantityOfItsBookSide()
    {
        final long max = FixedPoint.MAX_VALUE;
        final long fits = Long.MAX_VALUE / max;
        for (int i = 0; i < fits; i++)
        {
            x.given(limit("C1", "big" + i, "OTH", BUY, "1.00", "1").qty(max));
        }

        final List<String> before = x.bids("OTH");
        assertThat(x.send(limit("C1", "one-more", "OTH", BUY, "1.00", "1").qty(max)))
            .containsExactly("REJECTED C1 one-more QTY_OVERFLOW");
        assertThat(x.bids("OTH")).isEqualTo(before);
        assertThat(x.book("OTH").bids().best().openQty()).isEqualTo(fits * max);
    }

    @Test
    void shouldRejectAReplaceThatWouldOverflowTheOpenQuantityOfItsBookSide()
    {
        final long max = FixedPoint.MAX_VALUE;
        final long fits = Long.MAX_VALUE / max;
        for (int i = 0; i < fits; i++)
        {
            x.given(limit("C1", "big" + i, "OTH", BUY, "1.00", "1").qty(max));
        }
        x.given(limit("C1", "small", "OTH", BUY, "0.99", "1"));
        assertThat(x.send(replace("C1", "moved", "small", "1.00", null))).startsWith("ACCEPTED C1 moved");

        assertThat(x.send(replace("C1", "grown", "moved", null, "1").qty(max)))
            .containsExactly("REJECTED C1 grown QTY_OVERFLOW");
        assertThat(x.bids("OTH")).hasSize((int)fits + 1).last().asString().startsWith("C1/moved");
    }
}
