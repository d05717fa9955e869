package io.resx.protocol.event;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.text.AsciiKey;

import java.util.Arrays;

/**
 * One output of the engine, pre-allocated and reused like {@link Command}: the matcher fills it, the
 * publisher reads it once the command is journaled. Which fields are meaningful depends on {@link #type()}:
 * <pre>
 *   ACCEPTED   command, clOrdId, orderId (orders), account, symbol (LIST), owner (ACCOUNT)
 *   REJECTED   command, clOrdId, account, reason, detail, legIndex (bundles; -1 otherwise)
 *   TRADE      tradeId, symbol, price, qty, buy/sell account + ClOrdID + orderId, aggressor
 *   CANCELLED  account, clOrdId, orderId, symbol, leavesQty, cancelReason
 *   REPLACED   account, clOrdId, origClOrdId, orderId, symbol, price, qty (new total)
 *   BOOK       symbol, bid and ask levels best first (price, aggregated qty, order count)
 *   BALANCE    account, symbol (the asset: CASH, COLLATERAL or an instrument), amount (total), locked
 *   DEFAULT    account, symbol (asset), amount (the shortfall)
 *   SUSPENDED  account
 *   COLLATERAL_APPLIED    account (the defaulter), symbol (asset), amount, remaining (still uncovered)
 *   DEFAULT_FUND_APPLIED  account (the fund), symbol (asset), amount, remaining (still uncovered)
 *   LEASE_REVOKED         buyAccount (lessee), sellAccount (lessor), symbol (the lease slot), qty
 *   HALTED, RESUMED       symbol (the book)
 * </pre>
 * Prices and quantities are fixed-point; {@link #priceDecimals()} and {@link #qtyDecimals()} say how many
 * decimals the instrument's tick and lot need, so edges print them the way the market quotes them.
 */
public final class EngineEvent
{
    /** Most levels per side a BOOK query may ask for. */
    public static final int MAX_DEPTH = 1000;

    private EventType type = EventType.ACCEPTED;
    private long sequence;
    private CommandType command = CommandType.INVALID;

    private final AsciiKey clOrdId = new AsciiKey(Command.MAX_ID_LENGTH);
    private final AsciiKey origClOrdId = new AsciiKey(Command.MAX_ID_LENGTH);
    private final AsciiKey account = new AsciiKey(Command.MAX_ID_LENGTH);
    private final AsciiKey owner = new AsciiKey(Command.MAX_ID_LENGTH);
    private final AsciiKey symbol = new AsciiKey(Command.MAX_SYMBOL_LENGTH);
    private long orderId;

    private RejectReason reason = RejectReason.MALFORMED;
    /** Created on first use: most slots never carry a reject detail, and slots stay smaller without it. */
    private AsciiKey detail;
    private int legIndex = -1;

    private CancelReason cancelReason = CancelReason.USER;
    private long leavesQty;

    private long tradeId;
    private long price;
    private long qty;
    private final AsciiKey buyAccount = new AsciiKey(Command.MAX_ID_LENGTH);
    private final AsciiKey buyClOrdId = new AsciiKey(Command.MAX_ID_LENGTH);
    private long buyOrderId;
    private final AsciiKey sellAccount = new AsciiKey(Command.MAX_ID_LENGTH);
    private final AsciiKey sellClOrdId = new AsciiKey(Command.MAX_ID_LENGTH);
    private long sellOrderId;
    private Side aggressor = Side.BUY;

    private int priceDecimals;
    private int qtyDecimals;

    private long amount;
    private long locked;
    private long remaining;

    private int bidLevels;
    private int askLevels;
    // Depth arrays exist only in events that have carried a book; they grow to the deepest book asked for.
    private long[] bidPrices = new long[0];
    private long[] bidQtys = new long[0];
    private int[] bidCounts = new int[0];
    private long[] askPrices = new long[0];
    private long[] askQtys = new long[0];
    private int[] askCounts = new int[0];

    /**
     * Clears the event for reuse and starts it as {@code type} for {@code cause}.
     *
     * @param type  kind of event.
     * @param cause the command that caused it.
     * @return this event.
     */
    public EngineEvent start(final EventType type, final Command cause)
    {
        this.type = type;
        this.sequence = cause.sequence();
        this.command = cause.type();
        clOrdId.clear();
        origClOrdId.clear();
        account.clear();
        owner.clear();
        symbol.clear();
        orderId = 0;
        reason = RejectReason.MALFORMED;
        if (detail != null)
        {
            detail.clear();
        }
        legIndex = -1;
        cancelReason = CancelReason.USER;
        leavesQty = 0;
        tradeId = 0;
        price = 0;
        qty = 0;
        buyAccount.clear();
        buyClOrdId.clear();
        buyOrderId = 0;
        sellAccount.clear();
        sellClOrdId.clear();
        sellOrderId = 0;
        aggressor = Side.BUY;
        priceDecimals = 0;
        qtyDecimals = 0;
        amount = 0;
        locked = 0;
        remaining = 0;
        bidLevels = 0;
        askLevels = 0;
        return this;
    }

