package io.resx.engine.node;

import io.resx.protocol.text.AsciiKey;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The instruments listed and not yet expired, learned from the engine's outcomes (live or recovered) by the
 * publisher: accepted LIST commands add, CLOSED events mark, EXPIRED events remove. Read by the engine agent to
 * answer a gateway's hello and by the market clock to know what is listed. The only state shared between
 * those threads.
 */
public final class ListingDirectory
{
    /**
     * One listed instrument.
     *
     * @param symbol  its symbol.
     * @param tick    price increment, fixed-point.
     * @param lot     quantity increment, fixed-point.
     * @param closeNs gate closure in exchange nanoseconds since the epoch (Long.MAX_VALUE: never).
     * @param endNs   end of its slot (Long.MAX_VALUE: never).
     * @param closed  whether a clock tick has closed it.
     */
    public record Entry(AsciiKey symbol, long tick, long lot, long closeNs, long endNs, boolean closed)
    {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** The earliest gate closure or end of what was added since {@link #takeEarliestAdded()} last ran. */
    private final AtomicLong earliestAdded = new AtomicLong(Long.MAX_VALUE);
    /** Moments the market clock is asked to tick at (dead-man deadlines), in the order learned. */
    private final Queue<Long> wakeUps = new ConcurrentLinkedQueue<>();

    public void add(final AsciiKey symbol, final long tick, final long lot, final long closeNs, final long endNs,
        final boolean closed)
    {
        final String key = symbol.toString();
        entries.put(key, new Entry(AsciiKey.of(key), tick, lot, closeNs, endNs, closed));
        earliestAdded.accumulateAndGet(closed ? endNs : Math.min(closeNs, endNs), Math::min);
    }

    /**
     * Lets the market clock see listings it did not send itself (an admin's), whose gate closure may come
     * before its next deadline.
     *
     * @return the earliest gate closure or end added since the last call, or Long.MAX_VALUE for none.
     */
    public long takeEarliestAdded()
    {
        return earliestAdded.get() == Long.MAX_VALUE ? Long.MAX_VALUE : earliestAdded.getAndSet(Long.MAX_VALUE);
    }

    /**
     * Asks the market clock for a TICK at {@code atNs} (exchange time): a dead-man deadline the engine armed, which
     * only a journaled TICK fires.
     *
     * @param atNs nanoseconds since the epoch.
     */
    public void wakeAt(final long atNs)
    {
        wakeUps.add(atNs);
    }

    /**
     * @return the next wake-up asked for since the last call and not yet taken, or Long.MAX_VALUE for none; the
     *     market clock takes them all, one call each.
     */
    public long takeWakeUp()
    {
        final Long next = wakeUps.poll();
        return next == null ? Long.MAX_VALUE : next;
    }

    public void close(final AsciiKey symbol)
    {
        entries.computeIfPresent(symbol.toString(),
            (key, e) -> new Entry(e.symbol(), e.tick(), e.lot(), e.closeNs(), e.endNs(), true));
    }

    public void remove(final AsciiKey symbol)
    {
        entries.remove(symbol.toString());
    }

    public boolean contains(final String symbol)
    {
        return entries.containsKey(symbol);
    }

    public Iterable<Entry> entries()
    {
        return entries.values();
    }

    public int size()
    {
        return entries.size();
    }
}
