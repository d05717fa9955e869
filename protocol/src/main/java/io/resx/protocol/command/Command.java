package io.resx.protocol.command;

import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.text.AsciiKey;

/**
 * One input to the engine, as it sits in a ring-buffer slot: pre-allocated, reused for every command that
 * passes through the slot, so that producing and consuming commands allocates nothing.
 * <p>
 * Written only by the producer (an edge translating its input, then the sequencer stamping
 * {@link #sequence()} and {@link #timestampNs()}); read by the stages after it. Which fields are meaningful
 * depends on {@link #type()}; {@link #reset()} clears all of them before a slot is refilled.
 * Prices and quantities are fixed-point (see {@link io.resx.protocol.FixedPoint}); {@link #ABSENT} marks an
 * optional one that was not given.
 */
public final class Command
{
    /** Longest account, owner or ClOrdID, in ASCII characters. */
    public static final int MAX_ID_LENGTH = 36;
    /** Longest instrument symbol, in ASCII characters. */
    public static final int MAX_SYMBOL_LENGTH = 64;
    /** Longest reject detail text an edge may attach to an {@link CommandType#INVALID} command. */
    public static final int MAX_DETAIL_LENGTH = 200;
    /** Most legs in a bundle. */
    public static final int MAX_LEGS = 8;
    /** Fewest legs in a bundle. */
    public static final int MIN_LEGS = 2;
    /** Marks an optional price or quantity that was not given. */
    public static final long ABSENT = Long.MIN_VALUE;

    private long sequence;
    private long timestampNs;
    private CommandType type = CommandType.INVALID;

    private final AsciiKey clOrdId = new AsciiKey(MAX_ID_LENGTH);
    private final AsciiKey origClOrdId = new AsciiKey(MAX_ID_LENGTH);
    private final AsciiKey account = new AsciiKey(MAX_ID_LENGTH);
    private final AsciiKey owner = new AsciiKey(MAX_ID_LENGTH);
    private final AsciiKey symbol = new AsciiKey(MAX_SYMBOL_LENGTH);

    private Side side = Side.BUY;
    private OrderType orderType = OrderType.LIMIT;
    private TimeInForce timeInForce = TimeInForce.GTC;
    private boolean postOnly;
    private long price = ABSENT;
    private long qty = ABSENT;
    private long budget = ABSENT;

    private long tick = ABSENT;
    private long lot = ABSENT;
    private int depth;
    private StpPolicy stpPolicy = StpPolicy.CANCEL_AGGRESSOR;

    private final BundleLeg[] legs = new BundleLeg[MAX_LEGS];
    private int legCount;

    private RejectReason invalidReason = RejectReason.MALFORMED;
    /** Created on first use: most slots never carry a reject detail, and slots stay smaller without it. */
    private AsciiKey detail;

    private boolean admin;
    private boolean enable = true;
    private long amount = ABSENT;
    private long protectionPrice = ABSENT;
    private long creditLimit = ABSENT;
    private long collateralRatio = ABSENT;
    private long maxOrderQty = ABSENT;
    private long maxOrderNotional = ABSENT;
    private long fraction = ABSENT;
    private long atNs = ABSENT;
    private long sessionTag;
    private CancelReason cancelReason = CancelReason.MASS_CANCEL;
    private long timeoutMs = ABSENT;
    private final AsciiKey group = new AsciiKey(MAX_ID_LENGTH);

    /** A blank command. Bundle legs are created on first use, keeping ring slots of plain orders small. */
    public Command()
    {
    }

