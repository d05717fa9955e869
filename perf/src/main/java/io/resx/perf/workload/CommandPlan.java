package io.resx.perf.workload;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.text.AsciiKey;

import java.util.Arrays;

/**
 * A long command stream stored compactly, one row per command in parallel arrays, so that millions of
 * commands fit in memory (a {@link Command} object carries pre-allocated legs and detail text: about 2 KB).
 * Identifiers are pre-built {@link AsciiKey}s, so {@link #fill} only copies bytes and longs: the same work as
 * {@link Command#copyFrom}, with no formatting or parsing.
 * <p>
 * The stream is cyclic: row {@code k} of an endless run is row {@code k % size()}. {@link MixGenerator} builds
 * plans that leave the engine as they found it, so a run may loop over a plan for as long as it likes.
 */
public final class CommandPlan
{
    private static final CommandType[] TYPES = CommandType.values();
    private static final TimeInForce[] TIFS = TimeInForce.values();
    private static final Side[] SIDES = Side.values();

    private final AsciiKey[] symbols;
    private final AsciiKey[] accounts;
    private final AsciiKey[] clOrdIds;

    private int size;
    private byte[] type = new byte[1024];
    private byte[] category = new byte[1024];
    private byte[] side = new byte[1024];
    private byte[] tif = new byte[1024];
    private short[] account = new short[1024];
    private int[] instrument = new int[1024];
    private int[] clOrdId = new int[1024];
    private int[] origClOrdId = new int[1024];
    private long[] price = new long[1024];
    private long[] qty = new long[1024];

    /**
     * @param instruments instruments the fixture listed.
     * @param accounts    accounts the fixture opened.
     * @param clOrdIds    distinct ClOrdID numbers rows may use, 0-based.
     */
    public CommandPlan(final int instruments, final int accounts, final int clOrdIds)
    {
        if (accounts > Short.MAX_VALUE)
        {
            throw new IllegalArgumentException("too many accounts: " + accounts);
        }
        symbols = new AsciiKey[instruments];
        for (int i = 0; i < instruments; i++)
        {
            symbols[i] = AsciiKey.of(EngineFixture.symbol(i));
        }
        this.accounts = new AsciiKey[accounts];
        for (int a = 0; a < accounts; a++)
        {
            this.accounts[a] = AsciiKey.of(EngineFixture.account(a));
        }
        this.clOrdIds = new AsciiKey[clOrdIds];
        for (int c = 0; c < clOrdIds; c++)
        {
            this.clOrdIds[c] = AsciiKey.of(EngineFixture.clOrdId(c));
        }
    }

    /** @return rows in the plan. */
    public int size()
    {
        return size;
    }

    /**
     * @param row 0-based row.
     * @return the {@link MixCategory} ordinal the generator gave the row.
     */
    public int category(final int row)
    {
        return category[row];
    }

    /**
     * Overwrites {@code command} with a row: reset, then the row's fields. Allocates nothing.
     *
     * @param row     0-based row, below {@link #size()}.
     * @param command the command to fill.
     * @return {@code command}.
     */
    public Command fill(final int row, final Command command)
    {
        command.reset();
        final CommandType commandType = TYPES[type[row]];
        command.type(commandType);
        command.account().set(accounts[account[row]]);
        switch (commandType)
        {
            case NEW_ORDER:
                command.symbol().set(symbols[instrument[row]]);
                command.clOrdId().set(clOrdIds[clOrdId[row]]);
                command.side(SIDES[side[row]]).timeInForce(TIFS[tif[row]]).price(price[row]).qty(qty[row]);
                break;
            case CANCEL:
                command.symbol().set(symbols[instrument[row]]);
                command.clOrdId().set(clOrdIds[clOrdId[row]]);
                command.origClOrdId().set(clOrdIds[origClOrdId[row]]);
                command.side(SIDES[side[row]]);
                break;
            case REPLACE:
                command.symbol().set(symbols[instrument[row]]);
                command.clOrdId().set(clOrdIds[clOrdId[row]]);
                command.origClOrdId().set(clOrdIds[origClOrdId[row]]);
                command.side(SIDES[side[row]]).price(price[row]).qty(qty[row]);
                break;
            default:
                throw new IllegalStateException("plans hold order entry only: " + commandType);
        }
        return command;
    }

