package io.resx.server.settlement;

import io.resx.protocol.FixedPoint;
import io.resx.server.journal.JournalErrors;
import io.resx.server.journal.JournalOptions;
import io.resx.settlement.bridge.ChainClient;
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
 * {@code resx audit reconcile}: every wallet's on-chain balances against the engine's ledger replayed from the
 * journal, net of what has not settled yet (see {@link Reconciliation}); lists each difference and exits 3 when
 * there is any.
 */
@CommandLine.Command(name = "reconcile", mixinStandardHelpOptions = true,
    description = {"Compares each account's on-chain balances with the engine's ledger (net of batches not yet " +
        "settled) and lists each difference; exit code 3 when any."})
public final class ReconcileCommand implements Callable<Integer>
{
    /** Exit code when the chain and the ledger differ. */
    public static final int DIFFERENCES = 3;

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
                result = Reconciliation.run(journal.context(), WindowPolicy.of(windowTrades, windowMs), directory,
                    chain);
            }
            final PrintWriter out = spec.commandLine().getOut();
            out.printf("journal to sequence %d; %d batches not settled on chain %s; %d trades in the open window%n",
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
            return differences == 0 ? 0 : DIFFERENCES;
        });
    }

    private static String fp(final long value)
    {
        return FixedPoint.toString(value, FixedPoint.SCALE);
    }
}
