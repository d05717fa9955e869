package io.resx.server.audit;

import io.resx.engine.pipeline.EventSink;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalException;
import io.resx.server.journal.JournalErrors;
import io.resx.server.journal.JournalOptions;
import io.resx.server.journal.JournalRange;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code resx audit orders}: the life of every order of one account, CAT-style: for each order, in the order
 * the account placed them, every event with the sequencer's time and the command's sequence number — new,
 * replace, cancel, fill (with the counterparty account and trade id), and the requests that were rejected.
 * The whole journal is replayed from its first command, so nothing before a snapshot is missed.
 */
@CommandLine.Command(name = "orders", mixinStandardHelpOptions = true,
    description = "Prints the life of every order of an account: new, replace, cancel, fill, with timestamps.")
public final class AuditOrdersCommand implements Callable<Integer>
{
    private static final String ROW = "%-30s %8s  %-9s %s%n";

    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOptions journal;

    @Option(names = "--account", paramLabel = "A", required = true, description = "The account.")
    private String account;

    @Option(names = "--recompute", description = "Replay the commands through the engine instead of reading the " +
        "events queue.")
    private boolean recompute;

    private final Map<Long, List<String>> lives = new LinkedHashMap<>();
    private final Map<Long, String> titles = new LinkedHashMap<>();
    private final List<String> refused = new ArrayList<>();
    private boolean opened;

    @Override
    public Integer call()
    {
        return JournalErrors.run("resx audit orders", spec.commandLine().getErr(), () ->
        {
            JournalErrors.requireJournal(journal);
            final JournalContext context = journal.context();
            final JournalRange range = JournalRange.scan(context);
            final String source = AuditOutcomes.run(context, range.firstSequence(), range.lastSequence(), recompute,
                collector(), "resx audit orders", spec.commandLine().getErr());
            if (!opened)
            {
                throw new JournalException(JournalException.Kind.OUT_OF_RANGE, "account " + account +
                    " is never opened in the journal (sequences " + range.firstSequence() + " to " +
                    range.lastSequence() + ")");
            }
            final PrintWriter out = spec.commandLine().getOut();
            out.printf("Orders of account %s in %s, sequences %d to %d (%s): %d orders, %d refused requests%n",
                account, context.directory(), range.firstSequence(), range.lastSequence(), source, lives.size(),
                refused.size());
            for (final Map.Entry<Long, List<String>> life : lives.entrySet())
            {
                out.println();
                out.println(titles.get(life.getKey()));
                out.printf(ROW, "time", "seq", "event", "details");
                life.getValue().forEach(out::print);
            }
            if (!refused.isEmpty())
            {
                out.println();
                out.println("Refused requests");
                out.printf(ROW, "time", "seq", "event", "details");
                refused.forEach(out::print);
            }
            // the rows are printed with print, which does not flush a PrintWriter even with auto-flush on: picocli's
            // standard out buffers, and an exit right after would lose the last table
            out.flush();
            return 0;
        });
    }

    private EventSink collector()
    {
        return (final Command command, final EventLog events) ->
        {
            final String time = JournalRange.instant(command.timestampNs()).toString();
            for (int i = 0; i < events.size(); i++)
            {
                final EngineEvent e = events.get(i);
                switch (e.type())
                {
                    case ACCEPTED:
                        if (e.command() == CommandType.ACCOUNT && e.account().toString().equals(account))
                        {
                            opened = true;
                        }
                        else if (isOrderCommand(e.command()) && e.account().toString().equals(account))
                        {
                            accepted(time, command, e);
                        }
                        break;
                    case REJECTED:
                        if (isOrderCommand(e.command()) && command.account().toString().equals(account))
                        {
                            refused.add(String.format(ROW, time, command.sequence(), "REJECTED",
                                e.command() + " clOrdId " + command.clOrdId() + ": " + e.reason() +
                                    (e.legIndex() >= 0 ? " (leg " + e.legIndex() + ")" : "")));
                        }
                        break;
                    case TRADE:
                        if (e.buyAccount().toString().equals(account))
                        {
                            fill(time, e, e.buyOrderId(), "BUY", e.sellAccount().toString());
                        }
                        if (e.sellAccount().toString().equals(account))
                        {
                            fill(time, e, e.sellOrderId(), "SELL", e.buyAccount().toString());
                        }
                        break;
                    case CANCELLED:
                        if (e.account().toString().equals(account))
                        {
                            add(e.orderId(), String.format(ROW, time, e.sequence(), "CANCELLED", e.cancelReason() +
                                ", leaves " + FixedPoint.toString(e.leavesQty(), e.qtyDecimals())));
                        }
                        break;
                    case REPLACED:
                        if (e.account().toString().equals(account))
                        {
                            add(e.orderId(), String.format(ROW, time, e.sequence(), "REPLACED", "clOrdId " +
                                e.origClOrdId() + " -> " + e.clOrdId() + ", price " +
                                FixedPoint.toString(e.price(), e.priceDecimals()) + ", qty " +
                                FixedPoint.toString(e.qty(), e.qtyDecimals())));
                        }
                        break;
                    default:
                        break;
                }
            }
        };
    }

    private void accepted(final String time, final Command command, final EngineEvent e)
    {
        final long orderId = e.orderId();
        if (command.type() == CommandType.NEW_ORDER || command.type() == CommandType.BUNDLE)
        {
            titles.put(orderId, "Order " + orderId + " (" + command.clOrdId() + ")" +
                (command.type() == CommandType.BUNDLE ? ", bundle of " + command.legCount() + " legs" :
                ", " + command.symbol()));
            final String what = command.type() == CommandType.BUNDLE ? "bundle" : command.side() + " " +
                command.orderType() + " " + command.timeInForce() + (command.postOnly() ? " post-only" : "") +
                (command.price() == Command.ABSENT ? "" : " price " + plain(command.price())) + " qty " +
                plain(command.qty());
            add(orderId, String.format(ROW, time, command.sequence(), "NEW", what));
        }
        else
        {
            add(orderId, String.format(ROW, time, command.sequence(), command.type() == CommandType.CANCEL ?
                "CANCEL" : "REPLACE", "request " + command.clOrdId() + " accepted"));
        }
    }

    private void fill(final String time, final EngineEvent e, final long orderId, final String side,
        final String counterparty)
    {
        add(orderId, String.format(ROW, time, e.sequence(), "FILL", side + " " +
            FixedPoint.toString(e.qty(), e.qtyDecimals()) + " @ " + FixedPoint.toString(e.price(), e.priceDecimals()) +
            ", trade " + e.tradeId() + " with " + counterparty));
    }

    private void add(final long orderId, final String row)
    {
        lives.computeIfAbsent(orderId, id -> new ArrayList<>()).add(row);
        titles.putIfAbsent(orderId, "Order " + orderId);
    }

    private static String plain(final long fixedPoint)
    {
        if (fixedPoint == Command.ABSENT)
        {
            return "-";
        }
        final String text = FixedPoint.toString(fixedPoint, FixedPoint.SCALE);
        return text.indexOf('.') < 0 ? text : text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static boolean isOrderCommand(final CommandType type)
    {
        return type == CommandType.NEW_ORDER || type == CommandType.CANCEL || type == CommandType.REPLACE ||
            type == CommandType.BUNDLE;
    }
}
