package io.resx.simulation;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Runs scenarios through every mechanism and every attack (with its honest twin), with ResX's defences on and off,
 * over one or more seeds, and writes what they measured: a CSV per run, {@code summary.csv}, {@code attacks.csv},
 * and a terminal summary of the means over seeds with the goal check. The same scenarios and seeds give the same
 * bytes in every file.
 */
public final class Simulation
{
    /** The attacks a full run covers. */
    public static final List<Attack> ATTACKS = List.of(
        Attack.WASH_TRADE, Attack.CORNER, Attack.CARTEL, Attack.LESSEE_DEFAULT, Attack.FAIL_TO_DELIVER);

    private final List<Scenario> scenarios;
    private final int seeds;
    private Path commandsDir;
    private final List<RunResult> runs = new ArrayList<>();
    private final List<AttackOutcome> attacks = new ArrayList<>();
    private final List<ShareOutcome> shareOutcomes = new ArrayList<>();

    /**
     * What an attack did, against its honest twin run.
     *
     * @param scenario          scenario name.
     * @param seed              the seed.
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
    public record AttackOutcome(String scenario, long seed, double scarcity, Attack attack, boolean defences,
        double attackerGain, double honestLoss, double honestDefaultLoss, int defaults, double fundCovered,
        double collateralCovered)
    {
    }

    /**
     * The cartel attack with use-it-or-share-it off or on, against its honest twin (same rule setting).
     *
     * @param scenario        scenario name.
     * @param seed            the seed.
     * @param scarcity        its demand/supply ratio.
     * @param defences        ResX's other defences on.
     * @param shareRule       use-it-or-share-it on.
     * @param cartelGain      the cartel's wealth in the attack run minus in the twin run.
     * @param honestLoss      honest agents' wealth in the twin run minus in the attack run.
     * @param utilization     utilization of the attack run.
     * @param twinUtilization utilization of the twin run.
     * @param ownerIncome     cash the primary users outside the cartel end with, attack run.
     * @param twinOwnerIncome the same primary users, twin run.
     */
    public record ShareOutcome(String scenario, long seed, double scarcity, boolean defences, boolean shareRule,
        double cartelGain, double honestLoss, double utilization, double twinUtilization, double ownerIncome,
        double twinOwnerIncome)
    {
    }

    /**
     * @param scenarios the scenarios to run, in order.
     * @param seeds     how many seeds per scenario: its own seed, then the next ones.
     */
    public Simulation(final List<Scenario> scenarios, final int seeds)
    {
        if (seeds < 1)
        {
            throw new IllegalArgumentException("seeds must be at least 1: " + seeds);
        }
        this.scenarios = List.copyOf(scenarios);
        this.seeds = seeds;
    }

    /**
     * Also writes every run's command stream, in the batch format, to {@code dir/<scenario>/seed-<n>/<run>.ndjson}:
     * {@code resx batch --in} that file replays the run through the engine.
     *
     * @param dir the folder, or null for none.
     * @return this.
     */
    public Simulation commandsTo(final Path dir)
    {
        this.commandsDir = dir;
        return this;
    }

    /**
     * Runs everything.
     *
     * @param withAttacks false to run the mechanisms only.
     * @param progress    told the label of each run as it starts.
     * @return this.
     */
    public Simulation run(final boolean withAttacks, final Consumer<String> progress)
    {
        for (final Scenario base : scenarios)
        {
            for (int i = 0; i < seeds; i++)
            {
                final Scenario sc = base.withSeed(base.seed() + i);
                for (final Mechanism m : Mechanism.values())
                {
                    runs.add(logged(sc, new RunConfig(m, Attack.NONE, false, true), progress));
                }
                runs.add(logged(sc, new RunConfig(Mechanism.LEASE, Attack.NONE, false, false), progress));
                if (withAttacks)
                {
                    runAttacks(sc, progress);
                }
            }
        }
        return this;
    }

    /**
     * @param withAttacks as {@link #run} will be given it.
     * @return how many runs {@link #run} does: each scenario and seed runs every mechanism, leasing without the
     *     defences and, with attacks, each attack with and without the defences against an honest twin (the cartel
     *     once more under use-it-or-share-it), for a progress meter.
     */
    public int plannedRuns(final boolean withAttacks)
    {
        int attackRuns = 0;
        for (final Attack attack : ATTACKS)
        {
            attackRuns += 2 * (attack == Attack.CARTEL ? 4 : 2);
        }
        return scenarios.size() * seeds * (Mechanism.values().length + 1 + (withAttacks ? attackRuns : 0));
    }

