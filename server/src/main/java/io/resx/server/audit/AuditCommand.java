package io.resx.server.audit;

import io.resx.server.settlement.ReconcileCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code resx audit}: questions an auditor asks of a journal; each subcommand replays what it needs. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Audits a journal: the book at a moment, the trade tape, an account's orders, the hash chain, " +
        "the chain's balances against the ledger.",
    subcommands = {
        AuditBookCommand.class, AuditTradesCommand.class, AuditOrdersCommand.class, AuditVerifyCommand.class,
        ReconcileCommand.class})
public final class AuditCommand implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