    /**
     * Clears every field except the sequencer's stamp.
     *
     * @return this command.
     */
    public Command reset()
    {
        type = CommandType.INVALID;
        clOrdId.clear();
        origClOrdId.clear();
        account.clear();
        owner.clear();
        symbol.clear();
        side = Side.BUY;
        orderType = OrderType.LIMIT;
        timeInForce = TimeInForce.GTC;
        postOnly = false;
        price = ABSENT;
        qty = ABSENT;
        budget = ABSENT;
        tick = ABSENT;
        lot = ABSENT;
        depth = 0;
        stpPolicy = StpPolicy.CANCEL_AGGRESSOR;
        legCount = 0;
        invalidReason = RejectReason.MALFORMED;
        if (detail != null)
        {
            detail.clear();
        }
        admin = false;
        enable = true;
        amount = ABSENT;
        atNs = ABSENT;
        sessionTag = 0;
        cancelReason = CancelReason.MASS_CANCEL;
        timeoutMs = ABSENT;
        protectionPrice = ABSENT;
        creditLimit = ABSENT;
        collateralRatio = ABSENT;
        maxOrderQty = ABSENT;
        maxOrderNotional = ABSENT;
        fraction = ABSENT;
        group.clear();
        return this;
    }

    /**
     * Copies every field of another command, the stamp included.
     *
     * @param other command to copy.
     * @return this command.
     */
    public Command copyFrom(final Command other)
    {
        sequence = other.sequence;
        timestampNs = other.timestampNs;
        type = other.type;
        clOrdId.set(other.clOrdId);
        origClOrdId.set(other.origClOrdId);
        account.set(other.account);
        owner.set(other.owner);
        symbol.set(other.symbol);
        side = other.side;
        orderType = other.orderType;
        timeInForce = other.timeInForce;
        postOnly = other.postOnly;
        price = other.price;
        qty = other.qty;
        budget = other.budget;
        tick = other.tick;
        lot = other.lot;
        depth = other.depth;
        stpPolicy = other.stpPolicy;
        legCount = 0;
        for (int i = 0; i < other.legCount; i++)
        {
            addLeg().copyFrom(other.legs[i]);
        }
        invalidReason = other.invalidReason;
        if (other.detail != null && !other.detail.isEmpty())
        {
            detail().set(other.detail);
        }
        else if (detail != null)
        {
            detail.clear();
        }
        admin = other.admin;
        enable = other.enable;
        amount = other.amount;
        atNs = other.atNs;
        sessionTag = other.sessionTag;
        cancelReason = other.cancelReason;
        timeoutMs = other.timeoutMs;
        protectionPrice = other.protectionPrice;
        creditLimit = other.creditLimit;
        collateralRatio = other.collateralRatio;
        maxOrderQty = other.maxOrderQty;
        maxOrderNotional = other.maxOrderNotional;
        fraction = other.fraction;
        group.set(other.group);
        return this;
    }

    /**
     * Stamps the command; called by the sequencer only.
     *
     * @param sequence    1-based position in the command stream.
     * @param timestampNs sequencer time, nanoseconds since the epoch.
     */
    public void stamp(final long sequence, final long timestampNs)
    {
        this.sequence = sequence;
        this.timestampNs = timestampNs;
    }

    /** @return 1-based position in the command stream. */
    public long sequence()
    {
        return sequence;
    }

    /** @return sequencer time, nanoseconds since the epoch. */
    public long timestampNs()
    {
        return timestampNs;
    }

    /** @return what the command asks for. */
    public CommandType type()
    {
        return type;
    }

    /**
     * @param type what the command asks for.
     * @return this command.
     */
    public Command type(final CommandType type)
    {
        this.type = type;
        return this;
    }

    /** @return the client's id of the order (or of the cancel/replace request). */
    public AsciiKey clOrdId()
    {
        return clOrdId;
    }

    /** @return for cancel and replace, the ClOrdID that currently names the order. */
    public AsciiKey origClOrdId()
    {
        return origClOrdId;
    }

    /** @return the account acting. */
    public AsciiKey account()
    {
        return account;
    }

    /** @return for ACCOUNT and OWNER, the owner. */
    public AsciiKey owner()
    {
        return owner;
    }

    /** @return the instrument symbol. */
    public AsciiKey symbol()
    {
        return symbol;
    }

