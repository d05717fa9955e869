package io.resx.engine.support;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.command.TimeInForce;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns small random choices into a plausible, busy command stream for model and pipeline tests: three
 * instruments with different ticks and lots, five accounts of three owners, prices from a seven-tick grid so
 * that orders cross often, every order type and time in force, post-only, cancels and replaces of live or
 * dead ClOrdIDs (sometimes by the wrong account), bundles, policy changes, book queries and a share of bad
 * input. Each command is made from {@link #CHOICES} non-negative ints, so a property framework can shrink them.
 */
public final class CommandStream
{
    /** Number of ints each command is made from. */
    public static final int CHOICES = 10;
    /** Instruments: symbol, tick, lot, centre of the price grid. */
    private static final String[][] INSTRUMENTS = {
        {"X", "0.01", "1", "10.00"},
        {"Y", "0.05", "0.1", "10.00"},
        {"Z", "1", "0.5", "100"},
    };
    private static final String[] ACCOUNTS = {"A1", "A2", "B1", "C1", "C2"};
    private static final String[] OWNERS = {"OA", "OA", "OB", "OC", "OC"};
    private static final String[] OWNER_IDS = {"OA", "OB", "OC"};

    private final List<String[]> issued = new ArrayList<>();
    private int nextId;

    /**
     * @param policies one self-trade prevention policy per owner (OA, OB, OC).
     * @return the listing, account and owner commands that set the market up.
     */
    public static List<Command> setup(final List<StpPolicy> policies)
    {
        final List<Command> commands = new ArrayList<>();
        for (final String[] instrument : INSTRUMENTS)
        {
            commands.add(Commands.list(instrument[0], instrument[1], instrument[2]));
        }
        for (int i = 0; i < OWNER_IDS.length; i++)
        {
            commands.add(Commands.owner(OWNER_IDS[i], policies.get(i)));
        }
        for (int i = 0; i < ACCOUNTS.length; i++)
        {
            commands.add(Commands.account(ACCOUNTS[i], OWNERS[i]));
        }
        return commands;
    }

    /**
     * @return deposits of cash and of units of every instrument into every account: with the clearing risk
     *         stage, what lets the stream's orders rest and trade rather than be refused for want of funds.
     */
    public static List<Command> funding()
    {
        final List<Command> commands = new ArrayList<>();
        for (final String account : ACCOUNTS)
        {
            commands.add(Commands.deposit(account, "CASH", "1000000"));
            for (final String[] instrument : INSTRUMENTS)
            {
                commands.add(Commands.deposit(account, instrument[0], "10000"));
            }
        }
        return commands;
    }

    /**
     * @param c {@link #CHOICES} non-negative ints.
     * @return the next command.
     */
    public Command next(final int[] c)
    {
        final int kind = c[0] % 100;
        final int accountIndex = c[1] % ACCOUNTS.length;
        final String account = ACCOUNTS[accountIndex];
        final int instrument = c[2] % INSTRUMENTS.length;
        final Side side = c[3] % 2 == 0 ? Side.BUY : Side.SELL;
        if (kind < 40)
        {
            final TimeInForce tif = c[6] % 10 < 6 ? TimeInForce.GTC : c[6] % 10 < 8 ? TimeInForce.IOC : TimeInForce.FOK;
            final Command order = Commands.limit(account, freshId("o"), symbol(instrument), side, null, null)
                .price(price(instrument, c[4])).qty(qty(instrument, c[5], 6)).timeInForce(tif);
            return withBudget(order.postOnly(c[7] % 100 < (tif == TimeInForce.GTC ? 20 : 2)), instrument, c[8]);
        }
        if (kind < 48)
        {
            final TimeInForce tif = TimeInForce.values()[c[6] % 3];
            return withBudget(Commands.market(account, freshId("m"), symbol(instrument), side, null)
                .qty(qty(instrument, c[5], 10)).timeInForce(tif), instrument, c[8]);
        }
        if (kind < 63)
        {
            final String[] target = pick(c[7]);
            return Commands.cancel(actor(target, account, c[8]), freshId("x"), target[1]);
        }
        if (kind < 82)
        {
            final String[] target = pick(c[7]);
            final String newId = c[8] % 10 < 7 ? freshId("r") : c[8] % 10 < 9 ? target[1] : pick(c[8] / 10)[1];
            final Command replace = Commands.replace(actor(target, account, c[6]), newId, target[1], null, null);
            final long price = price(instrument, c[4]);
            if (c[9] % 3 != 0)
            {
                replace.price(price);
            }
            if (c[9] % 3 != 1)
            {
                replace.qty(qty(instrument, c[5], 8));
            }
            if (target[2] != null)
            {
                // Keep the replace on the order's own instrument grid most of the time.
                final int own = Integer.parseInt(target[2]);
                if (c[9] % 3 != 0)
                {
                    replace.price(price(own, c[4]));
                }
                if (c[9] % 3 != 1)
                {
                    replace.qty(qty(own, c[5], 8));
                }
            }
            return replace;
        }
        if (kind < 90)
        {
            return bundle(account, c);
        }
        if (kind < 93)
        {
            return Commands.owner(OWNER_IDS[c[1] % OWNER_IDS.length], StpPolicy.values()[c[6] % 3]);
        }
        if (kind < 95)
        {
            return Commands.book(symbol(instrument), 1 + c[6] % 4);
        }
        return badOrder(account, instrument, side, c);
    }

    private Command bundle(final String account, final int[] c)
    {
        final Command bundle = Commands.bundle(account, freshId("k"));
        final int legs = 2 + c[6] % 2;
        for (int leg = 0; leg < legs; leg++)
        {
            final int instrument = c[8] % 10 == 0 && leg == legs - 1 ?
                c[2] % INSTRUMENTS.length : (c[2] + leg) % INSTRUMENTS.length;
            final int mix = c[4] + 31 * leg + 7 * c[3];
            bundle.addLeg()
                .set((c[3] >> leg) % 2 == 0 ? Side.BUY : Side.SELL, price(instrument, mix), qty(instrument, c[5] + leg, 3))
                .symbol().set(symbol(instrument));
        }
        return bundle;
    }

    private Command badOrder(final String account, final int instrument, final Side side, final int[] c)
    {
        final long tick = FixedPoint.parse(INSTRUMENTS[instrument][1]);
        final long lot = FixedPoint.parse(INSTRUMENTS[instrument][2]);
        final Command order = Commands.limit(account, freshId("o"), symbol(instrument), side, null, null)
            .price(price(instrument, c[4])).qty(qty(instrument, c[5], 6));
        switch (c[6] % 9)
        {
            case 0:
                return order.price(order.price() + tick / 2);
            case 1:
                return order.qty(order.qty() + lot / 2);
            case 2:
                return order.qty(0);
            case 3:
                return order.qty(-lot);
            case 4:
                order.symbol().set("Q");
                return order;
            case 5:
                order.account().set("ZZ");
                return order;
            case 6:
                return order.price(Command.ABSENT);
            case 7:
                return order.orderType(OrderType.MARKET);
            default:
                final String[] target = pick(c[7]);
                order.account().set(target[0]);
                order.clOrdId().set(target[1]);
                return order;
        }
    }

    private String freshId(final String prefix)
    {
        return prefix + ++nextId;
    }

    /** @return account, ClOrdID and instrument index (or null) of an id issued before, live or dead. */
    private String[] pick(final int choice)
    {
        return issued.isEmpty() ? new String[] {"A1", "none", null} : issued.get(choice % issued.size());
    }

    /** Most cancels and replaces come from the order's own account; some from another one. */
    private static String actor(final String[] target, final String other, final int choice)
    {
        return choice % 10 < 8 ? target[0] : other;
    }

    /**
     * Records the ClOrdIDs a command introduces, so later cancels and replaces can name them.
     *
     * @param command a command this stream made.
     */
    public void issued(final Command command)
    {
        switch (command.type())
        {
            case NEW_ORDER:
                issued.add(new String[] {command.account().toString(), command.clOrdId().toString(),
                    String.valueOf(instrumentIndex(command.symbol().toString()))});
                break;
            case REPLACE:
                final int from = indexOf(command.account().toString(), command.origClOrdId().toString());
                issued.add(new String[] {command.account().toString(), command.clOrdId().toString(),
                    from < 0 ? null : issued.get(from)[2]});
                break;
            default:
                break;
        }
    }

    private int indexOf(final String account, final String clOrdId)
    {
        for (int i = issued.size() - 1; i >= 0; i--)
        {
            if (issued.get(i)[0].equals(account) && issued.get(i)[1].equals(clOrdId))
            {
                return i;
            }
        }
        return -1;
    }

    private static int instrumentIndex(final String symbol)
    {
        for (int i = 0; i < INSTRUMENTS.length; i++)
        {
            if (INSTRUMENTS[i][0].equals(symbol))
            {
                return i;
            }
        }
        return 0;
    }

    private static String symbol(final int instrument)
    {
        return INSTRUMENTS[instrument][0];
    }

    /**
     * Gives most FOK orders and a few others a budget: a total near what the quantity costs around the reference
     * price (so both sides of the limit come up), sometimes zero, sometimes on an order that may not have one.
     */
    private static Command withBudget(final Command order, final int instrument, final int choice)
    {
        final boolean fok = order.timeInForce() == TimeInForce.FOK;
        if (choice % 100 >= (fok ? 70 : 3))
        {
            return order;
        }
        if (choice % 50 == 1)
        {
            return order.budget(0);
        }
        final long reference = FixedPoint.parse(INSTRUMENTS[instrument][3]);
        final long tick = FixedPoint.parse(INSTRUMENTS[instrument][1]);
        final long unitPrice = reference + (choice % 9 - 4) * tick;
        return order.budget(Math.max(1, order.qty() * unitPrice / FixedPoint.ONE + choice % 3 - 1));
    }

    private static long price(final int instrument, final int choice)
    {
        final long tick = FixedPoint.parse(INSTRUMENTS[instrument][1]);
        return FixedPoint.parse(INSTRUMENTS[instrument][3]) + (choice % 7 - 3) * tick;
    }

    private static long qty(final int instrument, final int choice, final int maxLots)
    {
        return (1 + choice % maxLots) * FixedPoint.parse(INSTRUMENTS[instrument][2]);
    }
}
