package io.resx.risk;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.Notional;
import io.resx.protocol.command.BundleLeg;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.instrument.Domain;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.text.AsciiKey;
import org.agrona.collections.IntArrayList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exchange as central counterparty: balances, locks for open orders, credit backed by collateral, market
 * integrity rules, lease obligations and the default waterfall. The rules are in the README's batch-format
 * section; in short:
 * <ul>
 *   <li>a BUY locks limit × open quantity of cash (a MARKET buy its protection price × quantity; a MARKET FOK
 *   buy with a budget, which never rests, needs its budget in free cash and no protection price), a SELL of
 *   units locks the units, a lease offer commits units of the underlying for its slot, a lease BUY locks the
 *   rent; every fill, cancel and replace moves or releases exactly that, recomputed from the order's state;</li>
 *   <li>a buy beyond free cash needs credit: the account's limit (absolute, or collateral × ratio, or the smaller
 *   of both) and, when the owner has limits, the owner's accounts together within the owner's;</li>
 *   <li>price bands, order size and notional limits, concentration caps per beneficial-owner group on spectrum
 *   bands in a cell, kill switches and suspension each refuse with their own reason.</li>
 * </ul>
 * Single writer: the engine thread, in command order. No clock, no randomness, no I/O; per order command it
 * allocates nothing once its maps have grown (listings and admin commands allocate: reference data).
 */
public final class ClearingRisk implements RiskStage
{
    /** Largest total any balance may reach, so that sums of balances and locks stay far from overflow. */
    public static final long MAX_BALANCE = Long.MAX_VALUE / 4;

    private static final int CASH = 0;
    private static final int COLLATERAL = 1;

    private final AccountRegistry accounts;
    private final List<Asset> assets = new ArrayList<>();
    private final Map<AsciiKey, Asset> assetsBySymbol = new HashMap<>();
    private final List<Cap> caps = new ArrayList<>();
    private final Ledger ledger;
    private final OrderLocks orders;
    private final LeaseObligations obligations = new LeaseObligations();
    private final Asset cash;
    private final Asset collateral;
    private final Asset[] legAssets = new Asset[Command.MAX_LEGS];
    private Account defaultFund;

    private Account pendingAccount;
    private Asset pendingAsset;

    /**
     * @param accounts       the registry the engine uses, owned by the same thread.
     * @param expectedOrders open orders to size for up front.
     */
    public ClearingRisk(final AccountRegistry accounts, final int expectedOrders)
    {
        this.accounts = accounts;
        this.ledger = new Ledger(assets, accounts);
        this.orders = new OrderLocks(expectedOrders);
        this.cash = newAsset(AsciiKey.of("CASH"), Asset.Kind.CASH, Asset.cashDecimals());
        this.collateral = newAsset(AsciiKey.of("COLLATERAL"), Asset.Kind.COLLATERAL, Asset.cashDecimals());
        cash.listed = true;
        collateral.listed = true;
    }

    // ------------------------------------------------------------------------------------------------ queries

    /**
     * @param account an account.
     * @param asset   an asset.
     * @return its total, fixed-point.
     */
    public long total(final Account account, final Asset asset)
    {
        return ledger.total(account.index(), asset.id);
    }

    /**
     * @param account an account.
     * @param asset   an asset.
     * @return the part of its total locked by open orders, fixed-point.
     */
    public long locked(final Account account, final Asset asset)
    {
        return ledger.locked(account.index(), asset.id);
    }

    /**
     * @param symbol CASH, COLLATERAL or an instrument symbol.
     * @return the asset, or null.
     */
    public Asset asset(final CharSequence symbol)
    {
        return assetsBySymbol.get(AsciiKey.of(symbol));
    }

    /** @return every asset, by id. */
    public List<Asset> assets()
    {
        return assets;
    }

    /** @return open orders holding a lock. */
    public int openOrders()
    {
        return orders.size();
    }

    // ------------------------------------------------------------------------------------------------ state

    AccountRegistry registry()
    {
        return accounts;
    }

    Ledger ledger()
    {
        return ledger;
    }

    OrderLocks orderLocks()
    {
        return orders;
    }

    LeaseObligations obligations()
    {
        return obligations;
    }

    List<Cap> caps()
    {
        return caps;
    }

    Account defaultFund()
    {
        return defaultFund;
    }

    void defaultFund(final Account account)
    {
        defaultFund = account;
    }

    // ------------------------------------------------------------------------------------------------ pre-trade

    @Override
    public RejectReason preTrade(final Command command, final Account account)
    {
        pendingAccount = account;
        final RejectReason gate = gate(account);
        if (gate != null)
        {
            return gate;
        }
        if (command.type() == CommandType.BUNDLE)
        {
            return preBundle(command, account);
        }
        final Asset asset = assetsBySymbol.get(command.symbol());
        if (asset == null)
        {
            return RejectReason.UNKNOWN_SYMBOL;
        }
        pendingAsset = asset;
        final boolean buy = command.side() == Side.BUY;
        final long limit = command.orderType() == OrderType.MARKET ? command.protectionPrice() : command.price();
        // A MARKET FOK buy with a budget costs at most its budget (the matcher fills it only within it, or not
        // at all): the budget is the cash it may spend, so it needs no protection price.
        final boolean budgeted = buy && limit == Command.ABSENT && command.timeInForce() == TimeInForce.FOK &&
            command.budget() != Command.ABSENT && command.budget() > 0;
        if (buy && limit == Command.ABSENT && !budgeted)
        {
            return RejectReason.PROTECTION_REQUIRED;
        }
        final RejectReason integrity = integrity(account, asset, limit, command.qty());
        if (integrity != null)
        {
            return integrity;
        }
        if (buy)
        {
            final long needed = budgeted ? command.budget() : Notional.of(limit, command.qty());
            final RejectReason cashProblem = checkCash(account, needed);
            return cashProblem != null ? cashProblem : checkCap(account, asset, command.qty());
        }
        return checkSell(account, asset, command.qty());
    }

