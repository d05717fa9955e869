package io.resx.gateway.common;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.resx.gateway.common.orders.OrderTracker;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.replay.ChronicleEventJournal;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalPosition;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.CloseHelper;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outcome adapter on real parts: an embedded Aeron media driver carrying outcomes as the engine's publisher
 * encodes them, and an {@code events} queue on disk written by the publisher's own {@link ChronicleEventJournal}.
 * The live stream skips outcomes (as the publisher does for a back-pressured gateway); the adapter must hand every
 * sequence to its handler exactly once, in order, the missing ones from the events queue.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutcomeAdapterTest
{
    private static final long START_NS = 1_796_119_200_000_000_000L;
    private static final String CHANNEL = "aeron:ipc";
    private static final int STREAM = 4242;

    @TempDir
    Path dir;

    private MediaDriver driver;
    private Aeron aeron;
    private Publication publication;
    private Subscription subscription;
    private JournalContext events;
    private ChronicleEventJournal journal;
    private final GatewayCodec codec = new GatewayCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private final Command command = new Command();
    private final EventLog log = new EventLog();
    private final List<String> handed = new ArrayList<>();
    private final OrderTracker tracker = new OrderTracker(10);
    private final OutcomeHandler handler = (source, gatewayId, sessionId, correlationId, cmd, outcome) ->
    {
        handed.add(cmd.sequence() + ":" + source + ":" + gatewayId);
        tracker.apply(cmd, outcome, OrderTracker.NO_LISTENER);
    };

    @BeforeEach
    void start()
    {
        driver = MediaDriver.launchEmbedded(new MediaDriver.Context().threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        subscription = aeron.addSubscription(CHANNEL, STREAM);
        publication = aeron.addExclusivePublication(CHANNEL, STREAM);
        while (!publication.isConnected() || !subscription.isConnected())
        {
            Thread.yield();
        }
        events = new JournalContext().directory(dir.resolve("journal"))
            .timeProvider(new SetTimeProvider(TimeUnit.NANOSECONDS.toMillis(START_NS))).events();
        journal = ChronicleEventJournal.open(events, JournalPosition.START);
    }

    @AfterEach
    void stop()
    {
        CloseHelper.closeAll(journal, aeron, driver);
    }

    @Test
    void shouldFillAGapInTheLiveStreamFromTheEventsQueueBeforeGoingOn()
    {
        final OutcomeAdapter adapter = new OutcomeAdapter(subscription, EventsQueue.of(events), handler);
        assertThat(adapter.rebuild()).as("a gateway started before the first outcome").isZero();
        for (long sequence = 1; sequence <= 8; sequence++)
        {
            journal.append(outcome(sequence), log); // the publisher appends before it offers
        }
        journal.flush();
        publish(1, 2, 3, 7, 6, 8);
        pollUntil(adapter, 8);

        assertThat(handed).containsExactly("1:LIVE:7", "2:LIVE:7", "3:LIVE:7", "4:CATCH_UP:-1", "5:CATCH_UP:-1",
            "6:CATCH_UP:-1", "7:LIVE:7", "8:LIVE:7");
        assertThat(adapter.caughtUp()).isEqualTo(3);
        assertThat(adapter.gapsSkipped()).isZero();
        assertThat(tracker.openOrders("A")).hasSize(4);
        assertThat(tracker.openOrder(105)).as("the order placed in the gap is known").isNotNull();
        adapter.close();
    }

    @Test
    void shouldRebuildFromTheEventsQueueThenDropWhatTheLiveStreamRepeats()
    {
        for (long sequence = 1; sequence <= 5; sequence++)
        {
            journal.append(outcome(sequence), log);
        }
        journal.flush();
        final OutcomeAdapter adapter = new OutcomeAdapter(subscription, EventsQueue.of(events), handler);

        assertThat(adapter.rebuild()).isEqualTo(5);
        journal.append(outcome(6), log);
        journal.append(outcome(7), log);
        journal.flush();
        publish(4, 5, 7);
        pollUntil(adapter, 7);

        assertThat(handed).containsExactly("1:REBUILD:-1", "2:REBUILD:-1", "3:REBUILD:-1", "4:REBUILD:-1",
            "5:REBUILD:-1", "6:CATCH_UP:-1", "7:LIVE:7");
        assertThat(adapter.lastSequence()).isEqualTo(7);
        assertThat(tracker.openOrders("A")).extracting(o -> o.orderId()).containsExactly(101L, 103L, 105L, 107L);
        adapter.close();
    }

    @Test
    void shouldStartAfterAGivenSequenceAndSkipAGapItCannotFillWithoutAnEventsQueue()
    {
        for (long sequence = 1; sequence <= 4; sequence++)
        {
            journal.append(outcome(sequence), log);
        }
        journal.flush();
        final OutcomeAdapter fromTwo = new OutcomeAdapter(subscription, EventsQueue.of(events), handler).startAfter(2);
        assertThat(fromTwo.rebuild()).isEqualTo(2);
        assertThat(handed).containsExactly("3:REBUILD:-1", "4:REBUILD:-1");
        fromTwo.close();

        handed.clear();
        final OutcomeAdapter blind = new OutcomeAdapter(subscription, null, handler);
        assertThat(blind.rebuild()).isZero();
        publish(3, 5);
        pollUntil(blind, 5);
        assertThat(handed).containsExactly("3:LIVE:7", "5:LIVE:7");
        assertThat(blind.gapsSkipped()).isEqualTo(1);
    }

    /** Even sequences are ticks; odd ones new orders of account A with order id 100 + sequence. */
    private Command outcome(final long sequence)
    {
        log.clear();
        if (sequence % 2 == 0)
        {
            command.reset().type(CommandType.TICK);
            command.stamp(sequence, START_NS + sequence);
            log.add().start(EventType.ACCEPTED, command);
            return command;
        }
        command.reset().type(CommandType.NEW_ORDER).side(Side.BUY).price(1_000_000).qty(1_000_000);
        command.account().set("A");
        command.clOrdId().set("c" + sequence);
        command.symbol().set("SPEC.3550-3560.CELL041");
        command.stamp(sequence, START_NS + sequence);
        log.add().start(EventType.ACCEPTED, command).orderId(100 + sequence);
        return command;
    }

    private void publish(final long... sequences)
    {
        for (final long sequence : sequences)
        {
            final Command cmd = outcome(sequence);
            final int length = codec.encodeOutcome(buffer, 0, 7, 1, sequence, cmd, log);
            while (publication.offer(buffer, 0, length) < 0)
            {
                Thread.yield();
            }
        }
    }

    private static void pollUntil(final OutcomeAdapter adapter, final long sequence)
    {
        while (adapter.lastSequence() < sequence)
        {
            if (adapter.poll(10) == 0)
            {
                Thread.yield();
            }
        }
    }
}
