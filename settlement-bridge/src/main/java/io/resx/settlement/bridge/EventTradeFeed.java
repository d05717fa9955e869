package io.resx.settlement.bridge;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.replay.EventReader;
import io.resx.replay.JournalContext;
import io.resx.settlement.netting.NetBatch;
import io.resx.settlement.netting.Netting;
import io.resx.settlement.netting.SettlementWindows;
import io.resx.settlement.netting.Trade;
import io.resx.settlement.netting.WindowPolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * The settlement bridge's view of the engine's output: it tails the {@code events} queue — each record one command
 * and the events it caused, as the engine published them — from a given sequence, takes the trades of the TRADE
 * events, cuts windows and nets them. No engine runs here: the trades, with the accounts on both sides, are in the
 * events. It also reads back the bridge's own journaled commands, the durable part of its progress: the
 * {@link CommandType#BATCH_SETTLED} confirmations, the {@link CommandType#SETTLEMENT_REFUSED} unwinds and the chain
 * events turned into deposits, withdrawals and defaults.
 * <p>
 * Batch ids are the sequence of a window's first trade; started at the first trade after a finished batch (see
 * {@link SettlementPosition}), the feed cuts the same windows as a feed started at the queue's beginning.
 * <p>
 * Single-threaded: one thread calls {@link #poll}.
 */
public final class EventTradeFeed implements AutoCloseable
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
         * @param sequence the sequence of the confirmation.
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

        /**
         * @param command the command of the record just read (its sequence and time set).
         * @param events  what it caused, as published.
         */
        default void onOutcome(final Command command, final EventLog events)
        {
        }
    }

    private final JournalContext context;
    private final long startAfter;
    private final SettlementWindows windows;
    private final Netting netting;
    private final Listener listener;
    private final Command command = new Command();
    private final EventLog events = new EventLog();
    private final List<Trade> trades = new ArrayList<>();
    private EventReader reader;
    private long sequence;
    private long lastTimestampNs;
    private long read;

    /**
     * @param context    the events queue (it may not exist yet: the feed waits for it).
     * @param startAfter the feed's first record is the one after this sequence (0: from the beginning).
     * @param policy     when windows close.
     * @param netting    how accounts map to participants.
     * @param listener   receives batches, confirmations, unwinds and chain events.
     */
    public EventTradeFeed(final JournalContext context, final long startAfter, final WindowPolicy policy,
        final Netting netting, final Listener listener)
    {
        this.context = context;
        this.startAfter = startAfter;
        this.sequence = startAfter;
        this.netting = netting;
        this.listener = listener;
        // the events queue's hash-chain head at the record that closes a window anchors the batch on chain
        this.windows = new SettlementWindows(policy, window -> listener.onBatch(netting.net(window)
            .withJournalHead(reader.hash())));
    }

    /**
     * Applies up to {@code max} records that have landed since the last call.
     *
     * @param max most records to read.
     * @return records read; 0 at the queue's end for now.
     */
    public int poll(final int max)
    {
        if (reader == null)
        {
            if (!EventReader.exists(context))
            {
                return 0;
            }
            reader = EventReader.open(context).startAfter(startAfter);
        }
        int count = 0;
        while (count < max && reader.next())
        {
            reader.outcome(command, events);
            take();
            count++;
        }
        read += count;
        return count;
    }

    private void take()
    {
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
        final boolean accepted = events.size() > 0 && events.get(0).type() == EventType.ACCEPTED;
        if (command.type() == CommandType.BATCH_SETTLED && accepted)
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
        listener.onOutcome(command, events);
        sequence = command.sequence();
        lastTimestampNs = command.timestampNs();
        windows.onCommand(command.sequence(), command.timestampNs(), trades);
    }

    /**
     * Reads everything in the queue so far.
     *
     * @return records read.
     */
    public long drain()
    {
        long total = 0;
        int count;
        while ((count = poll(4096)) > 0)
        {
            total += count;
        }
        return total;
    }

    /** @return the last sequence read (the start position before the first record). */
    public long sequence()
    {
        return sequence;
    }

    /** @return records read since the feed was opened. */
    public long read()
    {
        return read;
    }

    /** @return the time of the last record read. */
    public long lastTimestampNs()
    {
        return lastTimestampNs;
    }

    /** @return trades not yet in a closed window. */
    public int openTrades()
    {
        return windows.openTrades();
    }

    /** @return time of the open window's first trade, or -1. */
    public long openSinceNs()
    {
        return windows.openSinceNs();
    }

    /** @return sequence of the open window's first trade, or -1 when it is empty. */
    public long openFromSequence()
    {
        return windows.openSinceSequence();
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

    @Override
    public void close()
    {
        if (reader != null)
        {
            reader.close();
        }
    }
}
