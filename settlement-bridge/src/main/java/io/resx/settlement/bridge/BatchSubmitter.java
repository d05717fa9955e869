package io.resx.settlement.bridge;

import io.resx.settlement.netting.NetBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settles netted batches on chain, strictly one after another in batch id order, and journals each confirmation.
 * Driven by {@link #step(long)} from one thread (the bridge's), so its state needs no lock; {@link #records()} is
 * a copy for other threads.
 * <p>
 * Crash safety and idempotence come from two facts: the journal holds every confirmation the bridge made
 * ({@link #confirmedInJournal}, fed back from the journal before the submitter starts), and the vault answers
 * {@code settled(batchId)} and logs {@code BatchSettled(batchId)}. Before sending a batch the submitter asks the
 * vault; a batch it finds settled (a transaction from before a crash, or a replacement) is followed to its
 * confirmations through its log instead of being sent again — and the vault refuses a second settlement anyway.
 * A batch is never skipped: the next one waits until this one is confirmed.
 * <ul>
 *   <li>dropped transaction (the node forgot it) or one not mined within {@code resendAfterMs}: ask the vault,
 *       then follow the settling transaction or send again at the next nonce (so nonce gaps close);</li>
 *   <li>a reorg within the confirmation depth: the receipt disappears or moves; the batch goes back to
 *       SUBMITTED and is confirmed only once {@code confirmations} blocks sit on the block that now holds it;</li>
 *   <li>RPC down: every call's {@link IOException} is caught; the step reports it as chain health and the caller
 *       backs off; nothing is lost, the next step resumes where this one stopped;</li>
 *   <li>a revert or a refusal (other than already-settled): FAILED with the node's reason, retried after a pause
 *       (the lesser of 2 s and {@code resendAfterMs}); never skipped.</li>
 * </ul>
 */
public final class BatchSubmitter
{
    private static final Logger LOG = LoggerFactory.getLogger(BatchSubmitter.class);
    private static final int HISTORY = 10_000;
    /** Pause before a refused batch is tried again. */
    private static final long RETRY_FAILED_MS = 2_000;

    private final ChainClient chain;
    private final SettlementDirectory directory;
    private final BridgeCommands commands;
    private final int confirmations;
    private final long resendAfterMs;
    private final Deque<NetBatch> queue = new ArrayDeque<>();
    private final Set<Long> confirmedInJournal = new HashSet<>();
    private final Map<Long, BatchRecord> records = new LinkedHashMap<>();
    private NetBatch current;
    private BatchRecord record;
    private long statusSinceMs;
    private long lastConfirmed;
    private volatile String health = "starting";
    private volatile long headBlock = -1;

    /**
     * @param chain         the node, with the operator key.
     * @param directory     addresses.
     * @param commands      where confirmations go.
     * @param confirmations blocks that must hold a batch (its own included) before it counts as settled, ≥ 1.
     * @param resendAfterMs how long a sent transaction may stay unmined, or a failed batch wait, before a retry.
     */
    public BatchSubmitter(final ChainClient chain, final SettlementDirectory directory, final BridgeCommands commands,
        final int confirmations, final long resendAfterMs)
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
    }

    /**
     * @param batch the next batch, in batch id order.
     */
    public void enqueue(final NetBatch batch)
    {
        queue.add(batch);
        remember(BatchRecord.queued(batch));
    }

    /**
     * @param batchId a batch whose confirmation the journal holds.
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
     * @param nowMs a monotonic clock, milliseconds (only for the resend timer: never affects which batches exist).
     * @return true when the chain answered; false when it could not be reached (back off before the next step).
     */
    public boolean step(final long nowMs)
    {
        try
        {
            headBlock = chain.blockNumber();
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
            }
            if (current != null)
            {
                advance(nowMs);
            }
            health = "up: block " + headBlock + (record == null ? "" : ", batch " + record.batchId() + " " +
                record.status());
            return true;
        }
        catch (final IOException ex)
        {
            health = "down: " + ex.getClass().getSimpleName() + ": " + ex.getMessage();
            return false;
        }
        catch (final ChainClient.ChainException ex)
        {
            // the node answered with an error to a read: treat like an outage, try again after the back-off
            health = "down: the node refused a call: " + ex.getMessage();
            LOG.warn("batch {}: {}", record == null ? "-" : record.batchId(), health);
            return false;
        }
    }

    private void advance(final long nowMs) throws IOException
    {
        final long id = current.batchId();
        switch (record.status())
        {
            case QUEUED:
                if (!followSettled(id))
                {
                    send(nowMs);
                }
                break;
            case FAILED:
                if (nowMs - statusSinceMs >= Math.min(resendAfterMs, RETRY_FAILED_MS) && !followSettled(id))
                {
                    send(nowMs);
                }
                break;
            case SUBMITTED:
            case MINED:
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
                break;
            default:
                break;
        }
    }

    private void send(final long nowMs) throws IOException
    {
        final long id = current.batchId();
        try
        {
            final String txHash = chain.send(directory.vault(), VaultAbi.settleBatch(current, directory));
            update(BatchStatus.SUBMITTED, txHash, -1, 0, 0, "", nowMs);
            LOG.info("batch {} sent: {} trades, {} legs, tx {}", id, record.trades(), record.legs(), txHash);
        }
        catch (final ChainClient.ChainException ex)
        {
            if (!followSettled(id))
            {
                update(BatchStatus.FAILED, record.txHash(), -1, 0, 0, ex.getMessage(), nowMs);
                LOG.warn("batch {} refused by the chain (retry in {} ms): {}", id,
                    Math.min(resendAfterMs, RETRY_FAILED_MS), ex.getMessage());
            }
        }
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
                    LOG.warn("batch {}: tx {} not mined (dropped or stuck); sending again", id, record.txHash());
                    send(nowMs);
                }
            }
            return;
        }
        if (!receipt.isStatusOK())
        {
            if (!followSettled(id))
            {
                update(BatchStatus.FAILED, record.txHash(), receipt.getBlockNumber().longValue(), 0,
                    receipt.getGasUsed().longValue(), "reverted in block " + receipt.getBlockNumber(), nowMs);
            }
            return;
        }
        final long block = receipt.getBlockNumber().longValueExact();
        final long depth = headBlock - block + 1;
        update(BatchStatus.MINED, record.txHash(), block, depth, receipt.getGasUsed().longValue(), "", nowMs);
        if (depth >= confirmations)
        {
            commands.batchSettled(id, record.txHash());
            confirmedInJournal.add(id);
            lastConfirmed = id;
            update(BatchStatus.CONFIRMED, record.txHash(), block, depth, record.gasUsed(), "", nowMs);
            LOG.info("batch {} confirmed: block {}, {} confirmations, gas {}", id, block, depth, record.gasUsed());
            current = null;
            record = null;
        }
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

    /** @return batches netted but not yet confirmed. */
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
