package io.resx.perf;

import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.pipeline.Sequencer;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import io.resx.replay.JournalContext;
import io.resx.engine.node.JournalStartUp;
import io.resx.engine.node.TrustedInbox;
import io.resx.server.settlement.InternalRoute;
import io.resx.settlement.chain.LocalChain;
import io.resx.settlement.bridge.SettlementBridge;
import io.resx.settlement.netting.WindowPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The settlement bridge's start-up time on a long journal. Builds a journal of {@code --commands} commands through the
 * engine's pipeline (a Chronicle journal on disk, risk on, the funding put on anvil and brought in by the bridge as
 * chain deposits): per {@code --trade-every} commands one crossing pair that trades, the rest resting buys and their
 * cancels. A bridge then settles every batch (automine, 1 confirmation) and stops; the harness times {@code --runs}
 * restarts of the bridge on that journal, each until it reports that it has caught up with what was written before
 * it started. Public anvil dev keys: local only.
 */
public final class SettlementStartupHarness
{
    private static final String USAGE =
        "SettlementStartupHarness [--commands 1000000] [--trade-every 1000] [--runs 3]";
    private static final String SPEC = "SPEC.3550-3560.CELL042";

    private SettlementStartupHarness()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     * @throws Exception when the run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final HarnessArgs options = new HarnessArgs(args, USAGE, "commands", "trade-every", "runs");
        final int commands = options.intValue("commands", 1_000_000);
        final int tradeEvery = options.intValue("trade-every", 1_000);
        final int runs = options.intValue("runs", 3);
        final Path dir = Files.createTempDirectory("resx-settlement-startup");
        final TrustedInbox inbox = new TrustedInbox();
        final InternalRoute route = new InternalRoute(inbox);
        final NdjsonCommandReader reader = new NdjsonCommandReader(InstrumentSymbol::parse);
        final CommandFiller<String> fromLine = (command, line) -> reader.read(line, command);
        final java.util.concurrent.atomic.AtomicLong traded = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong rejected = new java.util.concurrent.atomic.AtomicLong();
        final WindowPolicy window = WindowPolicy.of(100, 1_000);
        try (LocalChain chain = LocalChain.start(2, 0))
        {
            chain.deploy(List.of(SPEC), Map.of("SELLER", "S", "BUYER", "B"));
            final JournalContext journal = new JournalContext().directory(dir.resolve("journal"));
            final JournalStartUp started = JournalStartUp.open(journal, 10_000_000, note -> { });
            final ExchangePipeline pipeline = new ExchangePipeline(new PipelineContext()
                .clock(new org.agrona.concurrent.SystemEpochNanoClock())
                .journal(started.journal()).events(started.events())
                .lastSequence(started.lastSequence()).engine(started.engine()).sink((command, events) ->
                {
                    for (int i = 0; i < events.size(); i++)
                    {
                        if (events.get(i).type() == io.resx.protocol.event.EventType.TRADE)
                        {
                            traded.incrementAndGet();
                        }
                        else if (events.get(i).type() == io.resx.protocol.event.EventType.REJECTED)
                        {
                            rejected.incrementAndGet();
                            if (rejected.get() < 5)
                            {
                                System.out.println("rejected " + command + " " + events.get(i));
                            }
                        }
                    }
                }));
            final Sequencer sequencer = pipeline.sequencer();
            final SettlementBridge.Settings settings = new SettlementBridge.Settings(journal.events(),
                dir.resolve("chain").resolve(io.resx.settlement.bridge.SettlementPosition.FILE_NAME),
                chain.directory(),
                chain.rpcUrl(), chain.operator(), window, 1, 5, 30_000);
            sequencer.submit(fromLine,
                "{\"cmd\":\"list\",\"symbol\":\"" + SPEC + "\",\"tick\":\"0.01\",\"lot\":\"1\"}");
            sequencer.submit(fromLine, "{\"cmd\":\"account\",\"account\":\"SELLER\",\"owner\":\"S\"}");
            sequencer.submit(fromLine, "{\"cmd\":\"account\",\"account\":\"BUYER\",\"owner\":\"B\"}");
            final long trades = commands / tradeEvery;
            try (SettlementBridge funding = new SettlementBridge(settings, route).start())
            {
                final int expected = chain.fund("SELLER", SPEC, (trades + 100L) / 100 * 100 * 1_000_000L) +
                    chain.fund("BUYER", "CASH", 1_000_000_000L * 1_000_000L);
                await(() -> route.drained() >= expected && funding.caughtUp(), inbox, sequencer, 60);
            }
            final long buildStartNs = System.nanoTime();
            long written = sequencer.lastSequence();
            long id = 0;
            while (written < commands)
            {
                if (id % Math.max(1, tradeEvery / 2) == 0)
                {
                    sequencer.submit(fromLine, "{\"cmd\":\"new\",\"clOrdId\":\"s" + id + "\",\"account\":\"SELLER\"," +
                        "\"symbol\":\"" + SPEC + "\",\"side\":\"SELL\",\"price\":\"10\",\"qty\":\"1\"}");
                    sequencer.submit(fromLine, "{\"cmd\":\"new\",\"clOrdId\":\"b" + id + "\",\"account\":\"BUYER\"," +
                        "\"symbol\":\"" + SPEC + "\",\"side\":\"BUY\",\"price\":\"10\",\"qty\":\"1\"}");
                }
                else
                {
                    sequencer.submit(fromLine, "{\"cmd\":\"new\",\"clOrdId\":\"r" + id + "\",\"account\":\"BUYER\"," +
                        "\"symbol\":\"" + SPEC + "\",\"side\":\"BUY\",\"price\":\"5\",\"qty\":\"1\"}");
                    sequencer.submit(fromLine, "{\"cmd\":\"cancel\",\"clOrdId\":\"x" + id + "\",\"origClOrdId\":\"r" +
                        id + "\",\"account\":\"BUYER\"}");
                }
                id++;
                written = sequencer.lastSequence();
            }
            System.out.printf("journal: %,d commands (%,d trades, %,d rejects) written in %.1f s%n", written,
                traded.get(), rejected.get(),
                (System.nanoTime() - buildStartNs) / 1e9);
            // settle everything once, so each timed start finds a journal whose batches are all confirmed
            final long settleStartNs = System.nanoTime();
            try (SettlementBridge first = new SettlementBridge(settings, route).start())
            {
                await(first::caughtUp, inbox, sequencer, 3_600);
                System.out.printf("first start (nothing settled yet) caught up in %.2f s%n",
                    (System.nanoTime() - settleStartNs) / 1e9);
                await(() ->
                {
                    final var health = first.health();
                    if (System.nanoTime() % 5_000 == 0)
                    {
                        System.out.println("waiting for settlement: " + health);
                    }
                    return health.backlog() == 0 && health.openTrades() == 0;
                }, inbox, sequencer, 3_600);
                System.out.printf("all %d batches confirmed after %.1f s%n", first.batches().size(),
                    (System.nanoTime() - settleStartNs) / 1e9);
            }
            inbox.drainTo(sequencer);
            final double[] startSec = new double[runs];
            for (int run = 0; run < runs; run++)
            {
                final long startNs = System.nanoTime();
                try (SettlementBridge again = new SettlementBridge(settings, route).start())
                {
                    await(again::caughtUp, inbox, sequencer, 3_600);
                    startSec[run] = (System.nanoTime() - startNs) / 1e9;
                    System.out.printf("restart %d: caught up in %.3f s, %,d records read at start (journal to %,d)%n",
                        run + 1, startSec[run], again.readAtStart(), sequencer.lastSequence());
                }
                inbox.drainTo(sequencer);
            }
            Arrays.sort(startSec);
            System.out.printf("bridge start-up on %,d commands: median %.3f s over %d runs%n", written,
                startSec[runs / 2], runs);
            pipeline.close();
            started.close();
        }
    }

    private static void await(final BooleanSupplier done, final TrustedInbox inbox, final Sequencer sequencer,
        final int seconds) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("not done after " + seconds + " s");
            }
            inbox.drainTo(sequencer);
            Thread.sleep(2);
        }
    }
}
