package io.resx.perf.workload;

import io.resx.engine.matching.BookSide;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.matching.OrderBook;
import io.resx.engine.matching.PriceLevel;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.text.AsciiKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates a realistic, valid, cyclic command stream over many instruments.
 * <p>
 * The generator drives a shadow engine of its own with every command it writes and follows the events, so it
 * always knows which orders are open, where the best prices are and what a cancel or replace may name: every
 * command in the plan is accepted (the generator checks). The plan has three parts:
 * <ol>
 *   <li>seed: every book gets {@code seedLevels} levels a side of {@code ordersPerLevel} orders;</li>
 *   <li>mix: per command a random instrument and a kind, about 45% passive adds near the top, 35% cancels of
 *   open orders, 10% IOC takers, 3% GTC takers, 2% FOK takers, 5% replaces; adds turn into cancels when a book
 *   holds twice its seed, and cancels into adds when it holds less than half, so books stay near their seed
 *   depth;</li>
 *   <li>teardown: cancels of every order still open, so the engine ends as empty as it began and the plan can
 *   loop for ever with identical outcomes.</li>
 * </ol>
 * Generation allocates freely; it is set-up, not the measured path.
 */
public final class MixGenerator
{
    /** Distinct ClOrdID numbers a plan cycles through; a number is reused only once it is no longer open. */
    static final int CLORDID_POOL = 1 << 18;
    private static final int MAX_QTY_LOTS = 10;

    private final MixSpec spec;
    private final SplittableRandom random;
    private final EngineFixture shadow;
    private final CommandPlan plan;
    private final Command command = new Command();
    private final Map<Long, Live> live = new HashMap<>();
    private final List<List<Live>> liveByInstrument = new ArrayList<>();
    private final long[] counts = new long[MixCategory.values().length];
    private int nextClOrdId;
    private int peakOpen;

    private MixGenerator(final MixSpec spec)
    {
        this.spec = spec;
        random = new SplittableRandom(spec.rngSeed());
        shadow = new EngineFixture(spec.instruments(), spec.accounts(), spec.seedOrders() * 3);
        plan = new CommandPlan(spec.instruments(), spec.accounts(), CLORDID_POOL);
        for (int i = 0; i < spec.instruments(); i++)
        {
            liveByInstrument.add(new ArrayList<>());
        }
    }

    /**
     * @param spec the shape of the mix.
     * @return the generated workload.
     * @throws IllegalStateException when the shadow engine rejected a generated command or the books did not
     *                               end empty: a generator bug, never silently measured.
     */
    public static MixWorkload generate(final MixSpec spec)
    {
        final MixGenerator generator = new MixGenerator(spec);
        generator.seed();
        for (int n = 0; n < spec.mixCommands(); n++)
        {
            generator.mixOne();
        }
        generator.teardown();
        return new MixWorkload(spec, generator.plan, generator.counts, generator.peakOpen);
    }

    private void seed()
    {
        for (int level = 1; level <= spec.seedLevels(); level++)
        {
            for (int k = 0; k < spec.ordersPerLevel(); k++)
            {
                for (int i = 0; i < spec.instruments(); i++)
                {
                    final long offset = level * EngineFixture.TICK;
                    newOrder(MixCategory.SEED, i, Side.BUY, TimeInForce.GTC, EngineFixture.MID_PRICE - offset, lots());
                    newOrder(MixCategory.SEED, i, Side.SELL, TimeInForce.GTC, EngineFixture.MID_PRICE + offset, lots());
                }
            }
        }
    }

    private void teardown()
    {
        for (final List<Live> orders : liveByInstrument)
        {
            while (!orders.isEmpty())
            {
                cancel(MixCategory.TEARDOWN, orders.get(orders.size() - 1));
            }
        }
        final MatchingEngine engine = shadow.engine();
        for (int i = 0; i < spec.instruments(); i++)
        {
            if (engine.book(i).bids().depth() != 0 || engine.book(i).asks().depth() != 0)
            {
                throw new IllegalStateException("book " + i + " not empty after teardown");
            }
        }
    }