    @Override
    public RejectReason preReplace(
        final Command command, final Account account, final long orderId, final long newPrice, final long newQty)
    {
        pendingAccount = account;
        final RejectReason gate = gate(account);
        if (gate != null)
        {
            return gate;
        }
        final int slot = orders.slot(orderId);
        if (slot < 0)
        {
            return null; // not tracked (placed without risk): nothing to check
        }
        final Asset asset = assets.get(orders.asset[slot]);
        final long newOpen = newQty - orders.filled[slot];
        if (newOpen <= 0)
        {
            return null; // cancels the order
        }
        final RejectReason integrity = integrity(account, asset, newPrice, newQty);
        if (integrity != null)
        {
            return integrity;
        }
        final boolean buy = orders.buy[slot];
        final long more = lockOf(buy, newPrice, newOpen) - orders.lock[slot];
        if (more <= 0)
        {
            return null;
        }
        if (buy)
        {
            final RejectReason cashProblem = checkCash(account, more);
            final long moreQty = newOpen - (orders.qty[slot] - orders.filled[slot]);
            return cashProblem != null || moreQty <= 0 ? cashProblem : checkCap(account, asset, moreQty);
        }
        return checkSell(account, asset, more);
    }

    private RejectReason preBundle(final Command command, final Account account)
    {
        long cashNeeded = 0;
        for (int i = 0, n = command.legCount(); i < n; i++)
        {
            final BundleLeg leg = command.leg(i);
            final Asset asset = assetsBySymbol.get(leg.symbol());
            if (asset == null)
            {
                return RejectReason.UNKNOWN_SYMBOL;
            }
            legAssets[i] = asset;
            RejectReason problem = integrity(account, asset, leg.price(), leg.qty());
            if (problem == null && leg.side() == Side.BUY)
            {
                cashNeeded += Notional.of(leg.price(), leg.qty()); // each below MAX_BALANCE: 8 of them fit
                problem = checkCap(account, asset, leg.qty());
            }
            else if (problem == null)
            {
                problem = checkSell(account, asset, leg.qty());
            }
            if (problem != null)
            {
                return problem;
            }
        }
        return checkCash(account, cashNeeded);
    }

    private static RejectReason gate(final Account account)
    {
        if (account.suspended())
        {
            return RejectReason.ACCOUNT_SUSPENDED;
        }
        if (account.killed() || account.owner().killed())
        {
            return RejectReason.KILL_SWITCH_ACTIVE;
        }
        return null;
    }

    /** Order size, notional and price band; {@code limit} may be ABSENT (a market sell). */
    private static RejectReason integrity(final Account account, final Asset asset, final long limit, final long qty)
    {
        final Limits accountLimits = account.limits();
        final Limits ownerLimits = account.owner().limits();
        if (above(qty, accountLimits.maxOrderQty()) || above(qty, ownerLimits.maxOrderQty()))
        {
            return RejectReason.ORDER_QTY_LIMIT;
        }
        final long price = limit != Command.ABSENT ? limit : asset.referencePrice;
        final long notional = price > 0 ? Notional.of(price, qty) : 0;
        if (notional == Notional.OVERFLOW)
        {
            return RejectReason.NOTIONAL_OVERFLOW;
        }
        if (above(notional, accountLimits.maxOrderNotional()) || above(notional, ownerLimits.maxOrderNotional()))
        {
            return RejectReason.ORDER_NOTIONAL_LIMIT;
        }
        final long reference = asset.referencePrice;
        if (limit != Command.ABSENT && asset.bandFraction != Command.ABSENT && reference > 0 &&
            Notional.compareProducts(Math.abs(limit - reference), FixedPoint.ONE, asset.bandFraction, reference) > 0)
        {
            return RejectReason.PRICE_OUTSIDE_BAND;
        }
        return null;
    }

    private static boolean above(final long value, final long limit)
    {
        return limit != Command.ABSENT && limit > 0 && value > limit;
    }

    private RejectReason checkCash(final Account account, final long needed)
    {
        if (needed == 0)
        {
            return null;
        }
        final int a = account.index();
        final long locked = ledger.locked(a, CASH);
        if (needed > MAX_BALANCE - locked)
        {
            return RejectReason.BALANCE_OVERFLOW;
        }
        final long usageAfter = needed - ledger.free(a, CASH);
        if (usageAfter <= 0)
        {
            return null;
        }
        final Limits accountLimits = account.limits();
        final Owner owner = account.owner();
        final Limits ownerLimits = owner.limits();
        if (!accountLimits.hasCredit() && !ownerLimits.hasCredit())
        {
            return RejectReason.INSUFFICIENT_CASH;
        }
        if (accountLimits.hasCredit() && usageAfter > accountLimits.credit(ledger.total(a, COLLATERAL)))
        {
            return RejectReason.CREDIT_LIMIT_EXCEEDED;
        }
        if (ownerLimits.hasCredit())
        {
            long usage = usageAfter;
            long pledged = 0;
            final List<Account> siblings = owner.accounts();
            for (int i = 0, n = siblings.size(); i < n; i++)
            {
                final int b = siblings.get(i).index();
                pledged += ledger.total(b, COLLATERAL);
                if (b != a)
                {
                    usage += creditUsage(b);
                }
            }
            if (usage > ownerLimits.credit(pledged))
            {
                return RejectReason.OWNER_CREDIT_LIMIT_EXCEEDED;
            }
        }
        return null;
    }

