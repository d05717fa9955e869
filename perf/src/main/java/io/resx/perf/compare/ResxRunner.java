package io.resx.perf.compare;

import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.EventSink;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.pipeline.PipelineLayout;
import io.resx.engine.pipeline.Sequencer;
import io.resx.engine.pipeline.WaitStrategyKind;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.risk.AccountRegistry;
import io.resx.risk.ClearingRisk;
import io.resx.risk.RiskStage;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Runs the translated margin stream through the whole ResX {@link ExchangePipeline} (sequencer, journal ∥
 * risk + matcher, publisher to the events queue), yielding wait like the peer, a fresh engine and pipeline per
 * run; with risk the engine runs {@link ClearingRisk} on every command, as {@code resx serve} does, each account
 * funded first (untimed, with the set-up). Set-up and the
 * 1,000-order fill go first, untimed; then the benchmark rows are timed from the first submit until the
 * publisher has released the last outcome. The producer is this thread; the sink only counts (and, for latency
 * runs, records each outcome's delay from its planned send time).
 */
final class ResxRunner
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(120);
    private static final CommandFiller<Command> COPY = (slot, prebuilt) -> slot.copyFrom(prebuilt);

    private static final int EXPECTED_ORDERS = 1 << 16;

    private final MarginStream stream;
    private final JournalChoice journalChoice;
    private final PipelineLayout layout;
    private final boolean risk;
    private final List<Command> setup = new ArrayList<>();
    private final RowFiller rows;

    /**
     * @param stream        the translated workload.
     * @param journalChoice the journals to plug in.
     * @param risk          true for the clearing risk stage ({@link ClearingRisk}) with every account funded
     *                      ({@link MarginStream#funding}); false for none ({@link RiskStage#NONE}).
     * @param layout        how the journaled pipeline's stages are laid on threads.
     */
    ResxRunner(final MarginStream stream, final JournalChoice journalChoice, final boolean risk,
        final PipelineLayout layout)
    {
        this.layout = layout;
        this.stream = stream;
        this.journalChoice = journalChoice;
        this.risk = risk;
        this.rows = new RowFiller(stream);
        setup.addAll(stream.setup());
        if (risk)
        {
            setup.addAll(stream.funding());
        }
    }

    /** Result of one run. */
    record Run(int commands, long elapsedNs, long rejects, L2Book book, Histogram latency)
    {
        double perSecond()
        {
            return commands * 1e9 / elapsedNs;
        }
    }

    /** @return the journal's name. */
    String journalName()
    {
        return journalChoice.name();
    }

    /**
     * @param commands benchmark rows to time (from the first).
     * @return the run, its final book included; null when the journal is not available.
     */
    Run throughput(final int commands)
    {
        return run(commands, 0);
    }

    /**
     * @param commands      benchmark rows to send, from the first.
     * @param ratePerSecond offered rate: sends spaced evenly.
     * @return the run with its latency histogram; null when the journal is not available.
     */
    Run latency(final int commands, final long ratePerSecond)
    {
        return run(commands, ratePerSecond);
    }

    /** @return why the journal is not available, or null. */
    String unavailableReason()
    {
        return journalChoice.unavailableReason();
    }

    private Run run(final int commands, final long ratePerSecond)
    {
        final Path directory = journalDirectory();
        try
        {
            final JournalChoice.Journals journals = journalChoice.open(directory);
            if (journals == null)
            {
                return null;
            }
            final CountingSink sink = new CountingSink();
            final AccountRegistry registry = new AccountRegistry();
            final MatchingEngine engine = new MatchingEngine(registry,
                risk ? new ClearingRisk(registry, EXPECTED_ORDERS) : RiskStage.NONE, EXPECTED_ORDERS);
            final PipelineContext context = new PipelineContext().engine(engine).sink(sink)
                .journal(journals.commands()).events(journals.events()).waitStrategy(WaitStrategyKind.YIELDING)
                .layout(layout);
            final long elapsedNs;
            try (ExchangePipeline pipeline = new ExchangePipeline(context))
            {
                final Sequencer sequencer = pipeline.sequencer();
                for (final Command command : setup)
                {
                    sequencer.submit(COPY, command);
                }
                for (int row = 0; row < stream.fillRows(); row++)
                {
                    sequencer.submit(rows, rows.at(row));
                }
                sink.await(setup.size() + stream.fillRows());
                final long rejectsBefore = sink.rejects();
                if (rejectsBefore != 0)
                {
                    throw new IllegalStateException(rejectsBefore + " set-up or fill commands refused");
                }
                final int first = stream.fillRows();
                if (ratePerSecond == 0)
                {
                    final long startNs = System.nanoTime();
                    for (int row = first; row < first + commands; row++)
                    {
                        sequencer.submit(rows, rows.at(row));
                    }
                    sink.await(setup.size() + stream.fillRows() + (long)commands);
                    elapsedNs = System.nanoTime() - startNs;
                }
                else
                {
                    final long intervalNs = 1_000_000_000L / ratePerSecond;
                    final long startNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
                    sink.record(setup.size() + stream.fillRows(), commands, startNs, intervalNs);
                    for (int i = 0; i < commands; i++)
                    {
                        final long plannedNs = startNs + i * intervalNs;
                        while (System.nanoTime() < plannedNs)
                        {
                            Thread.onSpinWait();
                        }
                        sequencer.submit(rows, rows.at(first + i));
                    }
                    sink.await(setup.size() + stream.fillRows() + (long)commands);
                    elapsedNs = System.nanoTime() - startNs;
                }
                final long rejects = sink.rejects() - rejectsBefore;
                final Command book = new Command().type(CommandType.BOOK).depth(1000);
                book.symbol().set(MarginStream.SYMBOL);
                sequencer.submit(COPY, book);
                sink.await(setup.size() + stream.fillRows() + (long)commands + 1);
                return new Run(commands, elapsedNs, rejects, sink.book(), ratePerSecond == 0 ? null : sink.histogram);
            }
        }
        finally
        {
            delete(directory);
        }
    }

    private static Path journalDirectory()
    {
        try
        {
            return Files.createTempDirectory("resx-compare-journal");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void delete(final Path directory)
    {
        try (Stream<Path> paths = Files.walk(directory))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Fills a slot from a row of the stream; the row number travels in a reused holder: no allocation. */
    private static final class RowFiller implements CommandFiller<int[]>
    {
        private final MarginStream stream;
        private final int[] holder = new int[1];

        RowFiller(final MarginStream stream)
        {
            this.stream = stream;
        }

        int[] at(final int row)
        {
            holder[0] = row;
            return holder;
        }

        @Override
        public void fill(final Command command, final int[] row)
        {
            stream.fill(row[0], command);
        }
    }

    /** Counts outcomes on the publisher thread; records latency from planned send times; keeps a BOOK answer. */
    private static final class CountingSink implements EventSink
    {
        private final AtomicLong published = new AtomicLong();
        // an hour: an engine far behind its offered rate queues for minutes, and a value past the range would throw
        private final Histogram histogram = new Histogram(TimeUnit.HOURS.toNanos(1), 3);
        private long count;
        private long rejects; // read by the producer only after await(), which orders it after the write
        private volatile long recordFrom = Long.MAX_VALUE;
        private volatile long recordCount;
        private volatile long plannedStartNs;
        private volatile long intervalNs;
        private volatile L2Book book;

        @Override
        public void onOutcome(final Command command, final EventLog events)
        {
            final long index = count++ - recordFrom;
            if (index >= 0 && index < recordCount)
            {
                histogram.recordValue(Math.max(0, System.nanoTime() - (plannedStartNs + index * intervalNs)));
            }
            if (events.get(0).type() == EventType.REJECTED)
            {
                rejects++;
            }
            else if (command.type() == CommandType.BOOK)
            {
                book = MarginStream.bookOf(events.get(1));
            }
        }

        @Override
        public void endOfBatch()
        {
            published.lazySet(count);
        }

        long published()
        {
            return published.get();
        }

        long rejects()
        {
            return rejects;
        }

        L2Book book()
        {
            return book;
        }

        void record(final long fromOutcome, final long outcomes, final long startNs, final long everyNs)
        {
            histogram.reset();
            plannedStartNs = startNs;
            intervalNs = everyNs;
            recordCount = outcomes;
            recordFrom = fromOutcome;
        }

        void await(final long outcomes)
        {
            final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
            while (published.get() < outcomes)
            {
                if (System.nanoTime() > deadlineNs)
                {
                    throw new IllegalStateException("pipeline did not publish " + outcomes + " outcomes in time");
                }
                Thread.onSpinWait();
            }
        }
    }
}
