package io.resx.engine.matching;

import io.resx.engine.support.Commands;
import io.resx.engine.support.Ev;
import io.resx.engine.support.RiskCommandStream;
import io.resx.engine.support.TestExchange;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.EventType;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.text.AsciiKey;
import io.resx.risk.AccountRegistry;
import io.resx.risk.ClearingRisk;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The risk stream of {@link RiskPropertyTest} with time in it: the clock moves by random steps across the lease
 * slots' gate closures and ends, with a TICK after each step. Against a reference of the lifecycle rules that reads
 * only each listing's times and the command's stamp:
 * <ul>
 *   <li>an order, replace or bundle is accepted only on a book whose gate closure is still ahead;</li>
 *   <li>after a tick at {@code t}, every book whose gate closure is at or before {@code t} is closed and holds no
 *   order, and every book whose slot ended at or before {@code t} is gone;</li>
 *   <li>and after every command, locks equal what the open orders need and every asset is conserved, so the
 *   cancels at gate closure released exactly what they held.</li>
 * </ul>
 */
final class LifecyclePropertyTest
{
    private static final Instant START = Instant.parse("2026-12-01T08:50:00Z");
    private static final Duration GATE_CLOSURE = Duration.ofMinutes(30);

    @Provide
    Arbitrary<List<int[]>> streams()
    {
        return Arbitraries.integers().between(0, 1_000_000).array(int[].class).ofSize(RiskCommandStream.CHOICES).list()
            .ofMinSize(30).ofMaxSize(150);
    }

    @Property(tries = 200)
    void shouldTradeOnlyBeforeGateClosureAndReleaseEverythingAtClosureAndExpiry(
        @ForAll("streams") final List<int[]> choices)
    {
        final AccountRegistry registry = new AccountRegistry();
        final ClearingRisk risk = new ClearingRisk(registry, 64);
        final MatchingEngine engine = new MatchingEngine(registry, risk, 64);
        Instant now = START;
        final TestExchange x = new TestExchange(engine).at(now);
        final Map<String, long[]> times = new HashMap<>(); // symbol -> {close, end} of the reference
        for (final Command command : RiskCommandStream.setup())
        {
            withGateClosure(command, times);
            x.given(command);
        }
        final Map<String, Long> external = new HashMap<>();
        int step = 0;
        for (final int[] c : choices)
        {
            if (c[0] % 5 == 0)
            {
                now = now.plus(Duration.ofMinutes(c[1] % 50));
                x.at(now);
                assertThat(x.process(Commands.tick()).get(0).type()).isEqualTo(EventType.ACCEPTED);
                checkAfterTick(engine, times, nanos(now));
            }
            final Command command = RiskCommandStream.next(c, step++, false);
            withGateClosure(command, times);
            final List<Ev> outcome = x.process(command);
            final boolean accepted = outcome.get(0).type() == EventType.ACCEPTED;
            if (accepted)
            {
                checkTradable(command, times, nanos(now));
            }
            if (accepted && (command.type() == CommandType.DEPOSIT || command.type() == CommandType.WITHDRAW))
            {
                final String asset = command.symbol().toString().equals("COLLATERAL") ? "CASH" :
                    command.symbol().toString();
                external.merge(asset, command.type() == CommandType.DEPOSIT ? command.amount() : -command.amount(),
                    Long::sum);
            }
            RiskPropertyTest.checkLocks(engine, risk, registry);
            RiskPropertyTest.checkConservation(risk, registry, external);
        }
    }

    /** Gives a lease listing its gate closure, and notes its times for the reference. */
    private static void withGateClosure(final Command command, final Map<String, long[]> times)
    {
        if (command.type() != CommandType.LIST || command.symbol().toString().indexOf('@') < 0)
        {
            return;
        }
        final InstrumentSymbol symbol = InstrumentSymbol.parse(command.symbol());
        command.atNs(nanos(symbol.slotStart().minus(GATE_CLOSURE)));
        times.putIfAbsent(symbol.toString(), new long[] {command.atNs(), nanos(symbol.slotEnd())});
    }

    private static void checkTradable(final Command command, final Map<String, long[]> times, final long nowNs)
    {
        if (command.type() == CommandType.NEW_ORDER || command.type() == CommandType.REPLACE)
        {
            final long[] slot = times.get(command.symbol().toString());
            assertThat(slot == null || nowNs < slot[0]).as("%s accepted at or after its gate closure",
                command.symbol()).isTrue();
        }
        else if (command.type() == CommandType.BUNDLE)
        {
            for (int i = 0; i < command.legCount(); i++)
            {
                final long[] slot = times.get(command.leg(i).symbol().toString());
                assertThat(slot == null || nowNs < slot[0]).isTrue();
            }
        }
    }

    private static void checkAfterTick(final MatchingEngine engine, final Map<String, long[]> times, final long nowNs)
    {
        for (final Map.Entry<String, long[]> slot : times.entrySet())
        {
            final OrderBook book = engine.book(AsciiKey.of(slot.getKey()));
            if (nowNs >= slot.getValue()[1])
            {
                assertThat(book).as("%s ended", slot.getKey()).isNull();
            }
            else if (book != null && nowNs >= slot.getValue()[0])
            {
                assertThat(book.closed()).as("%s past its gate closure", slot.getKey()).isTrue();
                assertThat(book.bids().depth() + book.asks().depth()).as("orders left on %s", slot.getKey()).isZero();
            }
        }
    }

    private static long nanos(final Instant instant)
    {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
