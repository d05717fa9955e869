package io.resx.engine.matching;

import io.resx.engine.support.CommandStream;
import io.resx.engine.support.Ev;
import io.resx.engine.support.TestExchange;
import io.resx.protocol.command.BundleLeg;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.event.EventType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.resx.engine.support.Commands.book;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random command streams through the engine and through {@link ReferenceExchange}, a simple model written from
 * the rules: every event must agree, and so must the books, order by order. A second property checks invariants
 * on the engine alone: one ACCEPTED or REJECTED first for every command, quantity conserved, no self-trades the
 * owner's policy forbids, a book that is never crossed.
 */
final class EngineModelPropertyTest
{
    private static final String[] SYMBOLS = {"X", "Y", "Z"};

    @Provide
    Arbitrary<List<StpPolicy>> policies()
    {
        return Arbitraries.of(StpPolicy.class).list().ofSize(3);
    }

    @Provide
    Arbitrary<List<int[]>> streams()
    {
        return Arbitraries.integers().between(0, 9_999).array(int[].class).ofSize(CommandStream.CHOICES)
            .list().ofMinSize(1).ofMaxSize(300);
    }

    @Property(tries = 300)
    void shouldGiveTheEventsAndBooksTheRulesDemand(
        @ForAll("policies") final List<StpPolicy> policies, @ForAll("streams") final List<int[]> choices)
    {
        final TestExchange engine = TestExchange.empty();
        final ReferenceExchange model = new ReferenceExchange();
        final List<String> history = new ArrayList<>();
        for (final Command command : CommandStream.setup(policies))
        {
            compareStep(engine, model, command, history);
        }
        final CommandStream stream = new CommandStream();
        for (final int[] choice : choices)
        {
            final Command command = stream.next(choice);
            compareStep(engine, model, command, history);
            stream.issued(command);
        }
        for (final String symbol : SYMBOLS)
        {
            compareStep(engine, model, book(symbol, 1000), history);
            compareBook(engine, model, symbol, history);
        }
        int modelOpen = 0;
        for (final ReferenceExchange.MBook book : model.books().values())
        {
            modelOpen += book.orders.size();
        }
        assertThat(engine.engine().openOrderCount()).isEqualTo(modelOpen);
    }

    @Property(tries = 300)
    void shouldAnswerEveryCommandFirstAndConserveQuantity(
        @ForAll("policies") final List<StpPolicy> policies, @ForAll("streams") final List<int[]> choices)
    {
        final TestExchange engine = TestExchange.empty();
        final Invariants invariants = new Invariants(engine);
        for (final Command command : CommandStream.setup(policies))
        {
            invariants.check(command, engine.process(command));
        }
        final CommandStream stream = new CommandStream();
        for (final int[] choice : choices)
        {
            final Command command = stream.next(choice);
            invariants.check(command, engine.process(command));
            stream.issued(command);
        }
        invariants.checkRestingOrders();
    }

    private static void compareStep(
        final TestExchange engine, final ReferenceExchange model, final Command command, final List<String> history)
    {
        final List<Ev> actual = engine.process(command);
        final List<Ev> expected = model.process(command);
        final List<String> actualText = full(actual);
        history.add(command.sequence() + " " + describe(command) + " -> " + actualText);
        if (!actual.equals(expected))
        {
            throw new AssertionError("engine and model disagree on command " + describe(command) +
                "\n  engine: " + actualText + "\n  model:  " + full(expected) + "\nhistory (last 40):\n  " +
                String.join("\n  ", history.subList(Math.max(0, history.size() - 40), history.size())));
        }
    }

