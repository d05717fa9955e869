package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.EventType;
import io.resx.risk.Account;
import io.resx.risk.AccountRegistry;
import io.resx.risk.Asset;
import io.resx.risk.ClearingRisk;
import io.resx.risk.Notional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.resx.engine.support.Commands.account;
import static io.resx.engine.support.Commands.cancel;
import static io.resx.engine.support.Commands.fp;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.list;
import static io.resx.engine.support.Commands.replace;
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
 *   <li>and no account holds negative units of an ownership instrument.</li>
 * </ul>
 */
final class RiskPropertyTest
{
    private static final String UNIT = "SPEC.3550-3560.CELL042";
    private static final String[] SYMBOLS = {UNIT, UNIT + "@2026-12-01T10:00Z/PT1H",
        UNIT + "@2026-12-01T11:00Z/PT1H", "COMP.GPU-H100.EU-WEST"};
    private static final String[] ACCOUNTS = {"A1", "A2", "B1", "C1", "F"};
    private static final String[] PRICES = {"9.00", "9.50", "10.00", "10.50", "11.00"};

    @Provide
    Arbitrary<List<int[]>> streams()
    {
        return Arbitraries.integers().between(0, 1_000_000).array(int[].class).ofSize(6).list().ofMinSize(20)
            .ofMaxSize(120);
    }

    @Property(tries = 250)
    void shouldLockWhatOpenOrdersNeedAndConserveEveryAsset(@ForAll("streams") final List<int[]> choices)
    {
        final AccountRegistry registry = new AccountRegistry();
        final ClearingRisk risk = new ClearingRisk(registry, 64);
        final MatchingEngine engine = new MatchingEngine(registry, risk, 64);
        final TestExchange x = new TestExchange(engine);
        for (final String symbol : SYMBOLS)
        {
            x.given(list(symbol, "0.50", "1"));
        }
        x.given(account("A1", "OA"), account("A2", "OA"), account("B1", "OB"), account("C1", "OC"),
            account("F", "FUND"), admin(CommandType.DEFAULT_FUND, "F", null, null));
        final Map<String, Long> external = new HashMap<>();
        int step = 0;
        for (final int[] c : choices)
        {
            final Command command = command(c, step++);
            final boolean accepted = x.process(command).get(0).type() == EventType.ACCEPTED;
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

    private static Command command(final int[] c, final int step)
    {
        final String account = ACCOUNTS[c[1] % 4];
        final String symbol = SYMBOLS[c[2] % SYMBOLS.length];
        final Side side = c[3] % 2 == 0 ? Side.BUY : Side.SELL;
        final String price = PRICES[c[4] % PRICES.length];
        final String qty = String.valueOf(1 + c[5] % 3);
        final int kind = c[0] % 100;
        if (kind < 12)
        {
            final String asset = c[2] % 3 == 0 ? "CASH" : c[2] % 3 == 1 ? UNIT : "COMP.GPU-H100.EU-WEST";
            return admin(CommandType.DEPOSIT, account, asset, String.valueOf(5 + c[5] % 40));
        }
        if (kind < 15)
        {
            return admin(CommandType.DEPOSIT, ACCOUNTS[c[1] % 5], c[3] % 2 == 0 ? "COLLATERAL" : "CASH", "20");
        }
        if (kind < 19)
        {
            final Command withdraw = admin(CommandType.WITHDRAW, account, c[2] % 2 == 0 ? "CASH" : UNIT, qty);
            return withdraw.admin(false);
        }
        if (kind < 21)
        {
            final Command limits = admin(CommandType.LIMITS, account, null, null);
            return limits.collateralRatio(fp(c[5] % 2 == 0 ? "1" : "0.5")).creditLimit(fp("30"));
        }
        if (kind < 22)
        {
            final Command group = admin(CommandType.GROUP, null, null, null);
            group.owner().set(c[3] % 2 == 0 ? "OB" : "OC");
            group.group().set("G");
            return group;
        }
        if (kind < 23)
        {
            return admin(CommandType.KILL, account, null, null).enable(c[3] % 3 != 0);
        }
        if (kind < 24)
        {
            return admin(CommandType.SETTLEMENT_FAILED, account, "CASH", qty);
        }
        if (kind < 36)
        {
            return cancel(account, "x" + step, "o" + (c[5] % 40));
        }
        if (kind < 46)
        {
            return replace(account, "o" + (c[5] % 40), "o" + (c[2] % 40), price, String.valueOf(1 + c[4] % 4));
        }
        final Command order = limit(account, "o" + (step % 40), symbol, side, price, qty);
        if (kind < 54)
        {
            order.orderType(OrderType.MARKET).price(Command.ABSENT).timeInForce(TimeInForce.IOC);
            if (c[4] % 4 != 0)
            {
                order.protectionPrice(fp(price));
            }
        }
        else if (kind < 62)
        {
            order.timeInForce(c[4] % 2 == 0 ? TimeInForce.IOC : TimeInForce.FOK);
        }
        return order;
    }

    private static Command admin(final CommandType type, final String account, final String asset,
        final String amount)
    {
        final Command command = new Command().type(type).admin(true);
        if (account != null)
        {
            command.account().set(account);
        }
        if (asset != null)
        {
            command.symbol().set(asset);
        }
        if (amount != null)
        {
            command.amount(fp(amount));
        }
        return command;
    }

    private static void checkLocks(final MatchingEngine engine, final ClearingRisk risk,
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

    private static void checkConservation(final ClearingRisk risk, final AccountRegistry registry,
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
