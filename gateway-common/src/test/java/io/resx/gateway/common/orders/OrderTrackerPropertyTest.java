package io.resx.gateway.common.orders;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.CancelReason;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order tracker against a reference model that keeps every order's fills in a plain list: for any sequence of
 * placements, fills, cancels, expiries, replaces and rejects, the tracker's CumQty, LeavesQty, AvgPx, OrdStatus,
 * open orders per account and fills per account are the model's; and a tracker rebuilt from a prefix and then fed
 * everything again (the replayed events queue overlapping the live stream) ends in the same state.
 */
class OrderTrackerPropertyTest
{
    private static final long LOT = 1_000_000L;
    private static final long TICK = 10_000L;
    private static final String[] ACCOUNTS = {"A", "B", "C"};

    enum Kind
    {
        PLACE, FILL, CANCEL, EXPIRE, REPLACE, REJECT, TICK
    }

    record Action(Kind kind, int pick, int amount, int price)
    {
    }

    /** The reference: an order is its fills, nothing derived is stored. */
    static final class ModelOrder
    {
        final long orderId;
        final String account;
        final Side side;
        String clOrdId;
        long qty;
        OrdStatus ended;
        final List<long[]> fills = new ArrayList<>();

        ModelOrder(final long orderId, final String account, final Side side, final String clOrdId, final long qty)
        {
            this.orderId = orderId;
            this.account = account;
            this.side = side;
            this.clOrdId = clOrdId;
            this.qty = qty;
        }

        long cum()
        {
            return fills.stream().mapToLong(f -> f[1]).sum();
        }

        boolean open()
        {
            return ended == null && cum() < qty;
        }

        long avgPx()
        {
            final long cum = cum();
            if (cum == 0)
            {
                return 0;
            }
            BigInteger notional = BigInteger.ZERO;
            for (final long[] fill : fills)
            {
                notional = notional.add(BigInteger.valueOf(fill[0]).multiply(BigInteger.valueOf(fill[1])));
            }
            return new BigDecimal(notional).divide(BigDecimal.valueOf(cum), 0, RoundingMode.HALF_EVEN).longValueExact();
        }

        OrdStatus status()
        {
            if (ended != null)
            {
                return ended;
            }
            final long cum = cum();
            return cum == 0 ? OrdStatus.NEW : cum >= qty ? OrdStatus.FILLED : OrdStatus.PARTIALLY_FILLED;
        }
    }

    /** The model of every order and fill, and the outcomes it produces for each action. */
    static final class Market
    {
        final Map<Long, ModelOrder> orders = new LinkedHashMap<>();
        final Map<String, List<long[]>> fills = new LinkedHashMap<>();
        final Outcomes outcomes = new Outcomes();
        long orderIds;

        /** @return false when the action had nothing to act on (no outcome). */
        boolean act(final Action action)
        {
            final List<ModelOrder> open = orders.values().stream().filter(ModelOrder::open).toList();
            final ModelOrder target = open.isEmpty() ? null : open.get(action.pick() % open.size());
            switch (action.kind())
            {
                case PLACE:
                {
                    final long id = ++orderIds;
                    final String account = ACCOUNTS[action.pick() % ACCOUNTS.length];
                    final Side side = action.amount() % 2 == 0 ? Side.BUY : Side.SELL;
                    final ModelOrder order = new ModelOrder(id, account, side, "c" + id,
                        (action.amount() % 20 + 1) * LOT);
                    orders.put(id, order);
                    outcomes.newOrder(id, account, order.clOrdId, side, (action.price() + 1) * TICK, order.qty);
                    return true;
                }
                case FILL:
                {
                    if (target == null)
                    {
                        return false;
                    }
                    final long leavesLots = (target.qty - target.cum()) / LOT;
                    final long qty = (action.amount() % leavesLots + 1) * LOT;
                    final long price = (action.price() + 1) * TICK;
                    target.fills.add(new long[]{price, qty});
                    fills.computeIfAbsent(target.account, a -> new ArrayList<>()).add(new long[]{target.orderId, qty,
                        price});
                    outcomes.trade(target.orderId, target.account, target.clOrdId, target.side, price, qty,
                        ++orderIds);
                    return true;
                }
                case CANCEL:
                case EXPIRE:
                {
                    if (target == null)
                    {
                        return false;
                    }
                    final boolean expire = action.kind() == Kind.EXPIRE;
                    target.ended = expire ? OrdStatus.EXPIRED : OrdStatus.CANCELED;
                    outcomes.cancel(target.orderId, target.account, target.clOrdId,
                        expire ? CancelReason.EXPIRED : CancelReason.USER);
                    return true;
                }
                case REPLACE:
                {
                    if (target == null)
                    {
                        return false;
                    }
                    final String previous = target.clOrdId;
                    target.clOrdId = previous + "r";
                    target.qty = target.cum() + (action.amount() % 10 + 1) * LOT;
                    outcomes.replace(target.orderId, target.account, previous, target.clOrdId,
                        (action.price() + 1) * TICK, target.qty);
                    return true;
                }
                case REJECT:
                    outcomes.rejectedOrder(ACCOUNTS[action.pick() % ACCOUNTS.length], "rej" + outcomes.nextSequence());
                    return true;
                default:
                    outcomes.tick();
                    return true;
            }
        }
    }

