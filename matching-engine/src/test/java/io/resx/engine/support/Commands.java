package io.resx.engine.support;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.BundleLeg;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.command.TimeInForce;

/**
 * Terse builders of engine commands for tests. Decimals go through {@link FixedPoint#parse}, so a test reads
 * the way a participant would type: {@code limit("A1", "c1", "SYM", BUY, "10.00", "5")}. Every builder returns
 * a fresh {@link Command}; refine it with the command's own fluent setters ({@code .timeInForce(IOC)},
 * {@code .postOnly(true)}) or raw fixed-point values ({@code .price(-1)}) for bad input.
 */
public final class Commands
{
    private Commands()
    {
    }

    /**
     * @param text a decimal such as {@code "10.25"}, or null for {@link Command#ABSENT}.
     * @return fixed-point long.
     */
    public static long fp(final String text)
    {
        return text == null ? Command.ABSENT : FixedPoint.parse(text);
    }

    /**
     * @param symbol instrument.
     * @param tick   price increment, decimal.
     * @param lot    quantity increment, decimal.
     * @return a LIST command.
     */
    public static Command list(final String symbol, final String tick, final String lot)
    {
        final Command command = new Command().type(CommandType.LIST).tick(fp(tick)).lot(fp(lot));
        command.symbol().set(symbol);
        return command;
    }

    /**
     * @param account new account id.
     * @param owner   its owner.
     * @return an ACCOUNT command.
     */
    public static Command account(final String account, final String owner)
    {
        final Command command = new Command().type(CommandType.ACCOUNT);
        command.account().set(account);
        command.owner().set(owner);
        return command;
    }

    /**
     * @param owner  owner id.
     * @param policy its self-trade prevention policy.
     * @return an OWNER command.
     */
    public static Command owner(final String owner, final StpPolicy policy)
    {
        final Command command = new Command().type(CommandType.OWNER).stpPolicy(policy);
        command.owner().set(owner);
        return command;
    }

