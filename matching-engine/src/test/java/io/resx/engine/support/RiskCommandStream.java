package io.resx.engine.support;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;

import java.util.ArrayList;
import java.util.List;

import static io.resx.engine.support.Commands.account;
import static io.resx.engine.support.Commands.cancel;
import static io.resx.engine.support.Commands.fp;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.list;
import static io.resx.engine.support.Commands.replace;

/**
 * Turns small random choices into command streams for the clearing risk stage: deposits, withdrawals, credit
 * limits, groups, limit, protected market, budgeted MARKET FOK, IOC and FOK orders on ownership and lease
 * books, cancels, replaces, kill switches and settlement failures, on a market of one spectrum channel, two lease slots of it and one
 * compute instrument, five accounts of four owners and a default fund. With {@code allState} it also sends
 * the rarer admin commands that set the rest of the risk state (price bands, concentration caps, owner limits
 * and kill switches, order-size limits, a moving default fund, a late listing, balance queries), for tests that
 * must see every part of it, and sends kill switches and settlement failures as rarely, so that a long stream
 * keeps trading. Each command is made from {@link #CHOICES} non-negative ints.
 */
public final class RiskCommandStream
{
    /** Number of ints each command is made from. */
    public static final int CHOICES = 6;
    /** The spectrum channel whose units are owned and leased. */
    public static final String UNIT = "SPEC.3550-3560.CELL042";
    /** Listed instruments. */
    public static final String[] SYMBOLS = {UNIT, UNIT + "@2026-12-01T10:00Z/PT1H",
        UNIT + "@2026-12-01T11:00Z/PT1H", "COMP.GPU-H100.EU-WEST"};
    private static final String LATE_SLOT = UNIT + "@2026-12-01T12:00Z/PT1H";
    private static final String[] ACCOUNTS = {"A1", "A2", "B1", "C1", "F"};
    private static final String[] OWNERS = {"OA", "OB", "OC"};
    private static final String[] PRICES = {"9.00", "9.50", "10.00", "10.50", "11.00"};

    private RiskCommandStream()
    {
    }

    /** @return the listings, accounts and default fund the stream trades on. */
    public static List<Command> setup()
    {
        final List<Command> commands = new ArrayList<>();
        for (final String symbol : SYMBOLS)
        {
            commands.add(list(symbol, "0.50", "1"));
        }
        commands.add(account("A1", "OA"));
        commands.add(account("A2", "OA"));
        commands.add(account("B1", "OB"));
        commands.add(account("C1", "OC"));
        commands.add(account("F", "FUND"));
        commands.add(admin(CommandType.DEFAULT_FUND, "F", null, null));
        return commands;
    }

    /**
     * @param c        {@link #CHOICES} non-negative ints.
     * @param step     0-based position in the stream, for ClOrdIDs.
     * @param allState whether to send the rarer admin commands too.
     * @return the command.
     */
    public static Command next(final int[] c, final int step, final boolean allState)
    {
        if (allState && (c[0] / 100) % 20 == 0)
        {
            return rareAdmin(c);
        }
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
        if (kind < 24 && allState)
        {
            // Kill switches and defaults are rare admin commands here: a long stream keeps accounts trading.
            return admin(CommandType.DEPOSIT, account, c[2] % 2 == 0 ? "CASH" : UNIT, "30");
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
            else if (c[5] % 2 == 0)
            {
                // a MARKET FOK with a budget (a total in cash) and no protection: bounded by the budget alone
                order.timeInForce(TimeInForce.FOK).budget(fp(PRICES[c[2] % PRICES.length]) * (1 + c[5] % 3));
            }
        }
        else if (kind < 62)
        {
            order.timeInForce(c[4] % 2 == 0 ? TimeInForce.IOC : TimeInForce.FOK);
        }
        return order;
    }

    private static Command rareAdmin(final int[] c)
    {
        final String account = ACCOUNTS[c[1] % 4];
        final String owner = OWNERS[c[1] % OWNERS.length];
        switch (c[5] % 11)
        {
            case 0:
            {
                final Command band = admin(CommandType.BAND, null, SYMBOLS[c[2] % SYMBOLS.length], null)
                    .fraction(fp(c[3] % 4 == 0 ? "0" : "0.10"));
                return c[4] % 3 == 0 ? band : band.price(fp(PRICES[c[4] % PRICES.length]));
            }
            case 1:
                return admin(CommandType.CAP, null, c[2] % 2 == 0 ? UNIT : "SPEC.3500-3600.CELL042", null)
                    .fraction(fp(c[3] % 2 == 0 ? "0.5" : "0.8"));
            case 2:
            {
                final Command limits = admin(CommandType.LIMITS, null, null, null).creditLimit(fp("20"));
                limits.owner().set(owner);
                return c[3] % 2 == 0 ? limits : limits.maxOrderQty(fp("2"));
            }
            case 3:
                return admin(CommandType.LIMITS, account, null, null).maxOrderNotional(fp(c[3] % 2 == 0 ? "25" : "0"));
            case 4:
            {
                final Command kill = admin(CommandType.KILL, null, null, null).enable(c[3] % 3 == 0);
                kill.owner().set(owner);
                return kill;
            }
            case 5:
                return admin(CommandType.BALANCES, account, null, null).admin(false);
            case 6:
                return admin(CommandType.DEFAULT_FUND, c[3] % 2 == 0 ? "F" : "C1", null, null);
            case 7:
                return list(LATE_SLOT, "0.50", "1");
            case 8:
                return admin(CommandType.KILL, account, null, null).enable(c[3] % 3 == 0);
            case 9:
                return admin(CommandType.SETTLEMENT_FAILED, account, "CASH", String.valueOf(1 + c[4] % 20));
            default:
            {
                final Command group = admin(CommandType.GROUP, null, null, null);
                group.owner().set(owner);
                group.group().set(c[3] % 2 == 0 ? "G" : "H");
                return group;
            }
        }
    }

    /**
     * @param type    the command's type.
     * @param account its account, or null.
     * @param asset   its symbol, or null.
     * @param amount  its amount as a decimal, or null.
     * @return an admin command.
     */
    public static Command admin(final CommandType type, final String account, final String asset,
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
}