    @Provide
    Arbitrary<List<Action>> actions()
    {
        final Arbitrary<Action> action = Combinators.combine(
            Arbitraries.of(Kind.values()), Arbitraries.integers().between(0, 1000),
            Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 500)).as(Action::new);
        return action.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 300)
    void shouldAgreeWithTheReferenceModelAfterEveryOutcome(@ForAll("actions") final List<Action> actions)
    {
        final OrderTracker tracker = new OrderTracker(1000);
        final Market market = new Market();
        for (final Action action : actions)
        {
            if (market.act(action))
            {
                assertThat(market.outcomes.into(tracker)).isTrue();
                assertThat(market.outcomes.into(tracker)).as("the same outcome twice is applied once").isFalse();
                assertAgrees(tracker, market);
            }
        }
    }

    @Property(tries = 200)
    void shouldEndTheSameWhenRebuiltFromAPrefixAndFedEverythingAgain(
        @ForAll("actions") final List<Action> actions, @ForAll @IntRange(min = 0, max = 80) final int prefix)
    {
        final OrderTracker live = new OrderTracker(1000);
        feed(actions, live, seq -> true);
        final OrderTracker restarted = new OrderTracker(1000);
        feed(actions, restarted, seq -> seq <= prefix);
        feed(actions, restarted, seq -> true);

        final Market market = new Market();
        actions.forEach(market::act);
        assertAgrees(live, market);
        assertAgrees(restarted, market);
        assertThat(restarted.lastSequence()).isEqualTo(live.lastSequence());
    }

    private static void feed(final List<Action> actions, final OrderTracker tracker, final Predicate<Long> applied)
    {
        final Market market = new Market();
        for (final Action action : actions)
        {
            if (market.act(action) && applied.test(market.outcomes.command.sequence()))
            {
                market.outcomes.into(tracker);
            }
        }
    }

    private static void assertAgrees(final OrderTracker tracker, final Market market)
    {
        int open = 0;
        for (final ModelOrder order : market.orders.values())
        {
            final OrderView view = tracker.openOrder(order.orderId);
            if (!order.open())
            {
                assertThat(view).as("order %d has ended (%s)", order.orderId, order.status()).isNull();
                assertThat(tracker.openOrder(order.account, order.clOrdId)).isNull();
                continue;
            }
            open++;
            assertThat(view).as("order %d is open", order.orderId).isNotNull();
            assertThat(view.cumQty()).isEqualTo(order.cum());
            assertThat(view.orderQty()).isEqualTo(order.qty);
            assertThat(view.leavesQty()).isEqualTo(order.qty - order.cum());
            assertThat(view.avgPx()).isEqualTo(order.avgPx());
            assertThat(view.status()).isEqualTo(order.status());
            assertThat(view.clOrdId()).isEqualTo(order.clOrdId);
            assertThat(view.side()).isEqualTo(order.side);
            assertThat(tracker.openOrder(order.account, order.clOrdId)).isEqualTo(view);
        }
        assertThat(tracker.openOrderCount()).isEqualTo(open);
        for (final String account : ACCOUNTS)
        {
            final List<Long> expectedOpen = market.orders.values().stream()
                .filter(o -> o.open() && o.account.equals(account)).map(o -> o.orderId).toList();
            assertThat(tracker.openOrders(account).stream().map(OrderView::orderId).toList())
                .as("open orders of %s, oldest first", account).isEqualTo(expectedOpen);
            final List<long[]> expectedFills = new ArrayList<>(market.fills.getOrDefault(account, List.of()));
            final List<Fill> fills = tracker.fills(account, Integer.MAX_VALUE);
            assertThat(fills).hasSameSizeAs(expectedFills);
            for (int i = 0; i < fills.size(); i++)
            {
                final long[] expected = expectedFills.get(expectedFills.size() - 1 - i);
                assertThat(new long[]{fills.get(i).orderId(), fills.get(i).qty(), fills.get(i).price()})
                    .as("fill %d of %s, newest first", i, account).containsExactly(expected);
                assertThat(fills.get(i).price()).isNotEqualTo(Command.ABSENT);
            }
        }
    }
}