    /** @return cash the account owes or has committed beyond its cash: its locks minus its total, at least 0. */
    private long creditUsage(final int account)
    {
        return Math.max(0, -ledger.free(account, CASH));
    }

    private RejectReason checkSell(final Account account, final Asset asset, final long qty)
    {
        final int a = account.index();
        if (asset.kind == Asset.Kind.LEASE)
        {
            final Asset unit = asset.underlying;
            final long ownedFree = ledger.free(a, unit.id);
            final long committed = ledger.committed(a, asset.id);
            if (committed + qty <= ownedFree)
            {
                return null;
            }
            return committed > 0 ? RejectReason.LEASE_UNIT_COMMITTED : RejectReason.LEASE_UNIT_NOT_OWNED;
        }
        final long free = ledger.free(a, asset.id);
        if (qty > free)
        {
            return RejectReason.INSUFFICIENT_UNITS;
        }
        if (ledger.leaseCommitmentSum(a, asset.id) > 0 && qty > free - leaseEncumbrance(a, asset))
        {
            return RejectReason.UNITS_LEASED_OUT;
        }
        return null;
    }

    /** @return the most units of an ownership asset the account has committed to any one of its lease slots. */
    private long leaseEncumbrance(final int account, final Asset unit)
    {
        long most = 0;
        for (int i = 0, n = unit.leaseSlots.size(); i < n; i++)
        {
            most = Math.max(most, ledger.committed(account, unit.leaseSlots.getInt(i)));
        }
        return most;
    }

    private RejectReason checkCap(final Account account, final Asset asset, final long qty)
    {
        final Asset.CapGroup cap = asset.capGroup;
        if (cap == null)
        {
            return null;
        }
        long exposure = qty;
        long supply = 0;
        for (int m = 0, n = cap.members.size(); m < n; m++)
        {
            final Asset member = assets.get(cap.members.getInt(m));
            supply += member.kind == Asset.Kind.LEASE ? member.underlying.supply : member.supply;
        }
        final List<Owner> owners = account.owner().beneficial().members();
        for (int o = 0, no = owners.size(); o < no; o++)
        {
            final List<Account> held = owners.get(o).accounts();
            for (int b = 0, nb = held.size(); b < nb; b++)
            {
                final int holder = held.get(b).index();
                for (int m = 0, n = cap.members.size(); m < n; m++)
                {
                    final int member = cap.members.getInt(m);
                    exposure += Math.max(0, ledger.total(holder, member)) + ledger.buying(holder, member);
                }
            }
        }
        return Notional.compareProducts(exposure, FixedPoint.ONE, cap.fraction, supply) > 0 ?
            RejectReason.CONCENTRATION_CAP : null;
    }

    // ------------------------------------------------------------------------------------------------ post-trade

    @Override
    public void postTrade(final Command command, final EventLog events)
    {
        if (events.size() > 0 && events.get(0).type() == EventType.ACCEPTED)
        {
            switch (command.type())
            {
                case NEW_ORDER:
                case BUNDLE:
                case CANCEL:
                case REPLACE:
                case TICK: // gate closure: resting orders cancelled EXPIRED release their locks here
                case MASS_CANCEL: // and a mass cancel's (a dead-man switch's, at a TICK) theirs
                    applyOrderEvents(command, events);
                    break;
                case LIST:
                    list(command);
                    break;
                default:
                    break;
            }
        }
        ledger.flush(command, events);
        pendingAccount = null;
        pendingAsset = null;
    }

    private void applyOrderEvents(final Command command, final EventLog events)
    {
        final boolean fresh = command.type() == CommandType.NEW_ORDER || command.type() == CommandType.BUNDLE;
        final long aggressorId = fresh ? events.get(0).orderId() : 0;
        long aggressorFilled = 0;
        boolean aggressorDropped = false;
        for (int i = 1, n = events.size(); i < n; i++)
        {
            final EngineEvent event = events.get(i);
            switch (event.type())
            {
                case TRADE:
                    onTrade(command, event, aggressorId);
                    if (aggressorId != 0 && (event.buyOrderId() == aggressorId || event.sellOrderId() == aggressorId))
                    {
                        aggressorFilled += event.qty();
                    }
                    break;
                case CANCELLED:
                    if (aggressorId != 0 && event.orderId() == aggressorId)
                    {
                        aggressorDropped = true;
                    }
                    else
                    {
                        release(event.orderId());
                    }
                    break;
                case REPLACED:
                    onReplaced(event);
                    break;
                default:
                    break;
            }
        }
        if (command.type() == CommandType.NEW_ORDER && !aggressorDropped && aggressorFilled < command.qty())
        {
            final int slot = orders.add(aggressorId, pendingAccount.index(), pendingAsset.id,
                command.side() == Side.BUY, command.price(), command.qty(), aggressorFilled);
            relock(slot, 0);
        }
    }

