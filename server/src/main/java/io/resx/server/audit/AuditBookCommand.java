package io.resx.server.audit;

import io.resx.gateway.common.marketdata.BookBuilder;
import io.resx.gateway.common.marketdata.L2Book;
import io.resx.gateway.common.marketdata.MarketDataListener;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.EventLog;
import io.resx.replay.EventReader;
import java.util.ArrayList;
import java.util.List;
import io.resx.engine.node.StandardEngine;
import io.resx.engine.matching.BookSide;
import io.resx.engine.matching.Order;
import io.resx.engine.matching.OrderBook;
import io.resx.engine.matching.PriceLevel;
import io.resx.engine.recovery.Recovery;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.text.AsciiKey;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalException;
import io.resx.server.journal.JournalErrors;
import io.resx.server.journal.JournalOptions;
import io.resx.server.journal.JournalRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code resx audit book}: the book of one instrument right after a given command, every resting order in
 * queue order (order id, account, ClOrdID, open quantity), rebuilt from the newest snapshot before that
 * point plus the journal.
 */
@Command(name = "book", mixinStandardHelpOptions = true,
    description = "Prints an instrument's book, order by order, as it was at a sequence number or time.")
public final class AuditBookCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalOptions journal;

    @Option(names = "--symbol", paramLabel = "S", required = true, description = "The instrument.")
    private String symbol;

    @Option(names = "--at", paramLabel = "SEQ|TIME", required = true,
        description = "Right after this sequence number, or after the last command at or before this ISO-8601 " +
            "UTC time.")
    private String at;

    @Option(names = "--recompute", description = "Rebuild the book by replaying the commands through the engine " +
        "(from the newest snapshot before it) instead of reading the events queue.")
    private boolean recompute;

    @Override
    public Integer call()
    {
        return JournalErrors.run("resx audit book", spec.commandLine().getErr(), () ->
        {
            JournalErrors.requireJournal(journal);
            final JournalContext context = journal.context();
            final JournalRange range = JournalRange.scan(context);
            final long sequence = range.resolve("--at", at, false);
            final PrintWriter out = spec.commandLine().getOut();
            if (!recompute && AuditOutcomes.covers(context.events(), sequence))
            {
                fromEvents(context, sequence, out);
            }
            else
            {
                recomputed(context, sequence, out);
            }
            return 0;
        });
    }

    /** The book as the outcomes up to {@code sequence} leave it: nothing recomputed. */
    private void fromEvents(final JournalContext context, final long sequence, final PrintWriter out)
    {
        final BookBuilder books = new BookBuilder();
        final io.resx.protocol.command.Command command = new io.resx.protocol.command.Command();
        final EventLog events = new EventLog();
        long timestampNs = 0;
        try (EventReader reader = EventReader.open(context.events()))
        {
            while (reader.sequence() < sequence && reader.next())
            {
                reader.outcome(command, events);
                books.apply(command, events, MarketDataListener.NONE);
                timestampNs = reader.timestampNs();
            }
        }
        final L2Book book = books.book(symbol);
        if (book == null || book.expired())
        {
            throw notListed(sequence);
        }
        header(out, sequence, timestampNs, book.tick(), book.lot(), book.priceDecimals(), book.qtyDecimals(),
            book.tradeCount(), book.lastQty(), book.lastPrice());
        final List<BookBuilder.RestingView> orders = books.restingOrders(symbol);
        for (final Side side : new Side[] {Side.BUY, Side.SELL})
        {
            final List<List<BookBuilder.RestingView>> levels = new ArrayList<>();
            for (final BookBuilder.RestingView order : orders)
            {
                if (order.side() != side)
                {
                    continue;
                }
                if (levels.isEmpty() || levels.get(levels.size() - 1).get(0).price() != order.price())
                {
                    levels.add(new ArrayList<>());
                }
                levels.get(levels.size() - 1).add(order);
            }
            out.printf("%s (best first): %d levels%n", side == Side.BUY ? "Bids" : "Asks", levels.size());
            for (final List<BookBuilder.RestingView> level : levels)
            {
                long qty = 0;
                for (final BookBuilder.RestingView order : level)
                {
                    qty += order.open();
                }
                out.printf("  %s  qty %s in %d orders:", FixedPoint.toString(level.get(0).price(), book.priceDecimals()),
                    FixedPoint.toString(qty, book.qtyDecimals()), level.size());
                for (final BookBuilder.RestingView order : level)
                {
                    out.printf(" #%d %s/%s %s", order.orderId(), order.account(), order.clOrdId(),
                        FixedPoint.toString(order.open(), book.qtyDecimals()));
                }
                out.println();
            }
        }
    }

    /** The book of the engine state rebuilt at {@code sequence} (newest snapshot before it, then the journal). */
    private void recomputed(final JournalContext context, final long sequence, final PrintWriter out)
    {
        final Recovery.Recovered state = Recovery.load(context, StandardEngine.FACTORY, sequence, false, null);
        final OrderBook book = state.engine().book(AsciiKey.of(symbol));
        if (book == null)
        {
            throw notListed(sequence);
        }
        header(out, sequence, state.position().timestampNs(), book.tick(), book.lot(), book.priceDecimals(),
            book.qtyDecimals(), book.tradeCount(), book.lastQty(), book.tradeCount() == 0 ? 0 : book.lastPrice());
        print("Bids", book, book.bids(), out);
        print("Asks", book, book.asks(), out);
    }

    private JournalException notListed(final long sequence)
    {
        return new JournalException(JournalException.Kind.OUT_OF_RANGE, "instrument " + symbol +
            " is not listed after sequence " + sequence);
    }

    private void header(final PrintWriter out, final long sequence, final long timestampNs, final long tick,
        final long lot, final int priceDecimals, final int qtyDecimals, final long trades, final long lastQty,
        final long lastPrice)
    {
        out.printf("Book %s after sequence %d (%s): tick %s, lot %s; %,d trades, last %s%n", symbol, sequence,
            JournalRange.instant(timestampNs), FixedPoint.toString(tick, priceDecimals),
            FixedPoint.toString(lot, qtyDecimals), trades,
            trades == 0 ? "-" : FixedPoint.toString(lastQty, qtyDecimals) + " @ " +
                FixedPoint.toString(lastPrice, priceDecimals));
    }

    private static void print(final String title, final OrderBook book, final BookSide side, final PrintWriter out)
    {
        out.printf("%s (best first): %d levels%n", title, side.depth());
        for (int rank = 0; rank < side.depth(); rank++)
        {
            final PriceLevel level = side.level(rank);
            out.printf("  %s  qty %s in %d orders:", FixedPoint.toString(level.price(), book.priceDecimals()),
                FixedPoint.toString(level.openQty(), book.qtyDecimals()), level.orderCount());
            for (Order order = level.head(); order != null; order = order.next())
            {
                out.printf(" #%d %s/%s %s", order.orderId(), order.account().id(), order.clOrdId(),
                    FixedPoint.toString(order.open(), book.qtyDecimals()));
            }
            out.println();
        }
    }
}