    /**
     * A GTC limit order.
     *
     * @param account account acting.
     * @param clOrdId client order id.
     * @param symbol  instrument.
     * @param side    side.
     * @param price   limit price, decimal, or null for none.
     * @param qty     quantity, decimal, or null for none.
     * @return a NEW_ORDER command.
     */
    public static Command limit(
        final String account, final String clOrdId, final String symbol, final Side side, final String price,
        final String qty)
    {
        final Command command = new Command().type(CommandType.NEW_ORDER)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.GTC)
            .side(side)
            .price(fp(price))
            .qty(fp(qty));
        command.account().set(account);
        command.clOrdId().set(clOrdId);
        command.symbol().set(symbol);
        return command;
    }

    /**
     * A market order (GTC unless refined: its rest is cancelled either way).
     *
     * @param account account acting.
     * @param clOrdId client order id.
     * @param symbol  instrument.
     * @param side    side.
     * @param qty     quantity, decimal.
     * @return a NEW_ORDER command without a price.
     */
    public static Command market(
        final String account, final String clOrdId, final String symbol, final Side side, final String qty)
    {
        return limit(account, clOrdId, symbol, side, null, qty).orderType(OrderType.MARKET);
    }

    /**
     * @param account     account acting.
     * @param clOrdId     id of the cancel request.
     * @param origClOrdId ClOrdID that names the order now.
     * @return a CANCEL command.
     */
    public static Command cancel(final String account, final String clOrdId, final String origClOrdId)
    {
        final Command command = new Command().type(CommandType.CANCEL);
        command.account().set(account);
        command.clOrdId().set(clOrdId);
        command.origClOrdId().set(origClOrdId);
        return command;
    }

    /**
     * @param account     account acting.
     * @param clOrdId     the order's new ClOrdID.
     * @param origClOrdId ClOrdID that names the order now.
     * @param price       new price, decimal, or null to keep it.
     * @param qty         new total quantity, decimal, or null to keep it.
     * @return a REPLACE command.
     */
    public static Command replace(
        final String account, final String clOrdId, final String origClOrdId, final String price, final String qty)
    {
        final Command command = new Command().type(CommandType.REPLACE).price(fp(price)).qty(fp(qty));
        command.account().set(account);
        command.clOrdId().set(clOrdId);
        command.origClOrdId().set(origClOrdId);
        return command;
    }

    /**
     * @param symbol instrument.
     * @param side   side.
     * @param price  limit price, decimal.
     * @param qty    quantity, decimal.
     * @return a leg description for {@link #bundle}.
     */
    public static Leg leg(final String symbol, final Side side, final String price, final String qty)
    {
        return new Leg(symbol, side, fp(price), fp(qty));
    }

    /**
     * @param account account acting.
     * @param clOrdId client order id of the bundle.
     * @param legs    its legs, in order.
     * @return a BUNDLE command.
     */
    public static Command bundle(final String account, final String clOrdId, final Leg... legs)
    {
        final Command command = new Command().type(CommandType.BUNDLE);
        command.account().set(account);
        command.clOrdId().set(clOrdId);
        for (final Leg leg : legs)
        {
            final BundleLeg added = command.addLeg().set(leg.side(), leg.price(), leg.qty());
            added.symbol().set(leg.symbol());
        }
        return command;
    }

    /**
     * @param symbol instrument.
     * @param depth  levels per side.
     * @return a BOOK query.
     */
    public static Command book(final String symbol, final int depth)
    {
        final Command command = new Command().type(CommandType.BOOK).depth(depth);
        command.symbol().set(symbol);
        return command;
    }

    /**
     * @param symbol an instrument with a slot.
     * @param tick   tick size.
     * @param lot    lot size.
     * @param closes its gate closure.
     * @return a LIST command with a gate closure.
     */
    public static Command list(final String symbol, final String tick, final String lot, final java.time.Instant closes)
    {
        return list(symbol, tick, lot).atNs(closes.getEpochSecond() * 1_000_000_000L + closes.getNano());
    }

    /**
     * @param symbol the traded instrument.
     * @param buyer  the buyer's account.
     * @param seller the seller's account.
     * @param price  the trade's price, decimal.
     * @param qty    its quantity, decimal.
     * @return a SETTLEMENT_REFUSED command marked admin, as the settlement bridge sends it.
     */
    public static Command settlementRefused(final String symbol, final String buyer, final String seller,
        final String price, final String qty)
    {
        final Command command = new Command().type(CommandType.SETTLEMENT_REFUSED).admin(true).price(fp(price))
            .qty(fp(qty)).amount(1);
        command.symbol().set(symbol);
        command.account().set(buyer);
        command.group().set(seller);
        command.detail().set("BadSlot(1,2)");
        return command;
    }

    /**
     * @param account account whose orders to cancel, or null for every account of {@code owner}.
     * @param owner   owner whose accounts' orders to cancel when {@code account} is null.
     * @param symbol  the one instrument, or null for all.
     * @return a MASS_CANCEL command (reason MASS_CANCEL, no connection tag).
     */
    public static Command massCancel(final String account, final String owner, final String symbol)
    {
        final Command command = new Command().type(CommandType.MASS_CANCEL);
        command.clOrdId().set("mc");
        if (account != null)
        {
            command.account().set(account);
        }
        if (owner != null)
        {
            command.owner().set(owner);
        }
        if (symbol != null)
        {
            command.symbol().set(symbol);
        }
        return command;
    }

    /**
     * @param account   account whose dead-man switch to arm.
     * @param timeoutMs timeout, milliseconds of exchange time; 0 disarms.
     * @return a CANCEL_ALL_AFTER command.
     */
    public static Command cancelAllAfter(final String account, final long timeoutMs)
    {
        final Command command = new Command().type(CommandType.CANCEL_ALL_AFTER).timeoutMs(timeoutMs);
        command.account().set(account);
        return command;
    }

    /** @return an admin clock tick: its stamp is the exchange time it carries. */
    public static Command tick()
    {
        return new Command().type(CommandType.TICK).admin(true);
    }

    /**
     * @param symbol instrument.
     * @param halted true to halt the book, false to resume it.
     * @return a HALT command marked admin, as the HTTP admin endpoint sends it.
     */
    public static Command halt(final String symbol, final boolean halted)
    {
        final Command command = new Command().type(CommandType.HALT).admin(true).enable(halted);
        command.symbol().set(symbol);
        return command;
    }

    /**
     * One leg of a bundle, fixed-point.
     *
     * @param symbol instrument.
     * @param side   side.
     * @param price  limit price, fixed-point.
     * @param qty    quantity, fixed-point.
     */
    public record Leg(String symbol, Side side, long price, long qty)
    {
    }

    /**
     * @param account account credited.
     * @param asset   CASH, COLLATERAL or a listed symbol.
     * @param amount  decimal.
     * @return a DEPOSIT command marked admin, as the settlement bridge sends it.
     */
    public static Command deposit(final String account, final String asset, final String amount)
    {
        final Command command = new Command().type(CommandType.DEPOSIT).admin(true).amount(fp(amount));
        command.account().set(account);
        command.symbol().set(asset);
        return command;
    }

    /**
     * @param symbol      a spectrum ownership instrument.
     * @param floor       the clearing's floor, decimal.
     * @param share       the owner's share given up, decimal fraction, or null for none.
     * @param beneficiary the account that gets the share, or null.
     * @return a SHARE_RULE command marked admin, setting the use-it-or-share-it rule.
     */
    public static Command shareRule(final String symbol, final String floor, final String share,
        final String beneficiary)
    {
        final Command command = new Command().type(CommandType.SHARE_RULE).admin(true).enable(true).price(fp(floor))
            .fraction(share == null ? Command.ABSENT : fp(share));
        command.symbol().set(symbol);
        if (beneficiary != null)
        {
            command.account().set(beneficiary);
        }
        return command;
    }

    /**
     * @param symbol a spectrum ownership instrument.
     * @return a SHARE_RULE command marked admin, lifting the rule.
     */
    public static Command liftShareRule(final String symbol)
    {
        final Command command = new Command().type(CommandType.SHARE_RULE).admin(true).enable(false);
        command.symbol().set(symbol);
        return command;
    }

    /**
     * @param account the owner.
     * @param symbol  a lease slot of a unit it owns.
     * @param qty     units, decimal.
     * @return a USE command: the owner's own use of the units for the slot.
     */
    public static Command use(final String account, final String symbol, final String qty)
    {
        final Command command = new Command().type(CommandType.USE).qty(fp(qty));
        command.account().set(account);
        command.symbol().set(symbol);
        return command;
    }
}
