package io.resx.engine.matching;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.Side;
import io.resx.protocol.text.AsciiKey;
import io.resx.risk.Account;
import io.resx.risk.AccountRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static io.resx.engine.support.Commands.bundle;
import static io.resx.engine.support.Commands.leg;
import static io.resx.engine.support.Commands.limit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The window alone against a reference model (a list of entries in acceptance order, pruned by time and by count):
 * over random streams of records (few ClOrdIDs per account, so the same key is recorded again once it has left),
 * look-ups and time steps, with bounds small enough to drop entries by count and streams long enough to grow the
 * slots past their first size and reuse pruned ones, every look-up finds what the model finds, with the same fields,
 * and the window holds the model's entries in the model's order (what a snapshot writes).
 */
final class ClOrdIdWindowPropertyTest
{
    private static final String[] ACCOUNTS = {"A1", "A2", "B1"};
    private static final String[] SYMBOLS = {"SYM", "OTHER.INSTRUMENT.WITH-A-LONGER-NAME"};
    private static final long WINDOW_NS = 1_000;

    /** One entry of the model. */
    private record Kept(int account, String clOrdId, String symbol, long acceptedNs, long orderId, long price,
        boolean bundle)
    {
    }

    @Provide
    Arbitrary<List<int[]>> streams()
    {
        return Arbitraries.integers().between(0, 9_999).array(int[].class).ofSize(5).list().ofMinSize(1)
            .ofMaxSize(3_000);
    }

    @Property(tries = 60)
    void shouldFindExactlyWhatTheModelKeepsWithinTheWindowAndTheBound(
        @ForAll("streams") final List<int[]> stream, @ForAll @IntRange(min = 1, max = 2_000) final int maxEntries)
    {
        final AccountRegistry accounts = new AccountRegistry();
        final Account[] opened = new Account[ACCOUNTS.length];
        for (int i = 0; i < ACCOUNTS.length; i++)
        {
            opened[i] = accounts.open(AsciiKey.of(ACCOUNTS[i]), AsciiKey.of("O" + i));
        }
        final ClOrdIdWindow window = new ClOrdIdWindow(WINDOW_NS, maxEntries, accounts);
        final ArrayDeque<Kept> model = new ArrayDeque<>();
        long nowNs = 0;
        long orderId = 0;
        for (final int[] op : stream)
        {
            nowNs += op[0] % 10 == 0 ? op[1] % 400 : 1; // mostly one nanosecond, sometimes a step across the window
            final int account = op[2] % ACCOUNTS.length;
            final String clOrdId = "c" + op[3] % 1_500;
            final Command command = op[4] % 7 == 0
                ? bundle(ACCOUNTS[account], clOrdId, leg(SYMBOLS[0], Side.BUY, "1.00", "1"),
                    leg(SYMBOLS[1], Side.SELL, (op[4] % 5 + 1) + ".00", "2"))
                : limit(ACCOUNTS[account], clOrdId, SYMBOLS[op[4] % 2], Side.BUY, (op[4] % 5 + 1) + ".00", "1");
            command.stamp(0, nowNs);
            window.prune(nowNs);
            while (!model.isEmpty() && nowNs - model.peekFirst().acceptedNs() >= WINDOW_NS)
            {
                model.pollFirst();
            }
            final Kept expected = find(model, account, clOrdId);
            final ClOrdIdWindow.Entry found = window.find(opened[account], command.clOrdId());
            if (expected == null)
            {
                assertThat(found).as("%s of %s", clOrdId, ACCOUNTS[account]).isNull();
                window.record(opened[account], command, ++orderId);
                model.addLast(new Kept(account, clOrdId, command.symbol().toString(), nowNs, orderId,
                    priceOf(command), op[4] % 7 == 0));
                if (model.size() > maxEntries)
                {
                    model.pollFirst();
                }
            }
            else
            {
                assertThat(found).as("%s of %s", clOrdId, ACCOUNTS[account]).isNotNull();
                assertThat(found.orderId).isEqualTo(expected.orderId());
                assertThat(found.acceptedNs).isEqualTo(expected.acceptedNs());
                assertThat(found.account).isSameAs(opened[account]);
                assertThat(found.clOrdId.toString()).isEqualTo(clOrdId);
                assertThat(found.legCount > 0).isEqualTo(expected.bundle());
                final boolean sameCommand = expected.bundle() == (op[4] % 7 == 0) &&
                    expected.price() == priceOf(command) && expected.symbol().equals(command.symbol().toString());
                assertThat(found.sameFields(command)).as("a repeat of %s's fields", clOrdId).isEqualTo(sameCommand);
            }
            assertThat(window.size()).isEqualTo(model.size());
        }
        final Iterator<Kept> expected = model.iterator();
        for (final ClOrdIdWindow.Entry e : window.entries())
        {
            final Kept kept = expected.next();
            assertThat(e.orderId).isEqualTo(kept.orderId());
            assertThat(e.clOrdId.toString()).isEqualTo(kept.clOrdId());
            assertThat(e.symbol.toString()).isEqualTo(kept.bundle() ? "" : kept.symbol());
            assertThat(e.account).isSameAs(opened[kept.account()]);
        }
        assertThat(expected.hasNext()).isFalse();
    }

