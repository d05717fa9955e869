package io.resx.engine.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.resx.engine.matching.MatchingEngine;
import io.resx.protocol.event.EventLog;
import io.resx.replay.CommandJournal;
import io.resx.replay.EventJournal;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine's Disruptor pipeline, in the {@link PipelineLayout#PARALLEL} layout:
 * <pre>
 *                  ┌─► journal ────────────────┐
 *   sequencer ─────┤                           ├─► publisher: events queue, then EventSink
 *                  └─► risk → matcher → risk ──┘
 * </pre>
 * The journal runs in parallel with risk and matching; the publisher releases a command's outcome only once
 * both have passed it, so nothing is acknowledged before it is durable. The publisher appends each outcome to the
 * {@code events} queue and, at the end of the batch, flushes it and only then hands the batch's outcomes to the
 * sink (still in their ring slots, which the stage holds until it is done), so whatever a gateway sees is in both
 * queues. Risk and matching share one thread: they are sequential for every command and own the same state.
 * <p>
 * In the {@link PipelineLayout#SERIAL} layout (machines with fewer than four cores) one stage thread does the
 * same steps one after another: journal, engine, events queue; at each release (a batch's end, or every
 * {@link SerialStage#MAX_RELEASE} commands) both queues are flushed, commands first, then the outcomes are handed
 * out ({@link SerialStage}). Without a journal ({@link CommandJournal#NONE}) the engine's
 * thread publishes each outcome right after processing it, in either layout.
 */
public final class ExchangePipeline implements AutoCloseable
{
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 60;
    private static final long DRAIN_POLL_NS = 100_000;

    private final Disruptor<CommandSlot> disruptor;
    private final Sequencer sequencer;
    private final CommandJournal journal;
    private final EventJournal events;
    /** The stage that publishes outcomes: the last one every command passes. */
    private final EventHandler<CommandSlot> lastStage;
    /** The stage that appends to the journal, or null when there is no journal. */
    private final EventHandler<CommandSlot> journalStageOrNull;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private boolean closed;

    /**
     * Builds and starts the pipeline.
     *
     * @param context its configuration.
     */
    public ExchangePipeline(final PipelineContext context)
    {
        final MatchingEngine engine = Objects.requireNonNull(context.engine(), "engine");
        final EventSink sink = Objects.requireNonNull(context.sink(), "sink");
        journal = context.journal();

        disruptor = new Disruptor<>(
            CommandSlot::new, context.ringSize(), new StageThreadFactory(), ProducerType.SINGLE,
            context.waitStrategy().create());
        disruptor.setDefaultExceptionHandler(new RecordingExceptionHandler(failure));

        final EventJournal eventQueue = context.events();
        final EventsThenSink eventsThenSink = new EventsThenSink(eventQueue, sink);
        if (journal == CommandJournal.NONE)
        {
            // Nothing to make durable (a batch file or a benchmark is its own record), so nothing to wait for:
            // the outcome is published right after the engine, on its thread, saving two hand-offs; and since
            // no other thread reads the events, one log, hot in cache, serves every command.
            final EventLog events = new EventLog();
            final EventHandler<CommandSlot> engineAndPublishStage = (slot, sequence, endOfBatch) ->
            {
                engine.process(slot.command(), events);
                sink.onOutcome(slot.command(), events);
                if (endOfBatch)
                {
                    sink.endOfBatch();
                }
            };
            disruptor.handleEventsWith(engineAndPublishStage);
            lastStage = engineAndPublishStage;
            journalStageOrNull = null;
        }
        else if (context.layout() == PipelineLayout.SERIAL)
        {
            final EventHandler<CommandSlot> serialStage = new SerialStage(journal, engine, eventsThenSink);
            disruptor.handleEventsWith(serialStage);
            lastStage = serialStage;
            journalStageOrNull = serialStage;
        }
        else
        {
            final EventHandler<CommandSlot> journalStage = (slot, sequence, endOfBatch) ->
            {
                journal.append(slot.command());
                if (endOfBatch)
                {
                    journal.flush();
                }
            };
            final EventHandler<CommandSlot> engineStage = (slot, sequence, endOfBatch) ->
                engine.process(slot.command(), slot.events());
            disruptor.handleEventsWith(journalStage, engineStage).then(eventsThenSink);
            lastStage = eventsThenSink;
            journalStageOrNull = journalStage;
        }
        disruptor.start();
        eventsThenSink.ring(disruptor.getRingBuffer());
        this.events = eventQueue;
        sequencer = new Sequencer(disruptor.getRingBuffer(), context.clock(), context.lastSequence());
    }

    /** @return slots of the ring: commands that may be in flight at once. */
    public int ringSize()
    {
        return disruptor.getRingBuffer().getBufferSize();
    }

    /** @return slots taken now: commands sequenced whose outcome is not yet published. Any thread; a sample. */
    public long ringFill()
    {
        return disruptor.getRingBuffer().getBufferSize() - disruptor.getRingBuffer().remainingCapacity();
    }

    /** @return commands sequenced but not yet appended to the journal (0 without a journal). Any thread; a sample. */
    public long journalLag()
    {
        return journalStageOrNull == null ? 0 :
            Math.max(0, disruptor.getCursor() - disruptor.getSequenceValueFor(journalStageOrNull));
    }

    /** @return the entrance; single producer. */
    public Sequencer sequencer()
    {
        return sequencer;
    }

    /**
     * Waits until every submitted command is published, then stops the stages and closes the journal.
     *
     * @throws IllegalStateException when a stage failed or did not drain in time.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            // Disruptor's shutdown waits only for stages whose threads are already running: closed right after
            // start, it could halt the stages before they saw anything and drop every submitted command.
            if (!awaitPublished(TimeUnit.SECONDS.toNanos(SHUTDOWN_TIMEOUT_SECONDS)))
            {
                disruptor.halt();
                throw new IllegalStateException("pipeline did not drain within " + SHUTDOWN_TIMEOUT_SECONDS + " s");
            }
            disruptor.shutdown(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final TimeoutException ex)
        {
            disruptor.halt();
            throw new IllegalStateException("pipeline did not drain within " + SHUTDOWN_TIMEOUT_SECONDS + " s", ex);
        }
        finally
        {
            journal.close();
            events.close();
        }
        final Throwable cause = failure.get();
        if (cause != null)
        {
            throw new IllegalStateException("a pipeline stage failed", cause);
        }
    }

    /**
     * Waits until the publisher has passed every command published to the ring, or a stage has failed.
     *
     * @param timeoutNs longest wait.
     * @return false when the timeout passed first.
     */
    private boolean awaitPublished(final long timeoutNs)
    {
        final long cursor = disruptor.getCursor();
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (disruptor.getSequenceValueFor(lastStage) < cursor && failure.get() == null)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            LockSupport.parkNanos(DRAIN_POLL_NS);
        }
        return true;
    }

    /** @return the first exception a stage threw, or null. Stages are written not to throw. */
    public Throwable failure()
    {
        return failure.get();
    }

    private static final class StageThreadFactory implements ThreadFactory
    {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(final Runnable runnable)
        {
            final Thread thread = new Thread(runnable, "resx-stage-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    /** Keeps the first failure and halts the stage: a broken state machine must not go on publishing. */
    private static final class RecordingExceptionHandler implements ExceptionHandler<CommandSlot>
    {
        private final AtomicReference<Throwable> failure;

        RecordingExceptionHandler(final AtomicReference<Throwable> failure)
        {
            this.failure = failure;
        }

        @Override
        public void handleEventException(final Throwable ex, final long sequence, final CommandSlot slot)
        {
            failure.compareAndSet(null, ex);
            throw new IllegalStateException("stage failed at ring sequence " + sequence, ex);
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            failure.compareAndSet(null, ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            failure.compareAndSet(null, ex);
        }
    }
}