    /** @return order side. */
    public Side side()
    {
        return side;
    }

    /**
     * @param side order side.
     * @return this command.
     */
    public Command side(final Side side)
    {
        this.side = side;
        return this;
    }

    /** @return order type. */
    public OrderType orderType()
    {
        return orderType;
    }

    /**
     * @param orderType order type.
     * @return this command.
     */
    public Command orderType(final OrderType orderType)
    {
        this.orderType = orderType;
        return this;
    }

    /** @return time in force. */
    public TimeInForce timeInForce()
    {
        return timeInForce;
    }

    /**
     * @param timeInForce time in force.
     * @return this command.
     */
    public Command timeInForce(final TimeInForce timeInForce)
    {
        this.timeInForce = timeInForce;
        return this;
    }

    /** @return whether the order must only add liquidity. */
    public boolean postOnly()
    {
        return postOnly;
    }

    /**
     * @param postOnly whether the order must only add liquidity.
     * @return this command.
     */
    public Command postOnly(final boolean postOnly)
    {
        this.postOnly = postOnly;
        return this;
    }

    /** @return limit price, fixed-point, or {@link #ABSENT}. */
    public long price()
    {
        return price;
    }

    /**
     * @param price limit price, fixed-point, or {@link #ABSENT}.
     * @return this command.
     */
    public Command price(final long price)
    {
        this.price = price;
        return this;
    }

    /** @return quantity (for replace: the new total), fixed-point, or {@link #ABSENT}. */
    public long qty()
    {
        return qty;
    }

    /**
     * @param qty quantity, fixed-point, or {@link #ABSENT}.
     * @return this command.
     */
    public Command qty(final long qty)
    {
        this.qty = qty;
        return this;
    }

    /**
     * @return for a FOK order, the total cash limit of the whole fill, fixed-point, or {@link #ABSENT}: a buy
     * pays at most this much in all, a sell receives at least this much in all.
     */
    public long budget()
    {
        return budget;
    }

    /**
     * @param budget for a FOK order, the total cash limit of the whole fill, fixed-point, or {@link #ABSENT}.
     * @return this command.
     */
    public Command budget(final long budget)
    {
        this.budget = budget;
        return this;
    }

    /** @return for LIST, the tick size, fixed-point. */
    public long tick()
    {
        return tick;
    }

    /**
     * @param tick tick size, fixed-point.
     * @return this command.
     */
    public Command tick(final long tick)
    {
        this.tick = tick;
        return this;
    }

    /** @return for LIST, the lot size, fixed-point. */
    public long lot()
    {
        return lot;
    }

    /**
     * @param lot lot size, fixed-point.
     * @return this command.
     */
    public Command lot(final long lot)
    {
        this.lot = lot;
        return this;
    }

    /** @return for BOOK, the number of levels per side asked for. */
    public int depth()
    {
        return depth;
    }

    /**
     * @param depth levels per side.
     * @return this command.
     */
    public Command depth(final int depth)
    {
        this.depth = depth;
        return this;
    }

    /** @return for OWNER, the self-trade prevention policy. */
    public StpPolicy stpPolicy()
    {
        return stpPolicy;
    }

    /**
     * @param stpPolicy self-trade prevention policy.
     * @return this command.
     */
    public Command stpPolicy(final StpPolicy stpPolicy)
    {
        this.stpPolicy = stpPolicy;
        return this;
    }

    /** @return for BUNDLE, the number of legs. */
    public int legCount()
    {
        return legCount;
    }

    /**
     * @param index 0-based leg index, below {@link #legCount()}.
     * @return the leg.
     */
    public BundleLeg leg(final int index)
    {
        return legs[index];
    }

