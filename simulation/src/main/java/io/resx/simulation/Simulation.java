package io.resx.simulation;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs scenarios through every mechanism and every attack (with its honest twin), with ResX's defences on and off,
 * and writes what they measured: a CSV per run, a summary CSV, a terminal table. The same scenarios and seed give
 * the same bytes in every file.
 */
public final class Simulation
{
    /** The attacks a full run covers. */
    public static final List<Attack> ATTACKS =
        List.of(Attack.COLLUSION, Attack.CARTEL, Attack.LESSEE_DEFAULT, Attack.FAIL_TO_DELIVER);

    private final List<Scenario> scenarios;
    private final List<RunResult> runs = new ArrayList<>();
    private final List<AttackOutcome> attacks = new ArrayList<>();

    /**
     * What an attack did, against its honest twin run.
     *
     * @param scenario          scenario name.
     * @param scarcity          its demand/supply ratio.
     * @param attack            the attack.
     * @param defences          ResX's defences on.
     * @param attackerGain      attackers' wealth in the attack run minus in the twin run.
     * @param honestLoss        honest agents' wealth in the twin run minus in the attack run.
     * @param honestDefaultLoss cash honest counterparties never got (defaults, undelivered leases).
     * @param defaults          defaults declared.
     * @param fundCovered       what the default fund paid.
     * @param collateralCovered what the defaulters' collateral paid.
     */
    public record AttackOutcome(String scenario, double scarcity, Attack attack, boolean defences, double attackerGain,
        double honestLoss, double honestDefaultLoss, int defaults, double fundCovered, double collateralCovered)
    {
    }

    /**
     * @param scenarios the scenarios to run, in order.
     */
    public Simulation(final List<Scenario> scenarios)
    {
        this.scenarios = List.copyOf(scenarios);
    }

    /**
     * Runs everything.
     *
     * @param withAttacks false to run the three mechanisms only.
     * @param progress    told the label of each run as it starts.
     * @return this.
     */
    public Simulation run(final boolean withAttacks, final Consumer<String> progress)
    {
        for (final Scenario sc : scenarios)
        {
            for (final Mechanism m : Mechanism.values())
            {
                runs.add(runOne(sc, new RunConfig(m, Attack.NONE, false, true), progress));
            }
            runs.add(runOne(sc, new RunConfig(Mechanism.LEASE, Attack.NONE, false, false), progress));
            if (!withAttacks)
            {
                continue;
            }
            for (final Attack attack : ATTACKS)
            {
                for (final boolean defences : new boolean[] {true, false})
                {
                    final RunResult hit = runOne(sc, new RunConfig(Mechanism.LEASE, attack, true, defences), progress);
                    final RunResult twin =
                        runOne(sc, new RunConfig(Mechanism.LEASE, attack, false, defences), progress);
                    runs.add(hit);
                    runs.add(twin);
                    attacks.add(new AttackOutcome(sc.name(), sc.scarcity(), attack, defences,
                        round(hit.attackerWealth() - twin.attackerWealth()),
                        round(twin.honestWealth() - hit.honestWealth()), hit.honestDefaultLoss(), hit.defaults(),
                        hit.fundCovered(), hit.collateralCovered()));
                }
            }
        }
        return this;
    }

    /**
     * Runs one scenario under one configuration.
     *
     * @param scenario the scenario.
     * @param config   the run.
     * @param progress told the run's label.
     * @return what it measured.
     */
    public static RunResult runOne(final Scenario scenario, final RunConfig config, final Consumer<String> progress)
    {
        progress.accept(scenario.name() + " " + config.label());
        return new MarketRun(scenario, config, line -> { }).run();
    }

    /** @return every run, in the order they ran. */
    public List<RunResult> runs()
    {
        return runs;
    }

    /** @return every attack against its twin. */
    public List<AttackOutcome> attacks()
    {
        return attacks;
    }