    private void onTrade(final Command command, final EngineEvent trade, final long aggressorId)
    {
        final int buySlot = trade.buyOrderId() == aggressorId ? -1 : orders.slot(trade.buyOrderId());
        final int sellSlot = trade.sellOrderId() == aggressorId ? -1 : orders.slot(trade.sellOrderId());
        final Asset asset;
        if (buySlot >= 0)
        {
            asset = assets.get(orders.asset[buySlot]);
        }
        else if (sellSlot >= 0)
        {
            asset = assets.get(orders.asset[sellSlot]);
        }
        else
        {
            asset = aggressorAsset(command, trade);
        }
        final int buyer = buySlot >= 0 ? orders.account[buySlot] : pendingAccount.index();
        final long qty = trade.qty();
        if (command.type() == CommandType.TICK)
        {
            // the use-it-or-share-it clearing at gate closure: the seller is an owner with idle units, not an order
            final int owner = accounts.account(trade.sellAccount()).index();
            settle(buyer, owner, asset, trade.price(), qty);
            shareOut(owner, asset, Notional.of(trade.price(), qty));
        }
        else
        {
            settle(buyer, sellSlot >= 0 ? orders.account[sellSlot] : pendingAccount.index(), asset, trade.price(), qty);
        }
        if (buySlot >= 0)
        {
            fill(buySlot, qty);
        }
        if (sellSlot >= 0)
        {
            fill(sellSlot, qty);
        }
    }

    /** Only reached when neither side rests, which the engine never produces; kept total for safety. */
    private Asset aggressorAsset(final Command command, final EngineEvent trade)
    {
        if (command.type() == CommandType.BUNDLE)
        {
            for (int i = 0, n = command.legCount(); i < n; i++)
            {
                if (command.leg(i).symbol().contentEquals(trade.symbol()))
                {
                    return legAssets[i];
                }
            }
        }
        return pendingAsset != null ? pendingAsset : assetsBySymbol.get(trade.symbol());
    }

    private void settle(final int buyer, final int seller, final Asset asset, final long price, final long qty)
    {
        final long notional = Notional.of(price, qty);
        ledger.add(buyer, cash, -notional);
        ledger.add(seller, cash, notional);
        ledger.add(buyer, asset, qty);
        ledger.add(seller, asset, -qty);
        if (asset.kind == Asset.Kind.LEASE)
        {
            obligations.add(seller, buyer, asset.id, qty);
        }
        asset.referencePrice = price;
    }

    /** The owner of a unit the clearing leased out gives the rule's share of the proceeds to its beneficiary. */
    private void shareOut(final int owner, final Asset lease, final long proceeds)
    {
        final Asset unit = lease.underlying;
        if (unit == null || unit.shareBeneficiary == null || unit.shareFraction == 0)
        {
            return;
        }
        final long share = Notional.of(proceeds, unit.shareFraction);
        ledger.add(owner, cash, -share);
        ledger.add(unit.shareBeneficiary.index(), cash, share);
    }

    private void fill(final int slot, final long qty)
    {
        final long openBefore = orders.qty[slot] - orders.filled[slot];
        orders.filled[slot] += qty;
        relock(slot, openBefore);
    }

    private void onReplaced(final EngineEvent replaced)
    {
        final int slot = orders.slot(replaced.orderId());
        if (slot >= 0)
        {
            final long openBefore = orders.qty[slot] - orders.filled[slot];
            orders.price[slot] = replaced.price();
            orders.qty[slot] = replaced.qty();
            relock(slot, openBefore);
        }
    }

    private void release(final long orderId)
    {
        final int slot = orders.slot(orderId);
        if (slot >= 0)
        {
            final long openBefore = orders.qty[slot] - orders.filled[slot];
            orders.qty[slot] = orders.filled[slot];
            relock(slot, openBefore);
        }
    }

    /** Recomputes the order's lock from its state and moves the account's locked balance by the difference. */
    private void relock(final int slot, final long openBefore)
    {
        final int account = orders.account[slot];
        final boolean buy = orders.buy[slot];
        final Asset asset = assets.get(orders.asset[slot]);
        final long open = Math.max(0, orders.qty[slot] - orders.filled[slot]);
        final long lock = lockOf(buy, orders.price[slot], open);
        ledger.lock(account, buy ? cash : asset, lock - orders.lock[slot]);
        orders.lock[slot] = lock;
        if (buy)
        {
            ledger.buying(account, asset.id, open - Math.max(0, openBefore));
        }
        if (open == 0)
        {
            orders.remove(slot);
        }
    }

    /**
     * What an open order needs locked: cash limit × open for a buy, the open units (or lease commitment) for a
     * sell. The one definition both the checks and the moves use.
     *
     * @param buy   side.
     * @param price limit price.
     * @param open  open quantity.
     * @return the lock, fixed-point.
     */
    static long lockOf(final boolean buy, final long price, final long open)
    {
        return buy ? Notional.of(price, open) : open;
    }

    // ------------------------------------------------------------------------------------------------ listings

    private void list(final Command command)
    {
        final int decimals = FixedPoint.decimalsOf(command.lot());
        InstrumentSymbol symbol = null;
        try
        {
            symbol = InstrumentSymbol.parse(command.symbol());
        }
        catch (final IllegalArgumentException ex)
        {
            // Engine tests list bare names ("SYM"): plain units, not leasable, under no cap.
        }
        final boolean lease = symbol != null && symbol.isLease();
        Asset asset = assetsBySymbol.get(command.symbol());
        if (asset == null)
        {
            asset = newAsset(AsciiKey.of(command.symbol()), lease ? Asset.Kind.LEASE : Asset.Kind.UNITS, decimals);
        }
        asset.listed = true;
        asset.decimals = decimals;
        if (symbol != null && symbol.domain() == Domain.SPECTRUM)
        {
            asset.channelLowKhz = symbol.channelLowKhz();
            asset.channelHighKhz = symbol.channelHighKhz();
            asset.location = symbol.location();
        }
        if (lease)
        {
            final AsciiKey unitSymbol = AsciiKey.of(symbol.ownershipSymbol().toString());
            Asset unit = assetsBySymbol.get(unitSymbol);
            if (unit == null)
            {
                unit = newAsset(unitSymbol, Asset.Kind.UNITS, decimals);
            }
            asset.underlying = unit;
            unit.leaseSlots.addInt(asset.id);
            final String text = command.symbol().toString();
            asset.slot = text.substring(text.indexOf('@') + 1);
        }
        for (final Cap cap : caps)
        {
            cap.assign(asset);
        }
    }