    /**
     * Appends a leg, up to {@link #MAX_LEGS}.
     *
     * @return the new leg, to fill in.
     * @throws IllegalStateException when the bundle already has {@link #MAX_LEGS} legs.
     */
    public BundleLeg addLeg()
    {
        if (legCount == MAX_LEGS)
        {
            throw new IllegalStateException("a bundle has at most " + MAX_LEGS + " legs");
        }
        BundleLeg leg = legs[legCount];
        if (leg == null)
        {
            leg = new BundleLeg();
            legs[legCount] = leg;
        }
        legCount++;
        leg.symbol().clear();
        return leg;
    }

    /** @return for INVALID, why the edge could not read the input. */
    public RejectReason invalidReason()
    {
        return invalidReason;
    }

    /**
     * @param reason for INVALID, why the edge refused the input (set by codecs restoring a command).
     * @return this command.
     */
    public Command invalidReason(final RejectReason reason)
    {
        this.invalidReason = reason;
        return this;
    }

    /** @return for INVALID, a human-readable account of the problem. */
    public AsciiKey detail()
    {
        if (detail == null)
        {
            detail = new AsciiKey(MAX_DETAIL_LENGTH);
        }
        return detail;
    }

    /** @return whether the command comes from the operator's own tooling (settlement bridge, risk desk): admin-only commands need it. */
    public boolean admin()
    {
        return admin;
    }

    /**
     * @param admin whether the command comes from the operator's own tooling (settlement bridge, risk desk): admin-only commands need it.
     * @return this command.
     */
    public Command admin(final boolean admin)
    {
        this.admin = admin;
        return this;
    }

    /** @return for KILL, true to turn the switch on, false to turn it off; for HALT, true to halt, false to resume. */
    public boolean enable()
    {
        return enable;
    }

    /**
     * @param enable for KILL, true to turn the switch on, false to turn it off; for HALT, true to halt, false to resume.
     * @return this command.
     */
    public Command enable(final boolean enable)
    {
        this.enable = enable;
        return this;
    }

    /**
     * @return a moment the command names, nanoseconds since the epoch, or {@link #ABSENT}: for LIST the instrument's
     *     gate closure (when its trading stops; absent: at its slot's end), for TICK the time a batch file sets its
     *     clock to (the sequencer stamps the tick with it; a live engine node's ticks carry none).
     */
    public long atNs()
    {
        return atNs;
    }

    /**
     * @param atNs see {@link #atNs()}.
     * @return this command.
     */
    public Command atNs(final long atNs)
    {
        this.atNs = atNs;
        return this;
    }

    /**
     * @return the tag of the connection that sent the command, 0 for none: on NEW_ORDER, set by a gateway when the
     *     session has cancel-on-disconnect on, so the order can later be cancelled with its connection; on
     *     MASS_CANCEL, when not 0, only the orders carrying this tag are cancelled.
     */
    public long sessionTag()
    {
        return sessionTag;
    }

    /**
     * @param sessionTag see {@link #sessionTag()}.
     * @return this command.
     */
    public Command sessionTag(final long sessionTag)
    {
        this.sessionTag = sessionTag;
        return this;
    }

    /** @return for MASS_CANCEL, the reason its cancels carry (MASS_CANCEL unless a gateway says DISCONNECT). */
    public CancelReason cancelReason()
    {
        return cancelReason;
    }

    /**
     * @param cancelReason see {@link #cancelReason()}.
     * @return this command.
     */
    public Command cancelReason(final CancelReason cancelReason)
    {
        this.cancelReason = cancelReason;
        return this;
    }

    /** @return for CANCEL_ALL_AFTER, the dead-man timeout in milliseconds of exchange time (0 disarms), or {@link #ABSENT}. */
    public long timeoutMs()
    {
        return timeoutMs;
    }

    /**
     * @param timeoutMs see {@link #timeoutMs()}.
     * @return this command.
     */
    public Command timeoutMs(final long timeoutMs)
    {
        this.timeoutMs = timeoutMs;
        return this;
    }

    /** @return for DEPOSIT and WITHDRAW the amount, for SETTLEMENT_FAILED the shortfall; fixed-point, or {@link #ABSENT}. */
    public long amount()
    {
        return amount;
    }