    /**
     * Writes {@code summary.csv}, {@code attacks.csv} and {@code <scenario>/<run>.csv} (one row per slot).
     *
     * @param dir the output folder, created if needed.
     * @throws IOException when a file cannot be written.
     */
    public void writeCsv(final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        try (PrintWriter out = writer(dir.resolve("summary.csv")))
        {
            out.print("scenario,scarcity,mechanism,attack,attacking,defences,utilization,served_share," +
                "pu_served_share,welfare,lease_price,ownership_price,volatility,pu_revenue,attacker_wealth," +
                "honest_wealth,honest_default_loss,defaults,fund_covered,collateral_covered,double_use," +
                "conservation_error,commands\n");
            for (final RunResult r : runs)
            {
                out.print(String.join(",", r.scenario(), num(r.scarcity()), r.config().mechanism().name(),
                    r.config().attack().name(), Boolean.toString(r.config().attacking()),
                    Boolean.toString(r.config().defences()), num(r.utilization()), num(r.servedShare()),
                    num(r.puServedShare()), num(r.welfare()), num(r.leasePrice()), num(r.ownershipPrice()),
                    num(r.volatility()), num(r.puRevenue()), num(r.attackerWealth()), num(r.honestWealth()),
                    num(r.honestDefaultLoss()), Integer.toString(r.defaults()), num(r.fundCovered()),
                    num(r.collateralCovered()), Integer.toString(r.doubleUse()), num(r.conservationError()),
                    Long.toString(r.commands())) + "\n");
                final Path runDir = dir.resolve(r.scenario());
                Files.createDirectories(runDir);
                try (PrintWriter slots = writer(runDir.resolve(r.config().label() + ".csv")))
                {
                    slots.print("slot,requested,served,used,available,lease_trades,lease_vwap\n");
                    for (final RunResult.SlotRow row : r.slotRows())
                    {
                        slots.print(row.slot() + "," + row.requested() + "," + row.served() + "," + row.used() + "," +
                            row.available() + "," + row.leaseTrades() + "," + num(row.leaseVwap()) + "\n");
                    }
                }
            }
        }
        try (PrintWriter out = writer(dir.resolve("attacks.csv")))
        {
            out.print("scenario,scarcity,attack,defences,attacker_gain,honest_loss,honest_default_loss,defaults," +
                "fund_covered,collateral_covered\n");
            for (final AttackOutcome a : attacks)
            {
                out.print(String.join(",", a.scenario(), num(a.scarcity()), a.attack().name(),
                    a.defences() ? "on" : "off", num(a.attackerGain()), num(a.honestLoss()),
                    num(a.honestDefaultLoss()), Integer.toString(a.defaults()), num(a.fundCovered()),
                    num(a.collateralCovered())) + "\n");
            }
        }
    }

    /**
     * Prints the readable summary: per scenario, the mechanisms side by side, then the attacks.
     *
     * @param out where to print.
     */
    public void printSummary(final PrintWriter out)
    {
        out.printf("%-13s %-22s %7s %7s %7s %10s %8s %6s %10s %8s%n", "scenario", "run", "util", "served", "PU-own",
            "welfare", "lease-px", "vol", "PU-rev", "commands");
        for (final RunResult r : runs)
        {
            if (r.config().attack() != Attack.NONE)
            {
                continue;
            }
            out.printf(Locale.ROOT, "%-13s %-22s %6.1f%% %6.1f%% %6.1f%% %10.0f %8.2f %6.3f %10.0f %8d%n",
                r.scenario(), r.config().label(), 100 * r.utilization(), 100 * r.servedShare(),
                100 * r.puServedShare(), r.welfare(), r.leasePrice(), r.volatility(), r.puRevenue(), r.commands());
        }
        if (!attacks.isEmpty())
        {
            out.println();
            out.printf("%-13s %-16s %-4s %12s %12s %14s %8s %10s %10s%n", "scenario", "attack", "def",
                "attacker-gain", "honest-loss", "default-loss", "defaults", "fund", "collateral");
            for (final AttackOutcome a : attacks)
            {
                out.printf(Locale.ROOT, "%-13s %-16s %-4s %12.2f %12.2f %14.2f %8d %10.2f %10.2f%n", a.scenario(),
                    a.attack(), a.defences() ? "on" : "off", a.attackerGain(), a.honestLoss(), a.honestDefaultLoss(),
                    a.defaults(), a.fundCovered(), a.collateralCovered());
            }
        }
        out.flush();
    }

    private static PrintWriter writer(final Path file) throws IOException
    {
        final Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        return new PrintWriter(w);
    }

    private static String num(final double value)
    {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private static double round(final double value)
    {
        return Math.round(value * 1e6) / 1e6;
    }
}
