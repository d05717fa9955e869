package io.resx.server.audit;

import io.resx.engine.pipeline.EventSink;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.replay.JournalContext;
import io.resx.server.journal.JournalErrors;
import io.resx.server.journal.JournalOptions;
import io.resx.server.journal.JournalRange;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/**
 * {@code resx audit trades}: the trade tape as CSV, one row per trade with the time and sequence of the
 * command that caused it, optionally for one instrument and a stretch of the journal. Written to a temporary
 * file and moved into place once complete.
 */
@CommandLine.Command(name = "trades", mixinStandardHelpOptions = true, description = "Writes the trade tape as CSV.")
public final class AuditTradesCommand implements Callable<Integer>
{
    /** The CSV header. */
    public static final String HEADER = "seq,time,tradeId,symbol,price,qty,aggressor,buyAccount,buyClOrdId," +
        "buyOrderId,sellAccount,sellClOrdId,sellOrderId";

    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOptions journal;

    @Option(names = "--symbol", paramLabel = "S", description = "Only this instrument's trades.")
    private String symbol;

    @Option(names = "--from", paramLabel = "SEQ|TIME", description = "From this command on.")
    private String from;

    @Option(names = "--until", paramLabel = "SEQ|TIME", description = "Up to this command.")
    private String until;

    @Option(names = "--csv", paramLabel = "FILE", required = true, description = "Where to write the tape.")
    private Path csv;

    @Option(names = "--recompute", description = "Replay the commands through the engine instead of reading the " +
        "events queue.")
    private boolean recompute;

    @Override
    public Integer call()
    {
        return JournalErrors.run("resx audit trades", spec.commandLine().getErr(), () ->
        {
            JournalErrors.requireJournal(journal);
            final JournalContext context = journal.context();
            final JournalRange range = JournalRange.scan(context);
            final long fromSequence = from == null ? range.firstSequence() : range.resolve("--from", from, true);
            final long untilSequence = until == null ? range.lastSequence() : range.resolve("--until", until, false);
            final Path temporary = csv.resolveSibling(csv.getFileName() + ".partial");
            final long[] trades = new long[1];
            final String source;
            try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))
            {
                out.write(HEADER);
                out.newLine();
                source = AuditOutcomes.run(context, fromSequence, untilSequence, recompute, tradesTo(out, trades),
                    "resx audit trades", spec.commandLine().getErr());
            }
            catch (final RuntimeException | IOException ex)
            {
                Files.deleteIfExists(temporary);
                throw ex;
            }
            Files.move(temporary, csv, StandardCopyOption.REPLACE_EXISTING);
            spec.commandLine().getOut().printf("%,d trades in sequences %d to %d%s (%s): %s%n", trades[0],
                fromSequence, untilSequence, symbol == null ? "" : " of " + symbol, source, csv);
            return 0;
        });
    }

    /**
     * @param value an id or symbol (printable ASCII).
     * @return it as a CSV field, quoted when it holds a comma or a quote.
     */
    static String field(final CharSequence value)
    {
        final String text = value.toString();
        return text.indexOf(',') < 0 && text.indexOf('"') < 0 ? text : '"' + text.replace("\"", "\"\"") + '"';
    }

    private EventSink tradesTo(final BufferedWriter out, final long[] trades)
    {
        return (final Command command, final EventLog events) ->
        {
            for (int i = 0; i < events.size(); i++)
            {
                final EngineEvent e = events.get(i);
                if (e.type() != EventType.TRADE || (symbol != null && !e.symbol().toString().equals(symbol)))
                {
                    continue;
                }
                trades[0]++;
                try
                {
                    out.write(e.sequence() + "," + JournalRange.instant(command.timestampNs()) + "," + e.tradeId() +
                        "," + field(e.symbol()) + "," + FixedPoint.toString(e.price(), e.priceDecimals()) + "," +
                        FixedPoint.toString(e.qty(), e.qtyDecimals()) + "," + e.aggressor() + "," +
                        field(e.buyAccount()) + "," + field(e.buyClOrdId()) + "," + e.buyOrderId() + "," +
                        field(e.sellAccount()) + "," + field(e.sellClOrdId()) + "," + e.sellOrderId());
                    out.newLine();
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException("cannot write " + csv + ": " + ex.getMessage(), ex);
                }
            }
        };
    }
}