    /**
     * @param amount for DEPOSIT and WITHDRAW the amount, for SETTLEMENT_FAILED the shortfall.
     * @return this command.
     */
    public Command amount(final long amount)
    {
        this.amount = amount;
        return this;
    }

    /** @return for a MARKET order, the worst price it may trade at (required for a BUY: it bounds the cash locked); fixed-point, or {@link #ABSENT}. */
    public long protectionPrice()
    {
        return protectionPrice;
    }

    /**
     * @param protectionPrice for a MARKET order, the worst price it may trade at (required for a BUY: it bounds the cash locked).
     * @return this command.
     */
    public Command protectionPrice(final long protectionPrice)
    {
        this.protectionPrice = protectionPrice;
        return this;
    }

    /** @return for LIMITS, the absolute credit limit in cash; fixed-point, or {@link #ABSENT} to leave it unchanged. */
    public long creditLimit()
    {
        return creditLimit;
    }

    /**
     * @param creditLimit for LIMITS, the absolute credit limit in cash.
     * @return this command.
     */
    public Command creditLimit(final long creditLimit)
    {
        this.creditLimit = creditLimit;
        return this;
    }

    /** @return for LIMITS, credit allowed per unit of collateral (e.g. 0.5); fixed-point, or {@link #ABSENT} to leave it unchanged. */
    public long collateralRatio()
    {
        return collateralRatio;
    }

    /**
     * @param collateralRatio for LIMITS, credit allowed per unit of collateral (e.g. 0.5).
     * @return this command.
     */
    public Command collateralRatio(final long collateralRatio)
    {
        this.collateralRatio = collateralRatio;
        return this;
    }

    /** @return for LIMITS, the largest order quantity (0 = none); fixed-point, or {@link #ABSENT} to leave it unchanged. */
    public long maxOrderQty()
    {
        return maxOrderQty;
    }

    /**
     * @param maxOrderQty for LIMITS, the largest order quantity (0 = none).
     * @return this command.
     */
    public Command maxOrderQty(final long maxOrderQty)
    {
        this.maxOrderQty = maxOrderQty;
        return this;
    }

    /** @return for LIMITS, the largest order notional in cash (0 = none); fixed-point, or {@link #ABSENT} to leave it unchanged. */
    public long maxOrderNotional()
    {
        return maxOrderNotional;
    }

    /**
     * @param maxOrderNotional for LIMITS, the largest order notional in cash (0 = none).
     * @return this command.
     */
    public Command maxOrderNotional(final long maxOrderNotional)
    {
        this.maxOrderNotional = maxOrderNotional;
        return this;
    }

    /** @return for BAND the band's half-width and for CAP the largest share, as a fraction (0.10 = 10 %); fixed-point, or {@link #ABSENT}. */
    public long fraction()
    {
        return fraction;
    }

    /**
     * @param fraction for BAND the band's half-width and for CAP the largest share, as a fraction (0.10 = 10 %).
     * @return this command.
     */
    public Command fraction(final long fraction)
    {
        this.fraction = fraction;
        return this;
    }

    /** @return for GROUP, the beneficial-owner group the owner joins. */
    public AsciiKey group()
    {
        return group;
    }

    /**
     * Turns this command into an {@link CommandType#INVALID} one, keeping any ids already read.
     *
     * @param reason why the input is refused.
     * @param text   a human-readable account of the problem, cut to {@link #MAX_DETAIL_LENGTH}.
     * @return this command.
     */
    public Command invalid(final RejectReason reason, final CharSequence text)
    {
        type = CommandType.INVALID;
        invalidReason = reason;
        final StringBuilder printable = new StringBuilder(Math.min(text.length(), MAX_DETAIL_LENGTH));
        for (int i = 0; i < text.length() && printable.length() < MAX_DETAIL_LENGTH; i++)
        {
            final char c = text.charAt(i);
            printable.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        detail().set(printable);
        return this;
    }
}
