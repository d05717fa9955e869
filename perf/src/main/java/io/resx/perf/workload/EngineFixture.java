package io.resx.perf.workload;

import io.resx.engine.matching.MatchingEngine;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.risk.AccountRegistry;
import io.resx.risk.ClearingRisk;
import io.resx.risk.RiskStage;

import java.util.ArrayList;
import java.util.List;

/**
 * A matching engine with instruments listed and accounts opened, built through {@link MatchingEngine#process}
 * like any other state, plus the command builders the benchmarks use. Every account has its own owner, so
 * self-trade prevention fires only when an account meets its own orders.
 * <p>
 * Instruments share one tick ({@link #TICK}) and lot ({@link #LOT}); books are built around {@link #MID_PRICE}.
 */
public final class EngineFixture
{
    /** Price increment of every instrument: 0.01 cash. */
    public static final long TICK = FixedPoint.ONE / 100;
    /** Quantity increment of every instrument: one unit. */
    public static final long LOT = FixedPoint.ONE;
    /** What each account gets of cash and of every instrument's units when risk is on: 10^9. */
    public static final long DEPOSIT = 1_000_000_000L * FixedPoint.ONE;
    /** Price around which books are built: 100.00 cash. */
    public static final long MID_PRICE = 100 * FixedPoint.ONE;

    private final MatchingEngine engine;
    private final EventLog events = new EventLog();
    private final Command scratch = new Command();
    private final int instruments;
    private final int accounts;

    /**
     * @param instruments    instruments to list.
     * @param accounts       accounts to open, each with its own owner.
     * @param expectedOrders open orders the engine pre-allocates for.
     */
    public EngineFixture(final int instruments, final int accounts, final int expectedOrders)
    {
        this(instruments, accounts, expectedOrders, false);
    }

    /**
     * @param instruments    instruments to list.
     * @param accounts       accounts to open, each with its own owner.
     * @param expectedOrders open orders the engine pre-allocates for.
     * @param withRisk       true to run the engine with the clearing risk stage: the underlying units of lease
     *                       books are listed too, and every account gets cash and units deep enough that the mix
     *                       is never refused for want of them, so what is measured is the checks and moves.
     */
    public EngineFixture(final int instruments, final int accounts, final int expectedOrders, final boolean withRisk)
    {
        this.instruments = instruments;
        this.accounts = accounts;
        final AccountRegistry registry = new AccountRegistry();
        // ClOrdID window 0 (a ClOrdID is taken only while its order is open, resx.engine.clOrdIdWindow=PT0S): the
        // plans reuse ClOrdIDs of closed orders and loop, all at command stamp 0, which a day's window refuses
        // (DUPLICATE_CLORDID). So the figures do not include recording and pruning the window.
        engine = new MatchingEngine(registry, withRisk ? new ClearingRisk(registry, expectedOrders) : RiskStage.NONE,
            expectedOrders, 0L);
        for (int i = 0; i < instruments; i++)
        {
            scratch.reset().type(CommandType.LIST).tick(TICK).lot(LOT).symbol().set(symbol(i));
            apply(scratch);
        }
        for (int a = 0; a < accounts; a++)
        {
            scratch.reset().type(CommandType.ACCOUNT);
            scratch.account().set(account(a));
            scratch.owner().set(owner(a));
            apply(scratch);
        }
        if (withRisk)
        {
            fund();
        }
    }

    private void fund()
    {
        final List<String> assets = new ArrayList<>();
        assets.add("CASH");
        for (int i = 0; i < instruments; i++)
        {
            final String symbol = symbol(i);
            final int at = symbol.indexOf('@');
            if (at > 0 && !symbol.startsWith("ENRG"))
            {
                scratch.reset().type(CommandType.LIST).tick(TICK).lot(LOT).symbol().set(symbol.substring(0, at));
                apply(scratch);
                assets.add(symbol.substring(0, at));
            }
            else
            {
                assets.add(symbol);
            }
        }
        for (int a = 0; a < accounts; a++)
        {
            for (final String asset : assets)
            {
                scratch.reset().type(CommandType.DEPOSIT).admin(true).amount(DEPOSIT);
                scratch.account().set(account(a));
                scratch.symbol().set(asset);
                apply(scratch);
            }
        }
    }

    /**
     * @param index 0-based instrument index.
     * @return its symbol: spectrum, compute and energy instruments in turn, ownership and lease books.
     */
    public static String symbol(final int index)
    {
        switch (index % 3)
        {
            case 0:
                return String.format("SPEC.3550-3560.CELL%04d", index);
            case 1:
                return String.format("COMP.GPU-H100.EU-WEST-%04d@2026-12-01T10:00Z/PT1H", index);
            default:
                return String.format("ENRG.KWH.NODE%04d@2026-12-01T10:00Z/PT15M", index);
        }
    }

    /**
     * @param index 0-based account index.
     * @return its id.
     */
    public static String account(final int index)
    {
        return String.format("acct-%05d", index);
    }

    /**
     * @param index 0-based account index.
     * @return the id of its owner.
     */
    public static String owner(final int index)
    {
        return String.format("operator-%05d", index);
    }

    /**
     * @param number a ClOrdID number.
     * @return the ClOrdID: 20 characters, about the size real clients send.
     */
    public static String clOrdId(final long number)
    {
        return String.format("ord-%016d", number);
    }

    /** @return the engine. */
    public MatchingEngine engine()
    {
        return engine;
    }

    /** @return listed instruments. */
    public int instruments()
    {
        return instruments;
    }

    /** @return opened accounts. */
    public int accounts()
    {
        return accounts;
    }

    /**
     * Processes a command and insists that it was accepted: set-up code must not silently build another book.
     *
     * @param command the command.
     * @return the events it caused, valid until the next call.
     * @throws IllegalStateException when the engine rejected it.
     */
    public EventLog apply(final Command command)
    {
        engine.process(command, events);
        final EngineEvent first = events.get(0);
        if (first.type() != EventType.ACCEPTED)
        {
            throw new IllegalStateException(
                "set-up command " + command.type() + " " + command.clOrdId() + " rejected: " + first.reason());
        }
        return events;
    }

    /**
     * Fills {@code command} as a new limit order.
     *
     * @param command    a command to overwrite.
     * @param account    account index.
     * @param instrument instrument index.
     * @param clOrdId    ClOrdID number.
     * @param side       side.
     * @param price      limit price, fixed-point.
     * @param qty        quantity, fixed-point.
     * @param tif        time in force.
     * @return {@code command}.
     */
    public static Command newOrder(
        final Command command, final int account, final int instrument, final long clOrdId, final Side side,
        final long price, final long qty, final TimeInForce tif)
    {
        command.reset().type(CommandType.NEW_ORDER).side(side).price(price).qty(qty).timeInForce(tif);
        command.account().set(account(account));
        command.symbol().set(symbol(instrument));
        command.clOrdId().set(clOrdId(clOrdId));
        return command;
    }

    /**
     * Fills {@code command} as a cancel.
     *
     * @param command     a command to overwrite.
     * @param account     account index.
     * @param origClOrdId ClOrdID number of the open order.
     * @return {@code command}.
     */
    public static Command cancel(final Command command, final int account, final long origClOrdId)
    {
        command.reset().type(CommandType.CANCEL);
        command.account().set(account(account));
        command.origClOrdId().set(clOrdId(origClOrdId));
        command.clOrdId().set(clOrdId(origClOrdId));
        return command;
    }
}
