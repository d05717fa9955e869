package io.resx.gateway.common;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.FixedPointFormatException;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.text.AsciiKey;

import java.util.List;

/**
 * The field rules of order entry that every edge applies the same way: which fields each order command needs, and
 * how an id or a decimal that breaks a rule is rejected (the specific {@link RejectReason}). An edge reads its own
 * syntax (FIX tags, JSON) and names fields its own way (FIX {@code ClOrdID (11)}, JSON {@code clOrdId}); what is
 * required and which reason a bad value gets is decided here. Rules that need the market (tick, lot, positive
 * quantities, limits) are the engine's. Stateless.
 */
public final class FieldRules
{
    /** Returned by {@link #decimal} after rejecting: outside {@link FixedPoint}'s range, so never a parsed value. */
    public static final long REJECTED = Long.MAX_VALUE;

    /** An order-entry field, with its JSON name, its FIX tag and name, and the reasons a bad decimal gets. */
    public enum Field
    {
        /** The order's (or the request's) client id. */
        CL_ORD_ID("clOrdId", 11, "ClOrdID"),
        /** The order a cancel or replace names. */
        ORIG_CL_ORD_ID("origClOrdId", 41, "OrigClOrdID"),
        /** The account traded. */
        ACCOUNT("account", 1, "Account"),
        /** The instrument. */
        SYMBOL("symbol", 55, "Symbol"),
        /** BUY or SELL. */
        SIDE("side", 54, "Side"),
        /** The limit price. */
        PRICE("price", 44, "Price", RejectReason.PRICE_OFF_TICK, RejectReason.PRICE_OVERFLOW),
        /** The quantity (a replace: the new total). */
        QTY("qty", 38, "OrderQty", RejectReason.QTY_OFF_LOT, RejectReason.QTY_OVERFLOW),
        /** A bundle's legs. */
        LEGS("legs", 555, "NoLegs"),
        /** A leg's instrument. */
        LEG_SYMBOL("symbol", 600, "LegSymbol"),
        /** A leg's side. */
        LEG_SIDE("side", 624, "LegSide"),
        /** A leg's limit. */
        LEG_PRICE("price", 566, "LegPrice", RejectReason.PRICE_OFF_TICK, RejectReason.PRICE_OVERFLOW),
        /** A leg's quantity. */
        LEG_QTY("qty", 687, "LegQty", RejectReason.QTY_OFF_LOT, RejectReason.QTY_OVERFLOW);

        private final String jsonName;
        private final int fixTag;
        private final String fixName;
        private final RejectReason tooPrecise;
        private final RejectReason overflow;

        Field(final String jsonName, final int fixTag, final String fixName)
        {
            this(jsonName, fixTag, fixName, RejectReason.MALFORMED, RejectReason.MALFORMED);
        }

        Field(final String jsonName, final int fixTag, final String fixName, final RejectReason tooPrecise,
            final RejectReason overflow)
        {
            this.jsonName = jsonName;
            this.fixTag = fixTag;
            this.fixName = fixName;
            this.tooPrecise = tooPrecise;
            this.overflow = overflow;
        }

        /** @return its name in the HTTP API's and the batch format's JSON. */
        public String jsonName()
        {
            return jsonName;
        }

        /** @return its FIX tag. */
        public int fixTag()
        {
            return fixTag;
        }

        /** @return how a FIX reject names it: {@code ClOrdID (11)}. */
        public String fixLabel()
        {
            return fixName + " (" + fixTag + ")";
        }

        /** @return the reason of a decimal with more decimals than {@link FixedPoint#SCALE}. */
        public RejectReason tooPrecise()
        {
            return tooPrecise;
        }

        /** @return the reason of a decimal beyond {@link FixedPoint#MAX_UNITS}. */
        public RejectReason overflow()
        {
            return overflow;
        }
    }

    private static final List<Field> NEW_ORDER = List.of(Field.CL_ORD_ID, Field.ACCOUNT, Field.SYMBOL, Field.SIDE,
        Field.QTY);
    private static final List<Field> CANCEL_OR_REPLACE = List.of(Field.CL_ORD_ID, Field.ORIG_CL_ORD_ID,
        Field.ACCOUNT);
    private static final List<Field> BUNDLE = List.of(Field.CL_ORD_ID, Field.ACCOUNT, Field.LEGS);
    /** An owner's own use of a lease slot (use-it-or-share-it): no ClOrdID, it is no order. */
    private static final List<Field> USE = List.of(Field.ACCOUNT, Field.SYMBOL, Field.QTY);
    private static final List<Field> LEG = List.of(Field.LEG_SYMBOL, Field.LEG_SIDE, Field.LEG_PRICE, Field.LEG_QTY);

    private FieldRules()
    {
    }

    /**
     * @param type an order-entry command: NEW_ORDER, CANCEL, REPLACE or BUNDLE.
     * @return the fields it must carry, in the order they are checked; a bundle's legs need {@link #legFields()}.
     * @throws IllegalArgumentException for another command.
     */
    public static List<Field> required(final CommandType type)
    {
        switch (type)
        {
            case NEW_ORDER:
                return NEW_ORDER;
            case CANCEL:
            case REPLACE:
                return CANCEL_OR_REPLACE;
            case BUNDLE:
                return BUNDLE;
            case USE:
                return USE;
            default:
                throw new IllegalArgumentException(type + " is not order entry");
        }
    }

    /** @return the fields every bundle leg must carry. */
    public static List<Field> legFields()
    {
        return LEG;
    }

    /**
     * Reads an id: required, printable ASCII, at most the target's capacity.
     *
     * @param value   the text, or null when absent.
     * @param label   how the edge names the field in a reject's detail.
     * @param into    where it goes.
     * @param command rejected (made INVALID) when the value breaks a rule.
     * @return whether it was read.
     */
    public static boolean id(final CharSequence value, final String label, final AsciiKey into, final Command command)
    {
        if (value == null || value.length() == 0)
        {
            command.invalid(RejectReason.MISSING_FIELD, label + " is required");
            return false;
        }
        if (!into.fits(value))
        {
            command.invalid(RejectReason.ID_TOO_LONG, value.length() > into.capacity() ?
                label + " is longer than " + into.capacity() + " characters" :
                label + " holds a character outside printable ASCII");
            return false;
        }
        into.set(value);
        return true;
    }

    /**
     * Reads a decimal as text (never through a double).
     *
     * @param value   the text, or null when absent.
     * @param field   the field (its reasons for too many decimals and overflow).
     * @param label   how the edge names the field in a reject's detail.
     * @param command rejected (made INVALID) when the value breaks a rule.
     * @return the fixed-point value, {@link Command#ABSENT} when absent, {@link #REJECTED} after rejecting.
     */
    public static long decimal(final CharSequence value, final Field field, final String label, final Command command)
    {
        if (value == null)
        {
            return Command.ABSENT;
        }
        try
        {
            return FixedPoint.parse(value);
        }
        catch (final FixedPointFormatException ex)
        {
            switch (ex.problem())
            {
                case TOO_MANY_DECIMALS:
                    command.invalid(field.tooPrecise(), label + " " + value + " has more than " + FixedPoint.SCALE +
                        " decimals");
                    break;
                case OVERFLOW:
                    command.invalid(field.overflow(), label + " " + value + " exceeds the largest accepted value " +
                        FixedPoint.MAX_UNITS);
                    break;
                default:
                    command.invalid(RejectReason.MALFORMED, label + " " + value + " is not a decimal number");
                    break;
            }
            return REJECTED;
        }
    }
}
