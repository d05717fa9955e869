package io.resx.server.settlement;

import io.resx.engine.node.StandardEngine;
import io.resx.engine.matching.MatchingEngine;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalReader;
import io.resx.risk.AccountRegistry;
import io.resx.server.journal.JournalOptions;
import io.resx.settlement.bridge.ChainPosition;
import io.resx.settlement.netting.NetBatch;
import io.resx.settlement.netting.Netting;
import io.resx.settlement.netting.SettlementWindows;
import io.resx.settlement.netting.Trade;
import io.resx.settlement.netting.WindowPolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * The settlement bridge's view of the engine's output: it follows the command journal's tail with a replica engine
 * (the same deterministic code and factory as the live engine, as the snapshotter does), so it sees every trade
 * with the accounts on both sides exactly as the live engine published it, then cuts windows and nets them. It
 * starts from the journal's first record, so the windows — and the batch ids — are the same on every run and on
 * every restart. It also reads back the bridge's own journaled {@link CommandType#BATCH_SETTLED} confirmations:
 * the durable part of the bridge's progress.
 * <p>
 * Single-threaded: one thread calls {@link #poll}.
 */
public final class JournalTradeFeed implements AutoCloseable
{
    /** What the feed finds. */
    public interface Listener
    {
        /**
         * @param batch a closed window, netted; in batch id order.
         */
        void onBatch(NetBatch batch);

        /**
         * @param batchId  a batch the bridge journaled as settled on chain.
         * @param txHash   its transaction.
         * @param sequence the journal sequence of the confirmation.
         */
        void onConfirmed(long batchId, String txHash, long sequence);

        /**
         * @param position a chain event the bridge already turned into this journaled command.
         */
        default void onChainEvent(final ChainPosition position)
        {
        }

        /**
         * @param tradeId a trade the bridge already sent back to the engine as refused by the chain (unwound).
         */
        default void onUnwound(final long tradeId)
        {
        }
    }

    private final JournalReader reader;
    private final MatchingEngine replica;
    private final SettlementWindows windows;
    private final Netting netting;
    private final Listener listener;
    private final Command command = new Command();
    private final EventLog events = new EventLog();
    private long lastTimestampNs;

    /**
     * @param context  the journal (it may not exist yet: the feed waits for it).
     * @param policy   when windows close.
     * @param netting  how accounts map to participants.
     * @param listener receives batches and confirmations.
     */
    public JournalTradeFeed(
        final JournalContext context, final WindowPolicy policy, final Netting netting, final Listener listener)
    {
        this.reader = JournalReader.openLive(context);
        this.replica = StandardEngine.FACTORY.create(new AccountRegistry());
        this.netting = netting;
        this.listener = listener;
        // a window closes while the command at its closedAt is the last read: the chain head there anchors the batch
        this.windows = new SettlementWindows(policy, window -> listener.onBatch(netting.net(window)
            .withJournalHead(reader.position().hash())));
    }

    /**
     * Applies up to {@code max} journaled commands that have landed since the last call.
     *
     * @param max most commands to read.
     * @return commands read; 0 at the journal's end for now.
     */
    public int poll(final int max)
    {
        int read = 0;
        final List<Trade> trades = new ArrayList<>();
        while (read < max && reader.next())
        {
            reader.command(command);
            events.clear();
            replica.process(command, events);
            trades.clear();
            for (int i = 0; i < events.size(); i++)
            {
                final EngineEvent e = events.get(i);
                if (e.type() == EventType.TRADE)
                {
                    trades.add(new Trade(command.sequence(), command.timestampNs(), e.tradeId(), e.symbol().toString(),
                        e.price(), e.qty(), e.buyAccount().toString(), e.sellAccount().toString()));
                }
            }
            if (command.type() == CommandType.BATCH_SETTLED && events.size() > 0 &&
                events.get(0).type() == EventType.ACCEPTED)
            {
                listener.onConfirmed(command.amount(), command.detail().toString(), command.sequence());
            }
            if (command.type() == CommandType.SETTLEMENT_REFUSED && command.admin())
            {
                listener.onUnwound(command.amount());
            }
            if (command.admin() && (command.type() == CommandType.DEPOSIT || command.type() == CommandType.WITHDRAW ||
                command.type() == CommandType.SETTLEMENT_FAILED))
            {
                final ChainPosition position = ChainPosition.parse(command.clOrdId());
                if (position != null)
                {
                    listener.onChainEvent(position);
                }
            }
            lastTimestampNs = command.timestampNs();
            windows.onCommand(command.sequence(), command.timestampNs(), trades);
            read++;
        }
        return read;
    }

    /**
     * Reads everything journaled so far.
     *
     * @return commands read.
     */
    public long drain()
    {
        long total = 0;
        int read;
        while ((read = poll(4096)) > 0)
        {
            total += read;
        }
        return total;
    }

    /** @return the last command applied. */
    public long sequence()
    {
        return reader.sequence();
    }

    /** @return the journal time of the last command applied. */
    public long lastTimestampNs()
    {
        return lastTimestampNs;
    }

    /** @return trades not yet in a closed window. */
    public int openTrades()
    {
        return windows.openTrades();
    }

    /** @return journal time of the open window's first trade, or -1. */
    public long openSinceNs()
    {
        return windows.openSinceNs();
    }

    /** @return the open window's trades netted as its batch would be so far, or null when it is empty. */
    public NetBatch openBatch()
    {
        final SettlementWindows.Window window = windows.openWindow();
        return window == null ? null : netting.net(window);
    }

    /** @return the netting in use (its account → participant mapping). */
    public Netting netting()
    {
        return netting;
    }

    /**
     * @return the replica engine, state as of {@link #sequence()}; only for the thread that polls.
     */
    public MatchingEngine replica()
    {
        return replica;
    }

    @Override
    public void close()
    {
        reader.close();
    }
}
