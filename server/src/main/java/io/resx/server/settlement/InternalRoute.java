package io.resx.server.settlement;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.engine.node.TrustedInbox;
import io.resx.settlement.bridge.BatchRecord;
import io.resx.settlement.bridge.BridgeCommands;
import io.resx.settlement.bridge.ChainPosition;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The settlement bridge's privileged, in-process route into the sequencer: the bridge's thread offers filled
 * commands (marked admin: they come from the operator's own tooling, never from a gateway), and the engine's input
 * agent — the sequencer's single producer — drains them from the engine's {@link TrustedInbox} (shared with the
 * HTTP API's admin commands) into the pipeline, so they are journaled and replayed
 * like every other command.
 */
public final class InternalRoute implements BridgeCommands
{
    private static final long FULL_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final TrustedInbox inbox;
    private final AtomicLong drained = new AtomicLong();
    private final Runnable countDrained = drained::incrementAndGet;

    /**
     * @param inbox the engine's in-process route; the bridge's commands share it with the HTTP API's admin commands.
     */
    public InternalRoute(final TrustedInbox inbox)
    {
        this.inbox = inbox;
    }

    /** @return commands of this route the engine agent has put into the pipeline. */
    public long drained()
    {
        return drained.get();
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
        final Command command = new Command();
        command.type(CommandType.BATCH_SETTLED).admin(true).amount(batchId);
        command.detail().set(txHash);
        offer(command);
    }

    @Override
    public void settlementCut()
    {
        final Command command = new Command();
        command.type(CommandType.SETTLEMENT_CUT).admin(true);
        offer(command);
    }

    @Override
    public void settlementRefused(final BatchRecord.Refusal refusal)
    {
        final Command command = new Command();
        command.type(CommandType.SETTLEMENT_REFUSED).admin(true).amount(refusal.tradeId()).price(refusal.price())
            .qty(refusal.qty());
        command.symbol().set(refusal.symbol());
        command.account().set(refusal.buyAccount());
        command.group().set(refusal.sellAccount());
        final String reason = refusal.reason();
        command.detail().set(reason.length() > Command.MAX_DETAIL_LENGTH ?
            reason.substring(0, Command.MAX_DETAIL_LENGTH) : reason);
        offer(command);
    }

    private void transfer(final CommandType type, final String account, final String asset, final long amount,
        final ChainPosition event)
    {
        final Command command = new Command();
        command.type(type).admin(true).amount(amount);
        command.account().set(account);
        command.symbol().set(asset);
        command.clOrdId().set(event.id());
        offer(command);
    }

    /** The bridge's thread waits while the inbox is full: chain events are never dropped. */
    private void offer(final Command command)
    {
        while (!inbox.offer(0, 0, 0, command, countDrained))
        {
            LockSupport.parkNanos(FULL_BACKOFF_NS);
        }
    }
}
