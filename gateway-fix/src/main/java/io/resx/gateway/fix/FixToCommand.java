package io.resx.gateway.fix;

import io.resx.gateway.common.FieldRules;
import io.resx.gateway.common.FieldRules.Field;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.text.AsciiKey;
import quickfix.FieldMap;
import quickfix.FieldNotFound;
import quickfix.Group;
import quickfix.Message;

import java.util.List;

/**
 * Translates FIX 4.4 order entry into engine commands, with gateway-common's {@link FieldRules} (the same required
 * fields and reject reasons as the HTTP API). Decimals are read as text, never through a double.
 * A field the engine cannot take turns the command {@link CommandType#INVALID} with a specific reason and
 * detail, so the engine rejects it like any other bad input and the client gets an ExecutionReport saying why.
 * Stateless: safe on every session thread.
 */
public final class FixToCommand
{
    static final int CL_ORD_ID = 11;
    static final int ORIG_CL_ORD_ID = 41;
    static final int ACCOUNT = 1;
    static final int SYMBOL = 55;
    static final int SIDE = 54;
    static final int ORDER_QTY = 38;
    static final int ORD_TYPE = 40;
    static final int PRICE = 44;
    static final int TIME_IN_FORCE = 59;
    static final int EXEC_INST = 18;
    static final int NO_LEGS = 555;
    static final int LEG_SIDE = 624;
    static final int MASS_CANCEL_REQUEST_TYPE = 530;

    private FixToCommand()
    {
    }

    /**
     * NewOrderSingle (D): ClOrdID 11, Account 1, Symbol 55, Side 54, OrderQty 38, OrdType 40 (1 market, 2 limit),
     * Price 44, TimeInForce 59 (1 GTC, 3 IOC, 4 FOK; absent = GTC), ExecInst 18 containing 6 = post-only.
     *
     * @param message the FIX message.
     * @param command a reset command to fill.
     * @return {@code command}.
     */
    public static Command newOrder(final Message message, final Command command)
    {
        command.type(CommandType.NEW_ORDER);
        if (!id(message, Field.CL_ORD_ID, command.clOrdId(), command) ||
            !id(message, Field.ACCOUNT, command.account(), command) ||
            !id(message, Field.SYMBOL, command.symbol(), command))
        {
            return command;
        }
        final Side side = side(message, SIDE, "Side", command);
        if (side == null)
        {
            return command;
        }
        command.side(side);
        final String ordType = optional(message, ORD_TYPE);
        if ("1".equals(ordType))
        {
            command.orderType(OrderType.MARKET);
        }
        else if ("2".equals(ordType))
        {
            command.orderType(OrderType.LIMIT);
        }
        else
        {
            return command.invalid(RejectReason.MALFORMED, "OrdType (40) must be 1 (market) or 2 (limit), not " +
                ordType);
        }
        final String tif = optional(message, TIME_IN_FORCE);
        if (tif == null || "1".equals(tif))
        {
            command.timeInForce(TimeInForce.GTC);
        }
        else if ("3".equals(tif))
        {
            command.timeInForce(TimeInForce.IOC);
        }
        else if ("4".equals(tif))
        {
            command.timeInForce(TimeInForce.FOK);
        }
        else
        {
            return command.invalid(RejectReason.MALFORMED, "TimeInForce (59) must be 1 (GTC), 3 (IOC) or 4 (FOK), not " +
                tif);
        }
        final String execInst = optional(message, EXEC_INST);
        command.postOnly(execInst != null && execInst.contains("6"));
        // checked in the order the JSON edge checks them, so the first bad field names the reject at both
        final long price = decimal(message, Field.PRICE, command);
        final long qty = command.type() == CommandType.INVALID ? Command.ABSENT : decimal(message, Field.QTY, command);
        if (command.type() == CommandType.INVALID)
        {
            return command;
        }
        return command.price(price).qty(qty);
    }

    /**
     * OrderCancelRequest (F): ClOrdID 11 of the request, OrigClOrdID 41 naming the order, Account 1.
     *
     * @param message the FIX message.
     * @param command a reset command to fill.
     * @return {@code command}.
     */
    public static Command cancel(final Message message, final Command command)
    {
        command.type(CommandType.CANCEL);
        if (id(message, Field.CL_ORD_ID, command.clOrdId(), command) &&
            id(message, Field.ORIG_CL_ORD_ID, command.origClOrdId(), command))
        {
            id(message, Field.ACCOUNT, command.account(), command);
        }
        return command;
    }

