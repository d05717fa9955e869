package io.resx.server.batch;

import io.resx.engine.matching.BookSide;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.matching.OrderBook;
import io.resx.engine.matching.PriceLevel;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;

/**
 * The readable end-of-run report of {@code resx batch}: counts taken from the events as they are published,
 * and last prices and book tops read from the engine once the pipeline has stopped.
 */
final class BatchSummary
{
    /** Instruments listed in the table at most; the events file has the rest. */
    static final int MAX_ROWS = 30;

    private final Map<RejectReason, Long> rejects = new EnumMap<>(RejectReason.class);
    private final Map<CancelReason, Long> cancels = new EnumMap<>(CancelReason.class);
    private long commands;
    private long accepted;
    private long trades;

    /**
     * Counts one command's events; called on the publisher thread.
     *
     * @param events the command's events.
     */
    void count(final EventLog events)
    {
        commands++;
        for (int i = 0, n = events.size(); i < n; i++)
        {
            final EngineEvent event = events.get(i);
            if (event.type() == EventType.ACCEPTED)
            {
                accepted++;
            }
            else if (event.type() == EventType.REJECTED)
            {
                rejects.merge(event.reason(), 1L, Long::sum);
            }
            else if (event.type() == EventType.TRADE)
            {
                trades++;
            }
            else if (event.type() == EventType.CANCELLED)
            {
                cancels.merge(event.cancelReason(), 1L, Long::sum);
            }
        }
    }

    /** @return commands counted. */
    long commands()
    {
        return commands;
    }

    /** @return trades counted. */
    long trades()
    {
        return trades;
    }

    /**
     * Prints the report; call only after the pipeline has stopped, since it reads the engine's books.
     *
     * @param engine    the stopped engine.
     * @param eventsOut where the events were written.
     * @param elapsedNs wall time of the run.
     * @param out       where to print.
     */
    void print(final MatchingEngine engine, final String eventsOut, final long elapsedNs, final PrintWriter out)
    {
        final long rejected = commands - accepted;
        out.printf("ResX batch: %,d commands (%,d accepted, %,d rejected), %,d trades, in %.2f s%n",
            commands, accepted, rejected, trades, elapsedNs / 1e9);
        out.printf("Events: %s%n", eventsOut);
        if (!rejects.isEmpty())
        {
            out.printf("Rejected by reason: %s%n", join(rejects));
        }
        if (!cancels.isEmpty())
        {
            out.printf("Cancelled by reason: %s%n", join(cancels));
        }
        out.println();

        int active = 0;
        for (int i = 0; i < engine.bookCount(); i++)
        {
            final OrderBook book = engine.book(i);
            if (book.tradeCount() > 0 || book.bids().depth() > 0 || book.asks().depth() > 0)
            {
                active++;
            }
        }
        out.printf("%,d instruments listed, %,d with trades or open orders; %,d orders open.%n",
            engine.bookCount(), active, engine.openOrderCount());
        if (active == 0)
        {
            return;
        }
        final String row = "%-48s %7s %13s %22s %22s%n";
        out.printf(row, "Instrument", "Trades", "Last price", "Best bid (qty @ price)", "Best ask (price @ qty)");
        int printed = 0;
        for (int i = 0; i < engine.bookCount() && printed < MAX_ROWS; i++)
        {
            final OrderBook book = engine.book(i);
            if (book.tradeCount() == 0 && book.bids().depth() == 0 && book.asks().depth() == 0)
            {
                continue;
            }
            printed++;
            out.printf(row, book.symbol(), book.tradeCount(),
                book.tradeCount() == 0 ? "-" : FixedPoint.toString(book.lastPrice(), book.priceDecimals()),
                top(book, book.bids(), true), top(book, book.asks(), false));
        }
        if (active > printed)
        {
            out.printf("... and %,d more active instruments: ask with {\"cmd\":\"book\",\"symbol\":...}%n",
                active - printed);
        }
    }

    private static String top(final OrderBook book, final BookSide side, final boolean qtyFirst)
    {
        final PriceLevel best = side.best();
        if (best == null)
        {
            return "-";
        }
        final String price = FixedPoint.toString(best.price(), book.priceDecimals());
        final String qty = FixedPoint.toString(best.openQty(), book.qtyDecimals());
        return qtyFirst ? qty + " @ " + price : price + " @ " + qty;
    }

    private static String join(final Map<? extends Enum<?>, Long> counts)
    {
        final StringBuilder text = new StringBuilder();
        counts.forEach((reason, count) -> text.append(text.length() == 0 ? "" : ", ").append(reason).append(' ')
            .append(count));
        return text.toString();
    }
}
