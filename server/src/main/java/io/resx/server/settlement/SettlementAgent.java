package io.resx.server.settlement;

import io.resx.settlement.bridge.Backoff;
import io.resx.settlement.bridge.BatchSubmitter;
import io.resx.settlement.bridge.BridgeCommands;
import io.resx.settlement.bridge.ChainClient;
import io.resx.settlement.bridge.ChainPosition;
import io.resx.settlement.bridge.ChainWatcher;
import io.resx.settlement.netting.NetBatch;
import io.resx.settlement.netting.Netting;
import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The settlement bridge's duty cycle: follow the journal ({@link JournalTradeFeed}), settle the batches in order
 * ({@link BatchSubmitter}), turn confirmed chain events into commands ({@link ChainWatcher}) and close windows whose
 * time ran out. The first cycle reads the whole journal written before the start. The chain is asked once per
 * {@code pollMs} while it answers, and after a capped exponential back-off with jitter while it does not.
 * <p>
 * Runs on one thread under an {@link org.agrona.concurrent.AgentRunner}: an exception from a cycle goes to the
 * runner's error handler (counted, reported in health) and the next cycle runs; nothing stops the loop but
 * {@link SettlementBridge#close()}.
 */
final class SettlementAgent implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(SettlementAgent.class);
    private static final int JOURNAL_BATCH = 4_096;

    private final SettlementBridge.Settings settings;
    private final BridgeCommands commands;
    private final ChainClient chain;
    private final BatchSubmitter submitter;
    private final ChainWatcher watcher;
    private final Backoff backoff;
    private JournalTradeFeed feed;
    private volatile boolean caughtUp;
    private volatile long journalSequence;
    private volatile int openTrades;
    private volatile boolean chainUp = true;
    private long lastCutSequence = -1;
    private long nextChainMs;
    private int chainFailures;

    SettlementAgent(final SettlementBridge.Settings settings, final BridgeCommands commands, final ChainClient chain,
        final BatchSubmitter submitter, final ChainWatcher watcher)
    {
        this.settings = settings;
        this.commands = commands;
        this.chain = chain;
        this.submitter = submitter;
        this.watcher = watcher;
        this.backoff = new Backoff(Math.max(1, settings.pollMs()), Math.max(settings.pollMs(),
            settings.tuning().maxBackoffMs()));
    }

    @Override
    public int doWork()
    {
        final long nowMs = System.nanoTime() / 1_000_000L;
        if (feed == null)
        {
            feed = openFeed();
        }
        if (!caughtUp)
        {
            final long read = feed.drain();
            caughtUp = true;
            LOG.info("settlement bridge caught up with the journal: {} commands, {} batches to settle, chain events " +
                "handled up to {}; chain {}", read, submitter.backlog(), watcher.last().id(), settings.rpc());
            return 1;
        }
        int work = feed.poll(JOURNAL_BATCH);
        journalSequence = feed.sequence();
        openTrades = feed.openTrades();
        if (nowMs >= nextChainMs)
        {
            boolean up = submitter.step(nowMs);
            if (up)
            {
                try
                {
                    watcher.poll();
                }
                catch (final IOException | ChainClient.ChainException ex)
                {
                    LOG.debug("chain events: {}", ex.getMessage());
                    up = false;
                }
            }
            chainFailures = up ? 0 : chainFailures + 1;
            chainUp = up;
            nextChainMs = nowMs + (up ? settings.pollMs() : backoff.delayMs(chainFailures));
            work++;
        }
        cutIfDue();
        return work;
    }

    private JournalTradeFeed openFeed()
    {
        final Netting netting = Netting.byWallet(settings.directory()::walletOf);
        return new JournalTradeFeed(settings.journal(), settings.window(), netting, new JournalTradeFeed.Listener()
        {
            @Override
            public void onBatch(final NetBatch batch)
            {
                submitter.enqueue(batch);
            }

            @Override
            public void onConfirmed(final long batchId, final String txHash, final long sequence)
            {
                submitter.confirmedInJournal(batchId);
            }

            @Override
            public void onChainEvent(final ChainPosition position)
            {
                watcher.resumeAfter(position);
            }

            @Override
            public void onUnwound(final long tradeId)
            {
                submitter.unwoundInJournal(tradeId);
            }
        });
    }

    /** A window whose journal time ran out while no command came is closed by a journaled cut. */
    private void cutIfDue()
    {
        final long maxNanos = settings.window().maxNanos();
        if (maxNanos > 0 && feed.openTrades() > 0 && lastCutSequence != feed.sequence() &&
            System.currentTimeMillis() * 1_000_000L - feed.openSinceNs() >= maxNanos)
        {
            commands.settlementCut();
            lastCutSequence = feed.sequence();
        }
    }

    @Override
    public void onClose()
    {
        if (feed != null)
        {
            feed.close();
        }
        chain.close();
    }

    @Override
    public String roleName()
    {
        return "resx-settlement-bridge";
    }

    boolean caughtUp()
    {
        return caughtUp;
    }

    long journalSequence()
    {
        return journalSequence;
    }

    int openTrades()
    {
        return openTrades;
    }

    boolean chainUp()
    {
        return chainUp;
    }
}
