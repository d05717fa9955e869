package io.resx.server;

import io.resx.server.audit.AuditCommand;
import io.resx.server.batch.BatchCommand;
import io.resx.server.bench.BenchCommand;
import io.resx.server.replay.ReplayCommand;
import io.resx.server.serve.GatewayCommand;
import io.resx.server.serve.OperatorCommand;
import io.resx.server.serve.PasswdCommand;
import io.resx.server.serve.ServeCommand;
import io.resx.server.settlement.ChainCommand;
import io.resx.simulation.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@code resx} command line: one subcommand per job the process can do.
 *
 * <p>The launcher's entry ({@link #main}) builds only the subcommands its arguments name: picocli's model of a
 * subcommand is built by reflection over the class and its options, which loads and initialises what they refer to
 * (loggers, the journal, the engine, the media driver), and that took seconds. Every other subcommand is a stub made
 * from its {@link Command} annotation alone (name, description), which loads the class but runs none of its code;
 * so {@code resx --help} prints the same text without starting the engine's classpath.
 */
@Command(
    name = "resx",
    mixinStandardHelpOptions = true,
    versionProvider = ResxVersion.class,
    description = "ResX: a low-latency exchange for tokenized network resources (spectrum, compute, energy).",
    subcommands = {
        BatchCommand.class, ReplayCommand.class, AuditCommand.class, ServeCommand.class, GatewayCommand.class, OperatorCommand.class,
        PasswdCommand.class, BenchCommand.class, SimulateCommand.class, ChainCommand.class,
        CommandLine.HelpCommand.class})
public final class ResxCli implements Runnable
{
    @CommandLine.Spec
    private CommandSpec spec;

    /**
     * Runs the command line and exits with its exit code, after flushing what it printed (picocli's writers on
     * standard out and err buffer; {@link System#exit} does not flush them).
     *
     * @param args command-line arguments.
     */
    public static void main(final String[] args)
    {
        final CommandLine cli = commandLine(args);
        final int exitCode = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        System.exit(exitCode);
    }

    /** @return the configured picocli command line with every subcommand built in full, for tests. */
    public static CommandLine commandLine()
    {
        return new CommandLine(new ResxCli());
    }

    /**
     * @param args the arguments the command line will run: every subcommand they name (anywhere, so
     *             {@code help serve} counts) is built in full, every other one as a stub that can only be listed.
     * @return the command line for these arguments.
     */
    public static CommandLine commandLine(final String[] args)
    {
        final Command top = ResxCli.class.getAnnotation(Command.class);
        final ResxCli cli = new ResxCli();
        final CommandSpec spec = CommandSpec.wrapWithoutInspection(cli)
            .name(top.name())
            .mixinStandardHelpOptions(top.mixinStandardHelpOptions())
            .versionProvider(new ResxVersion());
        spec.usageMessage().description(top.description());
        cli.spec = spec;
        final CommandLine commandLine = new CommandLine(spec);
        final Set<String> named = new HashSet<>(Arrays.asList(args));
        for (final Class<?> subcommand : top.subcommands())
        {
            final Command annotation = subcommand.getAnnotation(Command.class);
            final boolean wanted = subcommand == CommandLine.HelpCommand.class || named.contains(annotation.name()) ||
                Arrays.stream(annotation.aliases()).anyMatch(named::contains);
            if (wanted)
            {
                commandLine.addSubcommand(annotation.name(), subcommand, annotation.aliases());
            }
            else
            {
                commandLine.addSubcommand(annotation.name(), stub(annotation), annotation.aliases());
            }
        }
        return commandLine;
    }

    /** A subcommand as the top-level help lists it: its name, header and description, nothing that runs. */
    private static CommandSpec stub(final Command annotation)
    {
        final CommandSpec stub = CommandSpec.create().name(annotation.name())
            .mixinStandardHelpOptions(annotation.mixinStandardHelpOptions());
        stub.usageMessage().header(annotation.header()).description(annotation.description());
        return stub;
    }

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
