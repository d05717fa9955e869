package io.resx.simulation;

import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.EventSink;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import io.resx.risk.ClearingRisk;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.node.EngineNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The real exchange, in process: a {@link MatchingEngine} with the {@link ClearingRisk} stage behind an
 * {@link ExchangePipeline} built by the {@link EngineNode} (sequencer → engine → publisher, no journal), fed the same NDJSON command lines that
 * {@code resx batch} reads, through the same {@link NdjsonCommandReader}. The sequencer's clock is the simulated
 * one: it reads the slot the simulation is in, never the wall clock.
 * <p>
 * Calls are synchronous: {@link #submit} waits for the command's outcome. One thread submits.
 */
public final class InProcessExchange implements AutoCloseable
{
    private static final int EXPECTED_OPEN_ORDERS = 1 << 14;
    private static final long OUTCOME_TIMEOUT_SECONDS = 30;

    private final EngineNode node;
    private final NdjsonCommandReader reader = new NdjsonCommandReader(InstrumentSymbol::parse);
    private final CommandFiller<String> filler = (command, line) -> reader.read(line, command);
    private final BlockingQueue<List<SimEvent>> outcomes = new ArrayBlockingQueue<>(1);
    private final Consumer<String> commandLog;
    private long simulatedNanos;
    private long submitted;
    private long eventsDigest = 17;

    /**
     * @param commandLog receives every command line submitted, in order (the run's batch file); may ignore them.
     */
    public InProcessExchange(final Consumer<String> commandLog)
    {
        this.commandLog = commandLog;
        node = EngineNode.recover(new EngineNode.Context()
                .factory(accounts -> new MatchingEngine(accounts, new ClearingRisk(accounts, EXPECTED_OPEN_ORDERS),
                    EXPECTED_OPEN_ORDERS))
                .clock(() -> simulatedNanos))
            .start(new QueueSink(outcomes));
    }

    /**
     * @param epochNanos the simulated time the sequencer stamps on the next commands.
     */
    public void time(final long epochNanos)
    {
        simulatedNanos = epochNanos;
    }

    /**
     * Sends one command line and waits for what it caused.
     *
     * @param line a batch-format command (one JSON object).
     * @return its events: one ACCEPTED or REJECTED first, then its effects.
     * @throws IllegalStateException when the pipeline failed or gave no outcome in time.
     */
    public List<SimEvent> submit(final String line)
    {
        commandLog.accept(line);
        submitted++;
        node.sequencer().submit(filler, line);
        try
        {
            final List<SimEvent> events = outcomes.poll(OUTCOME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (events == null)
            {
                throw new IllegalStateException("no outcome within " + OUTCOME_TIMEOUT_SECONDS + " s for " + line,
                    node.pipeline().failure());
            }
            for (final SimEvent event : events)
            {
                eventsDigest = 31 * eventsDigest + event.toString().hashCode();
            }
            return events;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + line, ex);
        }
    }

    /**
     * Sends a set-up command that must be accepted.
     *
     * @param line a batch-format command.
     * @return its events.
     * @throws IllegalStateException naming the reject when it was refused.
     */
    public List<SimEvent> require(final String line)
    {
        final List<SimEvent> events = submit(line);
        if (events.get(0).type() != EventType.ACCEPTED)
        {
            throw new IllegalStateException("set-up command rejected " + events.get(0).reason() + ": " + line);
        }
        return events;
    }

    /** @return a hash of every event so far, in order: equal for equal event streams (within reason). */
    public long eventsDigest()
    {
        return eventsDigest;
    }

    /** @return commands submitted so far. */
    public long submitted()
    {
        return submitted;
    }

    @Override
    public void close()
    {
        node.close();
    }

    /** Copies each outcome and hands it to the submitting thread. */
    private static final class QueueSink implements EventSink
    {
        private final BlockingQueue<List<SimEvent>> outcomes;

        QueueSink(final BlockingQueue<List<SimEvent>> outcomes)
        {
            this.outcomes = outcomes;
        }

        @Override
        public void onOutcome(final Command command, final EventLog events)
        {
            final List<SimEvent> copy = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++)
            {
                copy.add(SimEvent.copyOf(events.get(i)));
            }
            try
            {
                outcomes.put(copy);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted handing an outcome over", ex);
            }
        }
    }
}
