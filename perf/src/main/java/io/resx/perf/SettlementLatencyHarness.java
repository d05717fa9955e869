package io.resx.perf;

import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.EventSink;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.pipeline.Sequencer;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import io.resx.replay.JournalContext;
import io.resx.engine.node.JournalStartUp;
import io.resx.engine.node.TrustedInbox;
import io.resx.server.settlement.InternalRoute;
import io.resx.settlement.chain.LocalChain;
import io.resx.settlement.bridge.SettlementBridge;
import io.resx.settlement.bridge.BatchRecord;
import io.resx.settlement.bridge.BatchStatus;
import io.resx.settlement.netting.WindowPolicy;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Trade-to-confirmed-on-chain latency: a seller and a buyer trade one unit every {@code --interval-ms} through the
 * engine's pipeline with a Chronicle journal and its events queue; the settlement bridge tails events, nets windows of
 * {@code --window-ms}, settles on anvil mining a block every {@code --block-time} seconds, and waits for
 * {@code --confirmations}. Each trade's latency runs from the submission of the order that traded to the moment
 * the bridge reports its batch CONFIRMED (seen by polling every millisecond). Public anvil dev keys: local only.
 */
public final class SettlementLatencyHarness
{
    private static final String USAGE = "SettlementLatencyHarness [--seconds 60] [--interval-ms 100] " +
        "[--window-ms 500] [--block-time 1] [--confirmations 1]";
    private static final String SPEC = "SPEC.3550-3560.CELL042";

    private SettlementLatencyHarness()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     * @throws Exception when the run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final HarnessArgs options = new HarnessArgs(args, USAGE, "seconds", "interval-ms", "window-ms", "block-time",
            "confirmations");
        final int seconds = options.intValue("seconds", 60);
        final int intervalMs = options.intValue("interval-ms", 100);
        final int windowMs = options.intValue("window-ms", 500);
        final int blockTime = options.intValue("block-time", 1);
        final int confirmations = options.intValue("confirmations", 1);
        System.out.printf("settlement latency: %d s of one trade every %d ms, window %d ms, anvil block time %d s, " +
            "%d confirmation(s)%n", seconds, intervalMs, windowMs, blockTime, confirmations);

