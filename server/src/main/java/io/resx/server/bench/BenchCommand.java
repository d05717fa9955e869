package io.resx.server.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code resx bench}: the benchmarks of {@code perf/}. They run in JVMs of their own (JMH forks, and the peer
 * exchange-core with its own classpath), and the server does not depend on perf, so this command only starts
 * the scripts that build and run them, from the ResX checkout the launcher runs in.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Runs the benchmarks in perf/ (figures and how to read them: docs/PERFORMANCE.md).",
    subcommands = {BenchCommand.Compare.class, BenchCommand.Micro.class})
public final class BenchCommand implements Runnable
{
    /** The system property the launcher sets to the checkout's root. */
    public static final String HOME_PROPERTY = "resx.home";

    @Spec
    private CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code resx bench compare}: ResX against exchange-core on the peer's own workload. */
    @Command(
        name = "compare",
        description = {"ResX against exchange-core on exchange-core's own benchmark stream, rounds alternating.",
            "Options pass through: --quick, --rounds N, --rates R1,R2, --journal none|chronicle."})
    static final class Compare extends ScriptCommand
    {
        Compare()
        {
            super("perf/compare.sh");
        }
    }

    /** {@code resx bench micro}: the JMH micro-benchmarks and the matcher and pipeline harnesses. */
    @Command(
        name = "micro",
        description = {"JMH benchmarks (book add/cancel/match, realistic mix, codecs, journal append) and the harnesses.",
            "Options pass through: --quick for short smoke settings."})
    static final class Micro extends ScriptCommand
    {
        Micro()
        {
            super("perf/run-benchmarks.sh");
        }
    }

    /** Runs one script of the checkout with the arguments given, its output going straight to ours. */
    abstract static class ScriptCommand implements Callable<Integer>
    {
        private static final long HEARTBEAT_SECONDS = 30;

        private final String script;

        @Spec
        private CommandSpec spec;

        @Unmatched
        private List<String> arguments = new ArrayList<>();

        ScriptCommand(final String script)
        {
            this.script = script;
        }

        @Override
        public Integer call() throws IOException, InterruptedException
        {
            final Path home = Path.of(System.getProperty(HOME_PROPERTY, "."));
            final Path path = home.resolve(script);
            if (!Files.isExecutable(path))
            {
                spec.commandLine().getErr().println("resx bench: " + path + " not found: run ./resx from a ResX " +
                    "checkout (the benchmarks are built from its sources)");
                return 2;
            }
            final List<String> command = new ArrayList<>();
            command.add(path.toString());
            command.addAll(arguments);
            final Process run = new ProcessBuilder(command).directory(home.toFile()).inheritIO().start();
            // the scripts print their figures as they come, with long quiet stretches (builds, JMH forks, warm-up):
            // a line on standard error every half minute says it is still at work, and for how long
            final long startNs = System.nanoTime();
            while (!run.waitFor(HEARTBEAT_SECONDS, TimeUnit.SECONDS))
            {
                spec.commandLine().getErr().printf("resx bench: %s still running, %d s so far%n", script,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNs));
                spec.commandLine().getErr().flush();
            }
            return run.exitValue();
        }
    }
}
