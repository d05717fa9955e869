package io.resx.server.settlement;

import io.resx.replay.JournalContext;
import io.resx.settlement.bridge.BatchRecord;
import io.resx.settlement.bridge.BatchSubmitter;
import io.resx.settlement.bridge.BridgeCommands;
import io.resx.settlement.bridge.ChainClient;
import io.resx.settlement.bridge.ChainPosition;
import io.resx.settlement.bridge.ChainWatcher;
import io.resx.settlement.bridge.SettlementDirectory;
import io.resx.settlement.netting.NetBatch;
import io.resx.settlement.netting.Netting;
import io.resx.settlement.netting.WindowPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The settlement bridge as it runs inside {@code resx serve}: one thread that follows the journal
 * ({@link JournalTradeFeed}), settles the batches in order ({@link BatchSubmitter}), turns confirmed chain events
 * into commands ({@link ChainWatcher}) and sends everything through the internal route. On start it first reads
 * the whole journal — the batches, the confirmations it journaled before and the chain events already handled —
 * so a restart resumes exactly where the journal and the chain say it stopped.
 */
public final class SettlementBridge implements SettlementView, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SettlementBridge.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    private final Settings settings;
    private final BridgeCommands commands;
    private final ChainClient chain;
    private final BatchSubmitter submitter;
    private final ChainWatcher watcher;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile String failure;
    private volatile long journalSequence;
    private volatile int openTrades;
    private long lastCutSequence = -1;

    /**
     * @param journal       the command journal to follow.
     * @param directory     contracts and wallets.
     * @param rpc           the node's JSON-RPC URL.
     * @param operator      the vault operator's key.
     * @param window        when settlement windows close.
     * @param confirmations blocks a batch or an event needs (its own included).
     * @param pollMs        pause between rounds.
     * @param resendAfterMs how long a transaction may stay unmined before it is sent again.
     */
    public record Settings(JournalContext journal, SettlementDirectory directory, String rpc, Credentials operator,
        WindowPolicy window, int confirmations, long pollMs, long resendAfterMs)
    {
        /** Checks the settings. */
        public Settings
        {
            Objects.requireNonNull(journal, "journal");
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(rpc, "rpc");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(window, "window");
        }
    }

    /**
     * @param settings the settings.
     * @param commands where commands go (the internal route in serve).
     */
    public SettlementBridge(final Settings settings, final BridgeCommands commands)
    {
        this.settings = settings;
        this.commands = commands;
        this.chain = new ChainClient(settings.rpc(), settings.operator());
        this.submitter = new BatchSubmitter(chain, settings.directory(), commands, settings.confirmations(),
            settings.resendAfterMs());
        this.watcher = new ChainWatcher(chain, settings.directory(), commands, settings.confirmations());
        this.thread = new Thread(this::run, "resx-settlement-bridge");
        this.thread.setDaemon(true);
    }

    /** @return this bridge, its thread started. */
    public SettlementBridge start()
    {
        thread.start();
        return this;
    }

    private void run()
    {
        final SettlementDirectory directory = settings.directory();
        final Netting netting = new Netting(directory::walletOf);
        try (JournalTradeFeed feed = new JournalTradeFeed(settings.journal(), settings.window(), netting,
            new JournalTradeFeed.Listener()
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
            }))
        {
            final long read = feed.drain();
            caughtUp = true;
            LOG.info("settlement bridge caught up with the journal: {} commands, {} batches to settle, chain events " +
                "handled up to {}; chain {}", read, submitter.backlog(), watcher.last().id(), settings.rpc());
            long backoffMs = settings.pollMs();
            while (running)
            {
                feed.poll(4_096);
                journalSequence = feed.sequence();
                openTrades = feed.openTrades();
                boolean up = submitter.step(System.nanoTime() / 1_000_000L);
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
                cutIfDue(feed);
                backoffMs = up ? settings.pollMs() : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                Thread.sleep(backoffMs);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final RuntimeException ex)
        {
            failure = ex.getClass().getSimpleName() + ": " + ex.getMessage();
            LOG.error("settlement bridge stopped", ex);
        }
    }

    /** A window whose journal time ran out while no command came is closed by a journaled cut. */
    private void cutIfDue(final JournalTradeFeed feed)
    {
        final long maxNanos = settings.window().maxNanos();
        if (maxNanos > 0 && feed.openTrades() > 0 && lastCutSequence != feed.sequence() &&
            System.currentTimeMillis() * 1_000_000L - feed.openSinceNs() >= maxNanos)
        {
            commands.settlementCut();
            lastCutSequence = feed.sequence();
        }
    }

    /** @return whether the bridge has read the journal written before it started. */
    public boolean caughtUp()
    {
        return caughtUp;
    }

    /** @return the submitter (tests, benchmarks). */
    public BatchSubmitter submitter()
    {
        return submitter;
    }

    @Override
    public List<BatchRecord> batches()
    {
        return submitter.records();
    }

    @Override
    public Health health()
    {
        final String problem = failure;
        final String state = problem != null ? "stopped: " + problem : submitter.health();
        return new Health(settings.rpc(), problem == null && state.startsWith("up"), submitter.headBlock(),
            submitter.lastConfirmed(), submitter.backlog(), openTrades, journalSequence, state);
    }

    /** Stops the thread (what is in flight is picked up again at the next start). */
    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(MAX_BACKOFF_MS + 5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        chain.close();
    }
}
