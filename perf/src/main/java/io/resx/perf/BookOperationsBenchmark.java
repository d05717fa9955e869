package io.resx.perf;

import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.matching.OrderBook;
import io.resx.perf.workload.EngineFixture;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Single book operations on one deep book: {@code levels} price levels a side, {@code ordersPerLevel} orders
 * a level, bids below and asks above {@link EngineFixture#MID_PRICE} with a two-tick spread.
 * <p>
 * Every benchmark leaves the book as it found it, so no per-invocation set-up is needed; what that costs is
 * that an add cannot be timed without its undo. The operations:
 * <ul>
 *   <li>{@link #addThenCancel}: a resting limit order that does not cross, at the tail of one of the best
 *   {@code addDepth} levels, then its cancel: two commands.</li>
 *   <li>{@link #replaceAlternating}: one command; a resting order's price moves one tick away and, on the
 *   next call, back (losing and re-queueing at the tail each time).</li>
 *   <li>{@link #takeThenReplenish}: an IOC order that fills the first order of the best level in full (one
 *   trade), then a limit order that puts the same quantity back at the tail of that level: two commands.
 *   Buys and sells alternate.</li>
 * </ul>
 * Per-command costs of add, cancel and take alone, on a mix, come from {@link MatcherLatencyHarness}.
 * Each result is per invocation, in ns: divide the two-command ones by two for a per-command mean.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BookOperationsBenchmark extends ForkedBenchmark
{
    private static final int MAKER_ACCOUNTS = 16;
    private static final int TAKER = MAKER_ACCOUNTS;
    private static final int CYCLE = 1024;
    private static final long ORDER_QTY = 5 * EngineFixture.LOT;
    /** ClOrdID numbers of the seeded orders start here; benchmark orders use numbers below it. */
    private static final long SEED_IDS = 1_000_000;

    /** Price levels a side. */
    @Param({"1000"})
    public int levels;

    /** Orders a level. */
    @Param({"4"})
    public int ordersPerLevel;

    /** Adds land at the tail of one of the best {@code addDepth} levels of their side. */
    @Param({"10"})
    public int addDepth;

    private MatchingEngine engine;
    private final EventLog events = new EventLog();

    private final Command[] adds = new Command[CYCLE];
    private final Command[] cancels = new Command[CYCLE];
    private int addIndex;

    private final Command[] replaces = new Command[2];
    private int replaceIndex;

    private final Command[] takers = new Command[2];
    private Command[][] replenish;
    private int takeIndex;

    /** Builds the book and every command the benchmarks send. */
    @Setup(Level.Trial)
    public void setUp()
    {
        final EngineFixture fixture = new EngineFixture(1, MAKER_ACCOUNTS + 1, 4 * levels * ordersPerLevel);
        engine = fixture.engine();
        final Command command = new Command();
        // Seeded level by level, order k of a level from maker k, so a level's queue order is known.
        final long[][] seedIds = new long[2][ordersPerLevel];
        for (int level = 1; level <= levels; level++)
        {
            for (int k = 0; k < ordersPerLevel; k++)
            {
                final long offset = level * EngineFixture.TICK;
                final long bidId = seedId(Side.BUY, level, k);
                final long askId = seedId(Side.SELL, level, k);
                fixture.apply(EngineFixture.newOrder(command, maker(k), 0, bidId, Side.BUY,
                    EngineFixture.MID_PRICE - offset, ORDER_QTY, TimeInForce.GTC));
                fixture.apply(EngineFixture.newOrder(command, maker(k), 0, askId, Side.SELL,
                    EngineFixture.MID_PRICE + offset, ORDER_QTY, TimeInForce.GTC));
                if (level == 1)
                {
                    seedIds[0][k] = bidId;
                    seedIds[1][k] = askId;
                }
            }
        }

        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < CYCLE; i++)
        {
            final Side side = (i & 1) == 0 ? Side.BUY : Side.SELL;
            final long offset = (1 + random.nextInt(Math.min(addDepth, levels))) * EngineFixture.TICK;
            final long price = side == Side.BUY ? EngineFixture.MID_PRICE - offset : EngineFixture.MID_PRICE + offset;
            final int account = random.nextInt(MAKER_ACCOUNTS);
            adds[i] = EngineFixture.newOrder(new Command(), account, 0, i, side, price, ORDER_QTY, TimeInForce.GTC);
            cancels[i] = EngineFixture.cancel(new Command(), account, i);
        }

        // A resting bid at the tenth level moves to the eleventh and back.
        final long replaceId = CYCLE;
        final long basePrice = EngineFixture.MID_PRICE - 10 * EngineFixture.TICK;
        fixture.apply(EngineFixture.newOrder(command, 0, 0, replaceId, Side.BUY, basePrice, ORDER_QTY,
            TimeInForce.GTC));
        replaces[0] = replace(replaceId, replaceId + 1, basePrice - EngineFixture.TICK);
        replaces[1] = replace(replaceId + 1, replaceId, basePrice);

        // Takers fill the head of the best level; the same order comes back at its tail, so the queue rotates.
        final long takerId = CYCLE + 2;
        takers[0] = EngineFixture.newOrder(new Command(), TAKER, 0, takerId, Side.BUY,
            EngineFixture.MID_PRICE + EngineFixture.TICK, ORDER_QTY, TimeInForce.IOC);
        takers[1] = EngineFixture.newOrder(new Command(), TAKER, 0, takerId, Side.SELL,
            EngineFixture.MID_PRICE - EngineFixture.TICK, ORDER_QTY, TimeInForce.IOC);
        replenish = new Command[2][ordersPerLevel];
        for (int k = 0; k < ordersPerLevel; k++)
        {
            // After a buy taker, the filled ask comes back; after a sell taker, the filled bid.
            replenish[0][k] = EngineFixture.newOrder(new Command(), maker(k), 0, seedIds[1][k], Side.SELL,
                EngineFixture.MID_PRICE + EngineFixture.TICK, ORDER_QTY, TimeInForce.GTC);
            replenish[1][k] = EngineFixture.newOrder(new Command(), maker(k), 0, seedIds[0][k], Side.BUY,
                EngineFixture.MID_PRICE - EngineFixture.TICK, ORDER_QTY, TimeInForce.GTC);
        }
    }

    /** Fails the trial if a benchmark did not leave the book as it found it. */
    @TearDown(Level.Trial)
    public void checkBookUnchanged()
    {
        final OrderBook book = engine.book(0);
        final int expected = 2 * levels * ordersPerLevel + 1;
        if (book.bids().depth() != levels || book.asks().depth() != levels ||
            engine.openOrderCount() != expected)
        {
            throw new IllegalStateException("book drifted: " + book.bids().depth() + "/" + book.asks().depth() +
                " levels, " + engine.openOrderCount() + " open orders, expected " + expected);
        }
    }

    /**
     * @return the last event's type, so that nothing is dead code.
     */
    @Benchmark
    public EventType addThenCancel()
    {
        final int i = addIndex++ & (CYCLE - 1);
        engine.process(adds[i], events);
        expect(EventType.ACCEPTED, 1);
        engine.process(cancels[i], events);
        return expect(EventType.ACCEPTED, 2);
    }

    /**
     * @return the last event's type.
     */
    @Benchmark
    public EventType replaceAlternating()
    {
        engine.process(replaces[replaceIndex++ & 1], events);
        return expect(EventType.ACCEPTED, 2);
    }

    /**
     * @return the last event's type.
     */
    @Benchmark
    public EventType takeThenReplenish()
    {
        final int n = takeIndex++;
        final int side = n & 1;
        engine.process(takers[side], events);
        expect(EventType.ACCEPTED, 2);
        engine.process(replenish[side][(n >>> 1) % ordersPerLevel], events);
        return expect(EventType.ACCEPTED, 1);
    }

    private EventType expect(final EventType first, final int size)
    {
        // A cheap guard against a benchmark that silently measures rejects.
        if (events.size() != size || events.get(0).type() != first)
        {
            throw new IllegalStateException("unexpected outcome: " + events.get(0).type() + " " +
                events.get(0).reason() + ", " + events.size() + " events");
        }
        return events.get(size - 1).type();
    }

    private static Command replace(final long origClOrdId, final long clOrdId, final long price)
    {
        final Command command = new Command().type(CommandType.REPLACE).side(Side.BUY).price(price);
        command.account().set(EngineFixture.account(0));
        command.symbol().set(EngineFixture.symbol(0));
        command.origClOrdId().set(EngineFixture.clOrdId(origClOrdId));
        command.clOrdId().set(EngineFixture.clOrdId(clOrdId));
        return command;
    }

    private static int maker(final int k)
    {
        return k % MAKER_ACCOUNTS;
    }

    private static long seedId(final Side side, final int level, final int k)
    {
        return SEED_IDS + (side == Side.BUY ? 0 : 500_000_000L) + level * 1000L + k;
    }
}
