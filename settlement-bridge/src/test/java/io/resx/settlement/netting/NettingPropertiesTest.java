package io.resx.settlement.netting;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Netting against a reference model that settles trade by trade: per window, the batch's net deltas equal the sum
 * of the window's trades per participant and asset; cash and each token are conserved; the windows partition the
 * trade stream and respect the policy; the same journal gives the same batches.
 */
class NettingPropertiesTest
{
    private static final String[] ACCOUNTS = {"A1", "A2", "B1", "C1", "D1"};
    private static final String[] SYMBOLS = {"SPEC.3550-3560.CELL042", "COMP.GPU-A100.EU-WEST",
        "SPEC.3550-3560.CELL042@2026-12-01T10:00Z/PT1H", "SPEC.3550-3560.CELL042@2026-12-01T11:00Z/PT1H"};
    private static final long ONE = 1_000_000L;

    /** One journaled command's trades: the generator's unit. */
    record Step(long gapNs, List<Trade> trades)
    {
    }

    @Property(tries = 300)
    void batchesEqualTheTradeByTradeModel(@ForAll("journals") final List<Step> journal,
        @ForAll("policies") final WindowPolicy policy)
    {
        final List<SettlementWindows.Window> windows = cut(journal, policy);
        final Netting netting = new Netting(account -> account.substring(0, 1)); // owners A, B, C, D
        for (final SettlementWindows.Window window : windows)
        {
            final NetBatch batch = netting.net(window);
            final Map<String, BigInteger> model = new HashMap<>();
            for (final Trade t : window.trades())
            {
                final String buyer = t.buyAccount().substring(0, 1);
                final String seller = t.sellAccount().substring(0, 1);
                final BigInteger notional = BigInteger.valueOf(t.price()).multiply(BigInteger.valueOf(t.qty()))
                    .divide(BigInteger.valueOf(ONE));
                model.merge("CASH|" + buyer, notional.negate(), BigInteger::add);
                model.merge("CASH|" + seller, notional, BigInteger::add);
                if (t.symbol().contains("@"))
                {
                    final String key = "LEASE|" + t.symbol() + "|" + seller + "|" + buyer;
                    model.merge(key, BigInteger.valueOf(t.qty() / ONE), BigInteger::add);
                }
                else
                {
                    model.merge(t.symbol() + "|" + buyer, BigInteger.valueOf(t.qty()), BigInteger::add);
                    model.merge(t.symbol() + "|" + seller, BigInteger.valueOf(-t.qty()), BigInteger::add);
                }
            }
            model.values().removeIf(v -> v.signum() == 0);

            final Map<String, BigInteger> netted = new HashMap<>();
            BigInteger cashSum = BigInteger.ZERO;
            for (final NetBatch.CashDelta c : batch.cash())
            {
                assertThat(c.amount()).isNotZero();
                netted.put("CASH|" + c.participant(), BigInteger.valueOf(c.amount()));
                cashSum = cashSum.add(BigInteger.valueOf(c.amount()));
            }
            final Map<String, Long> tokenSums = new HashMap<>();
            for (final NetBatch.UnitDelta u : batch.units())
            {
                assertThat(u.amount()).isNotZero();
                assertThat(u.cashValue()).isNotNegative();
                netted.put(u.token() + "|" + u.participant(), BigInteger.valueOf(u.amount()));
                tokenSums.merge(u.token(), u.amount(), Long::sum);
            }
            for (final NetBatch.LeaseAssignment l : batch.leases())
            {
                final String slot = window.trades().stream().map(Trade::symbol)
                    .filter(s -> s.startsWith(l.token() + "@")).filter(s -> slotStartOf(s) == l.slotStart())
                    .findFirst().orElseThrow();
                assertThat(l.slotEnd() - l.slotStart()).isEqualTo(3600);
                netted.merge("LEASE|" + slot + "|" + l.lessor() + "|" + l.user(), BigInteger.valueOf(l.count()),
                    BigInteger::add);
            }
            assertThat(netted).as("batch %d", batch.batchId()).isEqualTo(model);
            assertThat(cashSum).isEqualTo(BigInteger.ZERO);
            assertThat(tokenSums.values()).allMatch(sum -> sum == 0);
            assertThat(batch.tradeCount()).isEqualTo(window.trades().size());
            assertThat(batch.batchId()).isEqualTo(window.trades().get(0).sequence());
        }
    }

