package io.resx.gateway.common;

import io.aeron.Subscription;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.text.AsciiKey;
import io.resx.replay.EventReader;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalException;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a gateway receives the engine's outcomes: polls the {@link OutcomeStream} (the single node's Aeron
 * stream or the cluster's egress), decodes each message and
 * hands the typed command and events to its {@link OutcomeHandler}, in sequence order, each sequence once.
 * <pre>
 *   events queue ──(start: rebuild)──┐
 *   Aeron outcomes ──poll──► decode ──┼──► sequence check ──► handler
 *   events queue ──(gap: catch up)───┘
 * </pre>
 * It tracks the last sequence handed over. At start {@link #rebuild()} reads the {@code events} queue from the
 * beginning (or after a given sequence) to its end, so a gateway knows the orders placed before a restart. A live
 * outcome at or below the last sequence was already handed over (the rebuild overlapped the live stream) and is
 * dropped; one above the next expected sequence means the publisher skipped this gateway (it does so under
 * back-pressure rather than stall the engine) or it connected late: the adapter first hands over the missing
 * outcomes from the {@code events} queue (each is there before it is offered on Aeron), then the live one.
 * <p>
 * Without an events queue (a gateway on another machine) there is no rebuild and a gap is logged and skipped.
 * In cluster mode the queue is a member's, which may lag the leader's egress a little: {@link #catchUpWait} lets a
 * gap wait (bounded) for the member to write it. An outcome the stream marks as already answered (the answer to a
 * request resent after a failover) is handed over as {@link OutcomeSource#REBUILD}: state, no report; and an
 * outcome read from the queue that answers one of the stream's unanswered requests ({@link OutcomeStream#claimRoute})
 * is handed over as {@link OutcomeSource#LIVE} with that request's route, the client's answer.
 * Single-threaded: the gateway agent's duty cycle calls {@link #poll}.
 */
public final class OutcomeAdapter implements AutoCloseable
{
    /** Gateway id of an outcome read from the events queue: who sent its command is not journaled. */
    public static final int UNKNOWN_GATEWAY = -1;
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeAdapter.class);

    private final OutcomeStream stream;
    private final JournalContext events;
    private final OutcomeHandler handler;
    private final GatewayCodec codec = new GatewayCodec();
    private final Command command = new Command();
    private final EventLog outcome = new EventLog();
    private final Command recoveredCommand = new Command();
    private final EventLog recoveredEvents = new EventLog();
    private final AsciiKey symbol = new AsciiKey(Command.MAX_SYMBOL_LENGTH);
    private final OutcomeStream.MessageHandler onMessage = this::onMessage;
    private long catchUpWaitNs;
    private EventReader reader;
    private long lastSequence;
    private long caughtUp;
    private long gapsSkipped;

    /**
     * @param subscription the engine's outcome stream.
     * @param events       the {@code events} queue on this machine, or null for none.
     * @param handler      the gateway's handler.
     */
    public OutcomeAdapter(final Subscription subscription, final EventsQueue events, final OutcomeHandler handler)
    {
        this(OutcomeStream.of(subscription), events, handler);
    }

    /**
     * @param stream  where the engine's messages come from.
     * @param events  the {@code events} queue on this machine, or null for none.
     * @param handler the gateway's handler.
     */
    public OutcomeAdapter(final OutcomeStream stream, final EventsQueue events, final OutcomeHandler handler)
    {
        this.stream = stream;
        this.events = events == null ? null : events.context();
        this.handler = handler;
    }

    /**
     * Hands over every outcome of the events queue after {@link #lastSequence()} up to its current end, as
     * {@link OutcomeSource#REBUILD}. Call once before the first {@link #poll}.
     *
     * @return outcomes handed over.
     */
    public long rebuild()
    {
        return readEvents(Long.MAX_VALUE, OutcomeSource.REBUILD);
    }

    /**
     * Starts after this sequence, as if everything up to it had been handed over: for a gateway whose state is
     * already rebuilt to it (from a snapshot of its own, say). Call before {@link #rebuild()}.
     *
     * @param sequence the last sequence known.
     * @return this adapter.
     */
    public OutcomeAdapter startAfter(final long sequence)
    {
        lastSequence = sequence;
        return this;
    }

    /**
     * How long a gap waits for the events queue to hold it (a cluster member's queue lags the leader's egress by
     * its apply time); 0 (the single node, whose queue is written before the outcome is sent): no wait.
     *
     * @param waitNs the longest wait of one gap, in nanoseconds; it blocks the gateway agent.
     * @return this adapter.
     */
    public OutcomeAdapter catchUpWait(final long waitNs)
    {
        catchUpWaitNs = waitNs;
        return this;
    }

    /**
     * @param fragmentLimit most fragments to read.
     * @return work done (fragments read and outcomes caught up).
     */
    public int poll(final int fragmentLimit)
    {
        return stream.poll(onMessage, fragmentLimit);
    }

    /** @return whether the outcome stream is connected. */
    public boolean isConnected()
    {
        return stream.isConnected();
    }

    /** @return the sequence of the last outcome handed over, 0 before any. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** @return outcomes filled in from the events queue after a gap in the live stream, since start. */
    public long caughtUp()
    {
        return caughtUp;
    }

    /** @return gaps that could not be filled (no events queue, or it did not hold them), since start. */
    public long gapsSkipped()
    {
        return gapsSkipped;
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length,
        final boolean alreadyAnswered)
    {
        switch (codec.decodeRoute(buffer, offset, length))
        {
            case COMMAND:
                codec.decodeOutcome(buffer, offset, length, command, outcome);
                onLive(codec.gatewayId(), codec.sessionId(), codec.correlationId(),
                    alreadyAnswered ? OutcomeSource.REBUILD : OutcomeSource.LIVE);
                break;
            case LISTING:
                codec.listingSymbol(symbol);
                handler.onListing(symbol, codec.listingTick(), codec.listingLot(), codec.listingCloseNs(),
                    codec.listingClosed());
                break;
            default:
                break;
        }
    }

    /**
     * Hands over one live outcome, after filling any gap before it.
     *
     * @param gatewayId     the route's gateway.
     * @param sessionId     the route's session.
     * @param correlationId the route's request id.
     * @param source        LIVE, or REBUILD for an answer to a request answered before.
     */
    void onLive(final int gatewayId, final int sessionId, final long correlationId, final OutcomeSource source)
    {
        final long sequence = command.sequence();
        if (sequence <= lastSequence)
        {
            return;
        }
        if (sequence > lastSequence + 1 && (events != null || lastSequence > 0))
        {
            // without an events queue a gateway starts where the live stream does: no gap at the first outcome
            catchUp(sequence);
        }
        lastSequence = sequence;
        handler.onOutcome(source, gatewayId, sessionId, correlationId, command, outcome);
    }

    private void catchUp(final long liveSequence)
    {
        final long missing = liveSequence - 1 - lastSequence;
        long found = readEvents(liveSequence - 1, OutcomeSource.CATCH_UP);
        final long deadlineNs = System.nanoTime() + catchUpWaitNs;
        while (found < missing && catchUpWaitNs > 0 && System.nanoTime() - deadlineNs < 0)
        {
            // the member writing this queue has not applied them yet: give it a moment (bounded)
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            found += readEvents(liveSequence - 1, OutcomeSource.CATCH_UP);
        }
        caughtUp += found;
        if (found < missing)
        {
            gapsSkipped++;
            LOG.warn("outcomes {} to {} missed on the live stream{}; {} of {} read from the events queue",
                lastSequence + 1, liveSequence - 1, events == null ? " and there is no events queue" : "", found,
                missing);
        }
    }

    private long readEvents(final long untilSequence, final OutcomeSource source)
    {
        if (events == null || !EventReader.exists(events))
        {
            return 0;
        }
        long count = 0;
        try
        {
            if (reader == null)
            {
                reader = EventReader.open(events);
            }
            reader.startAfter(lastSequence);
            while (lastSequence < untilSequence && reader.next())
            {
                final long sequence = reader.sequence();
                if (sequence <= lastSequence)
                {
                    continue;
                }
                reader.outcome(recoveredCommand, recoveredEvents);
                lastSequence = sequence;
                count++;
                final OutcomeStream.Route route = source == OutcomeSource.CATCH_UP ?
                    stream.claimRoute(recoveredCommand) : null;
                if (route != null)
                {
                    handler.onOutcome(OutcomeSource.LIVE, route.gatewayId(), route.sessionId(), route.correlationId(),
                        recoveredCommand, recoveredEvents);
                }
                else
                {
                    handler.onOutcome(source, UNKNOWN_GATEWAY, 0, 0, recoveredCommand, recoveredEvents);
                }
            }
        }
        catch (final JournalException ex)
        {
            // a queue that cannot be read must not stop the gateway: the live stream goes on, the gap is reported
            LOG.warn("events queue {} not read after sequence {}: {}", events.directory(), lastSequence,
                ex.getMessage());
        }
        return count;
    }

    /** Closes the events reader (not the subscription, which its gateway owns). */
    @Override
    public void close()
    {
        CloseHelper.close(reader);
        reader = null;
    }
}
