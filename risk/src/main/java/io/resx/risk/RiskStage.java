package io.resx.risk;

import io.resx.protocol.command.Command;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.text.AsciiKey;

/**
 * The risk checks around the matcher, run on the engine thread: {@link #preTrade} (and {@link #preReplace})
 * before an order reaches the books (it may refuse it), {@link #postTrade} after every command, with the events
 * the command caused (to move balances and release or move what the order needs locked), and
 * {@link #command} for the commands the risk stage owns (deposits, limits, kill switches, defaults).
 * Implementations are deterministic and allocate nothing per order command.
 */
public interface RiskStage
{
    /** Accepts every order, tracks nothing and knows no risk command: the engine without collateral checks. */
    RiskStage NONE = new RiskStage()
    {
        @Override
        public RejectReason preTrade(final Command command, final Account account)
        {
            return null;
        }

        @Override
        public void postTrade(final Command command, final EventLog events)
        {
        }
    };

    /**
     * @param command a NEW_ORDER or BUNDLE the engine has validated.
     * @param account the account acting.
     * @return null to let it through, or why it is refused.
     */
    RejectReason preTrade(Command command, Account account);

    /**
     * @param command  a REPLACE the engine has validated.
     * @param account  the account acting.
     * @param orderId  the engine's id of the order being replaced.
     * @param newPrice its price after the replace.
     * @param newQty   its total quantity after the replace.
     * @return null to let it through, or why it is refused.
     */
    default RejectReason preReplace(
        final Command command, final Account account, final long orderId, final long newPrice, final long newQty)
    {
        return preTrade(command, account);
    }

    /**
     * @param command any command just processed (accepted or rejected).
     * @param events  what it caused, in order; the stage may append events (balances) to it.
     */
    void postTrade(Command command, EventLog events);

    /**
     * Processes a command of the risk stage's own (deposit, withdraw, limits, balances, settlementFailed, kill,
     * group, band, cap, defaultFund), writing its ACCEPTED or REJECTED event and what it caused.
     *
     * @param command   the command.
     * @param events    the command's log, to append to.
     * @param canceller how to cancel orders in the books.
     */
    default void command(final Command command, final EventLog events, final OrderCanceller canceller)
    {
        final EngineEvent event = events.add().start(EventType.REJECTED, command).reason(RejectReason.UNKNOWN_COMMAND);
        event.account().set(command.account());
    }

    /**
     * Use-it-or-share-it, asked by the engine at a lease slot's gate closure.
     *
     * @param leaseSymbol a lease slot.
     * @return the floor of the rule on its underlying unit, or {@link Command#ABSENT} when no rule applies.
     */
    default long shareFloor(final AsciiKey leaseSymbol)
    {
        return Command.ABSENT;
    }

    /**
     * @param leaseSymbol a lease slot under a use-it-or-share-it rule.
     * @param account     an account.
     * @return units of the slot's underlying it owns (not locked by a sale) that it has neither leased out nor
     *     declared in its own use for the slot: what the gate-closure clearing may assign; its open lease offers,
     *     cancelled at this closure, do not count against it.
     */
    default long idleUnits(final AsciiKey leaseSymbol, final Account account)
    {
        return 0;
    }
}
