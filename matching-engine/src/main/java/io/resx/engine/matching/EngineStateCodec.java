package io.resx.engine.matching;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.state.StateFormatException;
import io.resx.protocol.state.StateReader;
import io.resx.protocol.state.StateWriter;
import io.resx.protocol.text.AsciiKey;
import io.resx.risk.Account;
import io.resx.risk.AccountRegistry;

/**
 * The matching engine's section of a snapshot: its id counters, and every book with every resting order in
 * queue order. Restored into a new engine over an already restored {@link AccountRegistry}, it gives a state
 * from which the engine produces the same events as the engine that was saved, command for command.
 * <pre>
 *   i64 lastOrderId, i64 lastTradeId, u32 bookCount
 *   per book, in listing order:  key symbol, i64 tick, i64 lot, i64 lastPrice, i64 lastQty, i64 tradeCount,
 *     u8 halted (version 2 on; a version 1 section's books are running),
 *     i64 closeNs, i64 endNs, u8 closed (version 3 on; before it, a book's times are read from its symbol: it
 *     trades until its slot's end),
 *     bids then asks: u32 levelCount, per level best first: i64 price, u32 orderCount,
 *       per order oldest first: i64 orderId, u32 accountIndex, key clOrdId, i64 qty, i64 filled, u8 postOnly,
 *         i64 sessionTag (version 4 on; before it 0: no connection tag)
 *   version 4 on, after the books:
 *   u32 deadManCount, per armed dead-man switch: u32 accountIndex, i64 deadlineNs
 *   u32 clOrdIdCount, per ClOrdID in the window, oldest first: u32 accountIndex, key clOrdId, key symbol,
 *     i64 acceptedNs, i64 orderId, u8 side, u8 orderType, u8 timeInForce, u8 postOnly, i64 price, i64 qty,
 *     i64 budget, i64 protectionPrice,
 *     version 5 on: u8 legCount (0 for a single order), per leg of a bundle: key symbol, u8 side, i64 price, i64 qty
 *   (a section before version 4 restores no switch armed and an empty ClOrdID window; one of version 4 holds
 *   single orders only)
 * </pre>
 * Single writer: call only on the thread that owns the engine (or on a stopped engine).
 */
public final class EngineStateCodec
{
    /** Section name in a snapshot. */
    public static final String SECTION = "engine";
    /** Version of the layout above; a reader refuses any other. */
    public static final int VERSION = 5;

    private static final Side[] SIDES = Side.values();
    private static final OrderType[] ORDER_TYPES = OrderType.values();
    private static final TimeInForce[] TIME_IN_FORCES = TimeInForce.values();

    private static final int MAX_COUNT = Integer.MAX_VALUE / 16;

    private EngineStateCodec()
    {
    }

    /**
     * @param engine the engine.
     * @param out    appended to.
     */
    public static void write(final MatchingEngine engine, final StateWriter out)
    {
        out.putLong(engine.lastOrderId()).putLong(engine.matcher().lastTradeId()).putInt(engine.bookCount());
        for (int i = 0; i < engine.bookCount(); i++)
        {
            final OrderBook book = engine.book(i);
            out.putKey(book.symbol()).putLong(book.tick()).putLong(book.lot())
                .putLong(book.lastPrice()).putLong(book.lastQty()).putLong(book.tradeCount())
                .putBoolean(book.halted())
                .putLong(book.closeNs()).putLong(book.endNs()).putBoolean(book.closed());
            writeSide(book.bids(), out);
            writeSide(book.asks(), out);
        }
        final DeadManSwitches deadMen = engine.deadMen();
        out.putInt(deadMen.armed());
        for (int i = 0, n = engine.accounts().accountCount(); i < n; i++)
        {
            final Account account = engine.accounts().accountAt(i);
            final long deadlineNs = deadMen.deadlineNs(account);
            if (deadlineNs != DeadManSwitches.DISARMED)
            {
                out.putInt(account.index()).putLong(deadlineNs);
            }
        }
        out.putInt(engine.clOrdIds().size());
        for (final ClOrdIdWindow.Entry e : engine.clOrdIds().entries())
        {
            out.putInt(e.account.index()).putKey(e.clOrdId).putKey(e.symbol).putLong(e.acceptedNs).putLong(e.orderId)
                .putByte(e.side.ordinal()).putByte(e.orderType.ordinal()).putByte(e.timeInForce.ordinal())
                .putBoolean(e.postOnly).putLong(e.price).putLong(e.qty).putLong(e.budget).putLong(e.protectionPrice)
                .putByte(e.legCount);
            for (int leg = 0; leg < e.legCount; leg++)
            {
                out.putKey(e.legs.symbols[leg]).putByte(e.legs.sides[leg].ordinal()).putLong(e.legs.prices[leg])
                    .putLong(e.legs.qtys[leg]);
            }
        }
    }

