package io.resx.engine.matching;

import io.resx.engine.support.Ev;
import io.resx.engine.support.TestExchange;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.resx.engine.support.Commands.cancel;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.massCancel;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotent order entry and mass cancel against a simple reference model, over random streams of new orders
 * (a few ClOrdIDs, so retries and reuses are common), cancels, mass cancels and time steps that cross the ClOrdID
 * window: within the window an (account, ClOrdID) names at most one order ever, a retry with the same fields is
 * answered RETRY_OF_ACCEPTED naming that order, one with other fields DUPLICATE_CLORDID; once the window has passed
 * the ClOrdID is free again. A mass cancel cancels exactly the resting orders in its scope and leaves every other.
 */
final class OrderEntryPropertyTest
{
    private static final long WINDOW_NS = 60_000_000_000L;
    private static final Instant T0 = Instant.parse("2031-03-01T10:00:00Z");
    private static final String[] ACCOUNTS = {"A1", "A2", "B1"};
    private static final String[] OWNERS = {"OA", "OA", "OB"};
    private static final String[] SYMBOLS = {"SYM", "OTH"};
    private static final String[] PRICES = {"9.00", "9.01", "9.02"};

    @Provide
    Arbitrary<List<int[]>> streams()
    {
        return Arbitraries.integers().between(0, 999).array(int[].class).ofSize(6).list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 300)
    void shouldNeverLetAClOrdIdNameTwoOrdersWithinTheWindowAndMassCancelExactlyItsScope(
        @ForAll("streams") final List<int[]> stream)
    {
        final TestExchange engine = new TestExchange(new MatchingEngine(new io.resx.risk.AccountRegistry(),
            io.resx.risk.RiskStage.NONE, 64, WINDOW_NS));
        copySetup(engine);
        final Model model = new Model();
        long nowNs = T0.getEpochSecond() * 1_000_000_000L;
        int step = 0;
        for (final int[] c : stream)
        {
            nowNs += c[0] % 4 == 0 ? c[1] * 100_000_000L : 1; // now and then up to 100 s: across the window
            engine.at(Instant.ofEpochSecond(0, nowNs));
            final int a = c[2] % ACCOUNTS.length;
            final String symbol = SYMBOLS[c[3] % SYMBOLS.length];
            final String clOrdId = "c" + (c[4] % 5);
            final int kind = c[5] % 10;
            final String label = "step " + step++ + " at " + nowNs;
            if (kind < 7)
            {
                final Side side = c[5] % 2 == 0 ? Side.BUY : Side.SELL;
                final String price = side == Side.BUY ? PRICES[c[1] % 3] : "20.00"; // never crosses
                final Command order = limit(ACCOUNTS[a], clOrdId, symbol, side, price, "1");
                final List<Ev> out = engine.process(order);
                model.newOrder(label, ACCOUNTS[a], clOrdId, symbol + side + price, nowNs, out);
            }
            else if (kind == 7)
            {
                final List<Ev> out = engine.process(cancel(ACCOUNTS[a], "x", clOrdId));
                model.cancel(label, ACCOUNTS[a], clOrdId, out);
            }
            else
            {
                final boolean byOwner = kind == 9;
                final boolean oneSymbol = c[1] % 2 == 0;
                final List<Ev> out = engine.process(massCancel(byOwner ? null : ACCOUNTS[a],
                    byOwner ? OWNERS[a] : null, oneSymbol ? symbol : null));
                model.massCancel(label, byOwner ? null : ACCOUNTS[a], byOwner ? OWNERS[a] : null,
                    oneSymbol ? symbol : null, out);
            }
            assertThat(engine.engine().openOrderCount()).as(label).isEqualTo(model.resting.size());
        }
    }

    private static void copySetup(final TestExchange engine)
    {
        // the standard market's listings, and accounts of two owners, into an engine with a one-minute window
        engine.given(io.resx.engine.support.Commands.list("SYM", "0.01", "1"),
            io.resx.engine.support.Commands.list("ALT", "0.05", "0.1"),
            io.resx.engine.support.Commands.list("OTH", "0.01", "1"));
        for (int i = 0; i < ACCOUNTS.length; i++)
        {
            engine.given(io.resx.engine.support.Commands.account(ACCOUNTS[i], OWNERS[i]));
        }
    }

    /** What the rules demand, kept as plainly as possible. */
    private static final class Model
    {
        /** (account, ClOrdID) of every accepted order: its fields, when, its order id. */
        private final Map<String, Object[]> used = new HashMap<>();
        /** Resting orders: (account, ClOrdID) to symbol. */
        private final Map<String, String> resting = new HashMap<>();
        private final Set<Long> orderIds = new HashSet<>();

        void newOrder(final String label, final String account, final String clOrdId, final String fields,
            final long nowNs, final List<Ev> out)
        {
            final String key = account + "/" + clOrdId;
            final Object[] earlier = used.get(key);
            if (earlier != null && nowNs - (long)earlier[1] < WINDOW_NS)
            {
                final RejectReason expected = earlier[0].equals(fields) ?
                    RejectReason.RETRY_OF_ACCEPTED : RejectReason.DUPLICATE_CLORDID;
                assertThat(out).as(label).hasSize(1);
                assertThat(out.get(0).type()).as(label).isEqualTo(EventType.REJECTED);
                assertThat(out.get(0).reason()).as(label).isEqualTo(expected);
                return;
            }
            if (resting.containsKey(key))
            {
                // out of the window but still open: an open order's ClOrdID stays taken
                assertThat(out.get(0).reason()).as(label).isEqualTo(RejectReason.DUPLICATE_CLORDID);
                return;
            }
            assertThat(out.get(0).type()).as(label + " " + out).isEqualTo(EventType.ACCEPTED);
            assertThat(orderIds.add(out.get(0).orderId())).as(label).isTrue();
            used.put(key, new Object[] {fields, nowNs, out.get(0).orderId()});
            resting.put(key, fields.startsWith("SYM") ? "SYM" : "OTH");
        }

        void cancel(final String label, final String account, final String clOrdId, final List<Ev> out)
        {
            final boolean open = resting.remove(account + "/" + clOrdId) != null;
            assertThat(out.get(0).type()).as(label).isEqualTo(open ? EventType.ACCEPTED : EventType.REJECTED);
        }

        void massCancel(final String label, final String account, final String owner, final String symbol,
            final List<Ev> out)
        {
            final Set<String> expected = new HashSet<>();
            for (final Map.Entry<String, String> order : resting.entrySet())
            {
                final String orderAccount = order.getKey().substring(0, order.getKey().indexOf('/'));
                final boolean inScope = account != null ? orderAccount.equals(account) :
                    OWNERS[List.of(ACCOUNTS).indexOf(orderAccount)].equals(owner);
                if (inScope && (symbol == null || order.getValue().equals(symbol)))
                {
                    expected.add(order.getKey());
                }
            }
            assertThat(out.get(0).type()).as(label).isEqualTo(EventType.ACCEPTED);
            final List<String> cancelled = new ArrayList<>();
            for (int i = 1; i < out.size(); i++)
            {
                assertThat(out.get(i).cancelReason()).as(label).isEqualTo(CancelReason.MASS_CANCEL);
                cancelled.add(out.get(i).account() + "/" + out.get(i).clOrdId());
            }
            assertThat(cancelled).as(label).containsExactlyInAnyOrderElementsOf(expected);
            expected.forEach(resting::remove);
        }
    }
}
