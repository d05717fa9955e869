package io.resx.gateway.common.marketdata;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.EventLog;
import io.resx.replay.EventReader;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A gateway's market data: L2 books and last trades built from the engine's outcomes (the {@code events} queue and
 * the outcome stream), never by asking the engine, so no market-data request or subscription creates a journal
 * record. The gateway's outcome loop hands every outcome, in sequence order, to {@link #onOutcome}; the agent
 * updates its books and tells its {@link MarketDataListener}s (FIX, WebSocket) what changed, by price level.
 * Other threads read a book by {@link #snapshot}: the request is queued and answered in {@link #doWork}.
 * <p>
 * At start the books are rebuilt from the {@code events} queue ({@link #replay}); an outcome that arrives after a
 * gap in the sequence (the publisher skipped this gateway while it was back-pressured) has the gap read from the
 * queue first, so the books never miss an outcome.
 * <p>
 * Single writer: {@link #onOutcome}, {@link #onListing}, {@link #doWork} and the listeners run on the gateway's
 * agent thread only (the thread that polls outcomes; it may run this agent inside a composite agent).
 */
public final class MarketDataAgent implements Agent
{
    private final String roleName;
    private final BookBuilder builder = new BookBuilder();
    private final List<MarketDataListener> listeners = new ArrayList<>();
    private final ManyToOneConcurrentLinkedQueue<Consumer<BookBuilder>> requests =
        new ManyToOneConcurrentLinkedQueue<>();
    private final MarketDataListener fanOut = new FanOut();
    private final Command gapCommand = new Command();
    private final EventLog gapEvents = new EventLog();
    private EventReader events;
    private long outcomesApplied;
    private long gapsFilled;

    /**
     * @param roleName the agent's name (threads and logs).
     */
    public MarketDataAgent(final String roleName)
    {
        this.roleName = roleName;
    }

    /**
     * Adds a listener; call before outcomes flow (on the agent thread afterwards).
     *
     * @param listener told of trades and level changes.
     * @return this agent.
     */
    public MarketDataAgent listener(final MarketDataListener listener)
    {
        listeners.add(listener);
        return this;
    }

    /**
     * The one hook of the gateway's outcome loop: every outcome, in sequence order (duplicates at or below the last
     * sequence applied are ignored, so a catch-up from the {@code events} queue may overlap the live stream).
     *
     * @param command the command as sequenced.
     * @param events  what it caused.
     */
    public void onOutcome(final Command command, final EventLog events)
    {
        if (this.events != null && builder.lastSequence() > 0 && command.sequence() > builder.lastSequence() + 1)
        {
            fillGap(command.sequence() - 1);
        }
        if (builder.apply(command, events, fanOut))
        {
            outcomesApplied++;
        }
    }

    /**
     * A listing the engine announced outside the event stream (the answer to a gateway's hello).
     *
     * @param symbol the instrument.
     * @param tick   price increment, fixed-point.
     * @param lot    quantity increment, fixed-point.
     */
    public void onListing(final String symbol, final long tick, final long lot)
    {
        builder.onListing(symbol, tick, lot);
    }

    /**
     * Rebuilds the books from the {@code events} queue, from its first outcome to its current end, and keeps the
     * reader to fill gaps of the live stream later. Call before outcomes flow (the gateway's start); listeners are
     * told, though none has subscribers yet.
     *
     * @param reader the events queue, before its first outcome; closed with this agent.
     * @return outcomes applied.
     */
    public long replay(final EventReader reader)
    {
        this.events = reader;
        final long before = outcomesApplied;
        while (reader.next())
        {
            reader.outcome(gapCommand, gapEvents);
            if (builder.apply(gapCommand, gapEvents, fanOut))
            {
                outcomesApplied++;
            }
        }
        return outcomesApplied - before;
    }

    /** @return gaps in the live stream filled from the {@code events} queue since start. */
    public long gapsFilled()
    {
        return gapsFilled;
    }

    private void fillGap(final long upToSequence)
    {
        gapsFilled++;
        events.startAfter(builder.lastSequence());
        while (builder.lastSequence() < upToSequence && events.next())
        {
            events.outcome(gapCommand, gapEvents);
            if (builder.apply(gapCommand, gapEvents, fanOut))
            {
                outcomesApplied++;
            }
        }
    }

    /** @return sequence of the last outcome applied (0: none yet). */
    public long lastSequence()
    {
        return builder.lastSequence();
    }

    /** @return outcomes applied since start. */
    public long outcomesApplied()
    {
        return outcomesApplied;
    }

    /**
     * Agent thread only.
     *
     * @param symbol an instrument.
     * @return its book, or null when not listed.
     */
    public L2Book book(final String symbol)
    {
        return builder.book(symbol);
    }

    /**
     * Any thread: a copy of a book's top levels, taken on the agent thread at its next duty cycle.
     *
     * @param symbol an instrument.
     * @param depth  levels per side, at least 1.
     * @return the copy; completed with null when the instrument is not listed.
     */
    public CompletableFuture<BookSnapshot> snapshot(final String symbol, final int depth)
    {
        final CompletableFuture<BookSnapshot> answer = new CompletableFuture<>();
        requests.offer(books ->
        {
            final L2Book book = books.book(symbol);
            answer.complete(book == null ? null : book.snapshot(depth));
        });
        return answer;
    }

    /**
     * Any thread: runs {@code task} on the agent thread with the current book (null when not listed), e.g. to send
     * a new subscriber its first snapshot in order with the increments that follow it.
     *
     * @param symbol an instrument.
     * @param task   what to do with its book.
     */
    public void withBook(final String symbol, final Consumer<L2Book> task)
    {
        requests.offer(books -> task.accept(books.book(symbol)));
    }

    @Override
    public int doWork()
    {
        int work = 0;
        Consumer<BookBuilder> request;
        while ((request = requests.poll()) != null)
        {
            request.accept(builder);
            work++;
        }
        return work;
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    @Override
    public void onClose()
    {
        CloseHelper.quietClose(events);
        events = null;
    }

    /** Tells every listener, in the order they were added. */
    private final class FanOut implements MarketDataListener
    {
        @Override
        public void onTrade(final L2Book book, final long tradeId, final long price, final long qty,
            final Side aggressor, final long sequence, final long timestampNs)
        {
            for (int i = 0; i < listeners.size(); i++)
            {
                listeners.get(i).onTrade(book, tradeId, price, qty, aggressor, sequence, timestampNs);
            }
        }

        @Override
        public void onLevel(final L2Book book, final Side side, final long price, final long qty, final int orders)
        {
            for (int i = 0; i < listeners.size(); i++)
            {
                listeners.get(i).onLevel(book, side, price, qty, orders);
            }
        }

        @Override
        public void onBookUpdated(final L2Book book)
        {
            for (int i = 0; i < listeners.size(); i++)
            {
                listeners.get(i).onBookUpdated(book);
            }
        }
    }
}