    private static void compareBook(
        final TestExchange engine, final ReferenceExchange model, final String symbol, final List<String> history)
    {
        final OrderBook book = engine.book(symbol);
        final ReferenceExchange.MBook expected = model.books().get(symbol);
        for (final Side side : Side.values())
        {
            assertThat(BookView.inconsistency(book, side)).as("%s %s", symbol, side).isNull();
            final List<BookView.Resting> modelOrders = new ArrayList<>();
            for (final ReferenceExchange.MOrder order : expected.side(side))
            {
                modelOrders.add(new BookView.Resting(order.account, order.clOrdId, order.orderId, order.price,
                    order.qty, order.filled));
            }
            assertThat(BookView.orders(book, side))
                .as("%s %s queue; history:%n%s", symbol, side, String.join("\n", history))
                .isEqualTo(modelOrders);
        }
        assertThat(book.lastPrice()).isEqualTo(expected.lastPrice);
        assertThat(book.lastQty()).isEqualTo(expected.lastQty);
        assertThat(book.tradeCount()).isEqualTo(expected.tradeCount);
    }

    private static List<String> full(final List<Ev> events)
    {
        final List<String> text = new ArrayList<>();
        for (final Ev event : events)
        {
            text.add(event.full());
        }
        return text;
    }

    private static String describe(final Command c)
    {
        final StringBuilder text = new StringBuilder(c.type().name()).append(' ').append(c.account()).append(' ')
            .append(c.clOrdId());
        switch (c.type())
        {
            case NEW_ORDER:
                text.append(' ').append(c.symbol()).append(' ').append(c.side()).append(' ').append(c.orderType())
                    .append(' ').append(c.timeInForce()).append(c.postOnly() ? " postOnly" : "")
                    .append(" px=").append(c.price()).append(" qty=").append(c.qty());
                break;
            case CANCEL:
                text.append(" orig=").append(c.origClOrdId());
                break;
            case REPLACE:
                text.append(" orig=").append(c.origClOrdId()).append(" px=").append(c.price())
                    .append(" qty=").append(c.qty());
                break;
            case BUNDLE:
                for (int i = 0; i < c.legCount(); i++)
                {
                    final BundleLeg leg = c.leg(i);
                    text.append(" [").append(leg.symbol()).append(' ').append(leg.side()).append(" px=")
                        .append(leg.price()).append(" qty=").append(leg.qty()).append(']');
                }
                break;
            case OWNER:
                text.append(c.owner()).append(' ').append(c.stpPolicy());
                break;
            default:
                text.append(c.symbol()).append(c.owner());
                break;
        }
        return text.toString();
    }

    /** Engine-only invariants, checked command by command. */
    private static final class Invariants
    {
        private final TestExchange engine;
        private final Map<String, String> ownerOf = new HashMap<>();
        private final Map<String, StpPolicy> policies = new HashMap<>();
        /** Per live order (orderId/symbol): {total qty, filled}. */
        private final Map<String, long[]> quantities = new HashMap<>();

        Invariants(final TestExchange engine)
        {
            this.engine = engine;
        }

        void check(final Command command, final List<Ev> events)
        {
            assertThat(events).as("events of %s", describe(command)).isNotEmpty();
            assertThat(events.get(0).isOutcome()).as("first event of %s", describe(command)).isTrue();
            for (int i = 1; i < events.size(); i++)
            {
                assertThat(events.get(i).isOutcome()).as("event %d of %s: %s", i, describe(command), events).isFalse();
                assertThat(events.get(i).sequence()).isEqualTo(command.sequence());
            }
            final Ev outcome = events.get(0);
            if (outcome.type() == EventType.REJECTED)
            {
                assertThat(events).as("a reject changes nothing").hasSize(1);
                return;
            }
            accepted(command, outcome);
            for (final Ev event : events.subList(1, events.size()))
            {
                effect(event);
            }
            for (final String symbol : SYMBOLS)
            {
                final OrderBook book = engine.engine().book(io.resx.protocol.text.AsciiKey.of(symbol));
                if (book != null && book.bids().depth() > 0 && book.asks().depth() > 0)
                {
                    assertThat(book.bids().best().price()).as("%s crossed after %s", symbol, describe(command))
                        .isLessThan(book.asks().best().price());
                }
            }
        }

