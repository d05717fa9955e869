package io.resx.gateway.common.marketdata;

import io.resx.engine.matching.BookSide;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.matching.Order;
import io.resx.engine.matching.OrderBook;
import io.resx.engine.matching.PriceLevel;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.EventLog;
import io.resx.risk.AccountRegistry;
import io.resx.risk.RiskStage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random command streams through the real {@link MatchingEngine}; after every command the L2 books that
 * {@link BookBuilder} built from the outcomes alone must equal the engine's own depth, level by level (price, open
 * quantity, order count, both sides), and so must a subscriber's copy kept only from the incremental level updates
 * the builder told. The stream has every order type and time in force, post-only, cancels and replaces of live and
 * dead orders, bundles, self-trade prevention policies, and a lease slot that closes (orders cancelled EXPIRED) and
 * expires at the exchange clock's TICKs.
 */
final class BookBuilderPropertyTest
{
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final String LEASE = "SPEC.3550-3560.CELL042@2026-12-01T10:00Z/PT1H";
    /** symbol, tick, lot, centre of the price grid. */
    private static final String[][] INSTRUMENTS = {
        {"SPEC.3550-3560.CELL041", "0.01", "1", "10.00"},
        {"COMP.GPU-H100.EU-WEST", "0.05", "0.1", "10.00"},
        {LEASE, "1", "1", "100"},
    };
    private static final String[] ACCOUNTS = {"A1", "A2", "B1", "C1"};
    private static final String[] OWNERS = {"OA", "OA", "OB", "OC"};

    @Provide
    Arbitrary<List<int[]>> streams()
    {
        return Arbitraries.integers().between(0, 9_999).array(int[].class).ofSize(8).list().ofMinSize(1)
            .ofMaxSize(250);
    }

    @Property(tries = 250)
    void shouldBuildTheEnginesDepthFromTheEventsAfterEveryCommand(@ForAll("streams") final List<int[]> choices)
    {
        final Run run = new Run();
        run.setup();
        for (final int[] choice : choices)
        {
            run.step(run.next(choice));
        }
    }

    /** One stream: the engine, the builder, the subscriber's copy, and the commands issued so far. */
    private static final class Run implements MarketDataListener
    {
        private final MatchingEngine engine = new MatchingEngine(new AccountRegistry(), RiskStage.NONE, 64);
        private final BookBuilder builder = new BookBuilder();
        private final EventLog events = new EventLog();
        private final Map<String, Map<Side, TreeMap<Long, long[]>>> fromIncrements = new HashMap<>();
        private final List<String[]> issued = new ArrayList<>();
        private final List<String> history = new ArrayList<>();
        private long sequence;
        private long clockNs = epochNs(T0);
        private long lastStampNs;
        private int nextId;

        void setup()
        {
            for (final String[] instrument : INSTRUMENTS)
            {
                final Command list = new Command().type(CommandType.LIST).tick(FixedPoint.parse(instrument[1]))
                    .lot(FixedPoint.parse(instrument[2]));
                list.symbol().set(instrument[0]);
                if (instrument[0].equals(LEASE))
                {
                    list.atNs(epochNs(Instant.parse("2026-12-01T09:45:00Z")));
                }
                step(list);
            }
            for (int i = 0; i < ACCOUNTS.length; i++)
            {
                final Command account = new Command().type(CommandType.ACCOUNT);
                account.account().set(ACCOUNTS[i]);
                account.owner().set(OWNERS[i]);
                step(account);
            }
        }

