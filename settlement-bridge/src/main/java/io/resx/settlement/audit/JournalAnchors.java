package io.resx.settlement.audit;

import io.resx.replay.EventReader;
import io.resx.replay.JournalContext;
import io.resx.settlement.bridge.ChainClient;
import io.resx.settlement.bridge.SettlementDirectory;
import io.resx.settlement.bridge.VaultAbi;
import io.resx.settlement.chain.ChainEvents;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * History anchored on chain: each settled batch's {@code BatchSettled} event holds the {@code events} queue's
 * hash-chain head at the sequence where its window closed (the bridge reads {@code events}, so that is the history it
 * settled). Walking the local {@code events} queue and comparing its head at each of those sequences shows whether it
 * still is the history the chain saw: events edited after a batch settled (even with their hash chain recomputed) no
 * longer hash to that batch's head. The commands journal is tied to it by {@code audit verify}, which checks that
 * replaying the commands gives these events byte for byte.
 */
public final class JournalAnchors
{
    /**
     * One anchor that does not match.
     *
     * @param batchId      the batch.
     * @param sequence     the journal sequence it anchors.
     * @param chainHead    the head the chain holds.
     * @param journalHead  the head the local journal has there, or null when the journal ends before it.
     */
    public record Mismatch(long batchId, long sequence, long chainHead, Long journalHead)
    {
    }

    /**
     * The comparison.
     *
     * @param anchors    batches anchored on chain (sequence &gt; 0), in journal order.
     * @param matched    how many matched.
     * @param mismatches those that do not, in journal order (the first is the first batch whose history changed).
     */
    public record Result(int anchors, int matched, List<Mismatch> mismatches)
    {
    }

    private JournalAnchors()
    {
    }

    /**
     * @param events    the local events queue.
     * @param directory the vault's address (and the block the contracts were deployed at).
     * @param chain     a client of the node.
     * @return the comparison.
     * @throws IOException when the node cannot be reached.
     */
    public static Result check(final JournalContext events, final SettlementDirectory directory,
        final ChainClient chain) throws IOException
    {
        final Map<Long, List<ChainEvents.BatchSettled>> bySequence = new TreeMap<>();
        int anchors = 0;
        for (final ChainEvents.VaultEvent event : ChainEvents.vaultEvents(chain.logs(directory.fromBlock(),
            chain.blockNumber(), List.of(directory.vault()), List.of(VaultAbi.BATCH_SETTLED_TOPIC))))
        {
            if (event instanceof ChainEvents.BatchSettled settled && settled.journalSequence() > 0)
            {
                bySequence.computeIfAbsent(settled.journalSequence(), s -> new ArrayList<>()).add(settled);
                anchors++;
            }
        }
        final List<Mismatch> mismatches = new ArrayList<>();
        int matched = 0;
        try (EventReader reader = EventReader.open(events))
        {
            while (!bySequence.isEmpty() && reader.next())
            {
                final List<ChainEvents.BatchSettled> here = bySequence.remove(reader.sequence());
                if (here == null)
                {
                    continue;
                }
                final long head = reader.hash();
                for (final ChainEvents.BatchSettled settled : here)
                {
                    if (settled.journalHead() == head)
                    {
                        matched++;
                    }
                    else
                    {
                        mismatches.add(new Mismatch(settled.batchId(), settled.journalSequence(),
                            settled.journalHead(), head));
                    }
                }
            }
        }
        bySequence.values().forEach(rest -> rest.forEach(settled -> mismatches.add(new Mismatch(settled.batchId(),
            settled.journalSequence(), settled.journalHead(), null))));
        return new Result(anchors, matched, mismatches);
    }
}