    /**
     * @param version  the section's version as recorded in the snapshot.
     * @param in       positioned at the section.
     * @param accounts the restored registry the new engine will use.
     * @param engine   a new engine over {@code accounts} that has processed nothing yet.
     * @return {@code engine}, holding what the section holds.
     * @throws StateFormatException when the version is not 1 or {@link #VERSION} or the section is malformed.
     */
    public static MatchingEngine read(
        final int version, final StateReader in, final AccountRegistry accounts, final MatchingEngine engine)
    {
        if (version < 1 || version > VERSION)
        {
            throw new StateFormatException("snapshot section '" + SECTION + "' is version " + version +
                "; this ResX reads versions 1 to " + VERSION);
        }
        if (engine.bookCount() != 0 || engine.openOrderCount() != 0 || engine.accounts() != accounts)
        {
            throw new IllegalArgumentException("restore into a new engine over the restored accounts");
        }
        engine.lastOrderId(in.getLong());
        engine.matcher().lastTradeId(in.getLong());
        final int books = in.getCount(MAX_COUNT);
        final AsciiKey symbol = new AsciiKey(Command.MAX_SYMBOL_LENGTH);
        for (int i = 0; i < books; i++)
        {
            in.getKey(symbol);
            final long tick = in.getLong();
            final long lot = in.getLong();
            if (tick <= 0 || lot <= 0 || engine.book(symbol) != null)
            {
                throw new StateFormatException("snapshot section '" + SECTION + "': book " + symbol +
                    " has tick " + tick + ", lot " + lot + " or is listed twice");
            }
            final long lastPrice = in.getLong();
            final long lastQty = in.getLong();
            final long tradeCount = in.getLong();
            final boolean halted = version >= 2 && in.getBoolean();
            final long symbolEndNs = SlotTimes.endNs(symbol);
            final long closeNs = version >= 3 ? in.getLong() : symbolEndNs;
            final long endNs = version >= 3 ? in.getLong() : symbolEndNs;
            final boolean closed = version >= 3 && in.getBoolean();
            if (closeNs > endNs || endNs == Long.MIN_VALUE)
            {
                throw new StateFormatException("snapshot section '" + SECTION + "': book " + symbol +
                    " closes at " + closeNs + " after its end " + endNs);
            }
            final OrderBook book = new OrderBook(i, AsciiKey.of(symbol), tick, lot, closeNs, endNs);
            book.restoreMarketData(lastPrice, lastQty, tradeCount);
            book.halted(halted);
            book.closed(closed);
            engine.addBook(book);
            readSide(in, engine, book, Side.BUY, version);
            readSide(in, engine, book, Side.SELL, version);
        }
        if (version >= 4)
        {
            readDeadMen(in, engine);
            readClOrdIds(in, engine, version);
        }
        return engine;
    }

    private static void writeSide(final BookSide side, final StateWriter out)
    {
        out.putInt(side.depth());
        for (int rank = 0; rank < side.depth(); rank++)
        {
            final PriceLevel level = side.level(rank);
            out.putLong(level.price()).putInt(level.orderCount());
            for (Order order = level.head(); order != null; order = order.next)
            {
                out.putLong(order.orderId).putInt(order.account.index()).putKey(order.clOrdId)
                    .putLong(order.qty).putLong(order.filled).putBoolean(order.postOnly).putLong(order.sessionTag);
            }
        }
    }