        Command next(final int[] c)
        {
            final int kind = c[0] % 100;
            final String account = ACCOUNTS[c[1] % ACCOUNTS.length];
            final int instrument = c[2] % INSTRUMENTS.length;
            final Side side = c[3] % 2 == 0 ? Side.BUY : Side.SELL;
            if (kind < 45)
            {
                final TimeInForce tif = c[6] % 10 < 7 ? TimeInForce.GTC : c[6] % 10 < 9 ? TimeInForce.IOC :
                    TimeInForce.FOK;
                final Command order = order(account, instrument, side, "o").orderType(OrderType.LIMIT)
                    .price(price(instrument, c[4])).qty(qty(instrument, c[5], 6)).timeInForce(tif);
                return order.postOnly(tif == TimeInForce.GTC && c[7] % 10 == 0);
            }
            if (kind < 52)
            {
                final Command order = order(account, instrument, side, "m").orderType(OrderType.MARKET)
                    .qty(qty(instrument, c[5], 10)).timeInForce(c[6] % 2 == 0 ? TimeInForce.IOC : TimeInForce.GTC);
                return c[7] % 3 == 0 ? order.protectionPrice(price(instrument, c[4])) : order;
            }
            if (kind < 65)
            {
                final String[] target = pick(c[7]);
                final Command cancel = new Command().type(CommandType.CANCEL);
                cancel.account().set(c[6] % 10 == 0 ? account : target[0]);
                cancel.clOrdId().set(freshId("x"));
                cancel.origClOrdId().set(target[1]);
                return cancel;
            }
            if (kind < 83)
            {
                final String[] target = pick(c[7]);
                final int own = Integer.parseInt(target[2]);
                final Command replace = new Command().type(CommandType.REPLACE);
                replace.account().set(target[0]);
                replace.origClOrdId().set(target[1]);
                replace.clOrdId().set(c[6] % 4 == 0 ? target[1] : freshId("r"));
                if (c[6] % 3 != 0)
                {
                    replace.price(price(own, c[4]));
                }
                if (c[6] % 3 != 1)
                {
                    replace.qty(qty(own, c[5], 8));
                }
                issued.add(new String[] {target[0], replace.clOrdId().toString(), target[2]});
                return replace;
            }
            if (kind < 90)
            {
                final Command bundle = new Command().type(CommandType.BUNDLE);
                bundle.account().set(account);
                bundle.clOrdId().set(freshId("k"));
                for (int leg = 0; leg < 2; leg++)
                {
                    final int legInstrument = (instrument + leg) % INSTRUMENTS.length;
                    bundle.addLeg().set((c[3] >> leg) % 2 == 0 ? Side.BUY : Side.SELL,
                        price(legInstrument, c[4] + 3 * leg), qty(legInstrument, c[5] + leg, 3))
                        .symbol().set(INSTRUMENTS[legInstrument][0]);
                }
                return bundle;
            }
            if (kind < 93)
            {
                final Command owner = new Command().type(CommandType.OWNER).stpPolicy(StpPolicy.values()[c[6] % 3]);
                owner.owner().set(OWNERS[c[1] % OWNERS.length]);
                return owner;
            }
            if (kind < 97)
            {
                // the exchange clock moves 7 minutes: the lease slot closes at 09:45 and expires at 11:00
                clockNs += 7 * 60_000_000_000L;
                return new Command().type(CommandType.TICK).admin(true);
            }
            final Command book = new Command().type(CommandType.BOOK).depth(1 + c[6] % 5);
            book.symbol().set(INSTRUMENTS[instrument][0]);
            return book;
        }

        void step(final Command command)
        {
            sequence++;
            lastStampNs = Math.max(lastStampNs + 1, clockNs);
            command.stamp(sequence, lastStampNs);
            engine.process(command, events);
            history.add(sequence + " " + command.type() + " " + command.account() + " " + command.clOrdId() + " " +
                command.symbol() + " -> " + events.size() + " events, first " + events.get(0).type());
            builder.apply(command, events, this);
            compare();
        }

        @Override
        public void onLevel(final L2Book book, final Side side, final long price, final long qty, final int orders)
        {
            final TreeMap<Long, long[]> levels = fromIncrements.computeIfAbsent(book.symbol(),
                s -> new EnumMap<>(Side.class)).computeIfAbsent(side, s -> new TreeMap<>());
            if (qty == 0)
            {
                assertThat(levels).as("a delete names a level the subscriber has").containsKey(price);
                levels.remove(price);
            }
            else
            {
                levels.put(price, new long[] {qty, orders});
            }
        }

