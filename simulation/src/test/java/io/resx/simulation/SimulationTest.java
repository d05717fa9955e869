package io.resx.simulation;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.event.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulationTest
{
    private static final String SMALL = "src/test/resources/small.json";
    private static final Pattern TICK_TIME = Pattern.compile("\"cmd\":\"tick\".*\"time\":\"([^\"]+)\"");

    @Test
    void shouldWriteTheSameBytesForTheSameSeed(@TempDir final Path dir) throws IOException
    {
        final Scenario scenario = Scenario.load(SMALL);
        final Simulation first = new Simulation(List.of(scenario), 1);
        final List<String> started = new ArrayList<>();
        first.run(true, started::add).writeCsv(dir.resolve("a"));
        assertThat(started).as("the progress meter's total").hasSize(first.plannedRuns(true))
            .hasSize(first.runs().size());
        new Simulation(List.of(Scenario.load(SMALL)), 1).run(true, label -> { }).writeCsv(dir.resolve("b"));

        final List<Path> files;
        try (Stream<Path> walk = Files.walk(dir.resolve("a")))
        {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        for (final Path a : files)
        {
            final Path b = dir.resolve("b").resolve(dir.resolve("a").relativize(a));
            assertThat(Files.readAllBytes(b)).as(a.toString()).isEqualTo(Files.readAllBytes(a));
        }
        assertThat(Files.readString(dir.resolve("a/summary.csv"))).contains("small,7,2.000000,LEASE,NONE");
    }

    @Test
    void shouldBeABatchStreamThatReplaysToTheSameEvents()
    {
        final List<String> lines = new ArrayList<>();
        final RunConfig attack = new RunConfig(Mechanism.LEASE, Attack.LESSEE_DEFAULT, true, true);
        final RunResult run = Simulation.runOne(Scenario.load(SMALL), attack, label -> { }, lines::add);

        try (InProcessExchange replay = new InProcessExchange(line -> { }))
        {
            lines.forEach(replay::submit);
            assertThat(replay.eventsDigest()).isEqualTo(run.eventsDigest());
            assertThat(replay.submitted()).isEqualTo(run.commands()).isEqualTo(lines.size());
        }
        assertThat(lines).anyMatch(line -> line.contains("\"cmd\":\"settlementFailed\""))
            .anyMatch(line -> line.contains("\"cmd\":\"bundle\""))
            .allMatch(line -> line.startsWith("{\"cmd\":"));
    }

    @Test
    void shouldPutTheCartelsWithheldSlotsToUseUnderUseItOrShareIt()
    {
        final Scenario scenario = Scenario.load(SMALL).withScarcity(2);
        final List<String> lines = new ArrayList<>();
        final RunResult ruled = Simulation.runOne(scenario,
            new RunConfig(Mechanism.LEASE, Attack.CARTEL, true, true, true), label -> { }, lines::add);
        final RunResult again = Simulation.runOne(scenario,
            new RunConfig(Mechanism.LEASE, Attack.CARTEL, true, true, true), label -> { });
        final RunResult unruled = Simulation.runOne(scenario,
            new RunConfig(Mechanism.LEASE, Attack.CARTEL, true, true, false), label -> { });

        assertThat(again.eventsDigest()).as("deterministic").isEqualTo(ruled.eventsDigest());
        assertThat(lines).anyMatch(line -> line.contains("\"cmd\":\"shareRule\""))
            .anyMatch(line -> line.contains("\"cmd\":\"use\""))
            .anyMatch(line -> line.contains("\"cmd\":\"tick\""));
        assertThat(ruled.conservationError()).as("cash and units conserved, the shares included").isZero();
        assertThat(ruled.doubleUse()).isZero();
        assertThat(ruled.utilization()).as("withheld slots go to the bids at gate closure")
            .isGreaterThan(unruled.utilization());
        assertThat(ruled.config().label()).isEqualTo("LEASE-CARTEL-on-share");
    }

    @Test
    void shouldTellTheClearingsTradesFromTheBooks()
    {
        // the bundled market: the small one has too few owners for idle slots to meet bids at the clearing
        final Scenario scenario = Scenario.load("@scarcity-2");
        final List<String> lines = new ArrayList<>();
        Simulation.runOne(scenario, new RunConfig(Mechanism.LEASE, Attack.CARTEL, true, true, true), label -> { },
            lines::add);

        final List<SimEvent> trades = new ArrayList<>();
        try (InProcessExchange replay = new InProcessExchange(line -> { }))
        {
            for (final String line : lines)
            {
                final Matcher tick = TICK_TIME.matcher(line);
                if (tick.find())
                {
                    // the run's clock: commands after a tick are stamped at its time, as in the run
                    final Instant at = Instant.parse(tick.group(1));
                    replay.time(at.getEpochSecond() * 1_000_000_000L + at.getNano());
                }
                replay.submit(line).stream().filter(e -> e.type() == EventType.TRADE).forEach(trades::add);
            }
        }
        final long floor = (long)(scenario.shareFloor * FixedPoint.ONE);
        assertThat(trades).as("the clearing sold idle slots").anyMatch(SimEvent::isShareClearing)
            .as("and the book traded too").anyMatch(e -> !e.isShareClearing());
        assertThat(trades.stream().filter(SimEvent::isShareClearing))
            .as("clearing trades: an owner (a PU, or an SU that bought units) sells to another, never below the floor")
            .allMatch(e -> !e.sellAccount().equals(e.buyAccount()) && e.price() >= floor);
        assertThat(trades.stream().filter(e -> !e.isShareClearing()))
            .allMatch(e -> !e.sellClOrdId().isEmpty());
    }

    @Test
    void shouldGiveADifferentMarketForAnotherSeed()
    {
        final RunConfig lease = new RunConfig(Mechanism.LEASE, Attack.NONE, false, true);
        final RunResult seven = Simulation.runOne(Scenario.load(SMALL), lease, label -> { });
        final RunResult eight = Simulation.runOne(Scenario.load(SMALL).withSeed(8), lease, label -> { });

        assertThat(seven.slotRows()).isNotEqualTo(eight.slotRows());
    }

    @Test
    void shouldServeMoreWithLeasingThanWithFixedAllocation()
    {
        final Scenario scenario = Scenario.load(SMALL);
        final RunResult fixed =
            Simulation.runOne(scenario, new RunConfig(Mechanism.FIXED, Attack.NONE, false, true), label -> { });
        final RunResult lease =
            Simulation.runOne(scenario, new RunConfig(Mechanism.LEASE, Attack.NONE, false, true), label -> { });

        assertThat(fixed.servedShare()).isZero();
        assertThat(fixed.leasePrice()).isZero();
        assertThat(lease.utilization()).isGreaterThan(fixed.utilization());
        assertThat(lease.servedShare()).isPositive();
        assertThat(lease.leasePrice()).isPositive();
    }

    @Test
    void shouldMakeDefaultedCounterpartiesWholeOnlyWithTheDefences()
    {
        final Scenario scenario = Scenario.load(SMALL);
        final RunResult on = Simulation.runOne(scenario,
            new RunConfig(Mechanism.LEASE, Attack.LESSEE_DEFAULT, true, true), label -> { });
        final RunResult off = Simulation.runOne(scenario,
            new RunConfig(Mechanism.LEASE, Attack.LESSEE_DEFAULT, true, false), label -> { });

        assertThat(on.defaults()).isPositive();
        assertThat(on.collateralCovered() + on.fundCovered()).isPositive();
        assertThat(on.honestDefaultLoss()).isZero();
        assertThat(off.defaults()).isPositive();
        assertThat(off.honestDefaultLoss()).isPositive();
    }

    @Test
    void shouldRefuseUndeliverableUnitsOnlyWithTheDefences()
    {
        final Scenario scenario = Scenario.load(SMALL);
        final RunResult on = Simulation.runOne(scenario,
            new RunConfig(Mechanism.LEASE, Attack.FAIL_TO_DELIVER, true, true), label -> { });
        final RunResult off = Simulation.runOne(scenario,
            new RunConfig(Mechanism.LEASE, Attack.FAIL_TO_DELIVER, true, false), label -> { });

        assertThat(on.defaults()).isZero();
        assertThat(on.honestDefaultLoss()).isZero();
        assertThat(off.defaults()).isEqualTo(1);
        assertThat(off.honestDefaultLoss()).isPositive();
    }

    @Test
    void shouldLoadEveryBundledScenario()
    {
        for (final String name : Scenario.BUNDLED)
        {
            final Scenario scenario = Scenario.load("@" + name);
            assertThat(scenario.name()).isEqualTo(name);
            assertThat(name).endsWith("-" + (scenario.scarcity() == Math.rint(scenario.scarcity()) ?
                Long.toString((long)scenario.scarcity()) : Double.toString(scenario.scarcity())));
        }
    }

    @Test
    void shouldNameTheProblemInABadScenario(@TempDir final Path dir) throws IOException
    {
        final Path typo = Files.writeString(dir.resolve("typo.json"), "{\"scarcty\": 2}");
        final Path range = Files.writeString(dir.resolve("range.json"), "{\"maxDuration\": 9}");

        assertThatThrownBy(() -> Scenario.load(typo.toString()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scarcty");
        assertThatThrownBy(() -> Scenario.load(range.toString()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDuration must be 1..8");
        assertThatThrownBy(() -> Scenario.load("@nope"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no bundled scenario @nope");
    }
}
