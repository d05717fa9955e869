package io.resx.server.serve;

import io.resx.engine.node.CommandSubmitter;
import io.resx.engine.node.DutyTimer;
import io.resx.engine.node.ListingDirectory;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Command;
import io.resx.engine.pipeline.CommandFiller;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The engine node's part in the market's time: it lists the template's slots ahead on a rolling horizon and sends
 * a journaled TICK at every lifecycle deadline (a listed instrument's gate closure or end, or the moment a new slot
 * enters the horizon), so closures and expiries happen at a fixed point of the journal even when no order comes.
 * Everything it does is a command through the sequencer; it reads no engine state, only the {@link ListingDirectory}
 * the publisher keeps, and what it submitted itself (the directory learns a listing only once it is published).
 * It also ticks at every dead-man deadline (cancel-all-after) the engine armed, as the publisher learns them: the
 * engine fires a dead-man switch only at a journaled TICK, so the cancels replay at the same point of the journal.
 * <p>
 * Runs on the engine agent's thread (the pipeline's single producer), called with the sequencer's clock.
 */
final class MarketClock implements DutyTimer
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final CommandFiller<MarketClock> TICK = (command, clock) -> command.type(CommandType.TICK).admin(true);
    private static final CommandFiller<Listing> LIST = (command, listing) ->
    {
        command.type(CommandType.LIST).tick(listing.tick).lot(listing.lot).atNs(listing.closeNs);
        command.symbol().set(listing.symbol);
    };

    private final MarketTemplate template;
    private final long horizonNs;
    private final long gateClosureNs;
    private final ListingDirectory listings;
    /** Listings submitted whose outcome may not be in the directory yet, by symbol: {gate closure, end}. */
    private final Map<String, long[]> submitted = new HashMap<>();
    private final Listing listing = new Listing();
    /** Dead-man deadlines learned and not yet ticked at, earliest first. */
    private final PriorityQueue<Long> wakeUps = new PriorityQueue<>();
    private long nextDeadlineNs = Long.MIN_VALUE;
    private long ticks;
    private long listed;

    /**
     * @param template    what to list.
     * @param horizon     how far ahead slots are listed (a slot is listed once its start is within it).
     * @param gateClosure how long before its start a slot stops trading.
     * @param listings    what the engine has listed, kept by the publisher.
     */
    MarketClock(final MarketTemplate template, final Duration horizon, final Duration gateClosure,
        final ListingDirectory listings)
    {
        if (gateClosure.isNegative())
        {
            throw new IllegalArgumentException("market.gateClosure " + gateClosure + " must not be negative: a slot " +
                "stops trading before it starts, or at its start (PT0S)");
        }
        if (horizon.compareTo(gateClosure) <= 0)
        {
            throw new IllegalArgumentException("market.horizon " + horizon + " must be longer than market.gateClosure " +
                gateClosure + ", or no slot would ever trade");
        }
        this.template = template;
        this.horizonNs = horizon.toNanos();
        this.gateClosureNs = gateClosure.toNanos();
        this.listings = listings;
    }

    /**
     * Sends the tick and listings that are due, once the next deadline has come.
     *
     * @param nowNs     the sequencer's clock, nanoseconds since the epoch.
     * @param submitter where commands go.
     * @return commands submitted (0 before the deadline).
     */
    @Override
    public int onTime(final long nowNs, final CommandSubmitter submitter)
    {
        nextDeadlineNs = Math.min(nextDeadlineNs, listings.takeEarliestAdded());
        for (long wake = listings.takeWakeUp(); wake != Long.MAX_VALUE; wake = listings.takeWakeUp())
        {
            wakeUps.add(wake);
            nextDeadlineNs = Math.min(nextDeadlineNs, wake);
        }
        if (nowNs < nextDeadlineNs)
        {
            return 0;
        }
        int work = 1;
        submitter.submit(TICK, this);
        ticks++;
        while (!wakeUps.isEmpty() && wakeUps.peek() <= nowNs)
        {
            wakeUps.poll();
        }
        submitted.values().removeIf(times -> times[1] <= nowNs);
        for (final MarketTemplate.Fixed product : template.fixed())
        {
            work += list(product.symbol(), product.tick(), product.lot(), Command.ABSENT, Long.MAX_VALUE, submitter);
        }
        long deadline = Long.MAX_VALUE;
        for (final MarketTemplate.Rolling product : template.rolling())
        {
            final long everyNs = product.every().toNanos();
            // the first slot that still has its gate closure ahead, up to the last that starts within the horizon
            for (long startNs = alignUp(nowNs + gateClosureNs + 1, everyNs); startNs < nowNs + horizonNs;
                startNs += everyNs)
            {
                final String symbol = product.symbolAt(instant(startNs));
                work += list(symbol, product.tick(), product.lot(), startNs - gateClosureNs, startNs + everyNs,
                    submitter);
            }
            // the next slot to enter the horizon
            deadline = Math.min(deadline, alignUp(nowNs + horizonNs, everyNs) - horizonNs);
        }
        final long wake = wakeUps.isEmpty() ? Long.MAX_VALUE : wakeUps.peek();
        nextDeadlineNs = Math.max(nowNs + 1, Math.min(Math.min(deadline, wake), nextLifecycleStep(nowNs)));
        return work;
    }

    private int list(final String symbol, final long tick, final long lot, final long closeNs, final long endNs,
        final CommandSubmitter submitter)
    {
        if (listings.contains(symbol) || submitted.containsKey(symbol))
        {
            return 0;
        }
        listing.symbol = symbol;
        listing.tick = tick;
        listing.lot = lot;
        listing.closeNs = closeNs;
        submitter.submit(LIST, listing);
        submitted.put(symbol, new long[] {closeNs == Command.ABSENT ? endNs : closeNs, endNs});
        listed++;
        return 1;
    }

    /** @return the earliest gate closure or end after {@code nowNs} of what is listed or submitted. */
    private long nextLifecycleStep(final long nowNs)
    {
        long next = Long.MAX_VALUE;
        for (final ListingDirectory.Entry entry : listings.entries())
        {
            if (!entry.closed() && entry.closeNs() > nowNs)
            {
                next = Math.min(next, entry.closeNs());
            }
            if (entry.endNs() > nowNs)
            {
                next = Math.min(next, entry.endNs());
            }
        }
        for (final Iterator<Map.Entry<String, long[]>> it = submitted.entrySet().iterator(); it.hasNext(); )
        {
            final Map.Entry<String, long[]> entry = it.next();
            for (final long step : entry.getValue())
            {
                if (step > nowNs)
                {
                    next = Math.min(next, step);
                }
            }
            if (listings.contains(entry.getKey()))
            {
                it.remove(); // the directory knows it now, with its gate closure
            }
        }
        return next;
    }

    /** @return when the next tick is due, nanoseconds since the epoch (Long.MIN_VALUE before the first call). */
    long nextDeadlineNs()
    {
        return nextDeadlineNs;
    }

    /** @return ticks sent since start. */
    long ticks()
    {
        return ticks;
    }

    /** @return listings sent since start. */
    long listed()
    {
        return listed;
    }

    private static long alignUp(final long ns, final long everyNs)
    {
        return Math.floorDiv(ns + everyNs - 1, everyNs) * everyNs;
    }

    private static Instant instant(final long ns)
    {
        return Instant.ofEpochSecond(Math.floorDiv(ns, NANOS_PER_SECOND), Math.floorMod(ns, NANOS_PER_SECOND));
    }

    /** The listing being submitted: filled, then read by {@link #LIST} on this same thread. */
    private static final class Listing
    {
        String symbol;
        long tick;
        long lot;
        long closeNs;
    }
}