    Asset newAsset(final AsciiKey symbol, final Asset.Kind kind, final int decimals)
    {
        final Asset asset = new Asset(assets.size(), symbol, kind, decimals);
        assets.add(asset);
        assetsBySymbol.put(symbol, asset);
        return asset;
    }

    // ------------------------------------------------------------------------------------------------ commands

    @Override
    public void command(final Command command, final EventLog events, final OrderCanceller canceller)
    {
        final RejectReason problem = riskCommand(command, events, canceller);
        if (problem != null)
        {
            final EngineEvent event = events.add().start(EventType.REJECTED, command).reason(problem);
            event.account().set(command.account());
            event.symbol().set(command.symbol());
        }
    }

    private RejectReason riskCommand(final Command command, final EventLog events, final OrderCanceller canceller)
    {
        final CommandType type = command.type();
        if (!command.admin() && type != CommandType.WITHDRAW && type != CommandType.BALANCES && type != CommandType.USE)
        {
            return RejectReason.NOT_ADMIN;
        }
        switch (type)
        {
            case DEPOSIT:
            case WITHDRAW:
                return transfer(command, events);
            case BALANCES:
                return balances(command, events);
            case LIMITS:
                return limits(command, events);
            case KILL:
                return kill(command, events, canceller);
            case GROUP:
                return group(command, events);
            case BAND:
                return band(command, events);
            case CAP:
                return cap(command, events);
            case DEFAULT_FUND:
                return defaultFund(command, events);
            case SETTLEMENT_FAILED:
                return settlementFailed(command, events, canceller);
            case BATCH_SETTLED:
                if (command.amount() == Command.ABSENT)
                {
                    return RejectReason.MISSING_FIELD;
                }
                if (command.amount() <= 0)
                {
                    return RejectReason.INVALID_AMOUNT;
                }
                accepted(command, events);
                return null;
            case SETTLEMENT_CUT:
                accepted(command, events);
                return null;
            case SETTLEMENT_REFUSED:
                return unwind(command, events);
            case SHARE_RULE:
                return shareRule(command, events);
            case USE:
                return use(command, events);
            default:
                return RejectReason.UNKNOWN_COMMAND;
        }
    }

    private Account accountOf(final Command command)
    {
        return command.account().isEmpty() ? null : accounts.account(command.account());
    }

    private static RejectReason missingOrUnknownAccount(final Command command)
    {
        return command.account().isEmpty() ? RejectReason.MISSING_FIELD : RejectReason.UNKNOWN_ACCOUNT;
    }

    private static RejectReason checkAmount(final long amount)
    {
        return amount == Command.ABSENT ? RejectReason.MISSING_FIELD :
            amount <= 0 || amount > FixedPoint.MAX_VALUE ? RejectReason.INVALID_AMOUNT : null;
    }

    private RejectReason transfer(final Command command, final EventLog events)
    {
        final Account account = accountOf(command);
        if (account == null)
        {
            return missingOrUnknownAccount(command);
        }
        final Asset asset = assetsBySymbol.get(command.symbol());
        if (asset == null || !asset.listed || asset.kind == Asset.Kind.LEASE)
        {
            return command.symbol().isEmpty() ? RejectReason.MISSING_FIELD : RejectReason.UNKNOWN_ASSET;
        }
        final long amount = command.amount();
        final RejectReason amountProblem = checkAmount(amount);
        if (amountProblem != null)
        {
            return amountProblem;
        }
        final int a = account.index();
        if (command.type() == CommandType.DEPOSIT)
        {
            if (ledger.total(a, asset.id) > MAX_BALANCE - amount || asset.supply > MAX_BALANCE - amount)
            {
                return RejectReason.BALANCE_OVERFLOW;
            }
            accepted(command, events);
            ledger.add(a, asset, amount);
            asset.supply += amount;
            return null;
        }
        if (account.suspended())
        {
            return RejectReason.ACCOUNT_SUSPENDED;
        }
        final RejectReason refused = checkWithdrawal(account, asset, amount);
        if (refused != null)
        {
            return refused;
        }
        accepted(command, events);
        ledger.add(a, asset, -amount);
        asset.supply -= amount;
        return null;
    }

    private RejectReason checkWithdrawal(final Account account, final Asset asset, final long amount)
    {
        final int a = account.index();
        switch (asset.kind)
        {
            case CASH:
                return amount > ledger.free(a, CASH) ? RejectReason.INSUFFICIENT_CASH : null;
            case COLLATERAL:
            {
                final long left = ledger.total(a, COLLATERAL) - amount;
                if (left < 0)
                {
                    return RejectReason.INSUFFICIENT_COLLATERAL;
                }
                final long usage = creditUsage(a);
                final Limits accountLimits = account.limits();
                if (usage > 0 && accountLimits.hasCredit() && usage > accountLimits.credit(left))
                {
                    return RejectReason.INSUFFICIENT_COLLATERAL;
                }
                final Owner owner = account.owner();
                if (owner.limits().hasCredit())
                {
                    long ownerUsage = 0;
                    long pledged = -amount;
                    for (final Account sibling : owner.accounts())
                    {
                        ownerUsage += creditUsage(sibling.index());
                        pledged += ledger.total(sibling.index(), COLLATERAL);
                    }
                    if (ownerUsage > 0 && ownerUsage > owner.limits().credit(pledged))
                    {
                        return RejectReason.INSUFFICIENT_COLLATERAL;
                    }
                }
                return null;
            }
            default:
                return checkSell(account, asset, amount);
        }
    }

