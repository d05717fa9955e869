package io.resx.settlement.bridge;

import io.resx.settlement.netting.NetBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settles netted batches on chain, one after another in batch id order, and journals each confirmation. Driven by
 * {@link #step(long)} from one thread (the bridge's), so its state needs no lock; {@link #records()} and
 * {@link #stats()} are copies for other threads.
 * <p>
 * Crash safety and idempotence come from two facts: the journal holds every confirmation the bridge made
 * ({@link #confirmedInJournal}, fed back from the journal before the submitter starts), and the vault answers
 * {@code settled(batchId)} and logs {@code BatchSettled(batchId)}. Before sending a batch the submitter asks the
 * vault; a batch it finds settled (a transaction from before a crash, or a replacement) is followed to its
 * confirmations through its log instead of being sent again — and the vault refuses a second settlement anyway.
 * <p>
 * Fees come from {@link FeePolicy} (EIP-1559, capped). Failures follow {@link ChainErrors}:
 * <ul>
 *   <li>transient (node away, nonce race, fees above the ceiling, operator out of gas money): FAILED, retried after
 *       a capped exponential back-off with jitter, every time; one WARN line per interval at most;</li>
 *   <li>a transaction not mined within {@code resendAfterMs}: replaced at the same nonce with fees bumped 12.5 %;
 *       a dropped one is sent again;</li>
 *   <li>a reorg within the confirmation depth: back to SUBMITTED, confirmed once {@code confirmations} blocks sit
 *       on the block that now holds it;</li>
 *   <li>a permanent refusal (or an uncovered default): the batch is re-cut without the refused trades
 *       ({@link BatchRecut}) and the rest settles under the same id; a batch with nothing left is REFUSED; either
 *       way the queue moves on. Trades on an asset without a token get one from the {@link TokenProvisioner}
 *       first, or are refused ({@code NoToken}).</li>
 * </ul>
 */
public final class BatchSubmitter
{
    private static final Logger LOG = LoggerFactory.getLogger(BatchSubmitter.class);
    private static final int HISTORY = 10_000;
    private static final long BALANCE_EVERY_MS = 5_000;
    private static final long WARN_EVERY_MS = 30_000;

    private final ChainClient chain;
    private final SettlementDirectory directory;
    private final BridgeCommands commands;
    private final int confirmations;
    private final long resendAfterMs;
    private final FeePolicy fees;
    private final Backoff backoff;
    private final TokenProvisioner provisioner;
    private final BigInteger lowBalanceWei;
    private final BatchRecut recut;
    private final RateLimitedLog warnings = new RateLimitedLog(LOG, WARN_EVERY_MS);
    private final Deque<NetBatch> queue = new ArrayDeque<>();
    private final Set<Long> confirmedInJournal = new HashSet<>();
    /** Trades whose unwind (settlementRefused) is journaled or sent: each is sent once, across restarts too. */
    private final Set<Long> unwound = new HashSet<>();
    private final Map<Long, BatchRecord> records = new LinkedHashMap<>();
    private final List<BatchRecord.Refusal> refusals = new ArrayList<>();
    private NetBatch current;
    private BatchRecord record;
    private ChainClient.Sent lastSent;
    private long statusSinceMs;
    private long currentSinceMs;
    private long nextAttemptMs;
    private long nextBalanceMs;
    private int failuresInRow;
    private long lastConfirmed;
    private volatile String health = "starting";
    private volatile long headBlock = -1;
    private volatile Stats stats = new Stats(0, 0, 0, 0, 0, -1, 0, BigInteger.ONE.negate(), false, 0, "");

    /**
     * Counters and gauges for monitoring, a snapshot.
     *
     * @param confirmed       batches confirmed this run.
     * @param failedAttempts  attempts that failed (transient) this run.
     * @param refusedBatches  batches refused whole this run.
     * @param refusedTrades   trades refused (cut out of their batches) this run.
     * @param backlog         batches netted but not yet settled.
     * @param oldestUnsettledNs journal time of the oldest trade not yet settled (epoch ns), or -1.
     * @param gasPriceWei     effective gas price of the last confirmed batch, wei.
     * @param operatorWei     the operator's ether balance, wei, or -1 when not known yet.
     * @param lowBalance      whether it is below the configured warning level.
     * @param currentWaitMs   how long the batch under way has been waiting to be confirmed, ms (0 when none).
     * @param lastProblem     the batch under way's last problem, or empty.
     */
    public record Stats(long confirmed, long failedAttempts, long refusedBatches, long refusedTrades, int backlog,
        long oldestUnsettledNs, long gasPriceWei, BigInteger operatorWei, boolean lowBalance, long currentWaitMs,
        String lastProblem)
    {
    }

    /**
     * With default fees (ceiling 500 gwei, tip at most 2 gwei), back-off (2 s doubling to 60 s), no token
     * deployment and a low-balance level of 1 ether.
     *
     * @param chain         the node, with the operator key.
     * @param directory     addresses.
     * @param commands      where confirmations go.
     * @param confirmations blocks that must hold a batch (its own included) before it counts as settled, ≥ 1.
     * @param resendAfterMs how long a sent transaction may stay unmined before it is replaced.
     */
    public BatchSubmitter(final ChainClient chain, final SettlementDirectory directory, final BridgeCommands commands,
        final int confirmations, final long resendAfterMs)
    {
        this(chain, directory, commands, confirmations, resendAfterMs,
            new FeePolicy(FeePolicy.gwei(500), FeePolicy.gwei(2)), new Backoff(2_000, 60_000), TokenProvisioner.NONE,
            BigInteger.TEN.pow(18));
    }

    /**
     * @param chain         the node, with the operator key.
     * @param directory     addresses.
     * @param commands      where confirmations go.
     * @param confirmations blocks that must hold a batch (its own included) before it counts as settled, ≥ 1.
     * @param resendAfterMs how long a sent transaction may stay unmined before it is replaced.
     * @param fees          the fee policy.
     * @param backoff       pauses between attempts after a transient failure.
     * @param provisioner   deploys a missing resource token, or {@link TokenProvisioner#NONE}.
     * @param lowBalanceWei operator balance below which health reports low funds.
     */
    public BatchSubmitter(final ChainClient chain, final SettlementDirectory directory, final BridgeCommands commands,
        final int confirmations, final long resendAfterMs, final FeePolicy fees, final Backoff backoff,
        final TokenProvisioner provisioner, final BigInteger lowBalanceWei)
    {
        if (confirmations < 1)
        {
            throw new IllegalArgumentException("confirmations must be at least 1: " + confirmations);
        }
        this.chain = chain;
        this.directory = directory;
        this.commands = commands;
        this.confirmations = confirmations;
        this.resendAfterMs = resendAfterMs;
        this.fees = fees;
        this.backoff = backoff;
        this.provisioner = provisioner;
        this.lowBalanceWei = lowBalanceWei;
        this.recut = new BatchRecut(chain, directory);
    }

    /**
     * @param batch the next batch, in batch id order.
     */
    public void enqueue(final NetBatch batch)
    {
        queue.add(batch);
        remember(BatchRecord.queued(batch));
        publishStats(0);
    }

    /**
     * The journal holds a trade's unwind (a {@code settlementRefused} the bridge sent before a restart).
     *
     * @param tradeId the trade.
     */
    public void unwoundInJournal(final long tradeId)
    {
        unwound.add(tradeId);
    }

    /**
     * The journal holds the bridge's own confirmation of a batch (read back on restart).
     *
     * @param batchId the batch.
     */
    public void confirmedInJournal(final long batchId)
    {
        confirmedInJournal.add(batchId);
        final BatchRecord known = records.get(batchId);
        if (known != null && known.status() != BatchStatus.CONFIRMED)
        {
            remember(known.with(BatchStatus.CONFIRMED, known.txHash(), known.block(), known.confirmations(),
                known.gasUsed(), ""));
        }
    }

    /**
     * One round: takes the next batch if none is under way and moves it on as far as the chain allows.
     *
     * @param nowMs a monotonic clock, milliseconds (only for timers: never affects which batches exist).
     * @return true when the chain answered; false when it could not be reached (back off before the next step).
     */
    public boolean step(final long nowMs)
    {
        try
        {
            headBlock = chain.blockNumber();
            watchBalance(nowMs);
            while (current == null && !queue.isEmpty())
            {
                final NetBatch next = queue.poll();
                if (confirmedInJournal.contains(next.batchId()))
                {
                    final BatchRecord known = records.get(next.batchId());
                    remember(known.with(BatchStatus.CONFIRMED, known.txHash(), known.block(), known.confirmations(),
                        known.gasUsed(), ""));
                    lastConfirmed = next.batchId();
                    continue;
                }
                current = next;
                record = records.get(next.batchId());
                statusSinceMs = nowMs;
                currentSinceMs = nowMs;
                nextAttemptMs = nowMs;
                failuresInRow = 0;
                lastSent = null;
            }
            if (current != null && nowMs >= nextAttemptMs)
            {
                advance(nowMs);
            }
            health = "up: block " + headBlock + (record == null ? "" : ", batch " + record.batchId() + " " +
                record.status());
            publishStats(nowMs);
            return true;
        }
        catch (final IOException ex)
        {
            health = "down: " + ex.getClass().getSimpleName() + ": " + ex.getMessage();
            publishStats(nowMs);
            return false;
        }
        catch (final ChainClient.ChainException ex)
        {
            // the node answered a read with an error: treat like an outage, try again after the back-off
            health = "down: the node refused a call: " + ex.getMessage();
            warnings.warn(nowMs, "batch {}: {}", record == null ? "-" : record.batchId(), health);
            publishStats(nowMs);
            return false;
        }
    }

    private void advance(final long nowMs) throws IOException
    {
        final long id = current.batchId();
        switch (record.status())
        {
            case QUEUED, FAILED ->
            {
                if (!followSettled(id))
                {
                    send(nowMs);
                }
            }
            case SUBMITTED, MINED ->
            {
                if (record.txHash().isEmpty())
                {
                    if (!followSettled(id)) // settled on chain, its log not seen yet
                    {
                        update(BatchStatus.QUEUED, "", -1, 0, 0, "", nowMs);
                    }
                }
                else
                {
                    track(nowMs);
                }
            }
            default ->
            {
            }
        }
    }

    /** Tokens for every asset of the batch (deployed when missing, if it can be), else those trades are cut. */
    private boolean provision(final long nowMs)
    {
        for (final io.resx.settlement.netting.Trade trade : current.trades())
        {
            final String token = BatchRecut.tokenSymbol(trade);
            if (!directory.tokens().containsKey(token))
            {
                final String address = provisioner.deploy(token);
                if (address != null)
                {
                    LOG.info("batch {}: deployed the resource token of {} at {}", current.batchId(), token, address);
                }
            }
        }
        return apply(recut.withoutUnknownAssets(current), nowMs);
    }

    private void send(final long nowMs) throws IOException
    {
        if (!provision(nowMs))
        {
            return;
        }
        final long id = current.batchId();
        final FeePolicy.Fees quote = chain.quote(fees);
        final boolean replacing = lastSent != null &&
            chain.nonce(DefaultBlockParameterName.LATEST).compareTo(lastSent.nonce()) <= 0;
        if (quote == null && !replacing)
        {
            transientFailure("fees above the ceiling of " + fees.ceilingWei() + " wei per gas", nowMs);
            return;
        }
        BigInteger nonce = null;
        BigInteger gasLimit = null;
        FeePolicy.Fees pay = quote;
        if (replacing)
        {
            nonce = lastSent.nonce(); // replace the stuck transaction, not queue another behind it
            gasLimit = lastSent.gasLimit();
            pay = fees.bump(lastSent.fees(), quote);
        }
        try
        {
            final ChainClient.Sent sent = chain.send(directory.vault(), VaultAbi.settleBatch(current, directory), pay,
                nonce, gasLimit);
            lastSent = sent;
            failuresInRow = 0;
            update(BatchStatus.SUBMITTED, sent.txHash(), -1, 0, 0, "", nowMs);
            LOG.info("batch {} sent: {} trades, {} legs, tx {}, nonce {}, max fee {} wei, tip {} wei", id,
                record.trades(), record.legs(), sent.txHash(), sent.nonce(), pay.maxFeeWei(), pay.tipWei());
        }
        catch (final ChainClient.ChainException ex)
        {
            if (followSettled(id))
            {
                return;
            }
            switch (ChainErrors.classify(ex))
            {
                case TRANSIENT ->
                {
                    if (ChainErrors.nonceTaken(ex))
                    {
                        lastSent = null;
                    }
                    transientFailure(ex.getMessage(), nowMs);
                }
                case DEFAULT, REFUSED -> refused(ex, nowMs);
                default -> throw new IllegalStateException("unclassified chain error: " + ex.getMessage());
            }
        }
    }

    private void transientFailure(final String problem, final long nowMs)
    {
        failuresInRow++;
        final long pauseMs = backoff.delayMs(failuresInRow);
        nextAttemptMs = nowMs + pauseMs;
        update(BatchStatus.FAILED, record.txHash(), -1, 0, 0, problem, nowMs);
        stats = copyStats(1);
        warnings.warn(nowMs, "batch {}: attempt {} failed, next in {} ms: {}", current.batchId(), failuresInRow,
            pauseMs, problem);
    }

    private void refused(final ChainClient.ChainException ex, final long nowMs) throws IOException
    {
        LOG.warn("batch {} refused by the chain: {}; re-cutting it without the refused obligations",
            current.batchId(), ex.getMessage());
        apply(recut.recut(current, ex), nowMs);
    }

    /** @return whether something of the batch is left to send. */
    private boolean apply(final BatchRecut.Result result, final long nowMs)
    {
        if (result.refused().isEmpty())
        {
            return true;
        }
        final long id = current.batchId();
        final List<BatchRecord.Refusal> all = new ArrayList<>(record.refused());
        all.addAll(result.refused());
        synchronized (refusals)
        {
            refusals.addAll(result.refused());
        }
        for (final BatchRecord.Refusal r : result.refused())
        {
            LOG.warn("batch {}: trade {} on {} ({} buys from {}) refused for good: {}; the engine unwinds it", id,
                r.tradeId(), r.symbol(), r.buyAccount(), r.sellAccount(), r.reason());
            if (unwound.add(r.tradeId()))
            {
                commands.settlementRefused(r);
            }
        }
        if (result.kept() == null)
        {
            record = record.recut(current, all);
            update(BatchStatus.REFUSED, "", -1, 0, 0, "every trade refused: " + all.get(0).reason(), nowMs);
            stats = copyStats(0);
            current = null;
            record = null;
            return false;
        }
        current = result.kept();
        record = record.recut(current, all);
        update(BatchStatus.QUEUED, "", -1, 0, 0, all.size() + " trade(s) refused and cut out", nowMs);
        stats = copyStats(0);
        nextAttemptMs = nowMs;
        return true;
    }

    private void track(final long nowMs) throws IOException
    {
        final long id = current.batchId();
        final TransactionReceipt receipt = chain.receipt(record.txHash()).orElse(null);
        if (receipt == null)
        {
            if (record.status() == BatchStatus.MINED)
            {
                LOG.warn("batch {}: tx {} left the chain (reorg); waiting for it again", id, record.txHash());
                update(BatchStatus.SUBMITTED, record.txHash(), -1, 0, 0, "reorganised out", nowMs);
            }
            else if (!chain.known(record.txHash()) || nowMs - statusSinceMs >= resendAfterMs)
            {
                // dropped, replaced or stuck: whoever settled it, the vault knows
                if (!followSettled(id))
                {
                    LOG.warn("batch {}: tx {} not mined (dropped or stuck); replacing it", id, record.txHash());
                    send(nowMs);
                }
            }
            return;
        }
        if (!receipt.isStatusOK())
        {
            if (!followSettled(id))
            {
                lastSent = null;
                update(BatchStatus.QUEUED, record.txHash(), receipt.getBlockNumber().longValue(), 0,
                    receipt.getGasUsed().longValue(), "reverted in block " + receipt.getBlockNumber(), nowMs);
            }
            return;
        }
        final long block = receipt.getBlockNumber().longValueExact();
        final long depth = headBlock - block + 1;
        update(BatchStatus.MINED, record.txHash(), block, depth, receipt.getGasUsed().longValue(), "", nowMs);
        if (receipt.getEffectiveGasPrice() != null)
        {
            record = record.withGasPrice(Numeric.decodeQuantity(receipt.getEffectiveGasPrice()).longValue());
            remember(record);
        }
        if (depth >= confirmations)
        {
            confirm(id, block, depth, nowMs);
        }
    }

    private void confirm(final long id, final long block, final long depth, final long nowMs)
    {
        commands.batchSettled(id, record.txHash());
        confirmedInJournal.add(id);
        lastConfirmed = id;
        update(BatchStatus.CONFIRMED, record.txHash(), block, depth, record.gasUsed(), "", nowMs);
        LOG.info("batch {} confirmed: block {}, {} confirmations, gas {} at {} wei{}", id, block, depth,
            record.gasUsed(), record.gasPriceWei(), record.refused().isEmpty() ? "" :
            ", " + record.refused().size() + " trade(s) refused");
        final Stats s = stats;
        stats = new Stats(s.confirmed() + 1, s.failedAttempts(), s.refusedBatches(), s.refusedTrades(),
            s.backlog(), s.oldestUnsettledNs(), record.gasPriceWei() > 0 ? record.gasPriceWei() : s.gasPriceWei(),
            s.operatorWei(), s.lowBalance(), 0, "");
        current = null;
        record = null;
        lastSent = null;
        nextBalanceMs = nowMs; // a confirmed batch spent gas: look at the balance again
    }

    /**
     * When the vault says the batch is settled, follows the transaction that settled it (found by its
     * BatchSettled log) instead of sending one.
     *
     * @return true when the batch is settled on chain.
     */
    private boolean followSettled(final long id) throws IOException
    {
        if (chain.callNumber(directory.vault(), VaultAbi.settled(id)).signum() == 0)
        {
            return false;
        }
        final String topic = String.format("0x%064x", id);
        final List<Log> logs = chain.logs(directory.fromBlock(), headBlock, List.of(directory.vault()),
            List.of(VaultAbi.BATCH_SETTLED_TOPIC));
        for (final Log log : logs)
        {
            if (log.getTopics().size() > 1 && log.getTopics().get(1).equalsIgnoreCase(topic))
            {
                if (!log.getTransactionHash().equals(record.txHash()))
                {
                    LOG.info("batch {} is already settled on chain by tx {}: following it", id,
                        log.getTransactionHash());
                }
                update(BatchStatus.MINED, log.getTransactionHash(), log.getBlockNumber().longValueExact(),
                    headBlock - log.getBlockNumber().longValueExact() + 1, record.gasUsed(), "", statusSinceMs);
                return true;
            }
        }
        // settled in a block the node has not logged yet: look again next round
        update(BatchStatus.SUBMITTED, record.txHash(), -1, 0, record.gasUsed(), "settled, log not seen yet",
            statusSinceMs);
        return true;
    }

    private void watchBalance(final long nowMs) throws IOException
    {
        if (nowMs < nextBalanceMs || chain.operatorAddress() == null)
        {
            return;
        }
        nextBalanceMs = nowMs + BALANCE_EVERY_MS;
        final BigInteger wei = chain.balance(chain.operatorAddress());
        final boolean low = wei.compareTo(lowBalanceWei) < 0;
        if (low)
        {
            warnings.warn(nowMs, "operator {} is low on gas money: {} wei (warning level {} wei)",
                chain.operatorAddress(), wei, lowBalanceWei);
        }
        final Stats s = stats;
        stats = new Stats(s.confirmed(), s.failedAttempts(), s.refusedBatches(), s.refusedTrades(), s.backlog(),
            s.oldestUnsettledNs(), s.gasPriceWei(), wei, low,
            s.currentWaitMs(), s.lastProblem());
    }

    private Stats copyStats(final int failed)
    {
        final Stats s = stats;
        final long refusedBatches = records().stream().filter(r -> r.status() == BatchStatus.REFUSED).count();
        final long refusedTrades;
        synchronized (refusals)
        {
            refusedTrades = refusals.size();
        }
        return new Stats(s.confirmed(), s.failedAttempts() + failed, refusedBatches, refusedTrades, s.backlog(),
            s.oldestUnsettledNs(), s.gasPriceWei(), s.operatorWei(), s.lowBalance(), s.currentWaitMs(),
            s.lastProblem());
    }

    private void publishStats(final long nowMs)
    {
        final Stats s = stats;
        final NetBatch oldest = current != null ? current : queue.peek();
        final long oldestNs = oldest == null || oldest.trades().isEmpty() ? -1 : oldest.trades().get(0).timestampNs();
        stats = new Stats(s.confirmed(), s.failedAttempts(), s.refusedBatches(), s.refusedTrades(), backlog(),
            oldestNs, s.gasPriceWei(), s.operatorWei(), s.lowBalance(),
            current == null ? 0 : Math.max(0, nowMs - currentSinceMs), record == null ? "" : record.problem());
    }

    private void update(final BatchStatus status, final String txHash, final long block, final long depth,
        final long gas, final String problem, final long nowMs)
    {
        if (status != record.status())
        {
            statusSinceMs = nowMs;
        }
        record = record.with(status, txHash, block, depth, gas, problem);
        remember(record);
    }

    private void remember(final BatchRecord r)
    {
        synchronized (records)
        {
            records.put(r.batchId(), r);
            if (records.size() > HISTORY)
            {
                records.remove(records.keySet().iterator().next());
            }
        }
    }

    /** @return every batch known, oldest first (a copy). */
    public List<BatchRecord> records()
    {
        synchronized (records)
        {
            return new ArrayList<>(records.values());
        }
    }

    /** @return every trade refused for good this run, in the order refused (a copy). */
    public List<BatchRecord.Refusal> refusals()
    {
        synchronized (refusals)
        {
            return new ArrayList<>(refusals);
        }
    }

    /** @return counters and gauges (a snapshot, any thread). */
    public Stats stats()
    {
        return stats;
    }

    /** @return batches netted but not yet confirmed or refused. */
    public int backlog()
    {
        return queue.size() + (current == null ? 0 : 1);
    }

    /** @return the last batch confirmed (journaled), or 0. */
    public long lastConfirmed()
    {
        return lastConfirmed;
    }

    /** @return the chain link's state in words. */
    public String health()
    {
        return health;
    }

    /** @return the head block last seen, or -1. */
    public long headBlock()
    {
        return headBlock;
    }
}