    /**
     * Appends a new order.
     *
     * @param mixCategory why the generator made it.
     * @param accountIndex account index.
     * @param instrumentIndex instrument index.
     * @param clOrdIdNumber ClOrdID number.
     * @param orderSide side.
     * @param timeInForce time in force.
     * @param priceFp limit price, fixed-point.
     * @param qtyFp quantity, fixed-point.
     */
    void addNewOrder(
        final MixCategory mixCategory, final int accountIndex, final int instrumentIndex, final int clOrdIdNumber,
        final Side orderSide, final TimeInForce timeInForce, final long priceFp, final long qtyFp)
    {
        final int row = append(CommandType.NEW_ORDER, mixCategory, accountIndex, instrumentIndex, orderSide);
        clOrdId[row] = clOrdIdNumber;
        tif[row] = (byte)timeInForce.ordinal();
        price[row] = priceFp;
        qty[row] = qtyFp;
    }

    /**
     * Appends a cancel; its own ClOrdID repeats the order's.
     *
     * @param mixCategory why the generator made it.
     * @param accountIndex account index.
     * @param instrumentIndex instrument index.
     * @param orderSide the order's side.
     * @param origClOrdIdNumber ClOrdID number of the open order.
     */
    void addCancel(
        final MixCategory mixCategory, final int accountIndex, final int instrumentIndex, final Side orderSide,
        final int origClOrdIdNumber)
    {
        final int row = append(CommandType.CANCEL, mixCategory, accountIndex, instrumentIndex, orderSide);
        clOrdId[row] = origClOrdIdNumber;
        origClOrdId[row] = origClOrdIdNumber;
    }

    /**
     * Appends a replace.
     *
     * @param accountIndex account index.
     * @param instrumentIndex instrument index.
     * @param orderSide the order's side.
     * @param origClOrdIdNumber ClOrdID number of the open order.
     * @param clOrdIdNumber its new ClOrdID number.
     * @param priceFp new price, fixed-point.
     * @param qtyFp new total quantity, fixed-point.
     */
    void addReplace(
        final int accountIndex, final int instrumentIndex, final Side orderSide, final int origClOrdIdNumber,
        final int clOrdIdNumber, final long priceFp, final long qtyFp)
    {
        final int row = append(CommandType.REPLACE, MixCategory.REPLACE, accountIndex, instrumentIndex, orderSide);
        clOrdId[row] = clOrdIdNumber;
        origClOrdId[row] = origClOrdIdNumber;
        price[row] = priceFp;
        qty[row] = qtyFp;
    }

    private int append(
        final CommandType commandType, final MixCategory mixCategory, final int accountIndex,
        final int instrumentIndex, final Side orderSide)
    {
        if (size == type.length)
        {
            final int length = size * 2;
            type = Arrays.copyOf(type, length);
            category = Arrays.copyOf(category, length);
            side = Arrays.copyOf(side, length);
            tif = Arrays.copyOf(tif, length);
            account = Arrays.copyOf(account, length);
            instrument = Arrays.copyOf(instrument, length);
            clOrdId = Arrays.copyOf(clOrdId, length);
            origClOrdId = Arrays.copyOf(origClOrdId, length);
            price = Arrays.copyOf(price, length);
            qty = Arrays.copyOf(qty, length);
        }
        final int row = size++;
        type[row] = (byte)commandType.ordinal();
        category[row] = (byte)mixCategory.ordinal();
        account[row] = (short)accountIndex;
        instrument[row] = instrumentIndex;
        side[row] = (byte)orderSide.ordinal();
        return row;
    }
}
