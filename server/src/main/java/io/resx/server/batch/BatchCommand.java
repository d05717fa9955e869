package io.resx.server.batch;

import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.pipeline.Sequencer;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import io.resx.protocol.ndjson.NdjsonEventWriter;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalException;
import io.resx.risk.AccountRegistry;
import io.resx.server.journal.JournalErrors;
import io.resx.server.journal.JournalOptions;
import io.resx.server.journal.JournalStartUp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code resx batch}: runs command files through the whole pipeline and writes every event as NDJSON. The
 * same input always gives the same output bytes: sequence numbers are line numbers, and the exchange clock is the
 * file's own ({@link BatchClock}: it moves at {@code tick} lines with a {@code time}), never the day it runs.
 * <p>
 * With {@code --journal DIR} every command is journaled before its outcome is published, a snapshotter
 * keeps snapshots beside the journal, and a journal that already holds commands is recovered first (newest
 * snapshot plus tail, a torn last record cut): the run continues the market and its sequence numbers.
 */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description = {
        "Runs NDJSON command files through the exchange pipeline and writes every event, one JSON object per line.",
        "Without --in it runs the bundled example: the default market, then a small trading day on it."})
public final class BatchCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(
        names = "--in",
        paramLabel = "FILE",
        split = ",",
        description = "Command files read in order as one stream (repeat or comma-separate); @default-market and " +
            "@example-day name the bundled ones. Default: ${DEFAULT-VALUE}.",
        defaultValue = "@default-market,@example-day")
    private List<String> inputs;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Where to write the events (folders are created). Default: ${DEFAULT-VALUE}.",
        defaultValue = "data/batch-events.ndjson")
    private Path out;

    @Option(names = "--quiet", description = "Print no summary.")
    private boolean quiet;

    @Mixin
    private JournalOptions journal;

    @Mixin
    private JournalOptions.Writing writing;

    @Override
    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        for (final String input : inputs)
        {
            final String problem = BatchInput.problemWith(input);
            if (problem != null)
            {
                err.println("resx batch: " + problem);
                return 2;
            }
        }
        try
        {
            run();
            return 0;
        }
        catch (final JournalException ex)
        {
            err.println("resx batch: " + ex.getMessage());
            return JournalErrors.JOURNAL_PROBLEM;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            err.println("resx batch: " + ex.getMessage());
            return 1;
        }
        catch (final RuntimeException ex)
        {
            err.println("resx batch: failed: " + ex.getMessage());
            return 1;
        }
    }

    private void run() throws IOException
    {
        final Path parent = out.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        final PrintWriter stdout = spec.commandLine().getOut();
        final PipelineContext context = new PipelineContext();
        JournalStartUp started = null;
        final MatchingEngine engine;
        if (journal.directory() == null)
        {
            engine = JournalOptions.ENGINE_FACTORY.create(new AccountRegistry());
        }
        else
        {
            final JournalContext journalContext = writing.apply(journal.context());
            started = JournalStartUp.open(journalContext, writing.snapshotEvery(),
                note -> spec.commandLine().getErr().println("resx batch: journal: " + note));
            engine = started.engine();
            if (!quiet)
            {
                stdout.printf("Journal %s: %s%n", journalContext.directory(), started.describe());
            }
            context.journal(started.journal()).events(started.events()).lastSequence(started.lastSequence());
        }
        final BatchSummary summary = new BatchSummary();
        final NdjsonCommandReader reader = new NdjsonCommandReader(InstrumentSymbol::parse);
        final BatchClock clock = new BatchClock();
        context.clock(clock);
        final CommandFiller<String> filler = (command, line) ->
        {
            reader.read(line, command);
            clock.onRead(command);
        };
        final long startNs = System.nanoTime();
        try (Writer file = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
            NdjsonEventWriter writer = new NdjsonEventWriter(file))
        {
            context.engine(engine).sink(new BatchEventSink(writer, summary));
            try (ExchangePipeline pipeline = new ExchangePipeline(context))
            {
                final Sequencer sequencer = pipeline.sequencer();
                for (final String input : inputs)
                {
                    BatchInput.forEachLine(input, line -> sequencer.submit(filler, line));
                }
            }
        }
        finally
        {
            if (started != null)
            {
                started.close();
            }
        }
        final long elapsedNs = System.nanoTime() - startNs;
        if (!quiet)
        {
            summary.print(engine, out.toString(), elapsedNs, stdout);
            stdout.flush();
        }
    }
}
