package io.resx.server.settlement;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.settlement.bridge.BridgeCommands;
import io.resx.settlement.bridge.ChainPosition;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;

import java.util.function.Consumer;

/**
 * The settlement bridge's privileged, in-process route into the sequencer: the bridge's thread offers filled
 * commands (marked admin: they come from the operator's own tooling, never from a gateway), and the engine's input
 * agent — the sequencer's single producer — drains them into the pipeline, so they are journaled and replayed
 * like every other command.
 */
public final class InternalRoute implements BridgeCommands
{
    private final ManyToOneConcurrentLinkedQueue<Consumer<Command>> queue = new ManyToOneConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicLong drained = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Hands every waiting command to {@code submit}; called by the sequencer's producer thread only.
     *
     * @param submit fills a ring slot from a filler and submits it.
     * @return commands drained.
     */
    public int drain(final Consumer<Consumer<Command>> submit)
    {
        int count = 0;
        Consumer<Command> filler;
        while ((filler = queue.poll()) != null)
        {
            submit.accept(filler);
            count++;
        }
        drained.addAndGet(count);
        return count;
    }

    /** @return commands handed to the sequencer so far. */
    public long drained()
    {
        return drained.get();
    }

    /** @return whether commands are waiting. */
    public boolean isEmpty()
    {
        return queue.isEmpty();
    }

    @Override
    public void deposit(final String account, final String asset, final long amount, final ChainPosition event)
    {
        transfer(CommandType.DEPOSIT, account, asset, amount, event);
    }

    @Override
    public void withdraw(final String account, final String asset, final long amount, final ChainPosition event)
    {
        transfer(CommandType.WITHDRAW, account, asset, amount, event);
    }

    @Override
    public void settlementFailed(final String account, final String asset, final long shortfall,
        final ChainPosition event)
    {
        transfer(CommandType.SETTLEMENT_FAILED, account, asset, shortfall, event);
    }

    @Override
    public void batchSettled(final long batchId, final String txHash)
    {
        queue.offer(command ->
        {
            command.type(CommandType.BATCH_SETTLED).admin(true).amount(batchId);
            command.detail().set(txHash);
        });
    }

    @Override
    public void settlementCut()
    {
        queue.offer(command -> command.type(CommandType.SETTLEMENT_CUT).admin(true));
    }

    private void transfer(final CommandType type, final String account, final String asset, final long amount,
        final ChainPosition event)
    {
        final String id = event.id();
        queue.offer(command ->
        {
            command.type(type).admin(true).amount(amount);
            command.account().set(account);
            command.symbol().set(asset);
            command.clOrdId().set(id);
        });
    }
}
