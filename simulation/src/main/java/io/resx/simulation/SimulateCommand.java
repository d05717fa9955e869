package io.resx.simulation;

import io.resx.replay.ProgressMeter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code resx simulate}: the agent-based market simulation, run through the real engine in process. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
        "Simulates spectrum markets: agents trade through the real engine, in process, slot by slot.",
        "Each scenario runs fixed allocation, purchase-only and leasing + purchasing, then each attack with",
        "ResX's defences on and off (against an honest twin run). Writes a CSV per run, summary.csv,",
        "attacks.csv and PNG charts, and prints a summary table with the goal check (docs/SIMULATION.md)."})
public final class SimulateCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "FILE", split = ",",
        description = "Scenario JSON files, or @name for a bundled one (@scarcity-0.5, @scarcity-1, @scarcity-2, " +
            "@scarcity-4). Default: all bundled.")
    private List<String> sources = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "Override every scenario's seed.")
    private Long seed;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
        description = "Seeds per scenario (its seed, then the next ones); the summary shows means. " +
            "Default: ${DEFAULT-VALUE}.")
    private int seeds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "data/simulation",
        description = "Folder for the CSV files. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--plots", paramLabel = "DIR",
        description = "Folder for the PNG charts. Default: the --out folder.")
    private Path plots;

    @Option(names = "--commands", paramLabel = "DIR",
        description = "Also write each run's command stream (batch format; `resx batch --in` replays it) here.")
    private Path commands;

    @Option(names = "--no-attacks", description = "Run the three mechanisms only.")
    private boolean noAttacks;

    @Override
    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        final PrintWriter stdout = spec.commandLine().getOut();
        final List<Scenario> scenarios = new ArrayList<>();
        try
        {
            final List<String> names = new ArrayList<>(sources);
            if (names.isEmpty())
            {
                Scenario.BUNDLED.forEach(name -> names.add("@" + name));
            }
            for (final String source : names)
            {
                final Scenario scenario = Scenario.load(source);
                scenarios.add(seed == null ? scenario : scenario.withSeed(seed));
            }
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("resx simulate: " + ex.getMessage());
            return 2;
        }
        if (seeds < 1)
        {
            err.println("resx simulate: --seeds must be at least 1, got " + seeds);
            return 2;
        }
        try
        {
            final long startNs = System.nanoTime();
            final Simulation simulation = new Simulation(scenarios, seeds).commandsTo(commands);
            try (ProgressMeter meter = ProgressMeter.start("resx simulate", "runs", simulation.plannedRuns(!noAttacks),
                err))
            {
                // told each run as it starts: the meter shows the runs finished before it
                final long[] started = new long[1];
                simulation.run(!noAttacks, label -> meter.at(started[0]++));
                meter.at(started[0]);
            }
            simulation.writeCsv(out);
            Charts.write(simulation, plots == null ? out : plots);
            simulation.printSummary(stdout);
            stdout.printf("%n%d runs in %.1f s; CSV in %s, charts in %s%n", simulation.runs().size(),
                (System.nanoTime() - startNs) / 1e9, out, plots == null ? out : plots);
            stdout.flush();
            return 0;
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("resx simulate: failed: " + ex);
            ex.printStackTrace(err);
            return 1;
        }
    }
}
