package io.resx.engine.matching;

import io.resx.engine.support.RiskCommandStream;
import io.resx.engine.support.TestExchange;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.EventType;
import io.resx.risk.Account;
import io.resx.risk.AccountRegistry;
import io.resx.risk.Asset;
import io.resx.risk.ClearingRisk;
import io.resx.protocol.Notional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random command streams (deposits, withdrawals, credit limits, groups, limit, protected market, IOC and FOK
 * orders on ownership and lease books, cancels, replaces, kill switches and settlement failures) checked after
 * every command against a simple reference:
 * <ul>
 *   <li>(a) every account's locked balance of every asset equals what its open orders in the books need: limit
 *   × open cash for a buy, the open quantity of the instrument for a sell;</li>
 *   <li>(b) per asset, the totals of all accounts equal the deposits less the withdrawals (CASH and COLLATERAL
 *   together: both are the cash token); every lease slot's totals sum to zero;</li>
 *   <li>no account holds negative units of an ownership instrument;</li>
 *   <li>and a budgeted MARKET FOK buy (no protection price) spends at most its budget.</li>
 * </ul>
 */
final class RiskPropertyTest
{
    @Provide
    Arbitrary<List<int[]>> streams()
    {
        return Arbitraries.integers().between(0, 1_000_000).array(int[].class).ofSize(RiskCommandStream.CHOICES).list().ofMinSize(20)
            .ofMaxSize(120);
    }

    @Property(tries = 250)
    void shouldLockWhatOpenOrdersNeedAndConserveEveryAsset(@ForAll("streams") final List<int[]> choices)
    {
        final AccountRegistry registry = new AccountRegistry();
        final ClearingRisk risk = new ClearingRisk(registry, 64);
        final MatchingEngine engine = new MatchingEngine(registry, risk, 64);
        final TestExchange x = new TestExchange(engine);
        x.given(RiskCommandStream.setup().toArray(new Command[0]));
        final Map<String, Long> external = new HashMap<>();
        int step = 0;
        for (final int[] c : choices)
        {
            final Command command = RiskCommandStream.next(c, step++, false);
            final Account acting = registry.account(command.account());
            final long cashBefore = acting == null ? 0 : risk.total(acting, risk.asset("CASH"));
            final boolean accepted = x.process(command).get(0).type() == EventType.ACCEPTED;
            if (accepted && command.type() == CommandType.NEW_ORDER && command.budget() != Command.ABSENT &&
                command.side() == Side.BUY)
            {
                assertThat(cashBefore - risk.total(acting, risk.asset("CASH")))
                    .as("cash spent by budgeted buy %s", command.clOrdId()).isBetween(0L, command.budget());
            }
            if (accepted && (command.type() == CommandType.DEPOSIT || command.type() == CommandType.WITHDRAW))
            {
                final String asset = command.symbol().toString().equals("COLLATERAL") ? "CASH" :
                    command.symbol().toString();
                external.merge(asset, command.type() == CommandType.DEPOSIT ? command.amount() : -command.amount(),
                    Long::sum);
            }
            checkLocks(engine, risk, registry);
            checkConservation(risk, registry, external);
        }
    }

    static void checkLocks(final MatchingEngine engine, final ClearingRisk risk,
        final AccountRegistry registry)
    {
        final Map<String, Long> needed = new HashMap<>();
        for (int b = 0; b < engine.bookCount(); b++)
        {
            final OrderBook book = engine.book(b);
            for (final Side side : Side.values())
            {
                for (final BookView.Resting order : BookView.orders(book, side))
                {
                    final String asset = side == Side.BUY ? "CASH" : book.symbol().toString();
                    final long need = side == Side.BUY ? Notional.of(order.price(), order.open()) : order.open();
                    needed.merge(order.account() + "|" + asset, need, Long::sum);
                }
            }
        }
        for (int i = 0; i < registry.accountCount(); i++)
        {
            final Account account = registry.accountAt(i);
            for (final Asset asset : risk.assets())
            {
                assertThat(risk.locked(account, asset))
                    .as("locked %s of %s", asset.symbol(), account.id())
                    .isEqualTo(needed.getOrDefault(account.id() + "|" + asset.symbol(), 0L));
            }
        }
        assertThat(risk.openOrders()).isEqualTo(engine.openOrderCount());
    }

    static void checkConservation(final ClearingRisk risk, final AccountRegistry registry,
        final Map<String, Long> external)
    {
        for (final Asset asset : risk.assets())
        {
            if (asset.kind() == Asset.Kind.COLLATERAL)
            {
                continue;
            }
            long sum = 0;
            for (int i = 0; i < registry.accountCount(); i++)
            {
                final Account account = registry.accountAt(i);
                sum += risk.total(account, asset);
                if (asset.kind() == Asset.Kind.CASH)
                {
                    sum += risk.total(account, risk.asset("COLLATERAL"));
                }
                if (asset.kind() == Asset.Kind.UNITS)
                {
                    assertThat(risk.total(account, asset)).as("units of %s", account.id()).isNotNegative();
                }
            }
            assertThat(sum).as("total of %s", asset.symbol())
                .isEqualTo(asset.kind() == Asset.Kind.LEASE ? 0L :
                    external.getOrDefault(asset.symbol().toString(), 0L));
        }
    }
}
