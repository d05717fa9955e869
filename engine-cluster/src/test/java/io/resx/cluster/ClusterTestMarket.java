package io.resx.cluster;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.replay.EventReader;
import io.resx.replay.JournalContext;

import java.util.HashMap;
import java.util.Map;

/**
 * The small market the cluster system tests trade in: one instrument, one funded account, and resting GTC buys
 * that never match, so every accepted order stays open and the open-order count is the number applied.
 */
final class ClusterTestMarket
{
    static final String SYMBOL = "COMPUTE.VCPU.EU1";
    static final String ACCOUNT = "TRADER1";

    private ClusterTestMarket()
    {
    }

    /** @return the operator's listing of {@link #SYMBOL}. */
    static Command list()
    {
        final Command command = new Command().type(CommandType.LIST).admin(true)
            .tick(FixedPoint.parse("0.01")).lot(FixedPoint.parse("1"));
        command.symbol().set(SYMBOL);
        return command;
    }

    /** @return the operator's opening of {@link #ACCOUNT}. */
    static Command account()
    {
        final Command command = new Command().type(CommandType.ACCOUNT).admin(true);
        command.account().set(ACCOUNT);
        command.owner().set("OWNER1");
        return command;
    }

    /** @return the operator's cash deposit, enough for every order of a test. */
    static Command deposit()
    {
        final Command command = new Command().type(CommandType.DEPOSIT).admin(true)
            .amount(FixedPoint.parse("1000000000"));
        command.account().set(ACCOUNT);
        command.symbol().set("CASH");
        return command;
    }

    /**
     * @param clOrdId the order's ClOrdID.
     * @return a resting buy of one lot at 1.00.
     */
    static Command order(final String clOrdId)
    {
        final Command command = new Command().type(CommandType.NEW_ORDER).orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.GTC).side(Side.BUY).price(FixedPoint.parse("1.00"))
            .qty(FixedPoint.parse("1"));
        command.account().set(ACCOUNT);
        command.clOrdId().set(clOrdId);
        command.symbol().set(SYMBOL);
        return command;
    }

    /**
     * @param journal a member's audit journal.
     * @return how many times each ClOrdID was accepted as a new order in its {@code events}.
     */
    static Map<String, Integer> acceptedOrders(final JournalContext journal)
    {
        final Map<String, Integer> accepted = new HashMap<>();
        final Command command = new Command();
        final EventLog events = new EventLog();
        try (EventReader reader = EventReader.open(journal.events()))
        {
            while (reader.next())
            {
                reader.outcome(command, events);
                if (command.type() == CommandType.NEW_ORDER && events.get(0).type() == EventType.ACCEPTED)
                {
                    accepted.merge(command.clOrdId().toString(), 1, Integer::sum);
                }
            }
        }
        return accepted;
    }

    /**
     * @param journal a member's audit journal.
     * @param prefix  the start of the ClOrdIDs looked for.
     * @return how many outcomes in its {@code events} answer a command whose ClOrdID starts with {@code prefix}.
     */
    static long outcomesFor(final JournalContext journal, final String prefix)
    {
        long count = 0;
        final Command command = new Command();
        final EventLog events = new EventLog();
        try (EventReader reader = EventReader.open(journal.events()))
        {
            while (reader.next())
            {
                reader.outcome(command, events);
                if (command.clOrdId().toString().startsWith(prefix))
                {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * @param journal a member's audit journal.
     * @return how many outcomes its {@code events} holds (any command).
     */
    static long outcomeCount(final JournalContext journal)
    {
        long count = 0;
        try (EventReader reader = EventReader.open(journal.events()))
        {
            while (reader.next())
            {
                count++;
            }
        }
        return count;
    }
}
