package io.resx.settlement.netting;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts the engine's trade stream into settlement windows by a {@link WindowPolicy}. Fed every journaled command in
 * order ({@link #onCommand}), with the trades it caused (usually none): a command's time can close a window even
 * when it traded nothing. A closed window is handed on as its trades, named by its batch id: the journal sequence
 * of the command of its first trade — deterministic from the journal, unique and increasing.
 */
public final class SettlementWindows
{
    private final WindowPolicy policy;
    private final Consumer<Window> closed;
    private List<Trade> open = new ArrayList<>();
    private long lastSequence;

    /**
     * A closed window.
     *
     * @param batchId journal sequence of the command of its first trade.
     * @param closedAt journal sequence of the command at which the window closed (its last trade's command when
     *                 the count closed it, the first later command when its time ran out).
     * @param trades  its trades, in engine order.
     */
    public record Window(long batchId, long closedAt, List<Trade> trades)
    {
    }

    /**
     * @param policy when windows close.
     * @param closed receives each closed window, in order.
     */
    public SettlementWindows(final WindowPolicy policy, final Consumer<Window> closed)
    {
        this.policy = policy;
        this.closed = closed;
    }

    /**
     * @param sequence    the command's journal sequence, increasing.
     * @param timestampNs its sequencer time.
     * @param trades      the trades it caused (their sequence is {@code sequence}); empty for most commands.
     */
    public void onCommand(final long sequence, final long timestampNs, final List<Trade> trades)
    {
        if (sequence <= lastSequence)
        {
            throw new IllegalArgumentException("command sequence " + sequence + " after " + lastSequence +
                ": the journal is read in order");
        }
        lastSequence = sequence;
        if (!open.isEmpty() && policy.maxNanos() > 0 && timestampNs - open.get(0).timestampNs() >= policy.maxNanos())
        {
            close(sequence);
        }
        for (final Trade trade : trades)
        {
            if (trade.sequence() != sequence)
            {
                throw new IllegalArgumentException("trade " + trade.tradeId() + " carries sequence " +
                    trade.sequence() + " but came with command " + sequence);
            }
            open.add(trade);
        }
        if (!open.isEmpty() && policy.maxTrades() > 0 && open.size() >= policy.maxTrades())
        {
            close(sequence);
        }
    }

    /** @return trades in the open window, not yet in any batch. */
    public int openTrades()
    {
        return open.size();
    }

    /**
     * @return the open window's trades as a window (not closed: it may still grow), or null when it is empty.
     */
    public Window openWindow()
    {
        return open.isEmpty() ? null : new Window(open.get(0).sequence(), lastSequence, List.copyOf(open));
    }

    /** @return the journal time of the open window's first trade, or -1 when it is empty. */
    public long openSinceNs()
    {
        return open.isEmpty() ? -1 : open.get(0).timestampNs();
    }

    /** @return the sequence of the open window's first trade (its batch id to be), or -1 when it is empty. */
    public long openSinceSequence()
    {
        return open.isEmpty() ? -1 : open.get(0).sequence();
    }

    /** @return the last command seen. */
    public long lastSequence()
    {
        return lastSequence;
    }

    private void close(final long closedAt)
    {
        final Window window = new Window(open.get(0).sequence(), closedAt, List.copyOf(open));
        open = new ArrayList<>();
        closed.accept(window);
    }
}