    @Test
    void shouldRestoreWhatItWroteEntryForEntry()
    {
        final AccountRegistry accounts = new AccountRegistry();
        final Account a1 = accounts.open(AsciiKey.of("A1"), AsciiKey.of("O1"));
        final ClOrdIdWindow written = new ClOrdIdWindow(WINDOW_NS, 3, accounts);
        final List<Command> recorded = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            final Command command = i == 2
                ? bundle("A1", "k" + i, leg(SYMBOLS[0], Side.BUY, "1.00", "1"), leg(SYMBOLS[1], Side.SELL, "2.00", "3"))
                : limit("A1", "k" + i, SYMBOLS[i % 2], Side.SELL, (i + 1) + ".00", "4");
            command.stamp(0, i);
            written.record(a1, command, 100 + i);
            recorded.add(command);
        }
        assertThat(written.size()).as("bounded at 3: k0 and k1 dropped").isEqualTo(3);
        assertThat(written.find(a1, AsciiKey.of("k1"))).isNull();

        final ClOrdIdWindow restored = new ClOrdIdWindow(WINDOW_NS, 3, accounts);
        for (final ClOrdIdWindow.Entry e : written.entries())
        {
            final ClOrdIdWindow.Entry blank = restored.blank();
            blank.account = e.account;
            blank.clOrdId.set(e.clOrdId);
            blank.symbol.set(e.symbol);
            blank.acceptedNs = e.acceptedNs;
            blank.orderId = e.orderId;
            blank.side = e.side;
            blank.orderType = e.orderType;
            blank.timeInForce = e.timeInForce;
            blank.postOnly = e.postOnly;
            blank.price = e.price;
            blank.qty = e.qty;
            blank.budget = e.budget;
            blank.protectionPrice = e.protectionPrice;
            blank.legCount = e.legCount;
            if (e.legCount > 0)
            {
                blank.ensureLegs();
                blank.legs.copy(e.legCount, e.legs);
            }
            restored.add(blank);
        }
        for (int i = 2; i < 5; i++)
        {
            final ClOrdIdWindow.Entry e = restored.find(a1, AsciiKey.of("k" + i));
            assertThat(e).as("k%d", i).isNotNull();
            assertThat(e.orderId).isEqualTo(100 + i);
            assertThat(e.sameFields(recorded.get(i))).as("k%d repeats its own fields", i).isTrue();
            assertThat(e.sameFields(recorded.get(i == 2 ? 3 : 2))).isFalse();
        }
    }

    @Test
    void shouldRefuseABoundOfNoEntries()
    {
        assertThatThrownBy(() -> new ClOrdIdWindow(WINDOW_NS, 0, new AccountRegistry()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 entries");
    }

    /** @return what tells the stream's commands apart besides their symbol: the price (a bundle's second leg's). */
    private static long priceOf(final Command command)
    {
        return command.legCount() > 0 ? command.leg(1).price() : command.price();
    }

    private static Kept find(final ArrayDeque<Kept> model, final int account, final String clOrdId)
    {
        for (final Kept kept : model)
        {
            if (kept.account() == account && kept.clOrdId().equals(clOrdId))
            {
                return kept;
            }
        }
        return null;
    }
}
