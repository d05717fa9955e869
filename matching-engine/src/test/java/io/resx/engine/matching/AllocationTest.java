package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static io.resx.engine.support.Commands.bundle;
import static io.resx.engine.support.Commands.book;
import static io.resx.engine.support.Commands.cancel;
import static io.resx.engine.support.Commands.deposit;
import static io.resx.engine.support.Commands.leg;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.market;
import static io.resx.engine.support.Commands.replace;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static io.resx.protocol.command.TimeInForce.FOK;
import static io.resx.protocol.command.TimeInForce.IOC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trading hot path allocates nothing per command once warm: orders come from the pool, price levels from
 * the book side's free list, events from the reused log. The stream mixes adds at several levels, trades,
 * replaces that move and rename, cancels, market, IOC and FOK orders, rejects, bundles and book queries; each
 * cycle leaves the book as it found it, so a steady state exists. The same stream runs with the risk stage too
 * (locks, balance moves and balance events on every order command).
 */
final class AllocationTest
{
    /** Whole cycles of the stream (about 100k commands each way), so both runs end in the same state. */
    private static final int WARM_UP_CYCLES = 120;
    private static final int MEASURED_CYCLES = 120;
    private static final int SLOTS = 64;

    private final TestExchange x = TestExchange.standard();
    private final TestExchange withRisk = TestExchange.standardWithRisk();
    private final List<Command> cycle = new ArrayList<>();
    private final EventLog events = new EventLog();
    private long cyclesRun;

    @BeforeEach
    void buildSteadyStream()
    {
        for (final String account : new String[] {"A1", "A2", "B1", "C1"})
        {
            for (final String asset : new String[] {"CASH", "SYM", "ALT"})
            {
                withRisk.given(deposit(account, asset, "100000000"));
            }
        }
        for (final TestExchange exchange : List.of(x, withRisk))
        {
            for (int i = 0; i < 20; i++)
            {
                exchange.given(
                    limit("B1", "deep-bid" + i, "SYM", BUY, String.valueOf(5 + i * 0.25), "3"),
                    limit("C1", "deep-ask" + i, "SYM", SELL, String.valueOf(20 + i * 0.25), "3"));
            }
            exchange.given(limit("B1", "alt-ask", "ALT", SELL, "50.00", "1"));
        }
        for (int i = 0; i < SLOTS; i++)
        {
            final String price = "10.0" + (i % 8);
            cycle.add(limit("A1", "b" + i, "SYM", BUY, price, "5"));
            cycle.add(limit("A1", "q" + i, "SYM", BUY, price, "2"));
            cycle.add(limit("B1", "s" + i, "SYM", SELL, price, "3").timeInForce(IOC));
            cycle.add(replace("A1", "r" + i, "b" + i, "9.99", "4"));
            cycle.add(replace("A1", "q" + i, "q" + i, null, "1"));
            cycle.add(market("C1", "m" + i, "SYM", SELL, "2"));
            cycle.add(limit("A1", "a" + i, "SYM", SELL, "10.10", "1"));
            cycle.add(cancel("A1", "x" + i, "a" + i));
            cycle.add(limit("C1", "f" + i, "SYM", BUY, "10.00", "5").timeInForce(FOK));
            cycle.add(limit("C1", "bad" + i, "SYM", BUY, "10.001", "5"));
            cycle.add(cancel("A1", "x" + i, "a" + i));
            cycle.add(bundle("B1", "k" + i, leg("SYM", SELL, "5.00", "1"), leg("ALT", BUY, "49.00", "1")));
            cycle.add(book("SYM", 10));
        }
    }

    @Test
    void shouldNotCreateOrdersOnceWarm()
    {
        runCycles(x, WARM_UP_CYCLES);
        final int created = x.engine().pooledOrdersCreated();
        final int open = x.engine().openOrderCount();

        runCycles(x, MEASURED_CYCLES);

        assertThat(x.engine().pooledOrdersCreated()).isEqualTo(created);
        assertThat(x.engine().openOrderCount()).isEqualTo(open);
    }

    @Test
    void shouldAllocateNoBytesPerCommandOnceWarm()
    {
        assertNoAllocationOnceWarm(x);
    }

    @Test
    void shouldAllocateNoBytesPerCommandOnceWarmWithTheRiskStage()
    {
        assertNoAllocationOnceWarm(withRisk);

        // The stream really trades and locks under risk: it is refused only what it is refused without risk.
        final List<String> outcomes = new ArrayList<>();
        final long cycleNs = ++cyclesRun * (ClOrdIdWindow.DEFAULT_WINDOW_NS + cycle.size());
        for (final Command command : cycle)
        {
            command.stamp(command.sequence(), cycleNs);
            withRisk.engine().process(command, events);
            for (int i = 0; i < events.size(); i++)
            {
                final EngineEvent event = events.get(i);
                outcomes.add(event.type() + (event.type() == EventType.REJECTED ? " " + event.reason() : ""));
            }
        }
        assertThat(outcomes).contains("TRADE", "BALANCE", "CANCELLED")
            .filteredOn(e -> e.startsWith("REJECTED"))
            .allMatch(e -> e.endsWith("PRICE_OFF_TICK") || e.endsWith("UNKNOWN_ORDER") ||
                e.endsWith("BUNDLE_LEG_UNFILLABLE"));
    }

    private void assertNoAllocationOnceWarm(final TestExchange exchange)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        runCycles(exchange, WARM_UP_CYCLES);

        // What reading the counter itself costs, so that only the engine's allocation is left.
        final long probe0 = threads.getCurrentThreadAllocatedBytes();
        final long probe1 = threads.getCurrentThreadAllocatedBytes();
        final long before = threads.getCurrentThreadAllocatedBytes();
        runCycles(exchange, MEASURED_CYCLES);
        final long after = threads.getCurrentThreadAllocatedBytes();

        assertThat(after - before - (probe1 - probe0))
            .as("bytes allocated by %d commands", MEASURED_CYCLES * cycle.size())
            .isZero();
    }

    /**
     * Each cycle is stamped a ClOrdID window after the one before, so that its ClOrdIDs, the same in every cycle,
     * are free again (the window's entries are recycled, not allocated) rather than retries.
     */
    private void runCycles(final TestExchange exchange, final int cycles)
    {
        final MatchingEngine engine = exchange.engine();
        final int size = cycle.size();
        for (int c = 0; c < cycles; c++)
        {
            final long cycleNs = ++cyclesRun * (ClOrdIdWindow.DEFAULT_WINDOW_NS + size);
            for (int i = 0; i < size; i++)
            {
                final Command command = cycle.get(i);
                command.stamp(command.sequence(), cycleNs + i);
                engine.process(command, events);
            }
        }
    }
}