    /** @return kind of event. */
    public EventType type()
    {
        return type;
    }

    /** @return sequence number of the command that caused it. */
    public long sequence()
    {
        return sequence;
    }

    /** @return type of the command that caused it. */
    public CommandType command()
    {
        return command;
    }

    /** @return the ClOrdID the event is about. */
    public AsciiKey clOrdId()
    {
        return clOrdId;
    }

    /** @return for REPLACED, the ClOrdID that named the order before. */
    public AsciiKey origClOrdId()
    {
        return origClOrdId;
    }

    /** @return the account the event is about. */
    public AsciiKey account()
    {
        return account;
    }

    /** @return for an accepted ACCOUNT command, the owner. */
    public AsciiKey owner()
    {
        return owner;
    }

    /** @return the instrument symbol. */
    public AsciiKey symbol()
    {
        return symbol;
    }

    /** @return the engine's order id, 0 when none. */
    public long orderId()
    {
        return orderId;
    }

    /**
     * @param orderId the engine's order id.
     * @return this event.
     */
    public EngineEvent orderId(final long orderId)
    {
        this.orderId = orderId;
        return this;
    }

    /** @return for REJECTED, why. */
    public RejectReason reason()
    {
        return reason;
    }

    /**
     * @param reason why the command was refused.
     * @return this event.
     */
    public EngineEvent reason(final RejectReason reason)
    {
        this.reason = reason;
        return this;
    }

    /** @return for REJECTED, a human-readable account from the edge, possibly empty. */
    public AsciiKey detail()
    {
        if (detail == null)
        {
            detail = new AsciiKey(Command.MAX_DETAIL_LENGTH);
        }
        return detail;
    }

    /** @return for a rejected bundle, the 0-based index of the leg at fault, or -1. */
    public int legIndex()
    {
        return legIndex;
    }

    /**
     * @param legIndex 0-based index of the leg at fault.
     * @return this event.
     */
    public EngineEvent legIndex(final int legIndex)
    {
        this.legIndex = legIndex;
        return this;
    }

    /** @return for CANCELLED, why. */
    public CancelReason cancelReason()
    {
        return cancelReason;
    }

    /**
     * @param cancelReason why the order was cancelled.
     * @return this event.
     */
    public EngineEvent cancelReason(final CancelReason cancelReason)
    {
        this.cancelReason = cancelReason;
        return this;
    }

    /** @return for CANCELLED, the quantity that was still open, fixed-point. */
    public long leavesQty()
    {
        return leavesQty;
    }

    /**
     * @param leavesQty quantity still open when cancelled, fixed-point.
     * @return this event.
     */
    public EngineEvent leavesQty(final long leavesQty)
    {
        this.leavesQty = leavesQty;
        return this;
    }

    /** @return for TRADE, the engine's trade id. */
    public long tradeId()
    {
        return tradeId;
    }

    /** @return for TRADE and REPLACED, the price, fixed-point. */
    public long price()
    {
        return price;
    }

    /** @return for TRADE the traded quantity; for REPLACED the new total quantity; fixed-point. */
    public long qty()
    {
        return qty;
    }

    /**
     * @param price price, fixed-point.
     * @param qty   quantity, fixed-point.
     * @return this event.
     */
    public EngineEvent priceQty(final long price, final long qty)
    {
        this.price = price;
        this.qty = qty;
        return this;
    }

    /**
     * Fills in a trade's identity; the parties are set through {@link #buyAccount()} and friends.
     *
     * @param tradeId   the engine's trade id.
     * @param aggressor side of the incoming order.
     * @return this event.
     */
    public EngineEvent trade(final long tradeId, final Side aggressor)
    {
        this.tradeId = tradeId;
        this.aggressor = aggressor;
        return this;
    }

    /** @return for TRADE, the buying account. */
    public AsciiKey buyAccount()
    {
        return buyAccount;
    }

    /** @return for TRADE, the buying order's ClOrdID. */
    public AsciiKey buyClOrdId()
    {
        return buyClOrdId;
    }

    /** @return for TRADE, the buying order's id. */
    public long buyOrderId()
    {
        return buyOrderId;
    }

    /** @return for TRADE, the selling account. */
    public AsciiKey sellAccount()
    {
        return sellAccount;
    }

