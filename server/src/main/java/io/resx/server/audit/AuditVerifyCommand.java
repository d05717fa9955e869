package io.resx.server.audit;

import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.recovery.EngineState;
import io.resx.engine.recovery.Recovery;
import io.resx.protocol.command.Command;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalReader;
import io.resx.replay.JournalRecord;
import io.resx.server.journal.JournalErrors;
import io.resx.server.journal.JournalOptions;
import io.resx.server.journal.JournalRange;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code resx audit verify}: reads every record, checking its version, its hash chained from the one before,
 * that its sequence follows, and that its command decodes; the first bad record is reported with exit 1.
 * Also prints the state digest of a clean replay from the journal's start (no snapshot), to compare with the
 * digest a recovering {@code resx batch --journal} prints.
 */
@CommandLine.Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Checks the journal's hash chain and reports the first bad record.")
public final class AuditVerifyCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOptions journal;

    @Override
    public Integer call()
    {
        return JournalErrors.run("resx audit verify", spec.commandLine().getErr(), () ->
        {
            JournalErrors.requireJournal(journal);
            final JournalContext context = journal.context();
            final PrintWriter out = spec.commandLine().getOut();
            final JournalRange range = JournalRange.scan(context);
            try (JournalReader reader = JournalReader.open(context))
            {
                final Command command = new Command();
                while (reader.next())
                {
                    reader.command(command);
                }
                reader.cuts().forEach(cut -> out.println("note: " + cut));
                out.printf("OK: %s holds %,d commands, sequences %d to %d, %s to %s; record format version %d; " +
                    "hash chain intact, head %016x%n", context.directory(), range.records(), range.firstSequence(),
                    range.lastSequence(), range.firstTime(), range.lastTime(), JournalRecord.VERSION,
                    reader.position().hash());
            }
            final MatchingEngine clean = Recovery.fromJournalOnly(context, JournalOptions.ENGINE_FACTORY,
                Long.MAX_VALUE).engine();
            out.printf("State after sequence %d: digest %016x%n", range.lastSequence(),
                new EngineState().digest(clean));
            return 0;
        });
    }
}
