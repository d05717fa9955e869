package io.resx.server.audit;

import io.resx.engine.node.StandardEngine;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.recovery.EngineState;
import io.resx.engine.recovery.EventsAudit;
import io.resx.engine.recovery.Recovery;
import io.resx.protocol.command.Command;
import io.resx.replay.JournalContext;
import io.resx.replay.EventReader;
import io.resx.replay.JournalReader;
import io.resx.replay.ProgressMeter;
import io.resx.replay.JournalRecord;
import io.resx.server.journal.JournalErrors;
import io.resx.server.journal.JournalOptions;
import io.resx.server.journal.JournalRange;
import io.resx.settlement.audit.JournalAnchors;
import io.resx.settlement.bridge.ChainClient;
import io.resx.settlement.bridge.SettlementDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code resx audit verify}: reads every record, checking its version, its hash chained from the one before,
 * that its sequence follows, and that its command decodes; the first bad record is reported with exit 1.
 * Also prints the state digest of a clean replay from the journal's start (no snapshot), to compare with the
 * digest a recovering {@code resx batch --journal} prints. Then checks the {@code events} queue against that
 * replay, byte for byte: exit 6 naming the first outcome that differs. With {@code --rpc}, also checks the history
 * anchored on chain ({@link JournalAnchors}: the bridge anchors the {@code events} queue's head, the history it
 * settled): exit 5 naming the first settled batch whose head no longer matches.
 */
@CommandLine.Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Checks the journal's hash chain and reports the first bad record.",
        "Then checks the events queue against a replay of the commands, byte for byte; exit code 6 names the " +
            "first outcome that differs.",
        "With --rpc: checks the events queue against the heads its settled batches anchored on chain; exit code 5 " +
            "names the first batch whose head no longer matches."})
public final class AuditVerifyCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOptions journal;

    @Option(names = "--rpc", paramLabel = "URL", description = "Also check the history anchored on this chain: each " +
        "settled batch's events hash-chain head must match the local events queue's at the same sequence.")
    private String rpc;

    @Option(names = "--directory", paramLabel = "FILE", defaultValue = "data/chain/settlement.properties",
        description = "With --rpc: the settlement directory (the vault's address). Default: ${DEFAULT-VALUE}.")
    private Path directoryFile;

    /** Exit code when the events queue is not what the commands give. */
    public static final int EVENTS_MISMATCH = 6;

    /** Exit code when the journal no longer hashes to a head the chain holds. */
    public static final int ANCHOR_MISMATCH = 5;

    private int checkAnchors(final JournalContext context, final PrintWriter out) throws java.io.IOException
    {
        final JournalAnchors.Result result;
        try (ChainClient chain = new ChainClient(rpc, null))
        {
            result = JournalAnchors.check(context.events(), SettlementDirectory.load(directoryFile), chain);
        }
        if (result.mismatches().isEmpty())
        {
            out.printf("OK: %d batches anchored on chain %s; the events queue hashes to every head they hold%n",
                result.anchors(), rpc);
            return 0;
        }
        final JournalAnchors.Mismatch first = result.mismatches().get(0);
        out.printf("MISMATCH: batch %d anchored events sequence %d with head %016x on chain; the events queue has %s " +
            "there: its history changed after that batch settled (%d of %d anchors differ)%n", first.batchId(),
            first.sequence(), first.chainHead(), first.journalHead() == null ? "no record" :
                String.format("head %016x", first.journalHead()), result.mismatches().size(), result.anchors());
        return ANCHOR_MISMATCH;
    }

    @Override
    public Integer call()
    {
        return JournalErrors.run("resx audit verify", spec.commandLine().getErr(), () ->
        {
            JournalErrors.requireJournal(journal);
            final JournalContext context = journal.context();
            final PrintWriter out = spec.commandLine().getOut();
            final JournalRange range = JournalRange.scan(context);
            try (JournalReader reader = JournalReader.open(context);
                ProgressMeter meter = ProgressMeter.start("resx audit verify: hash chain", "commands", range.records(),
                    spec.commandLine().getErr()))
            {
                final Command command = new Command();
                long read = 0;
                while (reader.next())
                {
                    reader.command(command);
                    meter.at(++read);
                }
                reader.cuts().forEach(cut -> out.println("note: " + cut));
                out.printf("OK: %s holds %,d commands, sequences %d to %d, %s to %s; record format version %d; " +
                    "hash chain intact, head %016x%n", context.directory(), range.records(), range.firstSequence(),
                    range.lastSequence(), range.firstTime(), range.lastTime(), JournalRecord.VERSION,
                    reader.position().hash());
            }
            final MatchingEngine clean = Recovery.fromJournalOnly(context, StandardEngine.FACTORY,
                Long.MAX_VALUE).engine();
            out.printf("State after sequence %d: digest %016x%n", range.lastSequence(),
                new EngineState().digest(clean));
            if (EventReader.exists(context.events()))
            {
                final EventsAudit.Result events = EventsAudit.check(context, StandardEngine.FACTORY);
                if (!events.agrees())
                {
                    out.printf("MISMATCH: events queue %s disagrees with the commands at sequence %d: %s " +
                        "(%,d outcomes agreed before it)%n", context.events().directory(), events.firstMismatch(),
                        events.problem(), events.compared());
                    return EVENTS_MISMATCH;
                }
                out.printf("OK: events queue %s holds the outcome of every command, byte for byte what a replay " +
                    "gives (%,d outcomes, hash chain intact)%n", context.events().directory(), events.compared());
            }
            else
            {
                out.printf("note: no events queue at %s (a journal written before ResX kept one; the next " +
                    "start of serve or batch on it writes it)%n", context.events().directory());
            }
            return rpc == null ? 0 : checkAnchors(context, out);
        });
    }
}
