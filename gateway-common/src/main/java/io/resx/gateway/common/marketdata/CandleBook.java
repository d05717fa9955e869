package io.resx.gateway.common.marketdata;

import io.resx.protocol.command.Command;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.instrument.InstrumentSymbol;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Price history from the engine's TRADE events: OHLCV candles per instrument for one minute and one hour, and the
 * forward curve of a lease slot (the last price of the same hour across days). Times are exchange time, the
 * sequencer's stamp of the command that traded, so a replay gives the same candles. Fed like the order tracker:
 * {@link #apply} with each outcome in sequence order, the {@code events} queue first, complete across restarts.
 * <p>
 * Memory is bounded: per instrument the latest {@link Interval#kept()} candles of each interval (a day of minutes,
 * a month of hours; only minutes with trades take room), and at most {@code maxSymbols} instruments, the one
 * traded least recently forgotten first. Per instrument a summary (last price, volume, trades) is kept for the
 * forward curve, under the same bound. One writer (the gateway's agent thread); any thread may read (the book's
 * lock; reads return copies).
 */
public final class CandleBook
{
    /** Instruments kept by default. */
    public static final int DEFAULT_MAX_SYMBOLS = 20_000;

    /** Candle lengths served. */
    public enum Interval
    {
        /** One minute; a day of them kept. */
        M1("1m", Duration.ofMinutes(1), 1440),
        /** One hour; 31 days of them kept. */
        H1("1h", Duration.ofHours(1), 744);

        private final String text;
        private final long lengthNs;
        private final int kept;

        Interval(final String text, final Duration length, final int kept)
        {
            this.text = text;
            this.lengthNs = length.toNanos();
            this.kept = kept;
        }

        /** @return its name on the API: 1m, 1h. */
        public String text()
        {
            return text;
        }

        /** @return its length in nanoseconds. */
        public long lengthNs()
        {
            return lengthNs;
        }

        /** @return candles kept per instrument. */
        public int kept()
        {
            return kept;
        }

        /**
         * @param text 1m or 1h.
         * @return the interval, or null for another text.
         */
        public static Interval of(final String text)
        {
            for (final Interval interval : values())
            {
                if (interval.text.equals(text))
                {
                    return interval;
                }
            }
            return null;
        }

        /**
         * @param timestampNs a time, epoch nanoseconds.
         * @return the start of the candle holding it.
         */
        public long startOf(final long timestampNs)
        {
            return Math.floorDiv(timestampNs, lengthNs) * lengthNs;
        }
    }

    /**
     * One candle. Prices and quantities fixed-point.
     *
     * @param startNs start, epoch nanoseconds.
     * @param open    first trade's price.
     * @param high    highest price.
     * @param low     lowest price.
     * @param close   last trade's price.
     * @param volume  quantity traded.
     * @param trades  trades counted.
     */
    public record Candle(long startNs, long open, long high, long low, long close, long volume, int trades)
    {
        Candle with(final long price, final long qty)
        {
            return new Candle(startNs, open, Math.max(high, price), Math.min(low, price), price,
                saturatedAdd(volume, qty), trades + 1);
        }
    }

    /**
     * One point of a forward curve.
     *
     * @param symbol  the slot's instrument.
     * @param startNs its slot start, epoch nanoseconds.
     * @param last    its last trade price, fixed-point, or {@link Command#ABSENT} before any trade.
     * @param volume  quantity traded in it.
     */
    public record ForwardPoint(String symbol, long startNs, long last, long volume)
    {
    }

    /** What is kept of one instrument. */
    private static final class Series
    {
        final TreeMap<Long, Candle> minutes = new TreeMap<>();
        final TreeMap<Long, Candle> hours = new TreeMap<>();
        long last = Command.ABSENT;
        long volume;
        int priceDecimals;
        int qtyDecimals;

        TreeMap<Long, Candle> of(final Interval interval)
        {
            return interval == Interval.M1 ? minutes : hours;
        }
    }

    private final int maxSymbols;
    /** In access order of trades: the eldest is the instrument traded least recently. */
    private final LinkedHashMap<String, Series> series;

    /** A book with the default bound. */
    public CandleBook()
    {
        this(DEFAULT_MAX_SYMBOLS);
    }

    /**
     * @param maxSymbols instruments kept, the least recently traded forgotten first.
     */
    public CandleBook(final int maxSymbols)
    {
        this.maxSymbols = maxSymbols;
        this.series = new LinkedHashMap<>(64, 0.75f, true)
        {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Series> eldest)
            {
                return size() > CandleBook.this.maxSymbols;
            }
        };
    }

    /**
     * Applies every TRADE of one outcome, at the command's sequencer stamp.
     *
     * @param command the command as sequenced.
     * @param events  what it caused.
     */
    public synchronized void apply(final Command command, final EventLog events)
    {
        for (int i = 1; i < events.size(); i++)
        {
            final EngineEvent event = events.get(i);
            if (event.type() == EventType.TRADE)
            {
                onTrade(event.symbol().toString(), event.price(), event.qty(), command.timestampNs(),
                    event.priceDecimals(), event.qtyDecimals());
            }
        }
    }

    /**
     * Adds one trade.
     *
     * @param symbol        the instrument.
     * @param price         its price, fixed-point.
     * @param qty           its quantity, fixed-point.
     * @param timestampNs   exchange time, epoch nanoseconds.
     * @param priceDecimals decimals of the tick.
     * @param qtyDecimals   decimals of the lot.
     */
    public synchronized void onTrade(final String symbol, final long price, final long qty, final long timestampNs,
        final int priceDecimals, final int qtyDecimals)
    {
        final Series s = series.computeIfAbsent(symbol, k -> new Series());
        s.last = price;
        s.volume = saturatedAdd(s.volume, qty);
        s.priceDecimals = priceDecimals;
        s.qtyDecimals = qtyDecimals;
        for (final Interval interval : Interval.values())
        {
            final TreeMap<Long, Candle> candles = s.of(interval);
            final long start = interval.startOf(timestampNs);
            final Candle candle = candles.get(start);
            candles.put(start, candle == null ? new Candle(start, price, price, price, price, qty, 1) :
                candle.with(price, qty));
            while (candles.size() > interval.kept())
            {
                candles.pollFirstEntry();
            }
        }
    }

    /**
     * A listed instrument with no trade yet still is a point of its forward curve (with no last price).
     *
     * @param symbol the instrument listed.
     */
    public synchronized void onListing(final String symbol)
    {
        series.computeIfAbsent(symbol, k -> new Series());
    }

    /**
     * @param symbol   an instrument.
     * @param interval the candle length.
     * @param fromNs   first candle start wanted (inclusive), epoch ns.
     * @param toNs     last candle start wanted (exclusive).
     * @return the candles with trades in that range, oldest first.
     */
    public synchronized List<Candle> candles(final String symbol, final Interval interval, final long fromNs,
        final long toNs)
    {
        final Series s = series.get(symbol);
        return s == null || fromNs >= toNs ? List.of() :
            new ArrayList<>(s.of(interval).subMap(fromNs < Long.MIN_VALUE + interval.lengthNs() ? Long.MIN_VALUE :
                interval.startOf(fromNs), true, toNs, false).values());
    }

    /**
     * @param symbol an instrument.
     * @return its tick and lot decimals as its trades carried them, or null before any trade.
     */
    public synchronized int[] decimals(final String symbol)
    {
        final Series s = series.get(symbol);
        return s == null || s.last == Command.ABSENT ? null : new int[] {s.priceDecimals, s.qtyDecimals};
    }

    /**
     * The forward curve of a lease slot (or energy delivery interval): every kept instrument of the same unit and
     * slot length whose slot starts at the same UTC time of day, by slot start.
     *
     * @param slot a slot's symbol.
     * @return the points, oldest slot first.
     * @throws IllegalArgumentException when the symbol names no slot.
     */
    public synchronized List<ForwardPoint> forwardCurve(final String slot)
    {
        final InstrumentSymbol wanted = slotOf(slot);
        if (wanted == null)
        {
            throw new IllegalArgumentException(slot + " is not a lease slot or delivery interval symbol");
        }
        final String unit = wanted.ownershipSymbol().toString();
        final LocalTime hour = wanted.slotStart().atOffset(ZoneOffset.UTC).toLocalTime();
        final TreeMap<Long, ForwardPoint> points = new TreeMap<>();
        series.forEach((symbol, s) ->
        {
            final InstrumentSymbol other = symbol.startsWith(unit) ? slotOf(symbol) : null;
            if (other != null && other.ownershipSymbol().toString().equals(unit) &&
                other.slotDuration().equals(wanted.slotDuration()) &&
                other.slotStart().atOffset(ZoneOffset.UTC).toLocalTime().equals(hour))
            {
                final Instant start = other.slotStart();
                final long startNs = start.getEpochSecond() * 1_000_000_000L + start.getNano();
                points.put(startNs, new ForwardPoint(symbol, startNs, s.last, s.volume));
            }
        });
        return new ArrayList<>(points.values());
    }

    /**
     * @param slot a slot's symbol.
     * @return its UTC time of day, HH:MM.
     */
    public static String hourOf(final String slot)
    {
        final InstrumentSymbol symbol = slotOf(slot);
        return symbol == null ? null : symbol.slotStart().atOffset(ZoneOffset.UTC).toLocalTime().toString();
    }

    private static InstrumentSymbol slotOf(final String text)
    {
        try
        {
            final InstrumentSymbol symbol = InstrumentSymbol.parse(text);
            return symbol.slotStart() == null ? null : symbol;
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
