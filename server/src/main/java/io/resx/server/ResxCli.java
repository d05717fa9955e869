package io.resx.server;

import io.resx.server.audit.AuditCommand;
import io.resx.server.batch.BatchCommand;
import io.resx.server.bench.BenchCommand;
import io.resx.server.replay.ReplayCommand;
import io.resx.server.serve.GatewayCommand;
import io.resx.server.serve.PasswdCommand;
import io.resx.server.serve.ServeCommand;
import io.resx.server.settlement.ChainCommand;
import io.resx.simulation.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code resx} command line: one subcommand per job the process can do. */
@Command(
    name = "resx",
    mixinStandardHelpOptions = true,
    versionProvider = ResxVersion.class,
    description = "ResX: a low-latency exchange for tokenized network resources (spectrum, compute, energy).",
    subcommands = {
        BatchCommand.class, ReplayCommand.class, AuditCommand.class, ServeCommand.class, GatewayCommand.class,
        PasswdCommand.class, BenchCommand.class, SimulateCommand.class, ChainCommand.class,
        CommandLine.HelpCommand.class})
public final class ResxCli implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * @param args command-line arguments.
     */
    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }

    /** @return the configured picocli command line, for tests and the launcher alike. */
    public static CommandLine commandLine()
    {
        return new CommandLine(new ResxCli());
    }

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
