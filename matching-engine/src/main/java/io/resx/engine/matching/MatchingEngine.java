package io.resx.engine.matching;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.BundleLeg;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.text.AsciiKey;
import io.resx.risk.Account;
import io.resx.risk.AccountRegistry;
import io.resx.risk.OrderCanceller;
import io.resx.risk.Owner;
import io.resx.risk.RiskStage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deterministic state machine at the heart of ResX: instruments, accounts and order books, changed only
 * by {@link #process}. Every command yields exactly one ACCEPTED or REJECTED event, followed by the trades,
 * cancels and replaces it caused; bad input becomes a reject with a specific reason, never an exception.
 * <p>
 * Single writer: one thread calls {@link #process}; nothing else touches the state while it runs. The engine
 * reads no clock, uses no randomness, does no I/O, and after warm-up allocates nothing per order command
 * (orders and price levels are pooled, look-ups probe with the command's own keys). Listing an instrument or
 * opening an account allocates: those are reference-data commands, not the trading hot path.
 * <p>
 * Instruments live in time, and the only time is each command's sequencer stamp ({@link Command#timestampNs()},
 * journaled): an order, replace or bundle leg stamped at or after a book's gate closure is refused
 * {@code INSTRUMENT_CLOSED}, after its slot's end {@code INSTRUMENT_EXPIRED}; a TICK command closes the books whose
 * gate closure has come (resting orders cancelled {@code EXPIRED}) and drops the books whose slot has ended, so
 * those steps happen at a fixed point of the journal and replay exactly.
 */
public final class MatchingEngine
{
    private final AccountRegistry accounts;
    private final RiskStage risk;
    private final Map<AsciiKey, OrderBook> booksBySymbol = new HashMap<>();
    private final List<OrderBook> books = new ArrayList<>();
    private final OrderPool pool;
    private final OpenOrderIndex openOrders;
    private final OutcomeWriter out = new OutcomeWriter();
    private final Matcher matcher;
    private final OrderBook[] legBooks = new OrderBook[Command.MAX_LEGS];
    private final OrderCanceller canceller = this::cancelAll;
    private final ShareClearing shareClearing;
    private final ClOrdIdWindow clOrdIds;
    private final DeadManSwitches deadMen = new DeadManSwitches();
    private Order[] doomed = new Order[64];
    private long lastOrderId;

    /**
     * @param accounts      accounts and owners, owned by the same thread as this engine.
     * @param risk          the checks before and after matching.
     * @param expectedOrders open orders to pre-allocate for.
     */
    public MatchingEngine(final AccountRegistry accounts, final RiskStage risk, final int expectedOrders)
    {
        this(accounts, risk, expectedOrders, ClOrdIdWindow.DEFAULT_WINDOW_NS);
    }

    /**
     * @param accounts       accounts and owners, owned by the same thread as this engine.
     * @param risk           the checks before and after matching.
     * @param expectedOrders open orders to pre-allocate for.
     * @param clOrdIdWindowNs how long an accepted order's ClOrdID stays taken for its account, nanoseconds of
     *                       exchange time (0: only while the order is open). Part of the engine's definition: a
     *                       journal replays to the same events only with the same window.
     */
    public MatchingEngine(final AccountRegistry accounts, final RiskStage risk, final int expectedOrders,
        final long clOrdIdWindowNs)
    {
        this(accounts, risk, expectedOrders, clOrdIdWindowNs, ClOrdIdWindow.DEFAULT_MAX_ENTRIES);
    }

    /**
     * @param accounts             accounts and owners, owned by the same thread as this engine.
     * @param risk                 the checks before and after matching.
     * @param expectedOrders       open orders to pre-allocate for.
     * @param clOrdIdWindowNs      how long an accepted order's ClOrdID stays taken for its account, nanoseconds of
     *                             exchange time (0: only while the order is open).
     * @param clOrdIdWindowEntries the most ClOrdIDs the window holds: one more drops the oldest. Both are part of the
     *                             engine's definition: a journal replays to the same events only with the same
     *                             window.
     */
    public MatchingEngine(final AccountRegistry accounts, final RiskStage risk, final int expectedOrders,
        final long clOrdIdWindowNs, final int clOrdIdWindowEntries)
    {
        this.clOrdIds = new ClOrdIdWindow(clOrdIdWindowNs, clOrdIdWindowEntries, accounts);
        this.accounts = accounts;
        this.risk = risk;
        this.pool = new OrderPool(expectedOrders);
        this.openOrders = new OpenOrderIndex(expectedOrders);
        this.matcher = new Matcher(pool, openOrders, out);
        this.shareClearing = new ShareClearing(accounts, risk, matcher);
    }

    /**
     * Applies one command.
     *
     * @param command a sequenced command.
     * @param events  cleared, then filled with what the command caused, in order.
     */
    public void process(final Command command, final EventLog events)
    {
        out.begin(command, events);
        switch (command.type())
        {
            case NEW_ORDER:
                newOrder(command);
                break;
            case CANCEL:
                cancel(command);
                break;
            case REPLACE:
                replace(command);
                break;
            case BUNDLE:
                bundle(command);
                break;
            case BOOK:
                book(command);
                break;
            case LIST:
                list(command);
                break;
            case HALT:
                halt(command);
                break;
            case TICK:
                tick(command);
                break;
            case SHARE_RULE:
                shareRule(command);
                break;
            case USE:
                use(command);
                break;
            case MASS_CANCEL:
                massCancel(command);
                break;
            case CANCEL_ALL_AFTER:
                cancelAllAfter(command);
                break;
            case ACCOUNT:
                account(command);
                break;
            case OWNER:
                owner(command);
                break;
            case DEPOSIT:
            case WITHDRAW:
            case LIMITS:
            case BALANCES:
            case SETTLEMENT_FAILED:
            case KILL:
            case GROUP:
            case BAND:
            case CAP:
            case DEFAULT_FUND:
            case BATCH_SETTLED:
            case SETTLEMENT_CUT:
            case SETTLEMENT_REFUSED:
                risk.command(command, events, canceller);
                break;
            default:
                out.invalid();
                break;
        }
        risk.postTrade(command, events);
    }

    /** @return listed instruments. */
    public int bookCount()
    {
        return books.size();
    }

    /**
     * @param instrumentId 0-based, in listing order.
     * @return the instrument's book.
     */
    public OrderBook book(final int instrumentId)
    {
        return books.get(instrumentId);
    }

    /**
     * @param symbol an instrument symbol.
     * @return its book, or null when not listed.
     */
    public OrderBook book(final AsciiKey symbol)
    {
        return booksBySymbol.get(symbol);
    }

    /** @return the accounts and owners. */
    public AccountRegistry accounts()
    {
        return accounts;
    }

    /** @return the risk stage the engine calls around matching (its state is a snapshot section of its own). */
    public RiskStage risk()
    {
        return risk;
    }

    /** @return orders resting in all books. */
    public int openOrderCount()
    {
        return openOrders.size();
    }

    /**
     * @param account an account.
     * @return its dead-man deadline in exchange nanoseconds, or {@link DeadManSwitches#DISARMED}: what a restarted
     *     node's market clock must tick at.
     */
    public long deadManDeadlineNs(final Account account)
    {
        return deadMen.deadlineNs(account);
    }

    /** @return ClOrdIDs held in the idempotency window. */
    public int clOrdIdsHeld()
    {
        return clOrdIds.size();
    }

    /** @return orders ever created by the pool: stops growing once the engine is warm. */
    public int pooledOrdersCreated()
    {
        return pool.created();
    }

    // Snapshot support for EngineStateCodec: the counters and structures a restored engine must carry on with.

    long lastOrderId()
    {
        return lastOrderId;
    }

    void lastOrderId(final long lastOrderId)
    {
        this.lastOrderId = lastOrderId;
    }

    Matcher matcher()
    {
        return matcher;
    }

    OrderPool pool()
    {
        return pool;
    }

    OpenOrderIndex openOrders()
    {
        return openOrders;
    }

    ClOrdIdWindow clOrdIds()
    {
        return clOrdIds;
    }

    DeadManSwitches deadMen()
    {
        return deadMen;
    }

    void addBook(final OrderBook book)
    {
        books.add(book);
        booksBySymbol.put(book.symbol(), book);
    }

    /**
     * @param command an order-entry command.
     * @return the account it acts for, or null after rejecting it {@code UNKNOWN_ACCOUNT}.
     */
    private Account actingAccount(final Command command)
    {
        final Account account = accounts.account(command.account());
        if (account == null)
        {
            out.rejected(RejectReason.UNKNOWN_ACCOUNT);
        }
        return account;
    }

    private void newOrder(final Command command)
    {
        final Account account = actingAccount(command);
        if (account == null)
        {
            return;
        }
        clOrdIds.prune(command.timestampNs());
        final ClOrdIdWindow.Entry earlier = command.clOrdId().isEmpty() ? null : clOrdIds.find(account, command.clOrdId());
        if (earlier != null)
        {
            if (earlier.sameFields(command))
            {
                out.retried(earlier.orderId);
            }
            else
            {
                out.rejected(RejectReason.DUPLICATE_CLORDID);
            }
            return;
        }
        final OrderBook book = booksBySymbol.get(command.symbol());
        final boolean market = command.orderType() == OrderType.MARKET;
        final TimeInForce tif = command.timeInForce();
        final RejectReason invalid = validateNewOrder(command, account, book, market, tif);
        if (invalid != null)
        {
            out.rejected(invalid);
            return;
        }
        final RejectReason refused = risk.preTrade(command, account);
        if (refused != null)
        {
            out.rejected(refused);
            return;
        }

        final long orderId = ++lastOrderId;
        out.accepted(orderId);
        clOrdIds.record(account, command, orderId);
        final Order order = pool.acquire();
        // A market order with a protection price trades like a limit at that price; only its rest is dropped.
        final boolean protectedMarket = market && command.protectionPrice() != Command.ABSENT;
        final boolean unlimited = market && !protectedMarket;
        order.init(orderId, account, command.clOrdId(), command.side(),
            protectedMarket ? command.protectionPrice() : market ? 0 : command.price(), command.qty(),
            command.postOnly());
        order.sessionTag = command.sessionTag();

        if (tif == TimeInForce.FOK && !fillableInFull(book, order, unlimited, command.budget()))
        {
            out.cancelled(book, order, CancelReason.FOK);
            pool.release(order);
        }
        else
        {
            final int stop = matcher.match(book, order, unlimited);
            if (order.open() == 0)
            {
                pool.release(order);
            }
            else if (stop == Matcher.SELF_TRADE)
            {
                dropRest(book, order, CancelReason.STP);
            }
            else if (market)
            {
                dropRest(book, order, CancelReason.MARKET);
            }
            else if (tif == TimeInForce.IOC)
            {
                dropRest(book, order, CancelReason.IOC);
            }
            else
            {
                matcher.restNew(book, order);
            }
        }
    }

    /**
     * Whether a FOK order would fill in full now, within its limit and, when it has one, its budget: a buy's
     * total cost at most the budget, a sell's total proceeds at least the budget.
     */
    private boolean fillableInFull(final OrderBook book, final Order order, final boolean market, final long budget)
    {
        if (matcher.available(book, order.side, order.price, market, order.account.owner(), order.qty) < order.qty)
        {
            return false;
        }
        if (budget == Command.ABSENT)
        {
            return true;
        }
        return order.side == Side.BUY ? matcher.availableCash() <= budget : matcher.availableCash() >= budget;
    }

    private RejectReason validateNewOrder(
        final Command command, final Account account, final OrderBook book, final boolean market,
        final TimeInForce tif)
    {
        if (command.clOrdId().isEmpty())
        {
            return RejectReason.MISSING_FIELD;
        }
        if (book == null)
        {
            return command.symbol().isEmpty() ? RejectReason.MISSING_FIELD :
                unlisted(command.symbol(), command.timestampNs());
        }
        final RejectReason timeProblem = tradingProblem(book, command.timestampNs());
        if (timeProblem != null)
        {
            return timeProblem;
        }
        final RejectReason qtyProblem = checkQty(command.qty(), book);
        if (qtyProblem != null)
        {
            return qtyProblem;
        }
        if (market)
        {
            if (command.price() != Command.ABSENT)
            {
                return RejectReason.PRICE_NOT_ALLOWED;
            }
            if (command.protectionPrice() != Command.ABSENT)
            {
                final RejectReason protectionProblem = checkPrice(command.protectionPrice(), book);
                if (protectionProblem != null)
                {
                    return protectionProblem;
                }
            }
        }
        else if (command.protectionPrice() != Command.ABSENT)
        {
            return RejectReason.PRICE_NOT_ALLOWED;
        }
        else
        {
            final RejectReason priceProblem = checkPrice(command.price(), book);
            if (priceProblem != null)
            {
                return priceProblem;
            }
        }
        final RejectReason budgetProblem = checkBudget(command.budget(), tif);
        if (budgetProblem != null)
        {
            return budgetProblem;
        }
        if (command.postOnly() && (market || tif != TimeInForce.GTC))
        {
            return RejectReason.POST_ONLY_NOT_RESTING;
        }
        if (openOrders.get(account, command.clOrdId()) != null)
        {
            return RejectReason.DUPLICATE_CLORDID;
        }
        if (command.postOnly() && book.side(command.side().opposite()).crossedBy(command.price()))
        {
            return RejectReason.POST_ONLY_WOULD_CROSS;
        }
        if (!market && tif == TimeInForce.GTC && wouldOverflowSide(book.side(command.side()), command.qty(), 0))
        {
            return RejectReason.QTY_OVERFLOW;
        }
        return null;
    }

    private void cancel(final Command command)
    {
        final Account account = actingAccount(command);
        if (account == null)
        {
            return;
        }
        if (command.origClOrdId().isEmpty())
        {
            out.rejected(RejectReason.MISSING_FIELD);
            return;
        }
        final Order order = openOrders.get(account, command.origClOrdId());
        if (order == null)
        {
            out.rejected(RejectReason.UNKNOWN_ORDER);
            return;
        }
        out.accepted(order.orderId);
        matcher.cancelResting(order.book, order, CancelReason.USER);
    }

    private void replace(final Command command)
    {
        final Account account = actingAccount(command);
        if (account == null)
        {
            return;
        }
        if (command.clOrdId().isEmpty() || command.origClOrdId().isEmpty() ||
            (command.price() == Command.ABSENT && command.qty() == Command.ABSENT))
        {
            out.rejected(RejectReason.MISSING_FIELD);
            return;
        }
        final Order order = openOrders.get(account, command.origClOrdId());
        if (order == null)
        {
            out.rejected(RejectReason.UNKNOWN_ORDER);
            return;
        }
        final OrderBook book = order.book;
        final RejectReason timeProblem = tradingProblem(book, command.timestampNs());
        if (timeProblem != null)
        {
            out.rejected(timeProblem);
            return;
        }
        final long newPrice = command.price() == Command.ABSENT ? order.price : command.price();
        final long newQty = command.qty() == Command.ABSENT ? order.qty : command.qty();
        final RejectReason invalid = validateReplace(command, account, order, newPrice, newQty);
        if (invalid != null)
        {
            out.rejected(invalid);
            return;
        }
        final RejectReason refused = risk.preReplace(command, account, order.orderId, newPrice, newQty);
        if (refused != null)
        {
            out.rejected(refused);
            return;
        }

        out.accepted(order.orderId);
        if (!command.clOrdId().contentEquals(command.origClOrdId()))
        {
            openOrders.remove(order);
            order.clOrdId.set(command.clOrdId());
            openOrders.put(order);
        }
        if (newQty <= order.filled)
        {
            matcher.cancelResting(book, order, CancelReason.REPLACED_TO_FILLED);
        }
        else if (newPrice == order.price && newQty - order.filled <= order.open())
        {
            // Same price and no more open quantity: the order keeps its place in the queue.
            book.reduceOpen(order, order.qty - newQty);
            order.qty = newQty;
            out.replaced(book, order, command.origClOrdId());
        }
        else
        {
            // A new price or more open quantity costs time priority; if it now crosses it trades as aggressor.
            book.unlink(order);
            order.price = newPrice;
            order.qty = newQty;
            out.replaced(book, order, command.origClOrdId());
            final int stop = matcher.match(book, order, false);
            if (order.open() == 0)
            {
                openOrders.remove(order);
                pool.release(order);
            }
            else if (stop == Matcher.SELF_TRADE)
            {
                // The order was unlinked above to re-match, so it is not in the book: cancel it as an aggressor
                // (event, index, pool). cancelResting would unlink it a second time and fail on its null level.
                out.cancelled(book, order, CancelReason.STP);
                openOrders.remove(order);
                pool.release(order);
            }
            else
            {
                book.rest(order);
            }
        }
    }

    private RejectReason validateReplace(
        final Command command, final Account account, final Order order, final long newPrice, final long newQty)
    {
        final OrderBook book = order.book;
        if (command.price() != Command.ABSENT)
        {
            final RejectReason priceProblem = checkPrice(newPrice, book);
            if (priceProblem != null)
            {
                return priceProblem;
            }
        }
        if (command.qty() != Command.ABSENT)
        {
            final RejectReason qtyProblem = checkQty(newQty, book);
            if (qtyProblem != null)
            {
                return qtyProblem;
            }
        }
        if (!command.clOrdId().contentEquals(command.origClOrdId()) &&
            openOrders.get(account, command.clOrdId()) != null)
        {
            return RejectReason.DUPLICATE_CLORDID;
        }
        if (newQty > order.filled)
        {
            if (order.postOnly && newPrice != order.price && book.side(order.side.opposite()).crossedBy(newPrice))
            {
                return RejectReason.POST_ONLY_WOULD_CROSS;
            }
            if (wouldOverflowSide(book.side(order.side), newQty - order.filled, order.open()))
            {
                return RejectReason.QTY_OVERFLOW;
            }
        }
        return null;
    }

    private void bundle(final Command command)
    {
        final Account account = actingAccount(command);
        if (account == null)
        {
            return;
        }
        if (command.clOrdId().isEmpty())
        {
            out.rejected(RejectReason.MISSING_FIELD);
            return;
        }
        final int legs = command.legCount();
        if (legs < Command.MIN_LEGS || legs > Command.MAX_LEGS)
        {
            out.rejected(RejectReason.BUNDLE_LEG_COUNT);
            return;
        }
        clOrdIds.prune(command.timestampNs());
        final ClOrdIdWindow.Entry earlier = clOrdIds.find(account, command.clOrdId());
        if (earlier != null)
        {
            // a bundle fills or fails at once, so without the window a retry after a lost answer would trade twice
            if (earlier.sameFields(command))
            {
                out.retried(earlier.orderId);
            }
            else
            {
                out.rejected(RejectReason.DUPLICATE_CLORDID);
            }
            return;
        }
        if (openOrders.get(account, command.clOrdId()) != null)
        {
            out.rejected(RejectReason.DUPLICATE_CLORDID);
            return;
        }
        for (int i = 0; i < legs; i++)
        {
            final BundleLeg leg = command.leg(i);
            final OrderBook book = booksBySymbol.get(leg.symbol());
            RejectReason problem = book == null ? unlisted(leg.symbol(), command.timestampNs()) :
                tradingProblem(book, command.timestampNs());
            if (problem == null)
            {
                problem = checkPrice(leg.price(), book);
            }
            if (problem == null)
            {
                problem = checkQty(leg.qty(), book);
            }
            for (int j = 0; problem == null && j < i; j++)
            {
                if (legBooks[j] == book)
                {
                    problem = RejectReason.BUNDLE_DUPLICATE_INSTRUMENT;
                }
            }
            if (problem != null)
            {
                out.rejectedLeg(problem, i);
                return;
            }
            legBooks[i] = book;
        }
        for (int i = 0; i < legs; i++)
        {
            final BundleLeg leg = command.leg(i);
            if (matcher.available(legBooks[i], leg.side(), leg.price(), false, account.owner(), leg.qty()) < leg.qty())
            {
                out.rejectedLeg(RejectReason.BUNDLE_LEG_UNFILLABLE, i);
                return;
            }
        }
        final RejectReason refused = risk.preTrade(command, account);
        if (refused != null)
        {
            out.rejected(refused);
            return;
        }

        final long orderId = ++lastOrderId;
        out.accepted(orderId);
        clOrdIds.record(account, command, orderId);
        for (int i = 0; i < legs; i++)
        {
            final BundleLeg leg = command.leg(i);
            final Order order = pool.acquire();
            order.init(orderId, account, command.clOrdId(), leg.side(), leg.price(), leg.qty(), false);
            // Legs are on distinct books and each was checked fillable, so each fills in full here.
            matcher.match(legBooks[i], order, false);
            pool.release(order);
        }
    }

    /**
     * @return the book the command's symbol names; null after refusing the command MISSING_FIELD (no symbol) or
     *     UNKNOWN_SYMBOL (no such book), for the commands that act on one listed book (BOOK, SHARE_RULE, HALT).
     */
    private OrderBook namedBook(final Command command)
    {
        final OrderBook book = booksBySymbol.get(command.symbol());
        if (book == null)
        {
            out.rejected(command.symbol().isEmpty() ? RejectReason.MISSING_FIELD : RejectReason.UNKNOWN_SYMBOL);
        }
        return book;
    }

    private void book(final Command command)
    {
        final OrderBook book = namedBook(command);
        if (book == null)
        {
            return;
        }
        if (command.depth() < 1 || command.depth() > EngineEvent.MAX_DEPTH)
        {
            out.rejected(RejectReason.INVALID_DEPTH);
        }
        else
        {
            out.accepted(0);
            out.book(book, command.depth());
        }
    }

    private void list(final Command command)
    {
        if (command.symbol().isEmpty() || command.tick() == Command.ABSENT || command.lot() == Command.ABSENT)
        {
            out.rejected(RejectReason.MISSING_FIELD);
        }
        else if (command.tick() <= 0)
        {
            out.rejected(RejectReason.INVALID_TICK);
        }
        else if (command.lot() <= 0)
        {
            out.rejected(RejectReason.INVALID_LOT);
        }
        else if (booksBySymbol.containsKey(command.symbol()))
        {
            out.rejected(RejectReason.DUPLICATE_SYMBOL);
        }
        else
        {
            listTimed(command);
        }
    }

    /**
     * The time rules of a listing: an instrument with a slot ends with it; its gate closure ({@code atNs}) is
     * before that end, or absent (it trades until its end); an ownership has neither. A slot that has ended, or
     * whose gate closure has passed, is not listed.
     */
    private void listTimed(final Command command)
    {
        final long nowNs = command.timestampNs();
        final long endNs = SlotTimes.endNs(command.symbol());
        final long closeNs = command.atNs() == Command.ABSENT ? endNs : command.atNs();
        if (endNs == Long.MIN_VALUE)
        {
            out.rejected(RejectReason.MALFORMED_SYMBOL);
        }
        else if (closeNs > endNs || (endNs == OrderBook.NEVER && command.atNs() != Command.ABSENT))
        {
            out.rejected(RejectReason.INVALID_TIME);
        }
        else if (nowNs >= endNs)
        {
            out.rejected(RejectReason.INSTRUMENT_EXPIRED);
        }
        else if (nowNs >= closeNs)
        {
            out.rejected(RejectReason.INSTRUMENT_CLOSED);
        }
        else
        {
            addBook(new OrderBook(books.size(), AsciiKey.of(command.symbol()), command.tick(), command.lot(),
                closeNs, endNs));
            out.accepted(0);
        }
    }

    /**
     * TICK (admin): the exchange clock reached the command's stamp. Books whose gate closure has come close (their
     * resting orders cancelled EXPIRED, then a CLOSED event); books whose slot has ended leave the engine (an
     * EXPIRED event). Walks every book: a clock command, a few per slot length, not the order path.
     */
    private void tick(final Command command)
    {
        if (!command.admin())
        {
            out.rejected(RejectReason.NOT_ADMIN);
            return;
        }
        out.accepted(0);
        final long nowNs = command.timestampNs();
        clOrdIds.prune(nowNs);
        fireDeadMen(nowNs);
        int kept = 0;
        for (int b = 0, nb = books.size(); b < nb; b++)
        {
            final OrderBook book = books.get(b);
            if (!book.closed() && nowNs >= book.closeNs())
            {
                shareClearing.clear(book); // idle units of a slot under the rule go to its resting bids first
                cancelBook(book, CancelReason.EXPIRED);
                book.closed(true);
                out.lifecycle(book, EventType.CLOSED);
            }
            if (nowNs >= book.endNs())
            {
                booksBySymbol.remove(book.symbol());
                out.lifecycle(book, EventType.EXPIRED);
            }
            else
            {
                books.set(kept++, book);
            }
        }
        for (int b = books.size() - 1; b >= kept; b--)
        {
            books.remove(b);
        }
    }

    /**
     * SHARE_RULE (admin): the engine checks what only it knows, the instrument's book and tick (the floor is a
     * positive multiple of it); the risk stage checks the rest (a spectrum ownership, the share, its beneficiary)
     * and keeps the rule.
     */
    private void shareRule(final Command command)
    {
        if (!command.admin())
        {
            out.rejected(RejectReason.NOT_ADMIN);
            return;
        }
        final OrderBook book = namedBook(command);
        if (book == null)
        {
            return;
        }
        if (book.endNs() != OrderBook.NEVER)
        {
            out.rejected(RejectReason.RULE_NOT_SPECTRUM); // a lease slot or delivery interval, not an ownership
            return;
        }
        if (command.enable())
        {
            final long floor = command.price();
            if (floor == Command.ABSENT)
            {
                out.rejected(RejectReason.MISSING_FIELD);
                return;
            }
            if (floor > FixedPoint.MAX_VALUE)
            {
                out.rejected(RejectReason.PRICE_OVERFLOW);
                return;
            }
            if (floor < book.tick())
            {
                out.rejected(RejectReason.FLOOR_BELOW_TICK);
                return;
            }
            if (floor % book.tick() != 0)
            {
                out.rejected(RejectReason.FLOOR_OFF_TICK);
                return;
            }
        }
        risk.command(command, out.events(), canceller);
    }

    /**
     * USE: an owner's own use of units of a lease slot, declared before the slot's gate closure (after it, the
     * slot's idle units have gone to its clearing: {@code USE_AFTER_GATE_CLOSURE}). The risk stage checks the units
     * are the account's and free for the slot, and commits them.
     */
    private void use(final Command command)
    {
        final Account account = actingAccount(command);
        if (account == null)
        {
            return;
        }
        final OrderBook book = booksBySymbol.get(command.symbol());
        final long nowNs = command.timestampNs();
        if (book == null)
        {
            out.rejected(command.symbol().isEmpty() ? RejectReason.MISSING_FIELD : unlisted(command.symbol(), nowNs));
            return;
        }
        if (book.endNs() == OrderBook.NEVER)
        {
            out.rejected(RejectReason.USE_NOT_LEASE_SLOT);
            return;
        }
        if (book.closedAt(nowNs))
        {
            out.rejected(nowNs >= book.endNs() ? RejectReason.INSTRUMENT_EXPIRED : RejectReason.USE_AFTER_GATE_CLOSURE);
            return;
        }
        final RejectReason qtyProblem = checkQty(command.qty(), book);
        if (qtyProblem != null)
        {
            out.rejected(qtyProblem);
            return;
        }
        risk.command(command, out.events(), canceller);
    }

    /** @return why a listed book takes no order now, or null when it trades. */
    private static RejectReason tradingProblem(final OrderBook book, final long nowNs)
    {
        if (book.closedAt(nowNs))
        {
            return nowNs >= book.endNs() ? RejectReason.INSTRUMENT_EXPIRED : RejectReason.INSTRUMENT_CLOSED;
        }
        return book.halted() ? RejectReason.BOOK_HALTED : null;
    }

    /**
     * @return why an order names a symbol no book has: its slot has ended (its book expired, or it was never
     *     listed before the end) or it is simply unknown.
     */
    private static RejectReason unlisted(final AsciiKey symbol, final long nowNs)
    {
        final long endNs = SlotTimes.endNs(symbol);
        return endNs != Long.MIN_VALUE && nowNs >= endNs ? RejectReason.INSTRUMENT_EXPIRED : RejectReason.UNKNOWN_SYMBOL;
    }

    /**
     * HALT (admin): halts ({@code enable} true) or resumes a book. Resting orders stay and may be cancelled;
     * halting a halted book (or resuming a running one) is accepted and announced again, changing nothing.
     */
    private void halt(final Command command)
    {
        if (!command.admin())
        {
            out.rejected(RejectReason.NOT_ADMIN);
            return;
        }
        final OrderBook book = namedBook(command);
        if (book == null)
        {
            return;
        }
        book.halted(command.enable());
        out.accepted(0);
        out.halted(book);
    }

    private void account(final Command command)
    {
        if (command.account().isEmpty() || command.owner().isEmpty())
        {
            out.rejected(RejectReason.MISSING_FIELD);
        }
        else if (accounts.open(command.account(), command.owner()) == null)
        {
            out.rejected(RejectReason.DUPLICATE_ACCOUNT);
        }
        else
        {
            out.accepted(0);
        }
    }

    private void owner(final Command command)
    {
        if (command.owner().isEmpty())
        {
            out.rejected(RejectReason.MISSING_FIELD);
        }
        else
        {
            accounts.stpPolicy(command.owner(), command.stpPolicy());
            out.accepted(0);
        }
    }

    /**
     * Cancels every resting order of an account, or of every account of an owner: what kill switches and
     * defaults ask for. Walks every book (an admin command, not the hot path), collecting first so that the
     * queues are not changed while walked.
     */
    private void cancelAll(final Account account, final Owner owner, final CancelReason reason)
    {
        int count = 0;
        for (int b = 0, nb = books.size(); b < nb; b++)
        {
            count = collect(books.get(b), account, owner, 0, count);
        }
        cancelDoomed(count, reason);
    }

    /**
     * MASS_CANCEL: every resting order of {@code account} (or, without one, of every account of {@code owner}),
     * on one book when {@code symbol} is given, of one connection when {@code sessionTag} is not 0. One command, so
     * the cancels are one atomic, journaled step; ACCEPTED (even when nothing matched) then one CANCELLED per order.
     */
    private void massCancel(final Command command)
    {
        Account account = null;
        Owner owner = null;
        if (!command.account().isEmpty())
        {
            account = actingAccount(command);
            if (account == null)
            {
                return;
            }
        }
        else if (!command.owner().isEmpty())
        {
            owner = accounts.owner(command.owner());
            if (owner == null)
            {
                out.rejected(RejectReason.UNKNOWN_OWNER);
                return;
            }
        }
        else
        {
            out.rejected(RejectReason.MISSING_FIELD);
            return;
        }
        final CancelReason reason = command.cancelReason();
        if (reason != CancelReason.MASS_CANCEL && reason != CancelReason.DISCONNECT)
        {
            out.rejected(RejectReason.MALFORMED);
            return;
        }
        OrderBook only = null;
        if (!command.symbol().isEmpty())
        {
            only = booksBySymbol.get(command.symbol());
            if (only == null)
            {
                out.rejected(RejectReason.UNKNOWN_SYMBOL);
                return;
            }
        }
        out.accepted(0);
        int count = 0;
        for (int b = 0, nb = books.size(); b < nb; b++)
        {
            final OrderBook book = books.get(b);
            if (only == null || book == only)
            {
                count = collect(book, account, owner, command.sessionTag(), count);
            }
        }
        cancelDoomed(count, reason);
    }

    /**
     * CANCEL_ALL_AFTER: arms {@code account}'s dead-man switch at this command's stamp plus {@code timeoutMs}
     * (replacing any earlier deadline), or disarms it for 0. The first TICK at or after the deadline cancels every
     * resting order of the account DEAD_MAN.
     */
    private void cancelAllAfter(final Command command)
    {
        final Account account = actingAccount(command);
        if (account == null)
        {
            return;
        }
        final long timeoutMs = command.timeoutMs();
        if (timeoutMs == Command.ABSENT)
        {
            out.rejected(RejectReason.MISSING_FIELD);
            return;
        }
        if (timeoutMs < 0 || timeoutMs > DeadManSwitches.MAX_TIMEOUT_MS)
        {
            out.rejected(RejectReason.INVALID_TIMEOUT);
            return;
        }
        out.accepted(0);
        if (timeoutMs == 0)
        {
            deadMen.disarm(account);
        }
        else
        {
            deadMen.arm(account, command.timestampNs() + timeoutMs * 1_000_000L);
        }
    }

    /** Cancels DEAD_MAN the orders of every account whose dead-man deadline is at or before {@code nowNs}. */
    private void fireDeadMen(final long nowNs)
    {
        if (nowNs < deadMen.earliestNs())
        {
            return;
        }
        for (int i = 0, n = accounts.accountCount(); i < n; i++)
        {
            final Account account = accounts.accountAt(i);
            if (deadMen.expired(account, nowNs))
            {
                deadMen.disarm(account);
                cancelAll(account, null, CancelReason.DEAD_MAN);
            }
        }
    }

    /** Cancels every resting order of one book (gate closure), oldest level first on each side. */
    private void cancelBook(final OrderBook book, final CancelReason reason)
    {
        cancelDoomed(collect(book, null, null, 0, 0), reason);
    }

    /**
     * Adds a book's resting orders of {@code account}, or of every account of {@code owner}, or all of them when
     * both are null, and of those only the ones placed with {@code sessionTag} when it is not 0, to {@link #doomed}
     * from {@code count} on; returns the new count.
     */
    private int collect(final OrderBook book, final Account account, final Owner owner, final long sessionTag,
        final int from)
    {
        int count = from;
        for (int s = 0; s < 2; s++)
        {
            final BookSide side = s == 0 ? book.bids() : book.asks();
            for (int rank = 0, depth = side.depth(); rank < depth; rank++)
            {
                for (Order order = side.level(rank).head; order != null; order = order.next)
                {
                    if ((account != null ? order.account == account :
                        owner == null || order.account.owner() == owner) &&
                        (sessionTag == 0 || order.sessionTag == sessionTag))
                    {
                        if (count == doomed.length)
                        {
                            doomed = Arrays.copyOf(doomed, count * 2);
                        }
                        doomed[count++] = order;
                    }
                }
            }
        }
        return count;
    }

    private void cancelDoomed(final int count, final CancelReason reason)
    {
        for (int i = 0; i < count; i++)
        {
            matcher.cancelResting(doomed[i].book, doomed[i], reason);
            doomed[i] = null;
        }
    }

    private void dropRest(final OrderBook book, final Order order, final CancelReason reason)
    {
        out.cancelled(book, order, reason);
        pool.release(order);
    }

    /**
     * Open quantity is summed per level and per side in longs; refusing what could overflow the side's sum
     * bounds every level's too, with one comparison instead of a level search.
     */
    private static boolean wouldOverflowSide(final BookSide side, final long addedOpen, final long leaving)
    {
        return side.openQty() - leaving > Long.MAX_VALUE - addedOpen;
    }

    private static RejectReason checkPrice(final long price, final OrderBook book)
    {
        if (price == Command.ABSENT)
        {
            return RejectReason.PRICE_REQUIRED;
        }
        if (price <= 0)
        {
            return RejectReason.PRICE_NOT_POSITIVE;
        }
        if (price > FixedPoint.MAX_VALUE)
        {
            return RejectReason.PRICE_OVERFLOW;
        }
        return price % book.tick() == 0 ? null : RejectReason.PRICE_OFF_TICK;
    }

    private static RejectReason checkBudget(final long budget, final TimeInForce tif)
    {
        if (budget == Command.ABSENT)
        {
            return null;
        }
        if (tif != TimeInForce.FOK)
        {
            return RejectReason.BUDGET_NOT_ALLOWED;
        }
        if (budget <= 0)
        {
            return RejectReason.BUDGET_NOT_POSITIVE;
        }
        return budget > FixedPoint.MAX_VALUE ? RejectReason.BUDGET_OVERFLOW : null;
    }

    private static RejectReason checkQty(final long qty, final OrderBook book)
    {
        if (qty == Command.ABSENT)
        {
            return RejectReason.QTY_REQUIRED;
        }
        if (qty <= 0)
        {
            return RejectReason.QTY_NOT_POSITIVE;
        }
        if (qty > FixedPoint.MAX_VALUE)
        {
            return RejectReason.QTY_OVERFLOW;
        }
        return qty % book.lot() == 0 ? null : RejectReason.QTY_OFF_LOT;
    }
}
