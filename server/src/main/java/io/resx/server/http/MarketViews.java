package io.resx.server.http;

import io.resx.gateway.common.marketdata.CandleBook;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.instrument.InstrumentSymbol;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API knows of the market from the engine's outcome stream: the listings, recent trades and last price
 * per instrument, and the lease calendar (who bought which slot of a unit, from trades on lease slots). Written by
 * the API gateway's agent thread only; read by request threads, each structure under its own lock. Covers what the
 * process has seen since it started (listings arrive again on every start; trades do not).
 * <p>
 * Time: the exchange's "now" is the latest sequencer timestamp seen on an outcome (any gateway's command, the engine
 * node's TICKs included); before the first outcome, the wall clock. An instrument's state follows the engine's
 * CLOSED and EXPIRED events and, between ticks, the clock against its gate closure and slot end. An expired
 * instrument stays shown as EXPIRED for {@link #RETENTION_NS} of exchange time after its slot's end, then it is
 * dropped with its trades and lease calendar entries.
 */
final class MarketViews
{
    /** A trade as the API shows it. */
    record Trade(long seq, long tradeId, String symbol, String price, String qty, String aggressorSide,
        String buyAccount, String sellAccount, String time)
    {
        /** @return the trade as everyone may see it: no accounts. */
        Map<String, Object> publicView()
        {
            final Map<String, Object> view = new java.util.LinkedHashMap<>();
            view.put("seq", seq);
            view.put("tradeId", tradeId);
            view.put("symbol", symbol);
            view.put("price", price);
            view.put("qty", qty);
            view.put("aggressorSide", aggressorSide);
            view.put("time", time);
            return view;
        }
    }

    /** One leased slot of a unit: a trade on a lease instrument. */
    record LeaseSlot(Instant slotStart, Instant slotEnd, String symbol, String user, String price, String qty)
    {
    }

    /** How long an expired instrument stays listed (as EXPIRED) after its slot's end: 24 h of exchange time. */
    static final long RETENTION_NS = java.util.concurrent.TimeUnit.HOURS.toNanos(24);

    private final int recentTrades;
    private final Map<String, Instrument> instruments = new ConcurrentHashMap<>();
    /** Symbols the engine said closed (CLOSED event, or listed closed). */
    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    /** Symbols the engine said expired (EXPIRED event). */
    private final Set<String> expired = ConcurrentHashMap.newKeySet();
    private volatile long nowNs = Long.MIN_VALUE;
    private final Map<String, ArrayDeque<Trade>> trades = new ConcurrentHashMap<>();
    private final Map<String, String> lastPrice = new ConcurrentHashMap<>();
    /** Price history (candles, forward curves): bounded, see {@link CandleBook}. */
    private final CandleBook candles = new CandleBook();
    /** By unit (ownership symbol), by slot start: the slot's trades. */
    private final Map<String, TreeMap<Instant, List<LeaseSlot>>> leases = new ConcurrentHashMap<>();

    /**
     * @param recentTrades trades kept per instrument.
     */
    MarketViews(final int recentTrades)
    {
        this.recentTrades = recentTrades;
    }

    void onListing(final String symbol, final long tick, final long lot)
    {
        onListing(symbol, tick, lot, Long.MAX_VALUE, false);
    }

    /**
     * @param symbol  the instrument.
     * @param tick    price increment.
     * @param lot     quantity increment.
     * @param closeNs its gate closure ({@link Long#MAX_VALUE} or {@link io.resx.protocol.command.Command#ABSENT}:
     *                none, it trades until its slot ends).
     * @param closed  whether the engine already closed it.
     */
    void onListing(final String symbol, final long tick, final long lot, final long closeNs, final boolean closed)
    {
        final InstrumentSymbol parsed = InstrumentSymbol.parse(symbol);
        final long endNs = parsed.slotStart() == null ? Long.MAX_VALUE : parsed.slotEndEpochNs();
        final long gate = closeNs == Long.MAX_VALUE || closeNs == io.resx.protocol.command.Command.ABSENT ? endNs :
            closeNs;
        instruments.put(symbol, new Instrument(symbol, parsed, tick, lot, gate, endNs));
        expired.remove(symbol);
        if (closed)
        {
            this.closed.add(symbol);
        }
        else
        {
            this.closed.remove(symbol);
        }
    }

    /** @param symbol an instrument the engine closed at its gate closure. */
    void onClosed(final String symbol)
    {
        closed.add(symbol);
    }

    /** @param symbol an instrument whose slot ended: its book left the engine. */
    void onExpired(final String symbol)
    {
        closed.add(symbol);
        expired.add(symbol);
    }

    /**
     * @param timestampNs a sequencer timestamp seen on an outcome; time never goes back here.
     */
    void onTime(final long timestampNs)
    {
        if (timestampNs > nowNs)
        {
            nowNs = timestampNs;
        }
    }

    /** @return the exchange time: the latest sequencer timestamp seen, or the wall clock before the first. */
    long nowNs()
    {
        final long seen = nowNs;
        if (seen != Long.MIN_VALUE)
        {
            return seen;
        }
        final Instant wall = Instant.now();
        return wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
    }

    /**
     * @param instrument a listed instrument.
     * @param atNs       the exchange time.
     * @return its state then.
     */
    Instrument.State state(final Instrument instrument, final long atNs)
    {
        return instrument.state(atNs, closed.contains(instrument.symbol()), expired.contains(instrument.symbol()));
    }

    /**
     * Drops what expired more than {@link #RETENTION_NS} before {@code atNs}: the instrument, its trades, its last
     * price and its lease calendar entries.
     *
     * @param atNs the exchange time.
     * @return instruments dropped.
     */
    int prune(final long atNs)
    {
        int dropped = 0;
        for (final Instrument instrument : new ArrayList<>(instruments.values()))
        {
            if (instrument.endNs() != Long.MAX_VALUE && atNs - instrument.endNs() > RETENTION_NS)
            {
                final String symbol = instrument.symbol();
                instruments.remove(symbol);
                trades.remove(symbol);
                lastPrice.remove(symbol);
                closed.remove(symbol);
                expired.remove(symbol);
                final TreeMap<Instant, List<LeaseSlot>> calendar = leases.get(instrument.unit());
                if (calendar != null)
                {
                    synchronized (calendar)
                    {
                        final List<LeaseSlot> slot = calendar.get(instrument.parsed().slotStart());
                        if (slot != null)
                        {
                            slot.removeIf(l -> l.symbol().equals(symbol));
                            if (slot.isEmpty())
                            {
                                calendar.remove(instrument.parsed().slotStart());
                            }
                        }
                    }
                }
                dropped++;
            }
        }
        return dropped;
    }

    void onTrade(final Trade trade)
    {
        final ArrayDeque<Trade> recent = trades.computeIfAbsent(trade.symbol(), s -> new ArrayDeque<>());
        synchronized (recent)
        {
            if (recent.size() == recentTrades)
            {
                recent.removeFirst();
            }
            recent.addLast(trade);
        }
        lastPrice.put(trade.symbol(), trade.price());
        final Instrument instrument = instruments.get(trade.symbol());
        if (instrument != null && instrument.parsed().isLease())
        {
            final TreeMap<Instant, List<LeaseSlot>> calendar =
                leases.computeIfAbsent(instrument.unit(), u -> new TreeMap<>());
            synchronized (calendar)
            {
                calendar.computeIfAbsent(instrument.parsed().slotStart(), s -> new ArrayList<>())
                    .add(new LeaseSlot(instrument.parsed().slotStart(), instrument.parsed().slotEnd(), trade.symbol(),
                        trade.buyAccount(), trade.price(), trade.qty()));
            }
        }
    }

    /**
     * @param symbol an instrument.
     * @return it, or null when not listed.
     */
    Instrument instrument(final String symbol)
    {
        return instruments.get(symbol);
    }

    /** @return every listed instrument, by symbol. */
    List<Instrument> instruments()
    {
        final List<Instrument> all = new ArrayList<>(instruments.values());
        all.sort((a, b) -> a.symbol().compareTo(b.symbol()));
        return all;
    }

    /**
     * @param symbol an instrument.
     * @param limit  at most this many.
     * @return its latest trades, newest first.
     */
    List<Trade> trades(final String symbol, final int limit)
    {
        final ArrayDeque<Trade> recent = trades.get(symbol);
        final List<Trade> out = new ArrayList<>();
        if (recent == null)
        {
            return out;
        }
        synchronized (recent)
        {
            final Iterator<Trade> newestFirst = recent.descendingIterator();
            while (newestFirst.hasNext() && out.size() < limit)
            {
                out.add(newestFirst.next());
            }
        }
        return out;
    }

    /**
     * @param symbol an instrument.
     * @return its last trade price, or null before its first trade.
     */
    String lastPrice(final String symbol)
    {
        return lastPrice.get(symbol);
    }

    /**
     * @param unit a unit's ownership symbol.
     * @return its leased slots, by slot start.
     */
    List<LeaseSlot> leases(final String unit)
    {
        final TreeMap<Instant, List<LeaseSlot>> calendar = leases.get(unit);
        final List<LeaseSlot> out = new ArrayList<>();
        if (calendar != null)
        {
            synchronized (calendar)
            {
                calendar.values().forEach(out::addAll);
            }
        }
        return out;
    }

    /**
     * @param value    fixed-point.
     * @param decimals decimals to show.
     * @return the decimal string.
     */
    static String decimal(final long value, final int decimals)
    {
        return FixedPoint.toString(value, decimals);
    }

    /** @return the price history, fed by the API gateway's agent from every outcome. */
    CandleBook candles()
    {
        return candles;
    }
}
