package io.resx.simulation;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants every run keeps, whatever the seed, scarcity, mechanism, attack and defences. */
class InvariantProperties
{
    private static final String SMALL = Path.of("src/test/resources/small.json").toString();

    @Property(tries = 12)
    void shouldKeepTheInvariantsInEveryRun(
        @ForAll @LongRange(min = 1, max = 1_000_000) final long seed,
        @ForAll @DoubleRange(min = 0.5, max = 4) final double scarcity,
        @ForAll final Mechanism mechanism,
        @ForAll final Attack attack,
        @ForAll final boolean attacking,
        @ForAll final boolean defences,
        @ForAll final boolean shareRule)
    {
        final Scenario scenario = Scenario.load(SMALL).withSeed(seed).withScarcity(scarcity);
        final RunConfig config = new RunConfig(
            attack == Attack.NONE ? mechanism : Mechanism.LEASE, attack, attacking && attack != Attack.NONE, defences,
            shareRule && (attack != Attack.NONE || mechanism == Mechanism.LEASE));

        final RunResult run = Simulation.runOne(scenario, config, label -> { });

        assertThat(run.doubleUse()).as("unit-slots used by two users").isZero();
        assertThat(run.conservationError()).as("cash and units conserved").isZero();
        if (defences)
        {
            assertThat(run.honestDefaultLoss()).as("no honest counterparty unpaid after a default").isZero();
        }
        assertThat(run.utilization()).isBetween(0.0, 1.0);
        assertThat(run.servedShare()).isBetween(0.0, 1.0);
    }
}