    private void runAttacks(final Scenario sc, final Consumer<String> progress)
    {
        for (final Attack attack : ATTACKS)
        {
            for (final boolean defences : new boolean[] {true, false})
            {
                final RunResult hit = logged(sc, new RunConfig(Mechanism.LEASE, attack, true, defences), progress);
                final RunResult twin = logged(sc, new RunConfig(Mechanism.LEASE, attack, false, defences), progress);
                runs.add(hit);
                runs.add(twin);
                attacks.add(new AttackOutcome(sc.name(), sc.seed(), sc.scarcity(), attack, defences,
                    round(hit.attackerWealth() - twin.attackerWealth()), round(twin.honestWealth() - hit.honestWealth()),
                    hit.honestDefaultLoss(), hit.defaults(), hit.fundCovered(), hit.collateralCovered()));
                if (attack == Attack.CARTEL)
                {
                    shareOutcomes.add(shareOutcome(sc, defences, false, hit, twin));
                    final RunResult ruledHit =
                        logged(sc, new RunConfig(Mechanism.LEASE, attack, true, defences, true), progress);
                    final RunResult ruledTwin =
                        logged(sc, new RunConfig(Mechanism.LEASE, attack, false, defences, true), progress);
                    runs.add(ruledHit);
                    runs.add(ruledTwin);
                    shareOutcomes.add(shareOutcome(sc, defences, true, ruledHit, ruledTwin));
                }
            }
        }
    }

    private static ShareOutcome shareOutcome(final Scenario sc, final boolean defences, final boolean rule,
        final RunResult hit, final RunResult twin)
    {
        return new ShareOutcome(sc.name(), sc.seed(), sc.scarcity(), defences, rule,
            round(hit.attackerWealth() - twin.attackerWealth()), round(twin.honestWealth() - hit.honestWealth()),
            hit.utilization(), twin.utilization(), hit.honestOwnerIncome(), twin.honestOwnerIncome());
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
        return runOne(scenario, config, progress, line -> { });
    }

    /**
     * Runs one scenario under one configuration.
     *
     * @param scenario   the scenario.
     * @param config     the run.
     * @param progress   told the run's label.
     * @param commandLog told every command line the run sends, in order.
     * @return what it measured.
     */
    public static RunResult runOne(final Scenario scenario, final RunConfig config, final Consumer<String> progress,
        final Consumer<String> commandLog)
    {
        progress.accept(scenario.name() + " seed " + scenario.seed() + " " + config.label());
        return new MarketRun(scenario, config, commandLog).run();
    }

