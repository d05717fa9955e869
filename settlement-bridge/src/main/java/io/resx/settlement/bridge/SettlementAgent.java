package io.resx.settlement.bridge;

import io.resx.settlement.netting.NetBatch;
import io.resx.settlement.netting.Netting;
import io.resx.settlement.netting.WindowPolicy;
import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The settlement bridge's duty cycle: tail the {@code events} queue ({@link EventTradeFeed}), settle the batches in
 * order ({@link BatchSubmitter}), turn confirmed chain events into commands ({@link ChainWatcher}), close windows
 * whose time ran out, and store how far it has finished ({@link SettlementPosition}). The first cycle loads the stored
 * position and reads {@code events} after it up to the end — the batches not finished at the last stop and what came
 * while the bridge was down — before anything is sent. The chain is asked once per {@code pollMs} while it answers,
 * and after a capped exponential back-off with jitter while it does not.
 * <p>
 * Runs on one thread under an {@link org.agrona.concurrent.AgentRunner}: an exception from a cycle goes to the
 * runner's error handler (counted, reported in health) and the next cycle runs; nothing stops the loop but
 * {@link SettlementBridge#close()}.
 */
final class SettlementAgent implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(SettlementAgent.class);
    private static final int EVENTS_BATCH = 4_096;
    /** The position is stored when it moves, at most this often while only {@code taken} moves. */
    private static final long STORE_EVERY_MS = 1_000;

    private final SettlementBridge.Settings settings;
    private final BridgeCommands commands;
    private final ChainClient chain;
    private final BatchSubmitter submitter;
    private final ChainWatcher watcher;
    private final Backoff backoff;
    private final UnfinishedBatches unfinished = new UnfinishedBatches();
    private final String window;
    private EventTradeFeed feed;
    private ChainPosition chainEventRead = ChainPosition.NONE;
    private volatile SettlementPosition startedFrom;
    private volatile SettlementPosition stored;
    private volatile boolean caughtUp;
    private volatile long readAtStart = -1;
    private volatile long journalSequence;
    private volatile int openTrades;
    private volatile boolean chainUp = true;
    private long lastCutSequence = -1;
    private long nextChainMs;
    private long nextStoreMs;
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
        this.window = describe(settings.window());
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
            store(nowMs, true);
            readAtStart = read;
            journalSequence = feed.sequence();
            openTrades = feed.openTrades();
            caughtUp = true;
            LOG.info("settlement bridge caught up with events: {} records read after sequence {} (its stored " +
                "position), now at {}; {} batches to settle, chain events handled up to {}; chain {}", read,
                startedFrom.settledThrough(), feed.sequence(), submitter.backlog(), watcher.last().id(),
                settings.rpc());
            return 1;
        }
        int work = feed.poll(EVENTS_BATCH);
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
        work += store(nowMs, false);
        return work;
    }

    /** Loads the stored position (when it is this vault's) and opens the feed after it. */
    private EventTradeFeed openFeed()
    {
        SettlementPosition from = SettlementPosition.load(settings.positionFile());
        final String vault = settings.directory().vault();
        if (from != null && !from.vault().equalsIgnoreCase(vault))
        {
            LOG.warn("settlement position {} is of vault {}, not {}: reading events from the beginning",
                settings.positionFile(), from.vault(), vault);
            from = null;
        }
        if (from == null)
        {
            from = SettlementPosition.start(vault, window);
        }
        else if (!from.window().equals(window))
        {
            LOG.warn("the settlement window changed from {} to {}: batches not finished at the last stop are cut " +
                "again by the new one", from.window(), window);
        }
        startedFrom = from;
        chainEventRead = from.chainEvent();
        watcher.resumeAfter(from.chainEvent());
        final Netting netting = Netting.byWallet(settings.directory()::walletOf);
        return new EventTradeFeed(settings.events(), from.settledThrough(), settings.window(), netting,
            new EventTradeFeed.Listener()
            {
                @Override
                public void onBatch(final NetBatch batch)
                {
                    unfinished.onBatch(batch);
                    submitter.enqueue(batch);
                }

                @Override
                public void onConfirmed(final long batchId, final String txHash, final long sequence)
                {
                    unfinished.onConfirmed(batchId);
                    submitter.confirmedInJournal(batchId);
                }

                @Override
                public void onChainEvent(final ChainPosition position)
                {
                    if (position.compareTo(chainEventRead) > 0)
                    {
                        chainEventRead = position;
                    }
                    watcher.resumeAfter(position);
                }

                @Override
                public void onUnwound(final long tradeId)
                {
                    unfinished.onUnwound(tradeId);
                    submitter.unwoundInJournal(tradeId);
                }
            });
    }

    /**
     * Stores the position when what is finished moved, or (at most once a second) when only the read end moved.
     *
     * @return 1 when it stored, else 0.
     */
    private int store(final long nowMs, final boolean force)
    {
        final long taken = feed.sequence();
        final long settledThrough = unfinished.settledThrough(feed.openFromSequence(), taken);
        final SettlementPosition last = stored;
        final boolean moved = last == null || last.settledThrough() != settledThrough ||
            !last.chainEvent().equals(chainEventRead);
        if (!force && !(moved || (last.taken() != taken && nowMs >= nextStoreMs)))
        {
            return 0;
        }
        final SettlementPosition next = new SettlementPosition(settledThrough, taken, chainEventRead,
            settings.directory().vault(), window);
        next.save(settings.positionFile());
        stored = next;
        nextStoreMs = nowMs + STORE_EVERY_MS;
        return 1;
    }

    /** A window whose time ran out while no command came is closed by a journaled cut. */
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

    private static String describe(final WindowPolicy policy)
    {
        return policy.maxTrades() + " trades/" + policy.maxNanos() + " ns";
    }

    @Override
    public void onClose()
    {
        if (feed != null)
        {
            if (caughtUp)
            {
                store(System.nanoTime() / 1_000_000L, true);
            }
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

    long readAtStart()
    {
        return readAtStart;
    }

    SettlementPosition startedFrom()
    {
        return startedFrom;
    }

    SettlementPosition position()
    {
        return stored;
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