        private void accepted(final Command command, final Ev outcome)
        {
            if (command.type() == CommandType.ACCOUNT)
            {
                ownerOf.put(command.account().toString(), command.owner().toString());
            }
            else if (command.type() == CommandType.OWNER)
            {
                policies.put(command.owner().toString(), command.stpPolicy());
            }
            else if (command.type() == CommandType.NEW_ORDER)
            {
                quantities.put(outcome.orderId() + "/" + command.symbol(), new long[] {command.qty(), 0});
            }
            else if (command.type() == CommandType.BUNDLE)
            {
                for (int i = 0; i < command.legCount(); i++)
                {
                    quantities.put(outcome.orderId() + "/" + command.leg(i).symbol(),
                        new long[] {command.leg(i).qty(), 0});
                }
            }
        }

        private void effect(final Ev event)
        {
            switch (event.type())
            {
                case TRADE:
                    fill(event.buyOrderId() + "/" + event.symbol(), event.qty());
                    fill(event.sellOrderId() + "/" + event.symbol(), event.qty());
                    final String buyOwner = ownerOf.get(event.buyAccount());
                    if (buyOwner.equals(ownerOf.get(event.sellAccount())))
                    {
                        assertThat(policies.getOrDefault(buyOwner, StpPolicy.CANCEL_AGGRESSOR))
                            .as("self-trade %s", event).isEqualTo(StpPolicy.OFF);
                    }
                    assertThat(event.qty()).isPositive();
                    break;
                case REPLACED:
                    final long[] replaced = quantities.get(event.orderId() + "/" + event.symbol());
                    assertThat(replaced).as("replaced unknown order %s", event).isNotNull();
                    assertThat(event.qty()).as("replaced above filled").isGreaterThan(replaced[1]);
                    replaced[0] = event.qty();
                    break;
                case CANCELLED:
                    final long[] cancelled = quantities.remove(event.orderId() + "/" + event.symbol());
                    assertThat(cancelled).as("cancelled unknown order %s", event).isNotNull();
                    assertThat(event.leavesQty()).as("leaves of %s", event).isEqualTo(cancelled[0] - cancelled[1])
                        .isPositive();
                    break;
                default:
                    break;
            }
        }

        private void fill(final String key, final long qty)
        {
            final long[] order = quantities.get(key);
            assertThat(order).as("trade for unknown or dead order %s", key).isNotNull();
            order[1] += qty;
            assertThat(order[1]).as("filled of %s exceeds its qty", key).isLessThanOrEqualTo(order[0]);
            if (order[1] == order[0])
            {
                quantities.remove(key);
            }
        }

        void checkRestingOrders()
        {
            int resting = 0;
            for (final String symbol : SYMBOLS)
            {
                final OrderBook book = engine.book(symbol);
                for (final Side side : Side.values())
                {
                    assertThat(BookView.inconsistency(book, side)).isNull();
                    long levelSum = 0;
                    for (int rank = 0; rank < book.side(side).depth(); rank++)
                    {
                        levelSum += book.side(side).level(rank).openQty();
                    }
                    long orderSum = 0;
                    for (final BookView.Resting order : BookView.orders(book, side))
                    {
                        final long[] tracked = quantities.get(order.orderId() + "/" + symbol);
                        assertThat(tracked).as("resting order %s not live by the events", order).isNotNull();
                        assertThat(order.qty()).isEqualTo(tracked[0]);
                        assertThat(order.filled()).isEqualTo(tracked[1]);
                        orderSum += order.open();
                        resting++;
                    }
                    assertThat(levelSum).as("%s %s level qty = open qty of its orders", symbol, side)
                        .isEqualTo(orderSum);
                }
            }
            assertThat(resting).isEqualTo(engine.engine().openOrderCount());
        }
    }
}