    private RunResult logged(final Scenario scenario, final RunConfig config, final Consumer<String> progress)
    {
        if (commandsDir == null)
        {
            return runOne(scenario, config, progress);
        }
        final Path dir = commandsDir.resolve(scenario.name()).resolve("seed-" + scenario.seed());
        try
        {
            Files.createDirectories(dir);
            try (PrintWriter out = writer(dir.resolve(config.label() + ".ndjson")))
            {
                return runOne(scenario, config, progress, line -> out.print(line + "\n"));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
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

    /** @return the cartel attack against its twin with use-it-or-share-it off and on. */
    public List<ShareOutcome> shareOutcomes()
    {
        return shareOutcomes;
    }

    /**
     * Writes {@code summary.csv}, {@code attacks.csv} and {@code <scenario>/seed-<n>/<run>.csv} (one row per slot).
     *
     * @param dir the output folder, created if needed.
     * @throws IOException when a file cannot be written.
     */
    public void writeCsv(final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        try (PrintWriter out = writer(dir.resolve("summary.csv")))
        {
            out.print("scenario,seed,scarcity,mechanism,attack,attacking,defences,utilization,served_share," +
                "pu_served_share,welfare,lease_price,ownership_price,volatility,pu_revenue,attacker_wealth," +
                "honest_wealth,honest_default_loss,defaults,fund_covered,collateral_covered,double_use," +
                "conservation_error,commands,rejects,share_rule,honest_owner_income\n");
            for (final RunResult r : runs)
            {
                out.print(String.join(",", r.scenario(), Long.toString(r.seed()), num(r.scarcity()),
                    r.config().mechanism().name(), r.config().attack().name(), Boolean.toString(r.config().attacking()),
                    Boolean.toString(r.config().defences()), num(r.utilization()), num(r.servedShare()),
                    num(r.puServedShare()), num(r.welfare()), num(r.leasePrice()), num(r.ownershipPrice()),
                    num(r.volatility()), num(r.puRevenue()), num(r.attackerWealth()), num(r.honestWealth()),
                    num(r.honestDefaultLoss()), Integer.toString(r.defaults()), num(r.fundCovered()),
                    num(r.collateralCovered()), Integer.toString(r.doubleUse()), num(r.conservationError()),
                    Long.toString(r.commands()), Long.toString(r.rejects()), Boolean.toString(r.config().shareRule()),
                    num(r.honestOwnerIncome())) + "\n");
                final Path runDir = dir.resolve(r.scenario()).resolve("seed-" + r.seed());
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
            out.print("scenario,seed,scarcity,attack,defences,attacker_gain,honest_loss,honest_default_loss,defaults," +
                "fund_covered,collateral_covered\n");
            for (final AttackOutcome a : attacks)
            {
                out.print(String.join(",", a.scenario(), Long.toString(a.seed()), num(a.scarcity()),
                    a.attack().name(), a.defences() ? "on" : "off", num(a.attackerGain()), num(a.honestLoss()),
                    num(a.honestDefaultLoss()), Integer.toString(a.defaults()), num(a.fundCovered()),
                    num(a.collateralCovered())) + "\n");
            }
        }
        try (PrintWriter out = writer(dir.resolve("share-rule.csv")))
        {
            out.print("scenario,seed,scarcity,defences,share_rule,cartel_gain,honest_loss,utilization," +
                "twin_utilization,owner_income,twin_owner_income\n");
            for (final ShareOutcome o : shareOutcomes)
            {
                out.print(String.join(",", o.scenario(), Long.toString(o.seed()), num(o.scarcity()),
                    o.defences() ? "on" : "off", o.shareRule() ? "on" : "off", num(o.cartelGain()),
                    num(o.honestLoss()), num(o.utilization()), num(o.twinUtilization()), num(o.ownerIncome()),
                    num(o.twinOwnerIncome())) + "\n");
            }
        }
    }

    /**
     * Prints the readable summary: means over the seeds of every scenario and run, then the attacks, then the goal.
     *
     * @param out where to print.
     */
    public void printSummary(final PrintWriter out)
    {
        out.printf("Means over %d seed(s) per scenario; money in cash units.%n%n", seeds);
        out.printf("%-13s %-16s %7s %7s %7s %10s %8s %6s %10s%n", "scenario", "run", "util", "served", "PU-own",
            "welfare", "lease-px", "vol", "PU-rev");
        final Map<String, List<RunResult>> byRun = group(runs, r -> r.scenario() + " " + r.config().label());
        for (final List<RunResult> group : byRun.values())
        {
            final RunResult r = group.get(0);
            if (r.config().attack() != Attack.NONE)
            {
                continue;
            }
            out.printf(Locale.ROOT, "%-13s %-16s %6.1f%% %6.1f%% %6.1f%% %10.0f %8.2f %6.3f %10.0f%n",
                r.scenario(), r.config().label(), 100 * mean(group, RunResult::utilization),
                100 * mean(group, RunResult::servedShare), 100 * mean(group, RunResult::puServedShare),
                mean(group, RunResult::welfare), mean(group, RunResult::leasePrice),
                mean(group, RunResult::volatility), mean(group, RunResult::puRevenue));
        }
        if (!attacks.isEmpty())
        {
            out.println();
            out.printf("%-13s %-16s %-4s %13s %12s %13s %9s %9s %10s%n", "scenario", "attack", "def",
                "attacker-gain", "honest-loss", "default-loss", "defaults", "fund", "collateral");
            for (final List<AttackOutcome> group : group(attacks, a -> a.scenario() + a.attack() + a.defences())
                .values())
            {
                final AttackOutcome a = group.get(0);
                out.printf(Locale.ROOT, "%-13s %-16s %-4s %13.2f %12.2f %13.2f %9.2f %9.2f %10.2f%n", a.scenario(),
                    a.attack(), a.defences() ? "on" : "off", mean(group, AttackOutcome::attackerGain),
                    mean(group, AttackOutcome::honestLoss), mean(group, AttackOutcome::honestDefaultLoss),
                    mean(group, AttackOutcome::defaults), mean(group, AttackOutcome::fundCovered),
                    mean(group, AttackOutcome::collateralCovered));
            }
        }
        printShareRule(out);
        printGoal(out);
        out.flush();
    }

    /**
     * The cartel with use-it-or-share-it off and on: per scenario and defence setting, then the rule's goal at every
     * scarcity of 2 and more (honest loss cut by at least 90 %, owners outside the cartel losing under 5 %).
     */
    private void printShareRule(final PrintWriter out)
    {
        if (shareOutcomes.isEmpty())
        {
            return;
        }
        out.printf("%nCARTEL with use-it-or-share-it (share = the rule; owner income = cash of the PUs outside the " +
            "cartel):%n");
        out.printf("%-13s %-4s %-5s %11s %12s %7s %7s %12s %12s%n", "scenario", "def", "share", "cartel-gain",
            "honest-loss", "util", "twin", "owner-inc", "twin-inc");
        for (final List<ShareOutcome> group : group(shareOutcomes,
            o -> o.scenario() + o.defences() + o.shareRule()).values())
        {
            final ShareOutcome o = group.get(0);
            out.printf(Locale.ROOT, "%-13s %-4s %-5s %11.2f %12.2f %6.1f%% %6.1f%% %12.2f %12.2f%n", o.scenario(),
                o.defences() ? "on" : "off", o.shareRule() ? "on" : "off", mean(group, ShareOutcome::cartelGain),
                mean(group, ShareOutcome::honestLoss), 100 * mean(group, ShareOutcome::utilization),
                100 * mean(group, ShareOutcome::twinUtilization), mean(group, ShareOutcome::ownerIncome),
                mean(group, ShareOutcome::twinOwnerIncome));
        }
        out.printf("%nUse-it-or-share-it goal (honest loss cut >= 90 %% at scarcity >= 2; owners outside the cartel " +
            "lose < 5 %% of their income):%n");
        for (final boolean defences : new boolean[] {true, false})
        {
            for (final double scarcity : shareOutcomes.stream().mapToDouble(ShareOutcome::scarcity).distinct()
                .sorted().toArray())
            {
                final List<ShareOutcome> off = shareOutcomes.stream().filter(o -> o.scarcity() == scarcity &&
                    o.defences() == defences && !o.shareRule()).toList();
                final List<ShareOutcome> on = shareOutcomes.stream().filter(o -> o.scarcity() == scarcity &&
                    o.defences() == defences && o.shareRule()).toList();
                if (off.isEmpty() || on.isEmpty())
                {
                    continue;
                }
                final double lossOff = mean(off, ShareOutcome::honestLoss);
                final double lossOn = mean(on, ShareOutcome::honestLoss);
                final double incomeChange = change(mean(off, ShareOutcome::ownerIncome),
                    mean(on, ShareOutcome::ownerIncome));
                final double twinIncomeChange = change(mean(off, ShareOutcome::twinOwnerIncome),
                    mean(on, ShareOutcome::twinOwnerIncome));
                final boolean met = scarcity < 2 ? false : lossOff > 0 && 1 - Math.max(0, lossOn) / lossOff >= 0.9 &&
                    incomeChange > -0.05 && twinIncomeChange > -0.05;
                out.printf(Locale.ROOT, "  scarcity %-4s defences %-3s honest loss %8.2f -> %8.2f (%s); " +
                        "owners outside the cartel: income %+.1f%% with the cartel, %+.1f%% without%s%n",
                    num1(scarcity), defences ? "on" : "off", lossOff, lossOn, cut(lossOff, lossOn), 100 * incomeChange,
                    100 * twinIncomeChange, scarcity < 2 ? "" : met ? "  MET" : "  NOT MET");
            }
        }
    }

    private static double change(final double before, final double after)
    {
        return before == 0 ? 0 : after / before - 1;
    }

    private static String num1(final double value)
    {
        return value == Math.rint(value) ? Long.toString((long)value) : Double.toString(value);
    }

    /** The goal, at the highest scarcity run: the market against fixed allocation, defences on against off. */
    private void printGoal(final PrintWriter out)
    {
        final double top = runs.stream().mapToDouble(RunResult::scarcity).max().orElse(0);
        final List<RunResult> atTop = runs.stream().filter(r -> r.scarcity() == top &&
            r.config().attack() == Attack.NONE && r.config().defences()).toList();
        if (atTop.isEmpty())
        {
            return;
        }
        out.printf(Locale.ROOT, "%nGoal check at scarcity %.1f (means over seeds):%n", top);
        final Map<String, List<RunResult>> byMechanism = group(atTop, r -> r.config().mechanism().name());
        final double fixedUtil = mean(byMechanism.get("FIXED"), RunResult::utilization);
        final double leaseUtil = mean(byMechanism.get("LEASE"), RunResult::utilization);
        final double purchaseUtil = mean(byMechanism.get("PURCHASE"), RunResult::utilization);
        out.printf(Locale.ROOT, "  utilization: LEASE %.1f%% vs FIXED %.1f%% (%+.0f%%) vs PURCHASE %.1f%% (%+.0f%%)%n",
            100 * leaseUtil, 100 * fixedUtil, 100 * (leaseUtil / fixedUtil - 1), 100 * purchaseUtil,
            100 * (leaseUtil / purchaseUtil - 1));
        out.printf(Locale.ROOT, "  SU demand served: LEASE %.1f%% vs FIXED %.1f%% vs PURCHASE %.1f%%%n",
            100 * mean(byMechanism.get("LEASE"), RunResult::servedShare),
            100 * mean(byMechanism.get("FIXED"), RunResult::servedShare),
            100 * mean(byMechanism.get("PURCHASE"), RunResult::servedShare));
        for (final Attack attack : ATTACKS)
        {
            final List<AttackOutcome> on = attacks.stream()
                .filter(a -> a.scarcity() == top && a.attack() == attack && a.defences()).toList();
            final List<AttackOutcome> off = attacks.stream()
                .filter(a -> a.scarcity() == top && a.attack() == attack && !a.defences()).toList();
            if (on.isEmpty() || off.isEmpty())
            {
                continue;
            }
            out.printf(Locale.ROOT, "  %-16s attacker gain %9.2f -> %9.2f (%s); honest loss %9.2f -> %9.2f (%s); " +
                    "honest default loss %8.2f -> %8.2f (%s)%n", attack,
                mean(off, AttackOutcome::attackerGain), mean(on, AttackOutcome::attackerGain),
                cut(mean(off, AttackOutcome::attackerGain), mean(on, AttackOutcome::attackerGain)),
                mean(off, AttackOutcome::honestLoss), mean(on, AttackOutcome::honestLoss),
                cut(mean(off, AttackOutcome::honestLoss), mean(on, AttackOutcome::honestLoss)),
                mean(off, AttackOutcome::honestDefaultLoss), mean(on, AttackOutcome::honestDefaultLoss),
                cut(mean(off, AttackOutcome::honestDefaultLoss), mean(on, AttackOutcome::honestDefaultLoss)));
        }
    }

    /**
     * @param off the figure with the defences off.
     * @param on  with them on.
     * @return the cut as a percentage, or why there is none to speak of.
     */
    static String cut(final double off, final double on)
    {
        if (off <= 0)
        {
            return "nothing to cut";
        }
        return String.format(Locale.ROOT, "cut %.0f%%", 100 * (1 - Math.max(0, on) / off));
    }

    static <T> Map<String, List<T>> group(final List<T> items, final Function<T, String> key)
    {
        final Map<String, List<T>> groups = new LinkedHashMap<>();
        for (final T item : items)
        {
            groups.computeIfAbsent(key.apply(item), k -> new ArrayList<>()).add(item);
        }
        return groups;
    }

    static <T> double mean(final List<T> items, final ToDoubleFunction<T> metric)
    {
        return items.stream().mapToDouble(metric).average().orElse(0);
    }

    private static PrintWriter writer(final Path file) throws IOException
    {
        return new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
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
