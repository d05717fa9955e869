package io.resx.settlement.bridge;

import io.resx.settlement.chain.ChainEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.Log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns confirmed chain events into commands (see {@link BridgeCommands}), reading logs of the vault, the cash
 * token and the resource tokens up to {@code confirmations} blocks below the head, so a reorg within that depth
 * never reaches the engine. The rules:
 * <ul>
 *   <li>a token {@code Transfer} into a registered wallet from an address that is neither the vault nor another
 *       registered wallet (a mint, an outside transfer) → {@code deposit} of CASH or of the token's symbol;
 *       settlement moves (vault ↔ wallet) are not deposits: the ledger moved them at the trade;</li>
 *   <li>{@code CollateralDeposited(participant, amount)} → {@code withdraw} CASH then {@code deposit} COLLATERAL
 *       (the cash left the wallet for the vault); {@code CollateralWithdrawn} → {@code withdraw} COLLATERAL then
 *       {@code deposit} CASH;</li>
 *   <li>{@code Default(batchId, participant, token, shortfall, …)} → {@code settlementFailed} of CASH or the
 *       token's symbol.</li>
 * </ul>
 * Progress is the position of the last event turned into commands; the journal holds it (in each command's
 * ClOrdID), so a restarted bridge calls {@link #resumeAfter} with what the journal shows and misses nothing and
 * repeats nothing.
 */
public final class ChainWatcher
{
    private static final Logger LOG = LoggerFactory.getLogger(ChainWatcher.class);
    private static final long MAX_RANGE = 2_000;

    private final ChainClient chain;
    private final SettlementDirectory directory;
    private final BridgeCommands commands;
    private final int confirmations;
    private ChainPosition last = ChainPosition.NONE;
    private long scannedTo = -1;

    /**
     * @param chain         the node.
     * @param directory     addresses.
     * @param commands      where commands go.
     * @param confirmations blocks an event's block needs on top (its own included) before it counts.
     */
    public ChainWatcher(final ChainClient chain, final SettlementDirectory directory, final BridgeCommands commands,
        final int confirmations)
    {
        this.chain = chain;
        this.directory = directory;
        this.commands = commands;
        this.confirmations = Math.max(1, confirmations);
    }

    /**
     * @param position the last chain event the journal holds commands of.
     */
    public void resumeAfter(final ChainPosition position)
    {
        if (position.compareTo(last) > 0)
        {
            last = position;
        }
    }

    /** @return the last event turned into commands. */
    public ChainPosition last()
    {
        return last;
    }

    /**
     * Reads the confirmed logs not handled yet and sends their commands.
     *
     * @return events handled.
     * @throws IOException when the node cannot be reached.
     */
    public int poll() throws IOException
    {
        final long safe = chain.blockNumber() - confirmations + 1;
        // first round: from the deployment block, or the block of the last event handled (the rest of its logs)
        long from = scannedTo < 0 ? Math.max(directory.fromBlock(), Math.max(0, last.block())) : scannedTo + 1;
        int handled = 0;
        while (from <= safe)
        {
            final long to = Math.min(safe, from + MAX_RANGE - 1);
            final List<String> addresses = new ArrayList<>();
            addresses.add(directory.vault());
            addresses.add(directory.cash());
            addresses.addAll(directory.tokens().values());
            for (final Log log : chain.logs(from, to, addresses, List.of()))
            {
                final ChainPosition at = new ChainPosition(log.getBlockNumber().longValueExact(),
                    log.getLogIndex().longValueExact());
                if (at.compareTo(last) <= 0)
                {
                    continue;
                }
                if (handle(log, at))
                {
                    handled++;
                }
                last = at;
            }
            scannedTo = to;
            from = to + 1;
        }
        return handled;
    }

    private boolean handle(final Log log, final ChainPosition at)
    {
        final String emitter = log.getAddress().toLowerCase(Locale.ROOT);
        if (!emitter.equals(directory.vault()))
        {
            for (final ChainEvents.Transfer transfer : ChainEvents.transfers(List.of(log)))
            {
                final String account = directory.accountOf(transfer.to());
                final String asset = directory.assetOf(emitter);
                final String from = transfer.from().toLowerCase(Locale.ROOT);
                if (account == null || asset == null || from.equals(directory.vault()) ||
                    directory.accountOf(from) != null || transfer.amount() <= 0)
                {
                    return false;
                }
                LOG.info("deposit {} {} to {} ({})", transfer.amount(), asset, account, at.id());
                commands.deposit(account, asset, transfer.amount(), at);
                return true;
            }
            return false;
        }
        for (final ChainEvents.VaultEvent event : ChainEvents.vaultEvents(List.of(log)))
        {
            if (event instanceof ChainEvents.CollateralDeposited deposited)
            {
                final String account = directory.accountOf(deposited.participant());
                if (account != null)
                {
                    commands.withdraw(account, "CASH", deposited.amount(), at);
                    commands.deposit(account, "COLLATERAL", deposited.amount(), at);
                    return true;
                }
            }
            else if (event instanceof ChainEvents.CollateralWithdrawn withdrawn)
            {
                final String account = directory.accountOf(withdrawn.participant());
                if (account != null)
                {
                    commands.withdraw(account, "COLLATERAL", withdrawn.amount(), at);
                    commands.deposit(account, "CASH", withdrawn.amount(), at);
                    return true;
                }
            }
            else if (event instanceof ChainEvents.Default failed)
            {
                final String account = directory.accountOf(failed.participant());
                final String asset = directory.assetOf(failed.token());
                LOG.warn("Default in batch {}: {} ({}) short {} of {} ({})", failed.batchId(), failed.participant(),
                    account, failed.shortfall(), asset, at.id());
                if (account != null && asset != null && failed.shortfall() > 0)
                {
                    commands.settlementFailed(account, asset, failed.shortfall(), at);
                    return true;
                }
            }
        }
        return false;
    }
}