    private static void readDeadMen(final StateReader in, final MatchingEngine engine)
    {
        final AccountRegistry accounts = engine.accounts();
        final int count = in.getCount(MAX_COUNT);
        for (int i = 0; i < count; i++)
        {
            final Account account = accounts.accountAt(in.getCount(accounts.accountCount() - 1));
            final long deadlineNs = in.getLong();
            if (deadlineNs == DeadManSwitches.DISARMED || engine.deadMen().deadlineNs(account) != DeadManSwitches.DISARMED)
            {
                throw new StateFormatException("snapshot section '" + SECTION + "': dead-man switch of " +
                    account.id() + " armed twice or never");
            }
            engine.deadMen().arm(account, deadlineNs);
        }
    }

    private static <E> E code(final E[] values, final int ordinal)
    {
        if (ordinal < 0 || ordinal >= values.length)
        {
            throw new StateFormatException("snapshot section '" + SECTION + "': " +
                values[0].getClass().getSimpleName() + " " + ordinal + " is unknown");
        }
        return values[ordinal];
    }

    private static void readClOrdIds(final StateReader in, final MatchingEngine engine, final int version)
    {
        final AccountRegistry accounts = engine.accounts();
        final ClOrdIdWindow window = engine.clOrdIds();
        final int count = in.getCount(MAX_COUNT);
        long previousNs = Long.MIN_VALUE;
        for (int i = 0; i < count; i++)
        {
            final ClOrdIdWindow.Entry e = window.blank();
            e.account = accounts.accountAt(in.getCount(accounts.accountCount() - 1));
            in.getKey(e.clOrdId);
            in.getKey(e.symbol);
            e.acceptedNs = in.getLong();
            e.orderId = in.getLong();
            e.side = code(SIDES, in.getByte());
            e.orderType = code(ORDER_TYPES, in.getByte());
            e.timeInForce = code(TIME_IN_FORCES, in.getByte());
            e.postOnly = in.getBoolean();
            e.price = in.getLong();
            e.qty = in.getLong();
            e.budget = in.getLong();
            e.protectionPrice = in.getLong();
            e.legCount = version >= 5 ? in.getByte() : 0;
            if (e.legCount < 0 || e.legCount > Command.MAX_LEGS)
            {
                throw new StateFormatException("snapshot section '" + SECTION + "': ClOrdID " + e.clOrdId +
                    " has " + e.legCount + " legs");
            }
            if (e.legCount > 0)
            {
                e.ensureLegs();
            }
            for (int leg = 0; leg < e.legCount; leg++)
            {
                in.getKey(e.legs.symbols[leg]);
                e.legs.sides[leg] = code(SIDES, in.getByte());
                e.legs.prices[leg] = in.getLong();
                e.legs.qtys[leg] = in.getLong();
            }
            if (e.acceptedNs < previousNs || window.find(e.account, e.clOrdId) != null)
            {
                throw new StateFormatException("snapshot section '" + SECTION + "': ClOrdID " + e.clOrdId + " of " +
                    e.account.id() + " out of order or held twice");
            }
            previousNs = e.acceptedNs;
            window.add(e);
        }
    }

    private static void readSide(final StateReader in, final MatchingEngine engine, final OrderBook book,
        final Side side, final int version)
    {
        final AccountRegistry accounts = engine.accounts();
        final int levels = in.getCount(MAX_COUNT);
        for (int rank = 0; rank < levels; rank++)
        {
            final long price = in.getLong();
            final int orders = in.getCount(MAX_COUNT);
            if (orders == 0)
            {
                throw new StateFormatException("snapshot section '" + SECTION + "': empty level in " + book.symbol());
            }
            for (int i = 0; i < orders; i++)
            {
                final Order order = engine.pool().acquire();
                final long orderId = in.getLong();
                final Account account = accounts.accountAt(in.getCount(accounts.accountCount() - 1));
                final AsciiKey clOrdId = in.getKey(order.clOrdId);
                final long qty = in.getLong();
                final long filled = in.getLong();
                final boolean postOnly = in.getBoolean();
                final long sessionTag = version >= 4 ? in.getLong() : 0;
                if (filled < 0 || filled >= qty || engine.openOrders().get(account, clOrdId) != null)
                {
                    throw new StateFormatException("snapshot section '" + SECTION + "': order " + orderId +
                        " has nothing open or its ClOrdID is open twice");
                }
                order.init(orderId, account, clOrdId, side, price, qty, postOnly);
                order.filled = filled;
                order.sessionTag = sessionTag;
                book.rest(order);
                engine.openOrders().put(order);
            }
        }
    }
}