    /** @return for TRADE, the selling order's ClOrdID. */
    public AsciiKey sellClOrdId()
    {
        return sellClOrdId;
    }

    /** @return for TRADE, the selling order's id. */
    public long sellOrderId()
    {
        return sellOrderId;
    }

    /**
     * @param buyOrderId  the buying order's id.
     * @param sellOrderId the selling order's id.
     * @return this event.
     */
    public EngineEvent orderIds(final long buyOrderId, final long sellOrderId)
    {
        this.buyOrderId = buyOrderId;
        this.sellOrderId = sellOrderId;
        return this;
    }

    /** @return for TRADE, the side of the incoming order. */
    public Side aggressor()
    {
        return aggressor;
    }

    /** @return decimals the instrument's tick needs. */
    public int priceDecimals()
    {
        return priceDecimals;
    }

    /** @return decimals the instrument's lot needs. */
    public int qtyDecimals()
    {
        return qtyDecimals;
    }

    /**
     * @param priceDecimals decimals the instrument's tick needs.
     * @param qtyDecimals   decimals the instrument's lot needs.
     * @return this event.
     */
    public EngineEvent decimals(final int priceDecimals, final int qtyDecimals)
    {
        this.priceDecimals = priceDecimals;
        this.qtyDecimals = qtyDecimals;
        return this;
    }

    /** @return for BALANCE the total; for DEFAULT the shortfall; for the waterfall steps the amount applied. */
    public long amount()
    {
        return amount;
    }

    /** @return for BALANCE, the part of the total locked by open orders. */
    public long locked()
    {
        return locked;
    }

    /** @return for COLLATERAL_APPLIED and DEFAULT_FUND_APPLIED, the shortfall still uncovered after the step. */
    public long remaining()
    {
        return remaining;
    }

    /**
     * Amounts are printed with {@link #qtyDecimals()}.
     *
     * @param amount    see {@link #amount()}.
     * @param locked    see {@link #locked()}.
     * @param remaining see {@link #remaining()}.
     * @return this event.
     */
    public EngineEvent amounts(final long amount, final long locked, final long remaining)
    {
        this.amount = amount;
        this.locked = locked;
        this.remaining = remaining;
        return this;
    }

    /** @return for BOOK, the number of bid levels held. */
    public int bidLevels()
    {
        return bidLevels;
    }

    /** @return for BOOK, the number of ask levels held. */
    public int askLevels()
    {
        return askLevels;
    }

    /**
     * @param level 0 = best.
     * @return the bid level's price.
     */
    public long bidPrice(final int level)
    {
        return bidPrices[level];
    }

    /**
     * @param level 0 = best.
     * @return the bid level's aggregated quantity.
     */
    public long bidQty(final int level)
    {
        return bidQtys[level];
    }

    /**
     * @param level 0 = best.
     * @return the number of orders at the bid level.
     */
    public int bidCount(final int level)
    {
        return bidCounts[level];
    }

    /**
     * @param level 0 = best.
     * @return the ask level's price.
     */
    public long askPrice(final int level)
    {
        return askPrices[level];
    }

    /**
     * @param level 0 = best.
     * @return the ask level's aggregated quantity.
     */
    public long askQty(final int level)
    {
        return askQtys[level];
    }

    /**
     * @param level 0 = best.
     * @return the number of orders at the ask level.
     */
    public int askCount(final int level)
    {
        return askCounts[level];
    }

    /**
     * Appends the next-worse level of one side; arrays grow only past their high-water mark.
     *
     * @param side   BUY for bids, SELL for asks.
     * @param price  level price.
     * @param qty    aggregated quantity.
     * @param orders number of orders.
     */
    public void addLevel(final Side side, final long price, final long qty, final int orders)
    {
        if (side == Side.BUY)
        {
            if (bidLevels == bidPrices.length)
            {
                final int capacity = Math.max(16, bidLevels * 2);
                bidPrices = Arrays.copyOf(bidPrices, capacity);
                bidQtys = Arrays.copyOf(bidQtys, capacity);
                bidCounts = Arrays.copyOf(bidCounts, capacity);
            }
            bidPrices[bidLevels] = price;
            bidQtys[bidLevels] = qty;
            bidCounts[bidLevels++] = orders;
        }
        else
        {
            if (askLevels == askPrices.length)
            {
                final int capacity = Math.max(16, askLevels * 2);
                askPrices = Arrays.copyOf(askPrices, capacity);
                askQtys = Arrays.copyOf(askQtys, capacity);
                askCounts = Arrays.copyOf(askCounts, capacity);
            }
            askPrices[askLevels] = price;
            askQtys[askLevels] = qty;
            askCounts[askLevels++] = orders;
        }
    }
}
