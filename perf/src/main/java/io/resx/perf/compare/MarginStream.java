package io.resx.perf.compare;

import io.resx.engine.matching.BookSide;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.matching.PriceLevel;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.text.AsciiKey;
import io.resx.risk.AccountRegistry;
import io.resx.risk.RiskStage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The exchange-core-margin workload translated to ResX commands, stored compactly (parallel arrays, one row per
 * command) so the 3 M commands fit in memory; {@link #fill} writes a row into a ring slot without allocating.
 * <p>
 * Translation: one instrument ({@link #SYMBOL}, tick 1, lot 1: the peer's integer ticks and lots become whole
 * units), 1,000 accounts {@code U<uid>} each with its own owner {@code O<uid>} whose self-trade prevention is
 * OFF (the peer has none); the peer's order id is the ClOrdID, kept across replaces. GTC and IOC are limit
 * orders; MOVE is a replace at the new price (loses priority); REDUCE is a replace to the smaller total that
 * leaves {@code size} fewer lots open (a cut of all it has open is a cancel, as the peer removes it), which needs each order's
 * total and open size at that moment; CANCEL is a cancel; FOK_BUDGET is a MARKET FOK with the peer's total as
 * its budget (cash = ticks × lots). Those sizes come from running the stream once through a plain
 * {@link MatchingEngine} at load time, outside any measurement; that run also checks that every command is
 * accepted and yields the book the translation ends in.
 */
final class MarginStream
{
    /** The one instrument: a compute-hour book standing in for the peer's futures contract 40000. */
    static final String SYMBOL = "COMP.GPU-H100.EU-WEST";
    /** Peer's symbol id. */
    static final int PEER_SYMBOL = 40000;

    /**
     * Cash each account gets with risk on: 2 × 10^9 (the stream's largest order is ~1.5 × 10^7 cash); 1,000 of
     * them stay within the risk stage's largest supply of an asset ({@code ClearingRisk.MAX_BALANCE}).
     */
    static final long FUNDED_CASH = 2_000_000_000L * FixedPoint.ONE;
    /** Units of {@link #SYMBOL} each account gets with risk on: 10^7 (the largest order is 344 units). */
    static final long FUNDED_UNITS = 10_000_000L * FixedPoint.ONE;

    private static final byte NEW_GTC = 0;
    private static final byte NEW_IOC = 1;
    private static final byte NEW_FOK_BUDGET = 2;
    private static final byte REPLACE_PRICE = 3;
    private static final byte REPLACE_QTY = 4;
    private static final byte CANCEL = 5;

    private final List<Command> setup = new ArrayList<>();
    private final AsciiKey symbol = AsciiKey.of(SYMBOL);
    private AsciiKey[] accounts = new AsciiKey[0];
    private AsciiKey[] clOrdIds = new AsciiKey[0];

    private int size;
    private int fillRows;
    private byte[] kind = new byte[1 << 16];
    private boolean[] buy = new boolean[1 << 16];
    private short[] account = new short[1 << 16];
    private int[] orderId = new int[1 << 16];
    private long[] value = new long[1 << 16];
    private long[] qty = new long[1 << 16];

    private long samePriceMoves;
    private L2Book translatedBook;

    /**
     * Reads and translates the workload.
     *
     * @param directory the workload directory.
     * @param benchmarkLimit benchmark commands to keep (all when larger than the file).
     * @return the translated stream.
     * @throws IOException when the files cannot be read.
     */
    static MarginStream load(final Path directory, final int benchmarkLimit) throws IOException
    {
        final MarginStream stream = new MarginStream();
        final int users = stream.readSetup(directory.resolve("margin-setup.csv"));
        stream.accounts = new AsciiKey[users + 1];
        for (int uid = 1; uid <= users; uid++)
        {
            stream.accounts[uid] = AsciiKey.of("U" + uid);
        }
        final List<long[]> peer = new ArrayList<>();
        readOrders(directory.resolve("margin-fill.csv.gz"), Integer.MAX_VALUE, peer);
        stream.fillRows = peer.size();
        readOrders(directory.resolve("margin-benchmark.csv.gz"), benchmarkLimit, peer);
        stream.translate(peer);
        return stream;
    }

    /** @return reference-data commands: the listing, 1,000 owners with STP OFF, 1,000 accounts. */
    List<Command> setup()
    {
        return setup;
    }

    /**
     * Deposits that fund every account for the clearing risk stage, as the peer's set-up funds its users (there
     * {@code Long.MAX_VALUE / 1,001} of each currency): {@link #FUNDED_CASH} of cash and {@link #FUNDED_UNITS}
     * of the instrument's units each, far more than any account's open orders and net trades of the stream need,
     * so no command is refused for want of them and what the risk stage costs is its checks and moves.
     *
     * @return one cash and one units deposit per account, admin commands.
     */
    List<Command> funding()
    {
        final List<Command> deposits = new ArrayList<>();
        for (int uid = 1; uid < accounts.length; uid++)
        {
            for (final boolean units : new boolean[] {false, true})
            {
                final Command deposit = new Command().type(CommandType.DEPOSIT).admin(true)
                    .amount(units ? FUNDED_UNITS : FUNDED_CASH);
                deposit.account().set(accounts[uid]);
                deposit.symbol().set(units ? SYMBOL : "CASH");
                deposits.add(deposit);
            }
        }
        return deposits;
    }

    /** @return rows of the untimed 1,000-order fill, first in the stream. */
    int fillRows()
    {
        return fillRows;
    }

    /** @return rows in all, fill included. */
    int size()
    {
        return size;
    }

    /** @return MOVEs to the order's own price: the peer requeues them, a ResX replace keeps priority. */
    long samePriceMoves()
    {
        return samePriceMoves;
    }

    /** @return the book the translation run ended in. */
    L2Book translatedBook()
    {
        return translatedBook;
    }

    /**
     * Overwrites {@code command} with a row. Allocates nothing.
     *
     * @param row     0-based row.
     * @param command the command to fill (a ring slot's).
     */
    void fill(final int row, final Command command)
    {
        command.reset();
        command.account().set(accounts[account[row]]);
        command.symbol().set(symbol);
        command.clOrdId().set(clOrdIds[orderId[row]]);
        final Side side = buy[row] ? Side.BUY : Side.SELL;
        switch (kind[row])
        {
            case NEW_GTC:
            case NEW_IOC:
                command.type(CommandType.NEW_ORDER).side(side).price(value[row]).qty(qty[row])
                    .timeInForce(kind[row] == NEW_GTC ? TimeInForce.GTC : TimeInForce.IOC);
                break;
            case NEW_FOK_BUDGET:
                command.type(CommandType.NEW_ORDER).side(side).orderType(OrderType.MARKET)
                    .timeInForce(TimeInForce.FOK).qty(qty[row]).budget(value[row]);
                break;
            case REPLACE_PRICE:
                command.type(CommandType.REPLACE).price(value[row]);
                command.origClOrdId().set(clOrdIds[orderId[row]]);
                break;
            case REPLACE_QTY:
                command.type(CommandType.REPLACE).qty(qty[row]);
                command.origClOrdId().set(clOrdIds[orderId[row]]);
                break;
            default:
                command.type(CommandType.CANCEL);
                command.origClOrdId().set(clOrdIds[orderId[row]]);
                break;
        }
    }

    /**
     * Reads an engine's book in the peer's units.
     *
     * @param engine the engine, not running (or its thread quiet).
     * @return its book of {@link #SYMBOL}.
     */
    static L2Book bookOf(final MatchingEngine engine)
    {
        final io.resx.engine.matching.OrderBook book = engine.book(AsciiKey.of(SYMBOL));
        return new L2Book(levels(book.asks()), levels(book.bids()));
    }

    /**
     * Reads a BOOK event in the peer's units.
     *
     * @param event a BOOK event.
     * @return the book.
     */
    static L2Book bookOf(final EngineEvent event)
    {
        final List<L2Book.Level> asks = new ArrayList<>();
        for (int i = 0; i < event.askLevels(); i++)
        {
            asks.add(new L2Book.Level(units(event.askPrice(i)), units(event.askQty(i)), event.askCount(i)));
        }
        final List<L2Book.Level> bids = new ArrayList<>();
        for (int i = 0; i < event.bidLevels(); i++)
        {
            bids.add(new L2Book.Level(units(event.bidPrice(i)), units(event.bidQty(i)), event.bidCount(i)));
        }
        return new L2Book(asks, bids);
    }

    private static List<L2Book.Level> levels(final BookSide side)
    {
        final List<L2Book.Level> levels = new ArrayList<>();
        for (int i = 0; i < side.depth(); i++)
        {
            final PriceLevel level = side.level(i);
            levels.add(new L2Book.Level(units(level.price()), units(level.openQty()), level.orderCount()));
        }
        return levels;
    }

    private static long units(final long fixedPoint)
    {
        return fixedPoint / FixedPoint.ONE;
    }

    private int readSetup(final Path file) throws IOException
    {
        setup.add(new Command().type(CommandType.LIST).tick(FixedPoint.ONE).lot(FixedPoint.ONE));
        setup.get(0).symbol().set(SYMBOL);
        int users = 0;
        for (final String line : Files.readAllLines(file, StandardCharsets.US_ASCII))
        {
            if (line.startsWith("USER,"))
            {
                final int uid = Integer.parseInt(line.split(",")[1]);
                if (uid > users)
                {
                    final Command owner = new Command().type(CommandType.OWNER).stpPolicy(StpPolicy.OFF);
                    owner.owner().set("O" + uid);
                    final Command open = new Command().type(CommandType.ACCOUNT);
                    open.account().set("U" + uid);
                    open.owner().set("O" + uid);
                    setup.add(owner);
                    setup.add(open);
                    users = uid;
                }
            }
        }
        return users;
    }

    /** Peer rows as longs: kind, uid, orderId, bid (1/0), price, size. */
    private static void readOrders(final Path file, final int limit, final List<long[]> into) throws IOException
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.US_ASCII)))
        {
            in.readLine(); // header: cmd,symbol,uid,orderId,action,orderType,price,reservePrice,size
            int read = 0;
            for (String line = in.readLine(); line != null && read < limit; line = in.readLine(), read++)
            {
                final String[] f = line.split(",", -1);
                final byte rowKind;
                switch (f[0])
                {
                    case "PLACE":
                        rowKind = "GTC".equals(f[5]) ? NEW_GTC : "IOC".equals(f[5]) ? NEW_IOC : NEW_FOK_BUDGET;
                        if (rowKind == NEW_FOK_BUDGET && !"FOK_BUDGET".equals(f[5]))
                        {
                            throw new IOException("unknown order type " + f[5]);
                        }
                        break;
                    case "MOVE":
                        rowKind = REPLACE_PRICE;
                        break;
                    case "REDUCE":
                        rowKind = REPLACE_QTY;
                        break;
                    case "CANCEL":
                        rowKind = CANCEL;
                        break;
                    default:
                        throw new IOException("unknown command " + f[0]);
                }
                if (Integer.parseInt(f[1]) != PEER_SYMBOL)
                {
                    throw new IOException("unexpected symbol " + f[1]);
                }
                into.add(new long[] {rowKind, Long.parseLong(f[2]), Long.parseLong(f[3]), "BID".equals(f[4]) ? 1 : 0,
                    f[6].isEmpty() ? 0 : Long.parseLong(f[6]), f[8].isEmpty() ? 0 : Long.parseLong(f[8])});
            }
        }
    }

    /** Builds the rows while running them through an engine to know each order's total and open size. */
    private void translate(final List<long[]> peer)
    {
        int maxOrderId = 0;
        for (final long[] p : peer)
        {
            maxOrderId = Math.max(maxOrderId, (int)p[2]);
        }
        clOrdIds = new AsciiKey[maxOrderId + 1];
        for (int id = 1; id <= maxOrderId; id++)
        {
            clOrdIds[id] = AsciiKey.of(Integer.toString(id));
        }
        final long[] total = new long[maxOrderId + 1];
        final long[] open = new long[maxOrderId + 1];
        final long[] price = new long[maxOrderId + 1];

        final MatchingEngine engine = new MatchingEngine(new AccountRegistry(), RiskStage.NONE, 1 << 16);
        final EventLog events = new EventLog();
        for (final Command command : setup)
        {
            engine.process(command, events);
            requireAccepted(events, "set-up " + command.type());
        }
        final Command command = new Command();
        for (final long[] p : peer)
        {
            final int row = append();
            final int id = (int)p[2];
            kind[row] = (byte)p[0];
            account[row] = (short)p[1];
            orderId[row] = id;
            buy[row] = p[3] == 1;
            switch (kind[row])
            {
                case NEW_GTC:
                case NEW_IOC:
                    value[row] = p[4] * FixedPoint.ONE;
                    qty[row] = p[5] * FixedPoint.ONE;
                    break;
                case NEW_FOK_BUDGET:
                    value[row] = p[4] * FixedPoint.ONE; // the peer's total, ticks × lots, as cash
                    qty[row] = p[5] * FixedPoint.ONE;
                    break;
                case REPLACE_PRICE:
                    value[row] = p[4] * FixedPoint.ONE;
                    if (value[row] == price[id])
                    {
                        samePriceMoves++;
                    }
                    break;
                case REPLACE_QTY:
                    if (p[5] * FixedPoint.ONE >= open[id])
                    {
                        kind[row] = CANCEL; // the peer removes an order reduced by all it has open
                    }
                    else
                    {
                        qty[row] = total[id] - p[5] * FixedPoint.ONE;
                    }
                    break;
                default:
                    break;
            }
            fill(row, command);
            engine.process(command, events);
            requireAccepted(events, "row " + row);
            track(events, command, id, total, open, price);
        }
        translatedBook = bookOf(engine);
    }

    private static void track(
        final EventLog events, final Command command, final int id, final long[] total, final long[] open,
        final long[] price)
    {
        if (command.type() == CommandType.NEW_ORDER && command.timeInForce() == TimeInForce.GTC)
        {
            total[id] = command.qty();
            open[id] = command.qty();
            price[id] = command.price();
        }
        for (int i = 1; i < events.size(); i++)
        {
            final EngineEvent event = events.get(i);
            if (event.type() == EventType.TRADE)
            {
                open[idOf(event.buyClOrdId())] -= event.qty();
                open[idOf(event.sellClOrdId())] -= event.qty();
            }
            else if (event.type() == EventType.CANCELLED)
            {
                open[idOf(event.clOrdId())] = 0;
            }
            else if (event.type() == EventType.REPLACED)
            {
                final int replaced = idOf(event.clOrdId());
                open[replaced] += event.qty() - total[replaced];
                total[replaced] = event.qty();
                price[replaced] = event.price();
            }
        }
    }

    private static int idOf(final AsciiKey clOrdId)
    {
        int id = 0;
        for (int i = 0; i < clOrdId.length(); i++)
        {
            id = id * 10 + clOrdId.charAt(i) - '0';
        }
        return id;
    }

    private static void requireAccepted(final EventLog events, final String what)
    {
        if (events.get(0).type() != EventType.ACCEPTED)
        {
            throw new IllegalStateException("translation error: " + what + " was rejected: " + events.get(0).reason());
        }
    }

    private int append()
    {
        if (size == kind.length)
        {
            final int capacity = size * 2;
            kind = Arrays.copyOf(kind, capacity);
            buy = Arrays.copyOf(buy, capacity);
            account = Arrays.copyOf(account, capacity);
            orderId = Arrays.copyOf(orderId, capacity);
            value = Arrays.copyOf(value, capacity);
            qty = Arrays.copyOf(qty, capacity);
        }
        return size++;
    }
}
