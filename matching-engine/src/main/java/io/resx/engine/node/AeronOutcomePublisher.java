package io.resx.engine.node;

import io.aeron.Publication;
import io.resx.engine.matching.SlotTimes;
import io.resx.engine.pipeline.EventSink;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventType;
import org.HdrHistogram.Recorder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The pipeline's publisher end in {@code resx serve}: encodes each command's outcome as one SBE message
 * (Route, command, events) and offers it to every outbound publication, so every gateway sees every outcome.
 * Runs on the publisher thread, after the {@code events} queue holds the outcome. It never waits for a gateway:
 * an offer refused by back-pressure (or an admin action) is not retried, the gateway misses that outcome and,
 * seeing the gap in the sequence, reads it from {@code events} (by position) before going on. A publication with
 * no subscriber is skipped. So a slow gateway never stalls the engine; {@link #skipped()} counts what gateways
 * had to catch up on.
 */
public final class AeronOutcomePublisher implements EventSink
{
    private final Publication[] publications;
    private final RouteTable routes;
    private final ListingDirectory listings;
    private final GatewayCodec codec = new GatewayCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64 * 1024);
    private final EpochNanoClock clock;
    /** Sequencer to publisher, in nanoseconds; recorded without allocating, read by {@code /metrics}. */
    private final Recorder latencyNs = new Recorder(3);
    private volatile long published;
    private volatile long skipped;

    public AeronOutcomePublisher(
        final Publication[] publications, final RouteTable routes, final ListingDirectory listings,
        final EpochNanoClock clock)
    {
        this.clock = clock;
        this.publications = publications;
        this.routes = routes;
        this.listings = listings;
    }

    @Override
    public void onOutcome(final Command command, final EventLog events)
    {
        learn(listings, command, events);
        final long sequence = command.sequence();
        buffer.checkLimit(GatewayCodec.maxOutcomeLength(events));
        final int length = codec.encodeOutcome(buffer, 0, routes.gatewayId(sequence), routes.sessionId(sequence),
            routes.correlationId(sequence), command, events);
        for (final Publication publication : publications)
        {
            offer(publication, length);
        }
        latencyNs.recordValue(Math.max(0, clock.nanoTime() - command.timestampNs()));
        published++;
    }

    /**
     * Follows the listings in an outcome: an accepted LIST adds one, a CLOSED event marks one, an EXPIRED event
     * removes one; an accepted CANCEL_ALL_AFTER asks the market clock for a TICK at its dead-man deadline.
     *
     * @param listings the directory.
     * @param command  a command.
     * @param events   its outcome.
     */
    public static void learn(final ListingDirectory listings, final Command command, final EventLog events)
    {
        if (events.size() == 0 || events.get(0).type() != EventType.ACCEPTED)
        {
            return;
        }
        if (command.type() == CommandType.LIST)
        {
            final long endNs = SlotTimes.endNs(command.symbol());
            listings.add(command.symbol(), command.tick(), command.lot(),
                command.atNs() == Command.ABSENT ? endNs : command.atNs(), endNs, false);
        }
        else if (command.type() == CommandType.CANCEL_ALL_AFTER && command.timeoutMs() > 0)
        {
            listings.wakeAt(command.timestampNs() + command.timeoutMs() * 1_000_000L); // the dead-man deadline
        }
        else if (command.type() == CommandType.TICK)
        {
            for (int i = 1, n = events.size(); i < n; i++)
            {
                final EngineEvent event = events.get(i);
                if (event.type() == EventType.CLOSED)
                {
                    listings.close(event.symbol());
                }
                else if (event.type() == EventType.EXPIRED)
                {
                    listings.remove(event.symbol());
                }
            }
        }
    }

    private void offer(final Publication publication, final int length)
    {
        long result = publication.offer(buffer, 0, length);
        // ADMIN_ACTION (e.g. the log's term rotated) is no back-pressure: Aeron asks for the offer to be made again
        for (int retries = 0; result == Publication.ADMIN_ACTION && retries < 3; retries++)
        {
            result = publication.offer(buffer, 0, length);
        }
        if (result > 0 || result == Publication.NOT_CONNECTED || result == Publication.CLOSED)
        {
            return;
        }
        if (result == Publication.MAX_POSITION_EXCEEDED)
        {
            throw new IllegalStateException("outbound publication " + publication.channel() + " is full");
        }
        // BACK_PRESSURED (or ADMIN_ACTION again): the gateway catches up from the events queue
        skipped++;
    }

    /** @return time from the sequencer to this publisher per command, in nanoseconds, by interval. */
    public Recorder latencyNs()
    {
        return latencyNs;
    }

    /** @return offers a gateway's publication refused (back-pressure): outcomes it reads from {@code events}. */
    public long skipped()
    {
        return skipped;
    }

    /** @return outcomes published. */
    public long published()
    {
        return published;
    }
}