    @Property(tries = 300)
    void windowsPartitionTheTradesAndKeepToThePolicy(@ForAll("journals") final List<Step> journal,
        @ForAll("policies") final WindowPolicy policy)
    {
        final List<SettlementWindows.Window> windows = cut(journal, policy);
        final List<Trade> all = new ArrayList<>();
        withSequences(journal).forEach(all::addAll);
        final List<Trade> concatenated = new ArrayList<>();
        long lastBatch = 0;
        for (final SettlementWindows.Window w : windows)
        {
            assertThat(w.batchId()).isGreaterThan(lastBatch);
            lastBatch = w.batchId();
            concatenated.addAll(w.trades());
            final Trade first = w.trades().get(0);
            final Trade last = w.trades().get(w.trades().size() - 1);
            if (policy.maxNanos() > 0)
            {
                assertThat(last.timestampNs() - first.timestampNs()).isLessThan(policy.maxNanos());
            }
            if (policy.maxTrades() > 0)
            {
                // only the window's last command may take it past the count
                final int beforeLastCommand = (int)w.trades().stream()
                    .filter(t -> t.sequence() != last.sequence()).count();
                assertThat(beforeLastCommand).isLessThan(policy.maxTrades());
            }
            // a command's trades are never split
            assertThat(concatenated.stream().filter(t -> t.sequence() == last.sequence()).count())
                .isEqualTo(all.stream().filter(t -> t.sequence() == last.sequence()).count());
        }
        // everything not in a closed window is still open, at the end
        assertThat(all.subList(0, concatenated.size())).isEqualTo(concatenated);
        final SettlementWindows probe = new SettlementWindows(policy, w -> { });
        feed(journal, probe);
        assertThat(concatenated.size() + probe.openTrades()).isEqualTo(all.size());
    }