    private RejectReason balances(final Command command, final EventLog events)
    {
        final Account account = accountOf(command);
        if (account == null)
        {
            return missingOrUnknownAccount(command);
        }
        accepted(command, events);
        final int a = account.index();
        ledger.mark(a, CASH);
        final IntArrayList held = ledger.assetsOf(a);
        for (int i = 0, n = held.size(); i < n; i++)
        {
            ledger.mark(a, held.getInt(i));
        }
        return null;
    }

    private RejectReason limits(final Command command, final EventLog events)
    {
        final Limits limits;
        if (!command.account().isEmpty())
        {
            final Account account = accounts.account(command.account());
            if (account == null)
            {
                return RejectReason.UNKNOWN_ACCOUNT;
            }
            limits = account.limits();
        }
        else if (!command.owner().isEmpty())
        {
            final Owner owner = accounts.owner(command.owner());
            if (owner == null)
            {
                return RejectReason.UNKNOWN_OWNER;
            }
            limits = owner.limits();
        }
        else
        {
            return RejectReason.MISSING_FIELD;
        }
        if (!Limits.valid(command))
        {
            return RejectReason.INVALID_LIMIT;
        }
        limits.apply(command);
        accepted(command, events);
        return null;
    }

    private RejectReason kill(final Command command, final EventLog events, final OrderCanceller canceller)
    {
        Account account = null;
        Owner owner = null;
        if (!command.account().isEmpty())
        {
            account = accounts.account(command.account());
            if (account == null)
            {
                return RejectReason.UNKNOWN_ACCOUNT;
            }
        }
        else if (!command.owner().isEmpty())
        {
            owner = accounts.owner(command.owner());
            if (owner == null)
            {
                return RejectReason.UNKNOWN_OWNER;
            }
        }
        else
        {
            return RejectReason.MISSING_FIELD;
        }
        accepted(command, events);
        if (account != null)
        {
            account.killed(command.enable());
        }
        else
        {
            owner.killed(command.enable());
        }
        if (command.enable())
        {
            cancelAll(events, canceller, account, owner, CancelReason.KILL_SWITCH);
        }
        return null;
    }

    private void cancelAll(
        final EventLog events, final OrderCanceller canceller, final Account account, final Owner owner,
        final CancelReason reason)
    {
        final int from = events.size();
        canceller.cancelAll(account, owner, reason);
        for (int i = from, n = events.size(); i < n; i++)
        {
            final EngineEvent event = events.get(i);
            if (event.type() == EventType.CANCELLED)
            {
                release(event.orderId());
            }
        }
    }

    private RejectReason group(final Command command, final EventLog events)
    {
        if (command.owner().isEmpty() || command.group().isEmpty())
        {
            return RejectReason.MISSING_FIELD;
        }
        accounts.group(command.owner(), command.group());
        accepted(command, events);
        return null;
    }

    private RejectReason band(final Command command, final EventLog events)
    {
        final Asset asset = assetsBySymbol.get(command.symbol());
        if (asset == null || !asset.listed || asset.isCash())
        {
            return command.symbol().isEmpty() ? RejectReason.MISSING_FIELD : RejectReason.UNKNOWN_SYMBOL;
        }
        final long fraction = command.fraction();
        if (fraction == Command.ABSENT)
        {
            return RejectReason.MISSING_FIELD;
        }
        if (fraction < 0 || fraction > FixedPoint.MAX_VALUE ||
            (command.price() != Command.ABSENT && (command.price() <= 0 || command.price() > FixedPoint.MAX_VALUE)))
        {
            return RejectReason.INVALID_LIMIT;
        }
        asset.bandFraction = fraction == 0 ? Command.ABSENT : fraction;
        if (command.price() != Command.ABSENT)
        {
            asset.referencePrice = command.price();
        }
        accepted(command, events);
        return null;
    }

    private RejectReason cap(final Command command, final EventLog events)
    {
        if (command.symbol().isEmpty() || command.fraction() == Command.ABSENT)
        {
            return RejectReason.MISSING_FIELD;
        }
        final InstrumentSymbol band;
        try
        {
            band = InstrumentSymbol.parse(command.symbol());
        }
        catch (final IllegalArgumentException ex)
        {
            return RejectReason.MALFORMED_SYMBOL;
        }
        if (band.domain() != Domain.SPECTRUM || band.isLease() || command.fraction() <= 0 ||
            command.fraction() > FixedPoint.ONE)
        {
            return RejectReason.INVALID_LIMIT;
        }
        final Cap cap = new Cap(band.channelLowKhz(), band.channelHighKhz(), band.location(), command.fraction());
        caps.add(cap);
        for (final Asset asset : assets)
        {
            cap.assign(asset);
        }
        accepted(command, events);
        return null;
    }