    private void mixOne()
    {
        final int instrument = random.nextInt(spec.instruments());
        final List<Live> orders = liveByInstrument.get(instrument);
        final int target = 2 * spec.seedLevels() * spec.ordersPerLevel();
        final int roll = random.nextInt(100);
        final boolean wantsAdd = roll < 45 || orders.size() < target / 2;
        if (orders.isEmpty() || (wantsAdd && orders.size() < 2 * target))
        {
            addPassive(instrument);
        }
        else if (roll < 80 || wantsAdd)
        {
            cancel(MixCategory.CANCEL, orders.get(random.nextInt(orders.size())));
        }
        else if (roll < 95)
        {
            take(instrument, roll < 90 ? MixCategory.TAKE_IOC : roll < 93 ? MixCategory.TAKE_GTC : MixCategory.TAKE_FOK);
        }
        else
        {
            replace(orders.get(random.nextInt(orders.size())));
        }
    }

    private void addPassive(final int instrument)
    {
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        final OrderBook book = shadow.engine().book(instrument);
        final PriceLevel own = book.side(side).best();
        final PriceLevel opposite = book.side(side.opposite()).best();
        final long towardSpread = side == Side.BUY ? EngineFixture.TICK : -EngineFixture.TICK;
        long price;
        if (own != null)
        {
            // Mostly at or just behind the best; one in ten improves it by a tick when the spread allows.
            final int roll = random.nextInt(10);
            price = roll == 0 ? own.price() + towardSpread : own.price() - towardSpread * random.nextInt(4);
        }
        else if (opposite != null)
        {
            price = opposite.price() - towardSpread * (1 + random.nextInt(3));
        }
        else
        {
            price = EngineFixture.MID_PRICE - towardSpread;
        }
        if (opposite != null && !(side == Side.BUY ? price < opposite.price() : price > opposite.price()))
        {
            price = opposite.price() - towardSpread;
        }
        price = Math.max(price, EngineFixture.TICK);
        newOrder(MixCategory.ADD_PASSIVE, instrument, side, TimeInForce.GTC, price, lots());
    }

    private void take(final int instrument, final MixCategory category)
    {
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        final BookSide opposite = shadow.engine().book(instrument).side(side.opposite());
        if (opposite.depth() < 2)
        {
            addPassive(instrument);
            return;
        }
        final long through = (side == Side.BUY ? EngineFixture.TICK : -EngineFixture.TICK) * random.nextInt(3);
        final long price = opposite.best().price() + (category == MixCategory.TAKE_FOK ? 0 : through);
        final TimeInForce tif = category == MixCategory.TAKE_IOC ? TimeInForce.IOC :
            category == MixCategory.TAKE_GTC ? TimeInForce.GTC : TimeInForce.FOK;
        newOrder(category, instrument, side, tif, price, EngineFixture.LOT * (1 + random.nextInt(2 * MAX_QTY_LOTS)));
    }

    private void replace(final Live order)
    {
        final long filled = order.qty - order.open;
        long price = order.price;
        long qty = order.qty;
        if (random.nextBoolean() || order.price <= EngineFixture.TICK)
        {
            qty = filled + lots();
        }
        else
        {
            // One tick away from the spread: loses time priority, never crosses.
            price += order.side == Side.BUY ? -EngineFixture.TICK : EngineFixture.TICK;
        }
        final int newClOrdId = takeClOrdId(order.account);
        plan.addReplace(order.account, order.instrument, order.side, order.clOrdId, newClOrdId, price, qty);
        command.reset().type(CommandType.REPLACE).side(order.side).price(price).qty(qty);
        command.account().set(EngineFixture.account(order.account));
        command.symbol().set(EngineFixture.symbol(order.instrument));
        command.origClOrdId().set(EngineFixture.clOrdId(order.clOrdId));
        command.clOrdId().set(EngineFixture.clOrdId(newClOrdId));
        process(MixCategory.REPLACE);
    }

