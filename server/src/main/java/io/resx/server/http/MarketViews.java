package io.resx.server.http;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.instrument.InstrumentSymbol;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API knows of the market from the engine's outcome stream: the listings, recent trades and last price
 * per instrument, and the lease calendar (who bought which slot of a unit, from trades on lease slots). Written by
 * the API gateway's agent thread only; read by request threads, each structure under its own lock. Covers what the
 * process has seen since it started (listings arrive again on every start; trades do not).
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

    private final int recentTrades;
    private final Map<String, Instrument> instruments = new ConcurrentHashMap<>();
    private final Map<String, ArrayDeque<Trade>> trades = new ConcurrentHashMap<>();
    private final Map<String, String> lastPrice = new ConcurrentHashMap<>();
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
        instruments.put(symbol, new Instrument(symbol, InstrumentSymbol.parse(symbol), tick, lot));
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
}