    /**
     * SHARE_RULE: sets or lifts the use-it-or-share-it rule of a spectrum ownership instrument. The engine has
     * checked the floor against the instrument's tick; this checks what the rule is on and who gets the share.
     */
    private RejectReason shareRule(final Command command, final EventLog events)
    {
        final Asset unit = assetsBySymbol.get(command.symbol());
        if (unit == null || !unit.listed)
        {
            return command.symbol().isEmpty() ? RejectReason.MISSING_FIELD : RejectReason.UNKNOWN_SYMBOL;
        }
        if (unit.kind != Asset.Kind.UNITS || unit.channelHighKhz == 0)
        {
            return RejectReason.RULE_NOT_SPECTRUM;
        }
        if (!command.enable())
        {
            unit.shareFloor = Command.ABSENT;
            unit.shareFraction = 0;
            unit.shareBeneficiary = null;
            accepted(command, events);
            return null;
        }
        final long share = command.fraction() == Command.ABSENT ? 0 : command.fraction();
        if (share < 0 || share > FixedPoint.ONE)
        {
            return RejectReason.INVALID_SHARE;
        }
        final Account beneficiary = accountOf(command);
        if (beneficiary == null && (share > 0 || !command.account().isEmpty()))
        {
            return command.account().isEmpty() ? RejectReason.MISSING_FIELD : RejectReason.UNKNOWN_ACCOUNT;
        }
        unit.shareFloor = command.price();
        unit.shareFraction = share;
        unit.shareBeneficiary = beneficiary;
        accepted(command, events);
        return null;
    }

    /**
     * USE: the owner declares units of a lease slot in its own use. The engine has checked the slot is listed,
     * before its gate closure, and the quantity against its lot; the units must be owned and not yet committed
     * for the slot (offered, leased out or used), the same test a lease offer passes.
     */
    private RejectReason use(final Command command, final EventLog events)
    {
        final Account account = accountOf(command);
        if (account == null)
        {
            return missingOrUnknownAccount(command);
        }
        final Asset lease = assetsBySymbol.get(command.symbol());
        if (lease == null || lease.kind != Asset.Kind.LEASE)
        {
            return lease == null ? RejectReason.UNKNOWN_SYMBOL : RejectReason.USE_NOT_LEASE_SLOT;
        }
        final RejectReason gate = gate(account);
        if (gate != null)
        {
            return gate;
        }
        final RejectReason notOwned = checkSell(account, lease, command.qty());
        if (notOwned != null)
        {
            return notOwned;
        }
        accepted(command, events);
        ledger.use(account.index(), lease, command.qty());
        return null;
    }

    @Override
    public long shareFloor(final AsciiKey leaseSymbol)
    {
        final Asset lease = assetsBySymbol.get(leaseSymbol);
        return lease == null ? Command.ABSENT : lease.shareFloor();
    }

    @Override
    public long idleUnits(final AsciiKey leaseSymbol, final Account account)
    {
        final Asset lease = assetsBySymbol.get(leaseSymbol);
        if (lease == null || lease.shareFloor() == Command.ABSENT || account.suspended())
        {
            return 0;
        }
        final int a = account.index();
        final int unit = lease.underlying.id;
        final long leasedOut = Math.max(0, -ledger.total(a, lease.id));
        return Math.max(0, ledger.free(a, unit) - leasedOut - ledger.used(a, lease.id));
    }

    private RejectReason defaultFund(final Command command, final EventLog events)
    {
        final Account account = accountOf(command);
        if (account == null)
        {
            return missingOrUnknownAccount(command);
        }
        defaultFund = account;
        accepted(command, events);
        return null;
    }

    /**
     * The default waterfall. The shortfall is the part of the account's obligation in the asset (its debt: a
     * negative balance) that did not settle. Its orders are cancelled, it is suspended, then its collateral and
     * then the default fund's free balance pay its debt (so the counterparties, already credited, are whole),
     * and the slots it leased in go back to their lessors. Every move is within the ledger, so totals are
     * conserved; what neither covers stays as the defaulter's debt and is reported as {@code remaining}.
     */
    private RejectReason settlementFailed(final Command command, final EventLog events,
        final OrderCanceller canceller)
    {
        final Account account = accountOf(command);
        if (account == null)
        {
            return missingOrUnknownAccount(command);
        }
        final Asset asset = assetsBySymbol.get(command.symbol());
        if (asset == null || !asset.listed || asset.kind == Asset.Kind.LEASE || asset.kind == Asset.Kind.COLLATERAL)
        {
            return command.symbol().isEmpty() ? RejectReason.MISSING_FIELD : RejectReason.UNKNOWN_ASSET;
        }
        final long shortfall = command.amount();
        final RejectReason amountProblem = checkAmount(shortfall);
        if (amountProblem != null)
        {
            return amountProblem;
        }
        accepted(command, events);
        final int a = account.index();
        step(events, command, EventType.DEFAULT, account, asset, shortfall, 0);

        cancelAll(events, canceller, account, null, CancelReason.DEFAULT);
        account.suspend();
        events.add().start(EventType.SUSPENDED, command).account().set(account.id());

        long remaining = shortfall;
        long debt = Math.max(0, -ledger.total(a, asset.id));
        long applied = asset.kind == Asset.Kind.CASH ?
            Math.min(Math.min(remaining, debt), ledger.total(a, COLLATERAL)) : 0;
        ledger.add(a, collateral, -applied);
        ledger.add(a, asset, applied);
        remaining -= applied;
        debt -= applied;
        step(events, command, EventType.COLLATERAL_APPLIED, account, asset, applied, remaining);

        applied = 0;
        if (defaultFund != null && defaultFund != account)
        {
            final int f = defaultFund.index();
            final long free = Math.max(0, ledger.free(f, asset.id));
            applied = Math.min(Math.min(remaining, debt), free);
            ledger.add(f, asset, -applied);
            ledger.add(a, asset, applied);
            remaining -= applied;
        }
        step(events, command, EventType.DEFAULT_FUND_APPLIED, defaultFund, asset, applied, remaining);

        revokeLeases(command, events, a);
        return null;
    }