    private void newOrder(
        final MixCategory category, final int instrument, final Side side, final TimeInForce tif, final long price,
        final long qty)
    {
        final int account = random.nextInt(spec.accounts());
        final int clOrdId = takeClOrdId(account);
        plan.addNewOrder(category, account, instrument, clOrdId, side, tif, price, qty);
        EngineFixture.newOrder(command, account, instrument, clOrdId, side, price, qty, tif);
        final EventLog events = process(category);
        long traded = 0;
        boolean cancelled = false;
        for (int e = 0; e < events.size(); e++)
        {
            final EngineEvent event = events.get(e);
            if (event.type() == EventType.TRADE)
            {
                traded += event.qty();
            }
            else if (event.type() == EventType.CANCELLED && event.clOrdId().contentEquals(command.clOrdId()) &&
                event.account().contentEquals(command.account()))
            {
                cancelled = true;
            }
        }
        if (tif == TimeInForce.GTC && traded < qty && !cancelled)
        {
            final Live order = new Live(account, clOrdId, instrument, side, price, qty, qty - traded);
            live.put(key(account, clOrdId), order);
            final List<Live> orders = liveByInstrument.get(instrument);
            order.index = orders.size();
            orders.add(order);
            peakOpen = Math.max(peakOpen, live.size());
        }
    }

    private void cancel(final MixCategory category, final Live order)
    {
        plan.addCancel(category, order.account, order.instrument, order.side, order.clOrdId);
        EngineFixture.cancel(command, order.account, order.clOrdId);
        process(category);
    }

    private EventLog process(final MixCategory category)
    {
        counts[category.ordinal()]++;
        final EventLog events = shadow.apply(command);
        for (int e = 0; e < events.size(); e++)
        {
            final EngineEvent event = events.get(e);
            switch (event.type())
            {
                case TRADE:
                    reduce(event.buyAccount(), event.buyClOrdId(), event.qty());
                    reduce(event.sellAccount(), event.sellClOrdId(), event.qty());
                    break;
                case CANCELLED:
                    final Live gone = find(event.account(), event.clOrdId());
                    if (gone != null)
                    {
                        forget(gone);
                    }
                    break;
                case REPLACED:
                    final Live replaced = find(event.account(), event.origClOrdId());
                    forget(replaced);
                    final Live renamed = new Live(replaced.account, number(event.clOrdId()), replaced.instrument,
                        replaced.side, event.price(), event.qty(), event.qty() - (replaced.qty - replaced.open));
                    live.put(key(renamed.account, renamed.clOrdId), renamed);
                    final List<Live> orders = liveByInstrument.get(renamed.instrument);
                    renamed.index = orders.size();
                    orders.add(renamed);
                    break;
                default:
                    break;
            }
        }
        return events;
    }

    private void reduce(final AsciiKey account, final AsciiKey clOrdId, final long qty)
    {
        final Live order = find(account, clOrdId);
        if (order != null)
        {
            order.open -= qty;
            if (order.open == 0)
            {
                forget(order);
            }
        }
    }

    private Live find(final AsciiKey account, final AsciiKey clOrdId)
    {
        final int accountIndex = shadow.engine().accounts().account(account).index();
        return live.get(key(accountIndex, number(clOrdId)));
    }

    private void forget(final Live order)
    {
        live.remove(key(order.account, order.clOrdId));
        final List<Live> orders = liveByInstrument.get(order.instrument);
        final Live last = orders.remove(orders.size() - 1);
        if (last != order)
        {
            orders.set(order.index, last);
            last.index = order.index;
        }
    }

    private int takeClOrdId(final int account)
    {
        int number;
        do
        {
            number = nextClOrdId;
            nextClOrdId = (nextClOrdId + 1) % CLORDID_POOL;
        }
        while (live.containsKey(key(account, number)));
        return number;
    }

    private long lots()
    {
        return EngineFixture.LOT * (1 + random.nextInt(MAX_QTY_LOTS));
    }

    private static int number(final AsciiKey clOrdId)
    {
        int n = 0;
        for (int i = "ord-".length(); i < clOrdId.length(); i++)
        {
            n = n * 10 + (clOrdId.charAt(i) - '0');
        }
        return n;
    }

    private static long key(final int account, final int clOrdId)
    {
        return ((long)account << 32) | clOrdId;
    }

    /** An order the shadow engine holds open. */
    private static final class Live
    {
        final int account;
        final int clOrdId;
        final int instrument;
        final Side side;
        final long price;
        final long qty;
        long open;
        int index;

        Live(final int account, final int clOrdId, final int instrument, final Side side, final long price,
            final long qty, final long open)
        {
            this.account = account;
            this.clOrdId = clOrdId;
            this.instrument = instrument;
            this.side = side;
            this.price = price;
            this.qty = qty;
            this.open = open;
        }
    }
}
