package io.resx.engine.matching;

import io.resx.engine.support.Ev;
import io.resx.engine.support.TestExchange;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.event.EventType;
import io.resx.protocol.text.AsciiKey;
import io.resx.risk.AccountRegistry;
import io.resx.risk.ClearingRisk;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.resx.engine.support.Commands.account;
import static io.resx.engine.support.Commands.deposit;
import static io.resx.engine.support.Commands.fp;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.list;
import static io.resx.engine.support.Commands.shareRule;
import static io.resx.engine.support.Commands.tick;
import static io.resx.engine.support.Commands.use;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The use-it-or-share-it clearing against a reference model written from the rule's text alone. Five accounts
 * (each its own owner) hold random units of a spectrum unit, declare random use, lease some units in the market
 * and bid random prices and quantities on one slot; at its gate closure the engine's trades must be the model's:
 * <ul>
 *   <li>idle units per owner = owned − in use − leased out;</li>
 *   <li>bids at or above the floor, best price first, then oldest, each served by owners in account order, never
 *   by itself;</li>
 *   <li>one price for all: the floor if every such bid is served in full, else the price of the first bid in that
 *   order left short, not counting the bids of an owner that has idle units (they never set the price);</li>
 * </ul>
 * and every balance must be what those trades give (buyers pay price × units, owners get it less the share, the
 * beneficiary the share), cash conserved, the slot's balances summing to zero.
 */
final class ShareClearingPropertyTest
{
    private static final Instant T0 = Instant.parse("2031-06-15T12:00:00Z");
    private static final String OWN = "SPEC.3550-3560.CELL042";
    private static final String SLOT = OWN + "@2031-06-15T13:00Z/PT1H";
    private static final Instant CLOSES = T0.plus(Duration.ofMinutes(30));
    private static final int ACCOUNTS = 5;
    private static final long CASH = fp("1000");
    private static final long FLOOR = fp("2.00");

    /** One account's part: units owned, units in use, units it leases out in the market. */
    record Holder(int units, int used, int leasedOut)
    {
    }

    /** A bid: who, price in half-units (1..12: 0.50..6.00), quantity. */
    record Bid(int account, int halfUnits, int qty)
    {
        long price()
        {
            return halfUnits * fp("0.5");
        }
    }

    /** A model trade. */
    record Fill(int bid, int seller, long qty)
    {
    }

