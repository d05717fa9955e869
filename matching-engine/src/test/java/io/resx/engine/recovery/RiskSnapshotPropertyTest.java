package io.resx.engine.recovery;

import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.support.RiskCommandStream;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.ndjson.NdjsonEventWriter;
import io.resx.replay.JournalException;
import io.resx.replay.JournalPosition;
import io.resx.replay.Snapshot;
import io.resx.risk.AccountRegistry;
import io.resx.risk.ClearingRisk;
import io.resx.risk.ClearingRiskCodec;
import io.resx.risk.RiskStage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Snapshots of an engine with the clearing risk stage, taken at many points of random command streams that
 * reach every part of the risk state (balances, locks, credit and order limits, groups, kill switches,
 * suspensions, bands, reference prices, caps, lease obligations, the default fund): each restored engine has
 * the digest of the engine it was taken from, and from there on both publish the same events, byte for byte,
 * and end with the same digest.
 */
final class RiskSnapshotPropertyTest
{
    private static final EngineFactory FACTORY =
        accounts -> new MatchingEngine(accounts, new ClearingRisk(accounts, 64), 64);

    @Provide
    Arbitrary<List<int[]>> streams()
    {
        return Arbitraries.integers().between(0, 1_000_000).array(int[].class).ofSize(RiskCommandStream.CHOICES)
            .list().ofMinSize(20).ofMaxSize(160);
    }

    @Property(tries = 150)
    void shouldContinueFromASnapshotExactlyAsTheEngineItWasTakenFrom(
        @ForAll("streams") final List<int[]> choices, @ForAll @IntRange(min = 5, max = 60) final int every)
    {
        final List<Command> commands = new ArrayList<>(RiskCommandStream.setup());
        for (int step = 0; step < choices.size(); step++)
        {
            commands.add(RiskCommandStream.next(choices.get(step), step, true));
        }
        roundTrip(commands, every);
    }

    @Example
    void shouldRoundTripEveryPartOfTheRiskStateOnALongStream()
    {
        final List<Command> commands = new ArrayList<>(RiskCommandStream.setup());
        final Random random = new Random(20261201);
        final int[] c = new int[RiskCommandStream.CHOICES];
        for (int step = 0; step < 1_000; step++)
        {
            for (int i = 0; i < c.length; i++)
            {
                c[i] = random.nextInt(1_000_000);
            }
            commands.add(RiskCommandStream.next(c, step, true));
        }

        final String published = roundTrip(commands, 100);

        assertThat(published).as("the stream reaches every part of the risk state")
            .contains("\"evt\":\"trade\"", "\"evt\":\"balance\"", "\"evt\":\"suspended\"",
                "\"evt\":\"leaseRevoked\"", "\"evt\":\"defaultFundApplied\"")
            .contains("\"cmd\":\"band\"", "\"cmd\":\"cap\"", "\"cmd\":\"group\"", "\"cmd\":\"kill\"")
            .contains("PRICE_OUTSIDE_BAND", "CONCENTRATION_CAP", "KILL_SWITCH_ACTIVE", "ACCOUNT_SUSPENDED",
                "ORDER_QTY_LIMIT", "CREDIT_LIMIT_EXCEEDED");
    }

    @Example
    void shouldRefuseToRestoreBalancesIntoAnEngineWithoutRisk()
    {
        final MatchingEngine engine = FACTORY.create(new AccountRegistry());
        final Snapshot snapshot = snapshot(engine);

        assertThatThrownBy(() -> EngineState.restore(snapshot,
            accounts -> new MatchingEngine(accounts, RiskStage.NONE, 64)))
            .isInstanceOf(JournalException.class).hasMessageContaining("holds a 'risk' section");
    }

    @Example
    void shouldRefuseToRestoreAnEngineWithRiskFromASnapshotWithoutBalances()
    {
        final Snapshot withRisk = snapshot(FACTORY.create(new AccountRegistry()));
        final Map<String, Snapshot.Section> sections = new LinkedHashMap<>(withRisk.sections());
        sections.remove(ClearingRiskCodec.SECTION);
        final Snapshot without = new Snapshot(withRisk.file(), withRisk.position(), sections);

        assertThatThrownBy(() -> EngineState.restore(without, FACTORY))
            .isInstanceOf(JournalException.class).hasMessageContaining("has no section 'risk'");
    }

    @Example
    void shouldRefuseAnAccountsSectionOfTheVersionBeforeRisk()
    {
        final Snapshot current = snapshot(FACTORY.create(new AccountRegistry()));
        final Map<String, Snapshot.Section> sections = new LinkedHashMap<>(current.sections());
        final Snapshot.Section accounts = sections.get("accounts");
        sections.put("accounts", new Snapshot.Section(1, accounts.bytes(), accounts.offset(), accounts.length()));

        assertThatThrownBy(() -> EngineState.restore(new Snapshot(current.file(), current.position(), sections),
            FACTORY))
            .isInstanceOf(JournalException.class)
            .hasMessageContaining("section 'accounts' is version 1; this ResX reads version 2");
    }

    /**
     * Runs the commands through one engine, restores a copy of it every {@code every} commands, runs each copy
     * on in step, and checks events and digests.
     *
     * @return what the original engine published, as NDJSON.
     */
    private static String roundTrip(final List<Command> commands, final int every)
    {
        final EngineState state = new EngineState();
        final MatchingEngine original = FACTORY.create(new AccountRegistry());
        final List<MatchingEngine> restored = new ArrayList<>();
        final StringBuilder published = new StringBuilder();
        for (int i = 0; i < commands.size(); i++)
        {
            if (i % every == 0)
            {
                final MatchingEngine copy = EngineState.restore(snapshot(original), FACTORY);
                assertThat(state.digest(copy)).as("restored after %d commands", i).isEqualTo(state.digest(original));
                restored.add(copy);
            }
            final Command command = commands.get(i);
            command.stamp(i + 1, i + 1);
            final String expected = process(original, command);
            published.append(expected);
            for (int r = 0; r < restored.size(); r++)
            {
                assertThat(process(restored.get(r), command)).as("command %d: %s, copy restored after %d", i + 1,
                    command, r * every).isEqualTo(expected);
            }
        }
        final long digest = state.digest(original);
        for (int r = 0; r < restored.size(); r++)
        {
            assertThat(state.digest(restored.get(r))).as("at the end, copy restored after %d", r * every)
                .isEqualTo(digest);
        }
        return published.toString();
    }

    private static Snapshot snapshot(final MatchingEngine engine)
    {
        return new Snapshot(Path.of("in-memory"), new JournalPosition(0, 0, 0, 0), new EngineState().capture(engine));
    }

    private static String process(final MatchingEngine engine, final Command command)
    {
        final EventLog events = new EventLog();
        engine.process(new Command().copyFrom(command), events);
        final StringWriter text = new StringWriter();
        try (NdjsonEventWriter writer = new NdjsonEventWriter(text))
        {
            writer.write(events);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return text.toString();
    }
}
