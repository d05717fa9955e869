package io.resx.server.settlement;

import io.resx.protocol.FixedPoint;
import io.resx.server.journal.JournalErrors;
import io.resx.server.journal.JournalOptions;
import io.resx.settlement.bridge.ChainClient;
import io.resx.settlement.audit.Reconciliation;
import io.resx.settlement.bridge.SettlementDirectory;
import io.resx.settlement.netting.WindowPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code resx audit reconcile}: every wallet's on-chain balances against the engine's ledger as the {@code events}
 * queue reports it (no engine is run), net of what has not settled yet (see {@link Reconciliation}); lists each
 * difference and exits 3 when
 * there is any. It also reports a stuck pipeline: batches not settled although their window closed longer ago than
 * {@code --stuck-after-ms}, and batches settled without some of their obligations (refused for good by the chain);
 * exit 4 when there is any and no difference.
 */
@CommandLine.Command(name = "reconcile", mixinStandardHelpOptions = true,
    description = {"Compares each account's on-chain balances with the engine's ledger (net of batches not yet " +
        "settled) and lists each difference; exit code 3 when any. Lists batches not settled after " +
        "--stuck-after-ms and batches the chain settled without some obligations; exit code 4 when any."})
public final class ReconcileCommand implements Callable<Integer>
{
    /** Exit code when the chain and the ledger differ. */
    public static final int DIFFERENCES = 3;
    /** Exit code when batches are stuck or had obligations refused (and no balance differs). */
    public static final int STUCK = 4;

    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOptions journal;

    @Option(names = "--rpc", paramLabel = "URL", required = true, description = "The chain's JSON-RPC URL.")
    private String rpc;

    @Option(names = "--directory", paramLabel = "FILE", defaultValue = "data/chain/settlement.properties",
        description = "The settlement directory: contracts and wallets (serve and `resx chain` write it). " +
            "Default: ${DEFAULT-VALUE}.")
    private Path directoryFile;

    @Option(names = "--window-trades", paramLabel = "N", defaultValue = "100",
        description = "The bridge's settlement window in trades (as serve's settlement.windowTrades). " +
            "Default: ${DEFAULT-VALUE}.")
    private int windowTrades;

    @Option(names = "--window-ms", paramLabel = "MS", defaultValue = "1000",
        description = "The bridge's settlement window in journal milliseconds (as serve's settlement.windowMs). " +
            "Default: ${DEFAULT-VALUE}.")
    private long windowMs;

    @Option(names = "--stuck-after-ms", paramLabel = "MS", defaultValue = "60000",
        description = "A batch not settled whose last trade is older than this is listed as stuck. " +
            "Default: ${DEFAULT-VALUE}.")
    private long stuckAfterMs;

    @Option(names = "--all", description = "List every balance compared, not only the differences.")
    private boolean all;

    @Override
    public Integer call()
    {
        return JournalErrors.run("resx audit reconcile", spec.commandLine().getErr(), () ->
        {
            JournalErrors.requireJournal(journal);
            final SettlementDirectory directory = SettlementDirectory.load(directoryFile);
            final Reconciliation.Result result;
            try (ChainClient chain = new ChainClient(rpc, null))
            {
                result = Reconciliation.run(journal.context().events(), WindowPolicy.of(windowTrades, windowMs),
                    directory, chain, stuckAfterMs);
            }
            final PrintWriter out = spec.commandLine().getOut();
            out.printf("events to sequence %d; %d batches not settled on chain %s; %d trades in the open window%n",
                result.journalSequence(), result.unsettled().size(), result.unsettled(), result.openTrades());
            out.println("wallet,accounts,asset,ledger,pending,expectedOnChain,onChain,difference");
            for (final Reconciliation.Line line : all ? result.lines() : result.differences())
            {
                out.println(line.wallet() + "," + line.accounts() + "," + line.asset() + "," + fp(line.ledger()) + "," +
                    fp(line.pending()) + "," + fp(line.ledger() - line.pending()) + "," + fp(line.chain()) + "," +
                    fp(line.difference()));
            }
            final int differences = result.differences().size();
            out.printf("%d balances compared, %d differ%n", result.lines().size(), differences);
            for (final Reconciliation.Stuck stuck : result.stuck())
            {
                out.printf("stuck: batch %d (%d trades) not settled on chain %d s after its last trade%n",
                    stuck.batchId(), stuck.trades(), stuck.ageMs() / 1000);
            }
            for (final Reconciliation.Recut recut : result.recut())
            {
                out.printf("refused: batch %d settled with %s cash/unit/lease legs of the %s its window nets to: the " +
                    "chain refused the rest for good%n", recut.batchId(), recut.settledLegs(), recut.nettedLegs());
            }
            out.printf("%d batches stuck, %d settled without refused obligations%n", result.stuck().size(),
                result.recut().size());
            return differences > 0 ? DIFFERENCES : result.pipelineProblems() ? STUCK : 0;
        });
    }

    private static String fp(final long value)
    {
        return FixedPoint.toString(value, FixedPoint.SCALE);
    }
}
