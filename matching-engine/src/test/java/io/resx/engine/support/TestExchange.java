package io.resx.engine.support;

import io.resx.engine.matching.BookView;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.matching.OrderBook;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.text.AsciiKey;
import io.resx.risk.AccountRegistry;
import io.resx.risk.ClearingRisk;
import io.resx.risk.RiskStage;

import java.util.ArrayList;
import java.util.List;

import static io.resx.engine.support.Commands.account;
import static io.resx.engine.support.Commands.list;

/**
 * A {@link MatchingEngine} driven the way the pipeline drives it (each command stamped with the next sequence
 * number, one reused {@link EventLog}), with its events handed back as {@link Ev} copies or readable strings.
 * <p>
 * {@link #standard()} gives the market most tests start from: instruments {@code SYM} (tick 0.01, lot 1),
 * {@code ALT} (tick 0.05, lot 0.1) and {@code OTH} (tick 0.01, lot 1); accounts {@code A1} and {@code A2} of
 * owner {@code OA}, {@code B1} of owner {@code OB}, {@code C1} of owner {@code OC}.
 */
public final class TestExchange
{
    private final MatchingEngine engine;
    private final EventLog events = new EventLog();
    private long sequence;
    private long nowNs = -1;

    /**
     * @param engine the engine to drive.
     */
    public TestExchange(final MatchingEngine engine)
    {
        this.engine = engine;
    }

    /** @return an empty exchange: no instruments, no accounts. */
    public static TestExchange empty()
    {
        return new TestExchange(new MatchingEngine(new AccountRegistry(), RiskStage.NONE, 64));
    }

    /** @return the standard market described in the class comment. */
    public static TestExchange standard()
    {
        return standard(empty());
    }

    /** @return the standard market with the clearing risk stage: accounts hold nothing until deposits. */
    public static TestExchange standardWithRisk()
    {
        final AccountRegistry accounts = new AccountRegistry();
        return standard(new TestExchange(new MatchingEngine(accounts, new ClearingRisk(accounts, 64), 64)));
    }

    private static TestExchange standard(final TestExchange exchange)
    {
        exchange.given(
            list("SYM", "0.01", "1"),
            list("ALT", "0.05", "0.1"),
            list("OTH", "0.01", "1"),
            account("A1", "OA"),
            account("A2", "OA"),
            account("B1", "OB"),
            account("C1", "OC"));
        return exchange;
    }

    /**
     * Sets the exchange clock: every later command is stamped with this time, as the sequencer would stamp it
     * (until then a command's stamp is its sequence number, nanoseconds after the epoch: before every slot).
     *
     * @param now the moment.
     * @return this exchange.
     */
    public TestExchange at(final java.time.Instant now)
    {
        nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return this;
    }

    /** @return the engine. */
    public MatchingEngine engine()
    {
        return engine;
    }

    /**
     * Processes commands that a test's setup expects to succeed.
     *
     * @param commands commands, in order.
     * @return this exchange.
     * @throws AssertionError when one is rejected.
     */
    public TestExchange given(final Command... commands)
    {
        for (final Command command : commands)
        {
            final List<Ev> outcome = process(command);
            if (outcome.get(0).type() != EventType.ACCEPTED)
            {
                throw new AssertionError("setup command refused: " + outcome);
            }
        }
        return this;
    }

    /**
     * @param command a command; stamped here with the next sequence number.
     * @return the events it caused, copied.
     */
    public List<Ev> process(final Command command)
    {
        ++sequence;
        command.stamp(sequence, nowNs < 0 ? sequence : nowNs);
        engine.process(command, events);
        final List<Ev> copies = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++)
        {
            copies.add(Ev.of(events.get(i)));
        }
        return copies;
    }

    /** @return the events of the last command processed, as the engine wrote them (details included). */
    public EventLog lastEvents()
    {
        return events;
    }

    /**
     * @param command a command.
     * @return the events it caused, in their short readable form.
     */
    public List<String> send(final Command command)
    {
        final List<String> text = new ArrayList<>();
        for (final Ev event : process(command))
        {
            text.add(event.toString());
        }
        return text;
    }

    /**
     * @param symbol a listed instrument.
     * @return its book.
     */
    public OrderBook book(final String symbol)
    {
        final OrderBook book = engine.book(AsciiKey.of(symbol));
        if (book == null)
        {
            throw new AssertionError("not listed: " + symbol);
        }
        return book;
    }

    /**
     * @param symbol a listed instrument.
     * @return its bids in priority order as {@code "account/clOrdId open@price"}.
     */
    public List<String> bids(final String symbol)
    {
        return queue(symbol, Side.BUY);
    }

    /**
     * @param symbol a listed instrument.
     * @return its asks in priority order as {@code "account/clOrdId open@price"}.
     */
    public List<String> asks(final String symbol)
    {
        return queue(symbol, Side.SELL);
    }

    private List<String> queue(final String symbol, final Side side)
    {
        final OrderBook book = book(symbol);
        final String broken = BookView.inconsistency(book, side);
        if (broken != null)
        {
            throw new AssertionError(symbol + ": " + broken);
        }
        final List<String> text = new ArrayList<>();
        for (final BookView.Resting order : BookView.orders(book, side))
        {
            text.add(order.account() + "/" + order.clOrdId() + " " +
                FixedPoint.toString(order.open(), book.qtyDecimals()) + "@" +
                FixedPoint.toString(order.price(), book.priceDecimals()));
        }
        return text;
    }
}