    /**
     * OrderMassCancelRequest (q): ClOrdID 11, MassCancelRequestType 530 (1: one Symbol 55; 7: all orders), Account 1
     * (optional: without it, every account of the session's participant, filled in by the caller).
     *
     * @param message the FIX message.
     * @param command a reset command to fill.
     * @return {@code command}.
     */
    public static Command massCancel(final Message message, final Command command)
    {
        command.type(CommandType.MASS_CANCEL);
        if (!id(message, Field.CL_ORD_ID, command.clOrdId(), command))
        {
            return command;
        }
        final String type = optional(message, MASS_CANCEL_REQUEST_TYPE);
        if ("1".equals(type))
        {
            if (!id(message, Field.SYMBOL, command.symbol(), command))
            {
                return command;
            }
        }
        else if (!"7".equals(type))
        {
            return command.invalid(RejectReason.MALFORMED, "MassCancelRequestType (530) must be 1 (by symbol) or " +
                "7 (all orders), not " + type);
        }
        if (optional(message, ACCOUNT) != null)
        {
            id(message, Field.ACCOUNT, command.account(), command);
        }
        return command;
    }

    /**
     * OrderCancelReplaceRequest (G): ClOrdID 11 (the order's new name), OrigClOrdID 41, Account 1, Price 44 and
     * OrderQty 38 (the new total).
     *
     * @param message the FIX message.
     * @param command a reset command to fill.
     * @return {@code command}.
     */
    public static Command replace(final Message message, final Command command)
    {
        command.type(CommandType.REPLACE);
        if (!id(message, Field.CL_ORD_ID, command.clOrdId(), command) ||
            !id(message, Field.ORIG_CL_ORD_ID, command.origClOrdId(), command) ||
            !id(message, Field.ACCOUNT, command.account(), command))
        {
            return command;
        }
        // checked in the order the JSON edge checks them, so the first bad field names the reject at both
        final long price = decimal(message, Field.PRICE, command);
        final long qty = command.type() == CommandType.INVALID ? Command.ABSENT : decimal(message, Field.QTY, command);
        if (command.type() == CommandType.INVALID)
        {
            return command;
        }
        return command.price(price).qty(qty);
    }

    /**
     * NewOrderMultileg (AB): ClOrdID 11, Account 1, NoLegs 555 of LegSymbol 600, LegSide 624, LegPrice 566 and
     * LegQty 687; every leg fills within its limit or none does.
     *
     * @param message the FIX message.
     * @param command a reset command to fill.
     * @return {@code command}.
     */
    public static Command bundle(final Message message, final Command command)
    {
        command.type(CommandType.BUNDLE);
        if (!id(message, Field.CL_ORD_ID, command.clOrdId(), command) ||
            !id(message, Field.ACCOUNT, command.account(), command))
        {
            return command;
        }
        final List<Group> legs = message.getGroups(NO_LEGS);
        if (legs.size() > Command.MAX_LEGS)
        {
            return command.invalid(RejectReason.BUNDLE_LEG_COUNT, "a bundle has at most " + Command.MAX_LEGS +
                " legs, not " + legs.size());
        }
        for (final Group group : legs)
        {
            final AsciiKey symbol = new AsciiKey(Command.MAX_SYMBOL_LENGTH);
            if (!id(group, Field.LEG_SYMBOL, symbol, command))
            {
                return command;
            }
            final Side side = side(group, LEG_SIDE, "LegSide", command);
            if (side == null)
            {
                return command;
            }
            final long price = decimal(group, Field.LEG_PRICE, command);
            final long qty = command.type() == CommandType.INVALID ? Command.ABSENT :
                decimal(group, Field.LEG_QTY, command);
            if (command.type() == CommandType.INVALID)
            {
                return command;
            }
            if (price == Command.ABSENT || qty == Command.ABSENT)
            {
                return command.invalid(RejectReason.MISSING_FIELD, "every leg needs LegPrice (566) and LegQty (687)");
            }
            command.addLeg().set(side, price, qty).symbol().set(symbol);
        }
        return command;
    }

    private static String optional(final FieldMap message, final int tag)
    {
        try
        {
            return message.isSetField(tag) ? message.getString(tag) : null;
        }
        catch (final FieldNotFound ex)
        {
            return null;
        }
    }

    private static boolean id(final FieldMap message, final Field field, final AsciiKey into, final Command command)
    {
        return FieldRules.id(optional(message, field.fixTag()), field.fixLabel(), into, command);
    }

    private static Side side(final FieldMap message, final int tag, final String name, final Command command)
    {
        final String value = optional(message, tag);
        if ("1".equals(value))
        {
            return Side.BUY;
        }
        if ("2".equals(value))
        {
            return Side.SELL;
        }
        command.invalid(RejectReason.MALFORMED, name + " (" + tag + ") must be 1 (buy) or 2 (sell), not " + value);
        return null;
    }

    private static long decimal(final FieldMap message, final Field field, final Command command)
    {
        final long value = FieldRules.decimal(optional(message, field.fixTag()), field, field.fixLabel(), command);
        return value == FieldRules.REJECTED ? Command.ABSENT : value;
    }
}
