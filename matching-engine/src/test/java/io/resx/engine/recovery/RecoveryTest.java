package io.resx.engine.recovery;

import io.resx.engine.matching.EngineStateCodec;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.pipeline.EventSink;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.support.CommandStream;
import io.resx.engine.support.Ev;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.event.EventLog;
import io.resx.replay.ChronicleCommandJournal;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalException;
import io.resx.replay.JournalPosition;
import io.resx.replay.Snapshot;
import io.resx.replay.SnapshotStore;
import io.resx.risk.Account;
import io.resx.risk.AccountRegistry;
import io.resx.risk.Asset;
import io.resx.risk.ClearingRisk;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A live run with the clearing risk stage, journaled to Chronicle Queue on disk with a snapshotter beside it,
 * then recovered and replayed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecoveryTest
{
    private static final EngineFactory FACTORY =
        accounts -> new MatchingEngine(accounts, new ClearingRisk(accounts, 1024), 1024);
    private static final int COMMANDS = 4_000;

    @TempDir
    Path dir;

    private JournalContext context;
    private final List<Ev> liveEvents = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private long liveDigest;
    private List<String> liveBalances;

    @BeforeEach
    void runLive()
    {
        context = new JournalContext().directory(dir.resolve("journal"));
        final MatchingEngine engine = FACTORY.create(new AccountRegistry());
        final ChronicleCommandJournal journal = ChronicleCommandJournal.open(context, JournalPosition.START);
        final Snapshotter snapshotter = new Snapshotter(context, FACTORY, 700, log::add);
        final PipelineContext pipelineContext = new PipelineContext().engine(engine).journal(journal)
            .sink(collectInto(liveEvents)).ringSize(256);
        try (ExchangePipeline pipeline = new ExchangePipeline(pipelineContext))
        {
            for (final Command command : stream())
            {
                pipeline.sequencer().submit(Command::copyFrom, command);
            }
        }
        snapshotter.close();
        liveDigest = new EngineState().digest(engine);
        liveBalances = balances(engine);
    }

    @Test
    void shouldSnapshotPeriodicallyOffTheMatcherThreadAndAtClose()
    {
        assertThat(log).isNotEmpty().last().asString().contains("snapshot at sequence " + total());
        assertThat(new SnapshotStore(context).files()).hasSize(3);
    }

    @Test
    void shouldRecoverFromTheNewestSnapshotToTheLiveState()
    {
        final Recovery.Recovered recovered = Recovery.load(context, FACTORY, Long.MAX_VALUE, false, null);

        assertThat(recovered.snapshot()).isNotNull();
        assertThat(recovered.position().sequence()).isEqualTo(total());
        assertThat(new EngineState().digest(recovered.engine())).isEqualTo(liveDigest);
    }

    @Test
    void shouldRecoverEveryBalanceAndLockFromASnapshotAlone()
    {
        final SnapshotStore store = new SnapshotStore(context);
        final Snapshot newest = store.read(store.files().get(0));
        assertThat(newest.position().sequence()).isEqualTo(total());

        final MatchingEngine restored = EngineState.restore(newest, FACTORY);

        assertThat(liveBalances).as("open orders lock balances").anyMatch(line -> !line.contains("locked=0 "));
        assertThat(balances(restored)).isEqualTo(liveBalances);
        assertThat(((ClearingRisk)restored.risk()).openOrders()).isEqualTo(restored.openOrderCount())
            .isPositive();
    }

    @Test
    void shouldGiveFromSnapshotPlusTailTheStateOfAFullReplayAtAnyPoint()
    {
        for (final long at : new long[] {1, 699, 701, 1234, 2800, total() - 1})
        {
            final Recovery.Recovered fromSnapshot = Recovery.load(context, FACTORY, at, false, null);
            final MatchingEngine clean = cleanReplay(at);

            assertThat(fromSnapshot.position().sequence()).isEqualTo(at);
            assertThat(new EngineState().digest(fromSnapshot.engine())).as("at %d", at)
                .isEqualTo(new EngineState().digest(clean));
        }
        assertThat(Recovery.load(context, FACTORY, 2800, false, null).snapshot()).isNotNull();
    }

    @Test
    void shouldReplayTheEventsTheLiveRunPublished()
    {
        final List<Ev> replayed = new ArrayList<>();
        final long count = JournalReplay.run(context, FACTORY, 1, Long.MAX_VALUE, collectInto(replayed));

        assertThat(count).isEqualTo(total());
        assertThat(replayed).isEqualTo(liveEvents);
    }

    @Test
    void shouldReplayAStretchFromTheStateBeforeIt()
    {
        final List<Ev> replayed = new ArrayList<>();
        JournalReplay.run(context, FACTORY, 1500, 2500, collectInto(replayed));

        assertThat(replayed).isNotEmpty().isEqualTo(liveEvents.stream()
            .filter(e -> e.sequence() >= 1500 && e.sequence() <= 2500).toList());
    }

    @Test
    void shouldRefuseASnapshotSectionOfAnotherVersion()
    {
        final SnapshotStore store = new SnapshotStore(context);
        final Snapshot newest = store.read(store.files().get(0));
        final Map<String, Snapshot.Section> sections = new LinkedHashMap<>(newest.sections());
        final Snapshot.Section engine = sections.get("engine");
        sections.put("engine", new Snapshot.Section(EngineStateCodec.VERSION + 1, engine.bytes(), engine.offset(), engine.length()));
        store.write(new JournalPosition(newest.position().index(), newest.position().sequence() + 1,
            newest.position().timestampNs(), newest.position().hash()), sections);

        assertThatThrownBy(() -> Recovery.load(context, FACTORY, Long.MAX_VALUE, false, null))
            .isInstanceOfSatisfying(JournalException.class, ex ->
                assertThat(ex.kind()).isEqualTo(JournalException.Kind.SNAPSHOT))
            .hasMessageContaining("section 'engine' is version " + (EngineStateCodec.VERSION + 1) +
                "; this ResX reads versions 1 to " + EngineStateCodec.VERSION);
        assertThat(new UnsafeBuffer(new byte[0]).capacity()).isZero();
    }

    private MatchingEngine cleanReplay(final long until)
    {
        final MatchingEngine engine = FACTORY.create(new AccountRegistry());
        final EventLog events = new EventLog();
        long sequence = 0;
        for (final Command command : stream())
        {
            if (++sequence > until)
            {
                break;
            }
            command.stamp(sequence, 0);
            events.clear();
            engine.process(command, events);
        }
        return engine;
    }

    private long total()
    {
        return stream().size();
    }

    /** @return every account's total and locked balance of every asset, one line each. */
    private static List<String> balances(final MatchingEngine engine)
    {
        final ClearingRisk risk = (ClearingRisk)engine.risk();
        final AccountRegistry accounts = engine.accounts();
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < accounts.accountCount(); i++)
        {
            final Account account = accounts.accountAt(i);
            for (final Asset asset : risk.assets())
            {
                lines.add(account.id() + " " + asset.symbol() + " locked=" + risk.locked(account, asset) +
                    " total=" + risk.total(account, asset));
            }
        }
        return lines;
    }

    private static List<Command> stream()
    {
        final List<Command> commands = new ArrayList<>(CommandStream.setup(
            List.of(StpPolicy.CANCEL_AGGRESSOR, StpPolicy.CANCEL_RESTING, StpPolicy.OFF)));
        commands.addAll(CommandStream.funding());
        final CommandStream stream = new CommandStream();
        final Random random = new Random(20261201);
        final int[] choices = new int[CommandStream.CHOICES];
        for (int i = 0; i < COMMANDS; i++)
        {
            for (int c = 0; c < choices.length; c++)
            {
                choices[c] = random.nextInt(1 << 20);
            }
            commands.add(stream.next(choices));
        }
        return commands;
    }

    private static EventSink collectInto(final List<Ev> events)
    {
        return (command, log) ->
        {
            for (int i = 0; i < log.size(); i++)
            {
                events.add(Ev.of(log.get(i)));
            }
        };
    }
}