    /**
     * SETTLEMENT_REFUSED: the chain refused a trade for good, so nothing of it moved there; the ledger is set back to
     * before it, the exact inverse of {@link #settle}. A side that has since spent the cash or sold the units is left
     * with a negative balance: a debt its free balance shows, so it can use that asset again only once it is
     * covered (no default: the refusal was not its doing). A lease's obligation is released, announced as a
     * LEASE_REVOKED (the slot goes back to its lessor).
     */
    private RejectReason unwind(final Command command, final EventLog events)
    {
        final Account buyer = accountOf(command);
        final Account seller = command.group().isEmpty() ? null : accounts.account(command.group());
        if (buyer == null || seller == null)
        {
            return command.account().isEmpty() || command.group().isEmpty() ? RejectReason.MISSING_FIELD :
                RejectReason.UNKNOWN_ACCOUNT;
        }
        final Asset asset = assetsBySymbol.get(command.symbol());
        if (asset == null || asset.kind == Asset.Kind.CASH || asset.kind == Asset.Kind.COLLATERAL)
        {
            return command.symbol().isEmpty() ? RejectReason.MISSING_FIELD : RejectReason.UNKNOWN_ASSET;
        }
        if (command.price() == Command.ABSENT || command.qty() == Command.ABSENT)
        {
            return RejectReason.MISSING_FIELD;
        }
        if (command.price() <= 0 || command.qty() <= 0)
        {
            return command.price() <= 0 ? RejectReason.PRICE_NOT_POSITIVE : RejectReason.QTY_NOT_POSITIVE;
        }
        if (Notional.of(command.price(), command.qty()) < 0)
        {
            return RejectReason.NOTIONAL_OVERFLOW;
        }
        accepted(command, events);
        final int b = buyer.index();
        final int s = seller.index();
        final long notional = Notional.of(command.price(), command.qty());
        ledger.add(b, cash, notional);
        ledger.add(s, cash, -notional);
        ledger.add(b, asset, -command.qty());
        ledger.add(s, asset, command.qty());
        if (asset.kind == Asset.Kind.LEASE)
        {
            releaseObligation(command, events, s, b, asset, command.qty());
        }
        return null;
    }

    private void releaseObligation(final Command command, final EventLog events, final int lessor, final int lessee,
        final Asset lease, final long units)
    {
        long left = units;
        for (int i = 0; i < obligations.count && left > 0; i++)
        {
            if (obligations.lessor[i] == lessor && obligations.lessee[i] == lessee &&
                obligations.asset[i] == lease.id && obligations.qty[i] > 0)
            {
                final long released = Math.min(left, obligations.qty[i]);
                obligations.qty[i] -= released;
                left -= released;
            }
        }
        final EngineEvent event = events.add().start(EventType.LEASE_REVOKED, command)
            .priceQty(0, units)
            .decimals(0, lease.decimals);
        event.buyAccount().set(accounts.accountAt(lessee).id());
        event.sellAccount().set(accounts.accountAt(lessor).id());
        event.symbol().set(lease.symbol);
    }

    private void revokeLeases(final Command command, final EventLog events, final int lessee)
    {
        for (int i = 0; i < obligations.count; i++)
        {
            final long qty = obligations.qty[i];
            if (obligations.lessee[i] != lessee || qty == 0)
            {
                continue;
            }
            final Asset lease = assets.get(obligations.asset[i]);
            final int lessor = obligations.lessor[i];
            ledger.add(lessee, lease, -qty);
            ledger.add(lessor, lease, qty);
            obligations.qty[i] = 0;
            final EngineEvent event = events.add().start(EventType.LEASE_REVOKED, command)
                .priceQty(0, qty)
                .decimals(0, lease.decimals);
            event.buyAccount().set(accounts.accountAt(lessee).id());
            event.sellAccount().set(accounts.accountAt(lessor).id());
            event.symbol().set(lease.symbol);
        }
    }

    private static void step(final EventLog events, final Command command, final EventType type,
        final Account account, final Asset asset, final long amount, final long remaining)
    {
        final EngineEvent event = events.add().start(type, command)
            .amounts(amount, 0, remaining)
            .decimals(0, asset.decimals);
        if (account != null)
        {
            event.account().set(account.id());
        }
        event.symbol().set(asset.symbol);
    }

    private static void accepted(final Command command, final EventLog events)
    {
        final EngineEvent event = events.add().start(EventType.ACCEPTED, command);
        event.account().set(command.account());
        event.owner().set(command.owner());
        event.symbol().set(command.symbol());
    }

    /**
     * A concentration cap: the channels of a band at one location, and the share one group may hold. Its lease
     * groups are kept in order of creation, so that a snapshot writes them in an order independent of hashing.
     */
    static final class Cap
    {
        final long lowKhz;
        final long highKhz;
        final String location;
        final Asset.CapGroup units;
        final Map<String, Asset.CapGroup> leasesBySlot = new LinkedHashMap<>();

        Cap(final long lowKhz, final long highKhz, final String location, final long fraction)
        {
            this.lowKhz = lowKhz;
            this.highKhz = highKhz;
            this.location = location;
            this.units = new Asset.CapGroup(fraction);
        }

        void assign(final Asset asset)
        {
            if (asset.channelHighKhz == 0 || !location.equals(asset.location) || asset.channelLowKhz < lowKhz ||
                asset.channelHighKhz > highKhz)
            {
                return;
            }
            final Asset.CapGroup group = asset.kind == Asset.Kind.LEASE ?
                leasesBySlot.computeIfAbsent(asset.slot, slot -> new Asset.CapGroup(units.fraction)) : units;
            if (asset.capGroup != null)
            {
                asset.capGroup.members.removeInt(asset.id);
            }
            asset.capGroup = group;
            group.members.addInt(asset.id);
        }
    }
}
