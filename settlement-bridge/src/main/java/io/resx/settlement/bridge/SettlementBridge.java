package io.resx.settlement.bridge;

import io.resx.replay.JournalContext;
import io.resx.settlement.netting.WindowPolicy;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The settlement bridge: a {@link SettlementAgent} on its own thread under an Agrona {@link AgentRunner}. It tails the
 * {@code events} queue from its stored {@link SettlementPosition}, settles the batches in order, turns confirmed chain
 * events into commands and sends everything through {@link BridgeCommands} (the internal route into the sequencer in
 * {@code resx serve}). On start it reads only the part of {@code events} after its position — the batches not
 * finished when it stopped, their confirmations and unwinds, and what came while it was down — never the commands
 * journal, and runs no engine. An exception in a cycle is counted and the loop goes on.
 */
public final class SettlementBridge implements SettlementView, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SettlementBridge.class);
    private static final long ERROR_LOG_EVERY_MS = 30_000;

    private final Settings settings;
    private final ChainClient chain;
    private volatile String rpc;
    private final BatchSubmitter submitter;
    private final SettlementAgent agent;
    private final AgentRunner runner;
    private final AtomicLong errors = new AtomicLong();
    private volatile String lastError;
    private volatile long lastErrorLogMs = Long.MIN_VALUE / 2;
    private volatile long lastErrorAtMs = Long.MIN_VALUE / 2;

    /**
     * Fees, back-off and monitoring levels.
     *
     * @param maxFeeGwei      most the operator pays per gas, gwei (the fee ceiling).
     * @param maxTipGwei      most priority fee per gas, gwei.
     * @param lowBalanceWei   operator balance below which health says DEGRADED, wei.
     * @param stuckAfterMs    a batch unconfirmed (or a trade unsettled) this long makes health DEGRADED, ms.
     * @param maxBackoffMs    the cap of the back-off after transient failures, ms.
     */
    public record Tuning(double maxFeeGwei, double maxTipGwei, BigInteger lowBalanceWei, long stuckAfterMs,
        long maxBackoffMs)
    {
        /** What serve-defaults.properties ships. */
        public static final Tuning DEFAULTS = new Tuning(500, 2, BigInteger.TEN.pow(18), 60_000, 30_000);

        /**
         * @param ether an amount of ether, decimal.
         * @return it in wei.
         */
        public static BigInteger wei(final String ether)
        {
            return new BigDecimal(ether).movePointRight(18).toBigInteger();
        }
    }

    /**
     * @param events        the events queue to tail.
     * @param positionFile  where the bridge stores its position in {@code events} ({@link SettlementPosition}).
     * @param directory     contracts and wallets.
     * @param rpc           the node's JSON-RPC URL.
     * @param operator      the vault operator's key.
     * @param window        when settlement windows close.
     * @param confirmations blocks a batch or an event needs (its own included).
     * @param pollMs        pause between rounds.
     * @param resendAfterMs how long a transaction may stay unmined before it is replaced.
     * @param tuning        fees, back-off, monitoring levels.
     * @param provisioner   deploys missing resource tokens, or {@link TokenProvisioner#NONE}.
     */
    public record Settings(JournalContext events, Path positionFile, SettlementDirectory directory, String rpc,
        Credentials operator, WindowPolicy window, int confirmations, long pollMs, long resendAfterMs, Tuning tuning,
        TokenProvisioner provisioner)
    {
        /** Checks the settings. */
        public Settings
        {
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(positionFile, "positionFile");
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(rpc, "rpc");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(tuning, "tuning");
            Objects.requireNonNull(provisioner, "provisioner");
        }

        /**
         * With the default tuning and no token deployment.
         *
         * @param events        the events queue to tail.
         * @param positionFile  where the bridge stores its position in {@code events}.
         * @param directory     contracts and wallets.
         * @param rpc           the node's JSON-RPC URL.
         * @param operator      the vault operator's key.
         * @param window        when settlement windows close.
         * @param confirmations blocks a batch or an event needs.
         * @param pollMs        pause between rounds.
         * @param resendAfterMs resend timer.
         */
        public Settings(final JournalContext events, final Path positionFile, final SettlementDirectory directory,
            final String rpc, final Credentials operator, final WindowPolicy window, final int confirmations,
            final long pollMs, final long resendAfterMs)
        {
            this(events, positionFile, directory, rpc, operator, window, confirmations, pollMs, resendAfterMs,
                Tuning.DEFAULTS, TokenProvisioner.NONE);
        }
    }

    /**
     * @param settings the settings.
     * @param commands where commands go (the internal route in serve).
     */
    public SettlementBridge(final Settings settings, final BridgeCommands commands)
    {
        this.settings = settings;
        this.rpc = settings.rpc();
        this.chain = new ChainClient(settings.rpc(), settings.operator());
        final Tuning tuning = settings.tuning();
        this.submitter = new BatchSubmitter(chain, settings.directory(), commands, settings.confirmations(),
            settings.resendAfterMs(), new FeePolicy(FeePolicy.gwei(tuning.maxFeeGwei()),
                FeePolicy.gwei(tuning.maxTipGwei())), new Backoff(2_000, Math.max(2_000, tuning.maxBackoffMs())),
            settings.provisioner(), tuning.lowBalanceWei());
        final ChainWatcher watcher = new ChainWatcher(chain, settings.directory(), commands, settings.confirmations());
        this.agent = new SettlementAgent(settings, commands, chain, submitter, watcher);
        this.runner = new AgentRunner(new SleepingMillisIdleStrategy(Math.max(1, Math.min(settings.pollMs(), 20))),
            this::onError, null, agent);
    }

    /** @return this bridge, its agent started on its own (daemon) thread. */
    public SettlementBridge start()
    {
        AgentRunner.startOnThread(runner, r ->
        {
            final Thread thread = new Thread(r, agent.roleName());
            thread.setDaemon(true);
            return thread;
        });
        return this;
    }

    /** Counts the error and lets the loop go on; logs with its stack at most once per 30 s. */
    private void onError(final Throwable ex)
    {
        errors.incrementAndGet();
        lastError = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        final long nowMs = System.nanoTime() / 1_000_000L;
        lastErrorAtMs = nowMs;
        if (nowMs - lastErrorLogMs >= ERROR_LOG_EVERY_MS)
        {
            lastErrorLogMs = nowMs;
            LOG.error("settlement bridge cycle failed ({} errors so far); the loop goes on", errors.get(), ex);
        }
    }

    /**
     * Follows a node that restarted on a new URL.
     *
     * @param rpcUrl its JSON-RPC URL now.
     */
    public void retarget(final String rpcUrl)
    {
        rpc = rpcUrl;
        chain.retarget(rpcUrl);
    }

    /** @return whether the bridge has read the events written before it started. */
    public boolean caughtUp()
    {
        return agent.caughtUp();
    }

    /**
     * @return records of {@code events} the bridge read at its start to catch up (those after its stored position),
     *         or -1 before it has caught up.
     */
    public long readAtStart()
    {
        return agent.readAtStart();
    }

    /** @return the position the bridge started from (a copy; null before the agent's first cycle). */
    public SettlementPosition startedFrom()
    {
        return agent.startedFrom();
    }

    /** @return the position last stored (null before the first store). */
    public SettlementPosition position()
    {
        return agent.position();
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
    public List<BatchRecord.Refusal> refusals()
    {
        return submitter.refusals();
    }

    @Override
    public BatchSubmitter.Stats stats()
    {
        return submitter.stats();
    }

    @Override
    public long errors()
    {
        return errors.get();
    }

    @Override
    public Health health()
    {
        final String state = submitter.health();
        final boolean up = agent.chainUp() && state.startsWith("up");
        final BatchSubmitter.Stats s = submitter.stats();
        final long stuckMs = settings.tuning().stuckAfterMs();
        final long oldestAgeMs = s.oldestUnsettledNs() < 0 ? 0 :
            Math.max(0, System.currentTimeMillis() - s.oldestUnsettledNs() / 1_000_000L);
        final StringBuilder degraded = new StringBuilder();
        if (s.currentWaitMs() >= stuckMs)
        {
            degraded.append("; batch unconfirmed for ").append(s.currentWaitMs() / 1000).append(" s")
                .append(s.lastProblem().isEmpty() ? "" : " (" + s.lastProblem() + ")");
        }
        if (oldestAgeMs >= stuckMs && s.backlog() > 0)
        {
            degraded.append("; oldest unsettled trade ").append(oldestAgeMs / 1000).append(" s old, ")
                .append(s.backlog()).append(" batches waiting");
        }
        if (s.lowBalance())
        {
            degraded.append("; operator gas balance low: ").append(s.operatorWei()).append(" wei");
        }
        if (errors.get() > 0 && System.nanoTime() / 1_000_000L - lastErrorAtMs < stuckMs)
        {
            degraded.append("; ").append(errors.get()).append(" bridge errors, last: ").append(lastError);
        }
        final Level level = !up ? Level.DOWN : degraded.length() > 0 ? Level.DEGRADED : Level.UP;
        final String refused = s.refusedTrades() == 0 ? "" :
            "; " + s.refusedTrades() + " trade(s) refused by the chain";
        return new Health(rpc, up, submitter.headBlock(), submitter.lastConfirmed(), submitter.backlog(),
            agent.openTrades(), agent.journalSequence(), state + degraded + refused, level);
    }

    /** Stops the agent (what is in flight is picked up again at the next start). */
    @Override
    public void close()
    {
        runner.close();
    }
}
