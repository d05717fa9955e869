package io.resx.server.settlement;

import io.resx.replay.JournalContext;
import io.resx.server.ResxCli;
import io.resx.settlement.bridge.EventTradeFeed;
import io.resx.settlement.netting.NetBatch;
import io.resx.settlement.netting.Netting;
import io.resx.settlement.netting.WindowPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge's trade feed over a real {@code events} queue written by {@code resx batch --journal}: every trade the
 * run published lands in exactly one batch, each batch conserves cash and units, reading the same queue again gives
 * the same batches, and a feed started after any batch's first trade gives the same batches from there.
 */
class EventTradeFeedTest
{
    @TempDir
    Path dir;

    @Test
    void shouldNetEveryPublishedTradeOnceAndTheSameOnEveryReplay() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Path events = dir.resolve("events.ndjson");
        final CommandLine cli = ResxCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("batch", "--journal", journal.toString(), "--out", events.toString(), "--quiet"))
            .isZero();
        final List<String> published = Files.readAllLines(events).stream()
            .filter(line -> line.contains("\"evt\":\"trade\"")).toList();
        assertThat(published).hasSizeGreaterThan(5);

        final List<NetBatch> first = read(journal, WindowPolicy.of(3, 0));
        final List<NetBatch> second = read(journal, WindowPolicy.of(3, 0));
        assertThat(second).isEqualTo(first);
        // windows of at least 3 trades: all but the open rest (< 3 trades) are in batches
        final int batched = first.stream().mapToInt(NetBatch::tradeCount).sum();
        assertThat(published.size() - batched).isBetween(0, 2);
        long lastTrade = 0;
        for (final NetBatch batch : first)
        {
            assertThat(batch.firstTradeId()).isEqualTo(lastTrade + 1);
            assertThat(batch.lastTradeId() - batch.firstTradeId() + 1).isEqualTo(batch.tradeCount());
            lastTrade = batch.lastTradeId();
            assertThat(batch.cash().stream().mapToLong(NetBatch.CashDelta::amount).sum()).isZero();
            final Map<String, Long> perToken = new HashMap<>();
            batch.units().forEach(u -> perToken.merge(u.token(), u.amount(), Long::sum));
            assertThat(perToken.values()).allMatch(sum -> sum == 0);
            // the batch id is the sequence of its first trade's command
            final String firstTrade = published.get((int)batch.firstTradeId() - 1);
            assertThat(firstTrade).startsWith("{\"seq\":" + batch.batchId() + ",");
        }
        // a restarted bridge reads after its stored position, the first trade of a batch not finished: the same
        // batches from there on, anchored on the same events heads
        for (int k = 0; k < first.size(); k += Math.max(1, first.size() / 4))
        {
            assertThat(read(journal, WindowPolicy.of(3, 0), first.get(k).batchId() - 1))
                .isEqualTo(first.subList(k, first.size()));
        }
        // a 1-trade window per command with a trade: one batch per trading command
        final List<NetBatch> single = read(journal, WindowPolicy.of(1, 0));
        assertThat(single.stream().mapToInt(NetBatch::tradeCount).sum()).isEqualTo(published.size());
        assertThat(single.stream().map(NetBatch::batchId).distinct().count()).isEqualTo(single.size());
    }

    @Test
    void shouldJournalConfirmationsAndCutsFromTheBridgeOnlyAndReadThemBack() throws Exception
    {
        final Path input = dir.resolve("in.ndjson");
        Files.writeString(input, String.join("\n",
            "{\"cmd\":\"batchSettled\",\"batchId\":7,\"txHash\":\"0xabc\",\"admin\":true}",
            "{\"cmd\":\"batchSettled\",\"batchId\":8,\"txHash\":\"0xdef\"}",
            "{\"cmd\":\"settlementCut\",\"admin\":true}", ""));
        final Path journal = dir.resolve("journal2");
        final Path events = dir.resolve("events2.ndjson");
        final CommandLine cli = ResxCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("batch", "--in", input.toString(), "--journal", journal.toString(), "--out",
            events.toString(), "--quiet")).isZero();
        final List<String> lines = Files.readAllLines(events);
        assertThat(lines.get(0)).contains("\"evt\":\"accepted\"").contains("\"cmd\":\"batchSettled\"");
        assertThat(lines.get(1)).contains("\"evt\":\"rejected\"").contains("NOT_ADMIN");
        assertThat(lines.get(2)).contains("\"evt\":\"accepted\"").contains("\"cmd\":\"settlementCut\"");

        final List<String> seen = new ArrayList<>();
        try (EventTradeFeed feed = new EventTradeFeed(new JournalContext().directory(journal).events(), 0,
            WindowPolicy.of(1, 0), Netting.perAccount(), new EventTradeFeed.Listener()
            {
                @Override
                public void onBatch(final NetBatch batch)
                {
                    seen.add("batch " + batch.batchId());
                }

                @Override
                public void onConfirmed(final long batchId, final String txHash, final long sequence)
                {
                    seen.add("confirmed " + batchId + " " + txHash + " at " + sequence);
                }

                @Override
                public void onChainEvent(final io.resx.settlement.bridge.ChainPosition position)
                {
                    seen.add("chain event " + position.id());
                }
            }))
        {
            assertThat(feed.drain()).isEqualTo(3);
        }
        // the rejected one (not admin) is no confirmation
        assertThat(seen).containsExactly("confirmed 7 0xabc at 1");
    }

    private static List<NetBatch> read(final Path journal, final WindowPolicy policy)
    {
        return read(journal, policy, 0);
    }

    private static List<NetBatch> read(final Path journal, final WindowPolicy policy, final long startAfter)
    {
        final List<NetBatch> batches = new ArrayList<>();
        try (EventTradeFeed feed = new EventTradeFeed(new JournalContext().directory(journal).events(), startAfter,
            policy, Netting.perAccount(), new EventTradeFeed.Listener()
            {
                @Override
                public void onBatch(final NetBatch batch)
                {
                    batches.add(batch);
                }

                @Override
                public void onConfirmed(final long batchId, final String txHash, final long sequence)
                {
                    throw new AssertionError("no confirmations in this journal");
                }
            }))
        {
            assertThat(feed.drain()).isPositive();
        }
        return batches;
    }
}