    @Property(tries = 200)
    void theSameJournalGivesTheSameBatches(@ForAll("journals") final List<Step> journal,
        @ForAll("policies") final WindowPolicy policy)
    {
        final Netting netting = Netting.perAccount();
        final List<NetBatch> first = cut(journal, policy).stream().map(netting::net).toList();
        final List<NetBatch> second = cut(journal, policy).stream().map(netting::net).toList();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldRejectAFractionalLeaseAndAnUnmappedAccount()
    {
        final Trade lease = new Trade(1, 0, 1, SYMBOLS[2], ONE, ONE / 2, "A1", "B1");
        assertThatThrownBy(() -> Netting.perAccount().net(new SettlementWindows.Window(1, 1, List.of(lease))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a lease lot is one whole unit");
        final Trade unit = new Trade(1, 0, 1, SYMBOLS[0], ONE, ONE, "A1", "B1");
        assertThatThrownBy(() -> new Netting(a -> a.equals("A1") ? "A" : null)
            .net(new SettlementWindows.Window(1, 1, List.of(unit))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("account B1 has no settlement");
        assertThatThrownBy(() -> WindowPolicy.of(0, 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("needs a trade count or a duration");
    }

    @Test
    void shouldNetAKnownWindow()
    {
        // A buys 2 @ 10 from B, then sells 0.5 @ 12 to C; C leases 1 slot from B @ 3
        final List<Trade> trades = List.of(
            new Trade(5, 100, 1, SYMBOLS[0], 10 * ONE, 2 * ONE, "A1", "B1"),
            new Trade(6, 200, 2, SYMBOLS[0], 12 * ONE, ONE / 2, "C1", "A1"),
            new Trade(7, 300, 3, SYMBOLS[2], 3 * ONE, ONE, "C1", "B1"));
        final NetBatch batch = Netting.perAccount().net(new SettlementWindows.Window(5, 7, trades));
        assertThat(batch.cash()).containsExactly(new NetBatch.CashDelta("A1", -14 * ONE),
            new NetBatch.CashDelta("B1", 23 * ONE), new NetBatch.CashDelta("C1", -9 * ONE));
        // VWAP = 26 / 2.5 = 10.4
        assertThat(batch.units()).containsExactly(
            new NetBatch.UnitDelta(SYMBOLS[0], "A1", 3 * ONE / 2, 15_600_000),
            new NetBatch.UnitDelta(SYMBOLS[0], "B1", -2 * ONE, 20_800_000),
            new NetBatch.UnitDelta(SYMBOLS[0], "C1", ONE / 2, 5_200_000));
        assertThat(batch.leases()).containsExactly(new NetBatch.LeaseAssignment(SYMBOLS[0], "B1", "C1",
            1_796_119_200L, 1_796_122_800L, 1));
        assertThat(batch.grossCash()).isEqualTo(29 * ONE);
    }

    /**
     * What a restarted bridge relies on: windows cut from the first trade after a finished batch (any window's
     * start, or the open window's) are the windows of the whole stream from there — same ids, same trades.
     */
    @Property(tries = 300)
    void windowsCutFromAWindowsStartAreTheWholeStreamsWindowsFromThere(
        @ForAll("journals") final List<Step> journal, @ForAll("policies") final WindowPolicy policy)
    {
        final List<SettlementWindows.Window> whole = new ArrayList<>();
        final SettlementWindows all = new SettlementWindows(policy, whole::add);
        feed(journal, all, 1);
        final List<Long> starts = new ArrayList<>(whole.stream().map(SettlementWindows.Window::batchId).toList());
        if (all.openSinceSequence() > 0)
        {
            starts.add(all.openSinceSequence());
        }
        for (int k = 0; k < starts.size(); k++)
        {
            final List<SettlementWindows.Window> resumed = new ArrayList<>();
            final SettlementWindows from = new SettlementWindows(policy, resumed::add);
            feed(journal, from, starts.get(k));
            assertThat(resumed).isEqualTo(whole.subList(Math.min(k, whole.size()), whole.size()));
            assertThat(from.openTrades()).isEqualTo(all.openTrades());
            assertThat(from.openSinceSequence()).isEqualTo(all.openSinceSequence());
        }
    }

    private static long slotStartOf(final String symbol)
    {
        return io.resx.protocol.instrument.InstrumentSymbol.parse(symbol).slotStart().getEpochSecond();
    }

    private static List<SettlementWindows.Window> cut(final List<Step> journal, final WindowPolicy policy)
    {
        final List<SettlementWindows.Window> windows = new ArrayList<>();
        feed(journal, new SettlementWindows(policy, windows::add));
        return windows;
    }

    private static void feed(final List<Step> journal, final SettlementWindows windows)
    {
        feed(journal, windows, 1);
    }

    /** Feeds the commands from sequence {@code from} on (a bridge started after {@code from - 1}). */
    private static void feed(final List<Step> journal, final SettlementWindows windows, final long from)
    {
        final List<List<Trade>> trades = withSequences(journal);
        long time = 1_000_000_000L;
        for (int i = 0; i < journal.size(); i++)
        {
            time += journal.get(i).gapNs();
            if (i + 1 >= from)
            {
                windows.onCommand(i + 1, time, trades.get(i));
            }
        }
    }

    /** Stamps each step's trades with its sequence (1-based) and time. */
    private static List<List<Trade>> withSequences(final List<Step> journal)
    {
        final List<List<Trade>> out = new ArrayList<>();
        long time = 1_000_000_000L;
        long tradeId = 0;
        for (int i = 0; i < journal.size(); i++)
        {
            time += journal.get(i).gapNs();
            final List<Trade> stamped = new ArrayList<>();
            for (final Trade t : journal.get(i).trades())
            {
                stamped.add(new Trade(i + 1, time, ++tradeId, t.symbol(), t.price(), t.qty(), t.buyAccount(),
                    t.sellAccount()));
            }
            out.add(stamped);
        }
        return out;
    }

    @Provide
    Arbitrary<List<Step>> journals()
    {
        final Arbitrary<Trade> trade = Combinators.combine(
            Arbitraries.of(SYMBOLS), Arbitraries.longs().between(1, 5_000).map(p -> p * ONE / 100),
            Arbitraries.longs().between(1, 3_000), Arbitraries.of(ACCOUNTS), Arbitraries.of(ACCOUNTS))
            .as((symbol, price, q, buyer, seller) -> new Trade(1, 0, 0, symbol, price,
                symbol.contains("@") ? (q % 3 + 1) * ONE : q * ONE / 100, buyer, seller));
        final Arbitrary<Step> step = Combinators.combine(
            Arbitraries.longs().between(0, 2_000_000_000L),
            Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(List.<Trade>of())),
                net.jqwik.api.Tuple.of(5, trade.list().ofMinSize(1).ofMaxSize(4))))
            .as(Step::new);
        return step.list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<WindowPolicy> policies()
    {
        return Combinators.combine(Arbitraries.integers().between(0, 12), Arbitraries.longs().between(0, 5_000))
            .filter((n, ms) -> n > 0 || ms > 0).as(WindowPolicy::of);
    }
}
