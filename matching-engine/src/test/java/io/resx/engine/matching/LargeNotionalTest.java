package io.resx.engine.matching;

import io.resx.engine.support.Ev;
import io.resx.engine.support.TestExchange;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.resx.engine.support.Commands.deposit;
import static io.resx.engine.support.Commands.limit;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With risk on, an order is judged by its notional over the whole fixed-point range: 100,000 units at 100.00
 * (10 M cash, a product beyond 64 bits before dividing) is taken and trades; one whose notional does not fit the
 * cash range is refused NOTIONAL_OVERFLOW naming price x qty.
 */
final class LargeNotionalTest
{
    private final TestExchange x = TestExchange.standardWithRisk();

    @Test
    void shouldAcceptAndTradeAnOrderOfTenMillionCash()
    {
        x.given(deposit("A1", "CASH", "20000000"), deposit("B1", "SYM", "100000"));

        assertThat(x.send(limit("B1", "s1", "SYM", SELL, "100.00", "100000")).get(0)).isEqualTo("ACCEPTED B1 s1");
        final List<Ev> events = x.process(limit("A1", "b1", "SYM", BUY, "100.00", "100000"));

        assertThat(events).anySatisfy(e -> assertThat(e.type()).isEqualTo(EventType.TRADE));
        final io.resx.risk.ClearingRisk risk = (io.resx.risk.ClearingRisk)x.engine().risk();
        assertThat(risk.total(x.engine().accounts().account(io.resx.protocol.text.AsciiKey.of("B1")),
            risk.asset("CASH"))).isEqualTo(FixedPoint.parse("10000000"));
    }

    @Test
    void shouldRefuseANotionalBeyondTheCashRangeNamingTheFields()
    {
        x.given(deposit("B1", "SYM", "1000000000000"));

        final List<Ev> events = x.process(limit("B1", "s1", "SYM", SELL, "1000000.00", "1000000000000"));

        assertThat(events).singleElement().satisfies(e ->
        {
            assertThat(e.type()).isEqualTo(EventType.REJECTED);
            assertThat(e.reason()).isEqualTo(RejectReason.NOTIONAL_OVERFLOW);
        });
        assertThat(x.lastEvents().get(0).detail().toString()).contains("price x qty");
    }
}