    @Provide
    Arbitrary<List<Holder>> holders()
    {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 4)).as((units, used, leased) ->
            new Holder(units, Math.min(used, units), Math.min(leased, units - Math.min(used, units))))
            .list().ofSize(ACCOUNTS);
    }

    @Provide
    Arbitrary<List<Bid>> bids()
    {
        return Combinators.combine(Arbitraries.integers().between(0, ACCOUNTS - 1),
            Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 4)).as(Bid::new)
            .list().ofMaxSize(10);
    }

    @Property(tries = 300)
    void shouldAssignIdleUnitsAsTheReferenceModelDoes(
        @ForAll("holders") final List<Holder> holders, @ForAll("bids") final List<Bid> bids,
        @ForAll("shares") final long share)
    {
        final AccountRegistry registry = new AccountRegistry();
        final ClearingRisk risk = new ClearingRisk(registry, 64);
        final TestExchange x = new TestExchange(new MatchingEngine(registry, risk, 64)).at(T0);
        x.given(list(OWN, "0.01", "1"), list(SLOT, "0.01", "1", CLOSES));
        for (int a = 0; a < ACCOUNTS; a++)
        {
            x.given(account(name(a), "O" + a), deposit(name(a), "CASH", "1000"));
        }
        x.given(account("LESSEE", "OL"), deposit("LESSEE", "CASH", "1000"), account("F", "OF"),
            shareRule(OWN, "2.00", FixedPoint.toString(share, 6), "F"));
        for (int a = 0; a < ACCOUNTS; a++)
        {
            final Holder h = holders.get(a);
            if (h.units() > 0)
            {
                x.given(deposit(name(a), OWN, Integer.toString(h.units())));
            }
            if (h.used() > 0)
            {
                x.given(use(name(a), SLOT, Integer.toString(h.used())));
            }
            if (h.leasedOut() > 0)
            {
                x.given(limit(name(a), "ask" + a, SLOT, SELL, "10.00", Integer.toString(h.leasedOut())),
                    limit("LESSEE", "lift" + a, SLOT, BUY, "10.00", Integer.toString(h.leasedOut())));
            }
        }
        for (int i = 0; i < bids.size(); i++)
        {
            final Bid bid = bids.get(i);
            x.given(limit(name(bid.account()), "b" + i, SLOT, BUY, FixedPoint.toString(bid.price(), 2),
                Integer.toString(bid.qty())));
        }

        x.at(CLOSES);
        final List<String> trades = new ArrayList<>();
        for (final Ev event : x.process(tick()))
        {
            if (event.type() == EventType.TRADE)
            {
                trades.add(event.buyClOrdId() + "<-" + event.sellAccount() + " " + event.qty() + "@" + event.price());
            }
        }

        // the reference model
        final long[] idle = new long[ACCOUNTS];
        for (int a = 0; a < ACCOUNTS; a++)
        {
            final Holder h = holders.get(a);
            idle[a] = h.units() - h.used() - h.leasedOut();
        }
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < bids.size(); i++)
        {
            if (bids.get(i).price() >= FLOOR)
            {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingLong((Integer i) -> -bids.get(i).price()).thenComparingInt(i -> i));
        final List<Fill> fills = new ArrayList<>();
        final boolean[] offers = new boolean[ACCOUNTS];
        for (int a = 0; a < ACCOUNTS; a++)
        {
            offers[a] = idle[a] > 0;
        }
        long price = FLOOR;
        boolean priced = false;
        for (final int i : order)
        {
            final Bid bid = bids.get(i);
            long wanted = bid.qty();
            for (int a = 0; a < ACCOUNTS && wanted > 0; a++)
            {
                final long take = a == bid.account() ? 0 : Math.min(wanted, idle[a]);
                if (take > 0)
                {
                    idle[a] -= take;
                    wanted -= take;
                    fills.add(new Fill(i, a, take));
                }
            }
            if (wanted > 0 && !offers[bid.account()] && !priced)
            {
                price = bid.price();
                priced = true;
            }
        }
        final List<String> expected = new ArrayList<>();
        final long[] cash = new long[ACCOUNTS];
        java.util.Arrays.fill(cash, CASH);
        long shares = 0;
        for (final Fill fill : fills)
        {
            assertThat(bids.get(fill.bid()).price()).as("no winner pays above its bid").isGreaterThanOrEqualTo(price);
            expected.add("b" + fill.bid() + "<-" + name(fill.seller()) + " " + fp(Long.toString(fill.qty())) + "@" +
                price);
            final long notional = price * fill.qty();
            final long cut = notional / FixedPoint.ONE * share + (notional % FixedPoint.ONE) * share / FixedPoint.ONE;
            cash[bids.get(fill.bid()).account()] -= notional;
            cash[fill.seller()] += notional - cut;
            shares += cut;
        }
        for (int a = 0; a < ACCOUNTS; a++)
        {
            cash[a] += holders.get(a).leasedOut() * fp("10");
        }

        assertThat(trades).isEqualTo(expected);
        long totalCash = 0;
        long slotSum = 0;
        for (int a = 0; a < ACCOUNTS; a++)
        {
            assertThat(cash(x, risk, name(a))).as("cash of %s", name(a)).isEqualTo(cash[a]);
            totalCash += cash(x, risk, name(a));
            slotSum += total(x, risk, name(a), SLOT);
            assertThat(-total(x, risk, name(a), SLOT)).as("%s leases out at most what it owns and does not use",
                name(a)).isLessThanOrEqualTo(fp(Integer.toString(holders.get(a).units() - holders.get(a).used())));
        }
        assertThat(cash(x, risk, "F")).isEqualTo(shares);
        totalCash += cash(x, risk, "F") + cash(x, risk, "LESSEE");
        slotSum += total(x, risk, "LESSEE", SLOT);
        assertThat(totalCash).as("cash conserved").isEqualTo(CASH * (ACCOUNTS + 1));
        assertThat(slotSum).as("the slot's balances sum to zero").isZero();
        assertThat(x.book(SLOT).bids().depth()).as("the book is closed and empty").isZero();
    }

    @Provide
    Arbitrary<Long> shares()
    {
        return Arbitraries.integers().between(0, 20).map(i -> i * fp("0.05"));
    }

    private static String name(final int account)
    {
        return "P" + account;
    }

    private static long cash(final TestExchange x, final ClearingRisk risk, final String account)
    {
        return total(x, risk, account, "CASH");
    }

    private static long total(final TestExchange x, final ClearingRisk risk, final String account, final String asset)
    {
        return risk.total(x.engine().accounts().account(AsciiKey.of(account)), risk.asset(asset));
    }
}