        final Path dir = Files.createTempDirectory("resx-settlement-latency");
        final Map<Long, Long> submittedNs = new ConcurrentHashMap<>();
        final ConcurrentSkipListMap<Long, Boolean> tradeSequences = new ConcurrentSkipListMap<>();
        final TrustedInbox inbox = new TrustedInbox();
        final InternalRoute route = new InternalRoute(inbox);
        final NdjsonCommandReader reader = new NdjsonCommandReader(InstrumentSymbol::parse);
        final CommandFiller<String> fromLine = (command, line) -> reader.read(line, command);
        try (LocalChain chain = LocalChain.start(2, blockTime))
        {
            chain.deploy(List.of(SPEC), Map.of("SELLER", "S", "BUYER", "B"));
            final JournalContext journal = new JournalContext().directory(dir.resolve("journal"));
            final JournalStartUp started = JournalStartUp.open(journal, 1_000_000, note -> { });
            final ExchangePipeline pipeline = new ExchangePipeline(new PipelineContext()
                .clock(new org.agrona.concurrent.SystemEpochNanoClock())
                .journal(started.journal()).events(started.events())
                .lastSequence(started.lastSequence()).engine(started.engine()).sink(new EventSink()
                {
                    @Override
                    public void onOutcome(final Command command, final EventLog events)
                    {
                        for (int i = 0; i < events.size(); i++)
                        {
                            if (events.get(i).type() == EventType.TRADE)
                            {
                                tradeSequences.put(command.sequence(), Boolean.TRUE);
                            }
                        }
                    }
                }));
            final Sequencer sequencer = pipeline.sequencer();
            final Consumer<String> submit = line ->
            {
                inbox.drainTo(sequencer);
                final long sequence = sequencer.submit(fromLine, line);
                submittedNs.put(sequence, System.nanoTime());
            };
            submit.accept("{\"cmd\":\"list\",\"symbol\":\"" + SPEC + "\",\"tick\":\"0.01\",\"lot\":\"1\"}");
            submit.accept("{\"cmd\":\"account\",\"account\":\"SELLER\",\"owner\":\"S\"}");
            submit.accept("{\"cmd\":\"account\",\"account\":\"BUYER\",\"owner\":\"B\"}");
            final SettlementBridge bridge = new SettlementBridge(new SettlementBridge.Settings(journal.events(),
                dir.resolve("chain").resolve(io.resx.settlement.bridge.SettlementPosition.FILE_NAME),
                chain.directory(), chain.rpcUrl(), chain.operator(), WindowPolicy.of(0, windowMs), confirmations, 5,
                30_000), route).start();
            final int trades = seconds * 1000 / intervalMs;
            final int expected = chain.fund("SELLER", SPEC, (trades + 100L) / 100 * 100 * 1_000_000L) +
                chain.fund("BUYER", "CASH", 1_000_000_000L * 1_000_000L);
            while (route.drained() < expected)
            {
                inbox.drainTo(sequencer);
                Thread.sleep(5);
            }
            System.out.println("funded; trading");

            final Histogram latencyMs = new Histogram(600_000, 3);
            final Histogram submittedMs = new Histogram(600_000, 3);
            final Set<Long> counted = new HashSet<>();
            final Set<Long> sentBatches = new HashSet<>();
            long next = System.nanoTime();
            int sent = 0;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 120L);
            while (System.nanoTime() < deadline)
            {
                if (sent < trades && System.nanoTime() >= next)
                {
                    submit.accept("{\"cmd\":\"new\",\"clOrdId\":\"s" + sent +
                        "\",\"account\":\"SELLER\",\"symbol\":\"" + SPEC +
                        "\",\"side\":\"SELL\",\"price\":\"10\",\"qty\":\"1\"}");
                    submit.accept("{\"cmd\":\"new\",\"clOrdId\":\"b" + sent + "\",\"account\":\"BUYER\",\"symbol\":\"" +
                        SPEC + "\",\"side\":\"BUY\",\"price\":\"10\",\"qty\":\"1\"}");
                    sent++;
                    next += TimeUnit.MILLISECONDS.toNanos(intervalMs);
                }
                else if (sent == trades)
                {
                    // keep the journal's time moving so the last window closes (as a SETTLEMENT_CUT would)
                    submit.accept("{\"cmd\":\"balances\",\"account\":\"BUYER\"}");
                }
                inbox.drainTo(sequencer);
                final long now = System.nanoTime();
                for (final BatchRecord batch : bridge.batches())
                {
                    if (batch.status() != BatchStatus.QUEUED && batch.status() != BatchStatus.FAILED &&
                        sentBatches.add(batch.batchId()))
                    {
                        for (final Long sequence : tradeSequences.subMap(batch.batchId(), true, batch.closedAt(), false)
                            .keySet())
                        {
                            submittedMs.recordValue(TimeUnit.NANOSECONDS.toMillis(now - submittedNs.get(sequence)));
                        }
                    }
                    if (batch.status() == BatchStatus.CONFIRMED && counted.add(batch.batchId()))
                    {
                        // a time window closes before the command that closed it: its trades are in [id, closedAt)
                        for (final Long sequence : tradeSequences.subMap(batch.batchId(), true, batch.closedAt(), false)
                            .keySet())
                        {
                            latencyMs.recordValue(TimeUnit.NANOSECONDS.toMillis(now - submittedNs.get(sequence)));
                        }
                    }
                }
                if (latencyMs.getTotalCount() >= trades)
                {
                    break;
                }
                Thread.sleep(1);
            }
            final List<BatchRecord> batches = bridge.batches();
            System.out.printf("trades %d confirmed of %d; batches %d (%.1f trades each); gas per batch median %d%n",
                latencyMs.getTotalCount(), trades, batches.size(), (double)trades / Math.max(1, batches.size()),
                batches.stream().mapToLong(BatchRecord::gasUsed).sorted().skip(batches.size() / 2).findFirst()
                    .orElse(0));
            System.out.printf("trade-to-submitted-batch latency ms: p50 %d, p90 %d, p99 %d, max %d%n",
                submittedMs.getValueAtPercentile(50), submittedMs.getValueAtPercentile(90),
                submittedMs.getValueAtPercentile(99), submittedMs.getMaxValue());
            System.out.printf("trade-to-confirmed-on-chain latency ms: p50 %d, p90 %d, p99 %d, max %d%n",
                latencyMs.getValueAtPercentile(50), latencyMs.getValueAtPercentile(90),
                latencyMs.getValueAtPercentile(99), latencyMs.getMaxValue());
            bridge.close();
            pipeline.close();
            started.close();
        }
    }
}
