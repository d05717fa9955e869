package io.resx.server.audit;

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

    @Override
    public Integer call()
    {
        return JournalErrors.run("resx audit book", spec.commandLine().getErr(), () ->
        {
            JournalErrors.requireJournal(journal);
            final JournalContext context = journal.context();
            final JournalRange range = JournalRange.scan(context);
            final long sequence = range.resolve("--at", at, false);
            final Recovery.Recovered state = Recovery.load(context, StandardEngine.FACTORY, sequence,
                false, null);
            final OrderBook book = state.engine().book(AsciiKey.of(symbol));
            if (book == null)
            {
                throw new JournalException(JournalException.Kind.OUT_OF_RANGE, "instrument " + symbol +
                    " is not listed after sequence " + sequence);
            }
            final PrintWriter out = spec.commandLine().getOut();
            out.printf("Book %s after sequence %d (%s): tick %s, lot %s; %,d trades, last %s%n", symbol, sequence,
                JournalRange.instant(state.position().timestampNs()),
                FixedPoint.toString(book.tick(), book.priceDecimals()),
                FixedPoint.toString(book.lot(), book.qtyDecimals()), book.tradeCount(),
                book.tradeCount() == 0 ? "-" : FixedPoint.toString(book.lastQty(), book.qtyDecimals()) + " @ " +
                    FixedPoint.toString(book.lastPrice(), book.priceDecimals()));
            print("Bids", book, book.bids(), out);
            print("Asks", book, book.asks(), out);
            return 0;
        });
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