        private void compare()
        {
            final String context = "after " + String.join("\n  ", history.subList(Math.max(0, history.size() - 30),
                history.size()));
            int listed = 0;
            for (int b = 0; b < engine.bookCount(); b++)
            {
                final OrderBook expected = engine.book(b);
                final String symbol = expected.symbol().toString();
                final L2Book actual = builder.book(symbol);
                assertThat(actual).as("%s listed; %s", symbol, context).isNotNull();
                listed++;
                for (final Side side : Side.values())
                {
                    final List<String> engineLevels = levels(expected.side(side));
                    assertThat(levels(actual.side(side))).as("%s %s; %s", symbol, side, context)
                        .isEqualTo(engineLevels);
                    assertThat(increments(symbol, side)).as("%s %s from increments; %s", symbol, side, context)
                        .isEqualTo(engineLevels);
                }
                assertThat(queues(builder.restingOrders(symbol))).as("%s order by order, in queue; %s", symbol,
                    context).isEqualTo(queues(expected));
                assertThat(actual.tradeCount()).as("%s trades", symbol).isEqualTo(expected.tradeCount());
                assertThat(actual.closed()).as("%s closed", symbol).isEqualTo(expected.closed());
                if (expected.tradeCount() > 0)
                {
                    assertThat(actual.lastPrice()).as("%s last price", symbol).isEqualTo(expected.lastPrice());
                    assertThat(actual.lastQty()).as("%s last qty", symbol).isEqualTo(expected.lastQty());
                }
            }
            int known = 0;
            for (final L2Book ignored : builder.books())
            {
                known++;
            }
            assertThat(known).as("books; %s", context).isEqualTo(listed);
            assertThat(builder.restingOrders()).as("resting orders; %s", context).isEqualTo(engine.openOrderCount());
            assertThat(builder.lastSequence()).isEqualTo(sequence);
        }

        /** @return every resting order of the engine's book: bids then asks, best first, in time priority. */
        private static List<String> queues(final OrderBook book)
        {
            final List<String> out = new ArrayList<>();
            for (final Side side : new Side[] {Side.BUY, Side.SELL})
            {
                final BookSide levels = book.side(side);
                for (int rank = 0; rank < levels.depth(); rank++)
                {
                    for (Order order = levels.level(rank).head(); order != null; order = order.next())
                    {
                        out.add(side + " " + levels.level(rank).price() + " #" + order.orderId() + " " +
                            order.account().id() + "/" + order.clOrdId() + " " + order.open());
                    }
                }
            }
            return out;
        }

        private static List<String> queues(final List<BookBuilder.RestingView> orders)
        {
            final List<String> out = new ArrayList<>();
            for (final BookBuilder.RestingView order : orders)
            {
                out.add(order.side() + " " + order.price() + " #" + order.orderId() + " " + order.account() + "/" +
                    order.clOrdId() + " " + order.open());
            }
            return out;
        }

        private static List<String> levels(final BookSide side)
        {
            final List<String> out = new ArrayList<>();
            for (int rank = 0; rank < side.depth(); rank++)
            {
                final PriceLevel level = side.level(rank);
                out.add(level.price() + "x" + level.openQty() + "/" + level.orderCount());
            }
            return out;
        }

        private static List<String> levels(final DepthSide side)
        {
            final List<String> out = new ArrayList<>();
            for (final DepthLevel level : side)
            {
                out.add(level.price() + "x" + level.qty() + "/" + level.orders());
            }
            return out;
        }

        private List<String> increments(final String symbol, final Side side)
        {
            final TreeMap<Long, long[]> levels = fromIncrements.getOrDefault(symbol, Map.of()).get(side);
            final List<String> out = new ArrayList<>();
            if (levels != null)
            {
                for (final Map.Entry<Long, long[]> level : (side == Side.BUY ? levels.descendingMap() : levels)
                    .entrySet())
                {
                    out.add(level.getKey() + "x" + level.getValue()[0] + "/" + level.getValue()[1]);
                }
            }
            return out;
        }

        private Command order(final String account, final int instrument, final Side side, final String prefix)
        {
            final Command order = new Command().type(CommandType.NEW_ORDER).side(side);
            order.account().set(account);
            order.clOrdId().set(freshId(prefix));
            order.symbol().set(INSTRUMENTS[instrument][0]);
            issued.add(new String[] {account, order.clOrdId().toString(), Integer.toString(instrument)});
            return order;
        }

        private String[] pick(final int choice)
        {
            return issued.isEmpty() ? new String[] {"A1", "none", "0"} : issued.get(choice % issued.size());
        }

        private String freshId(final String prefix)
        {
            return prefix + nextId++;
        }

        private static long price(final int instrument, final int choice)
        {
            final long tick = FixedPoint.parse(INSTRUMENTS[instrument][1]);
            return FixedPoint.parse(INSTRUMENTS[instrument][3]) + (choice % 7 - 3) * tick;
        }

        private static long qty(final int instrument, final int choice, final int maxLots)
        {
            return FixedPoint.parse(INSTRUMENTS[instrument][2]) * (1 + choice % maxLots);
        }

        private static long epochNs(final Instant instant)
        {
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        }
    }
}
