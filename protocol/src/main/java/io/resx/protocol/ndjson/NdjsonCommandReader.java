package io.resx.protocol.ndjson;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.FixedPointFormatException;
import io.resx.protocol.command.BundleLeg;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.text.AsciiKey;

import java.io.IOException;

/**
 * Reads one NDJSON line of {@code ./resx batch} input into a {@link Command}. Never throws for bad input: a line
 * it cannot read becomes an {@link CommandType#INVALID} command with a specific {@link RejectReason} and a detail
 * naming the field, and keeps the {@code clOrdId} and {@code account} it could read so the reject names the order.
 * <p>
 * The line is read in two passes: the JSON object is first scanned into per-field scratch values, then the
 * fields the {@code cmd} needs are checked in a fixed order. So field order is free, fields a command does not
 * use are ignored whatever they hold, and the same object always gets the same reject.
 * <p>
 * Checks only what the text decides (syntax, types, lengths, enum names, decimal format, symbology of a
 * listed symbol, at most {@link Command#MAX_LEGS} legs); whether a price may be absent, a quantity positive or a
 * depth in range is the engine's call. A JSON {@code null} counts as an absent field. A field given twice is
 * MALFORMED, since either value would be a guess. Not thread-safe: one reader per input thread.
 */
public final class NdjsonCommandReader
{
    private static final int DEFAULT_DEPTH = 10;
    private static final int MAX_QUOTED_LENGTH = 40;
    private static final long REJECTED = Long.MAX_VALUE; // outside FixedPoint's range, so never a parsed value
    private static final int MAX_INT_DIGITS = 11; // sign and ten digits: any longer cannot be an int

    private final SymbolValidator symbolValidator;
    private final RawObject top = new RawObject();
    private final RawObject[] legs = new RawObject[Command.MAX_LEGS];
    private int legsSeen;
    private String lineProblem;
    private String legsProblem;

    /**
     * @param symbolValidator checks the symbol of a {@code list} command against ResX symbology.
     */
    public NdjsonCommandReader(final SymbolValidator symbolValidator)
    {
        this.symbolValidator = symbolValidator;
        for (int i = 0; i < legs.length; i++)
        {
            legs[i] = new RawObject();
        }
    }

    /**
     * Resets {@code command} and fills it from one line.
     *
     * @param line    one line of input, with or without its line terminator.
     * @param command to fill; it is {@link Command#reset()} first.
     * @return {@code command}, of type INVALID when the line could not be read.
     */
    public Command read(final CharSequence line, final Command command)
    {
        command.reset();
        clear();
        if (isBlank(line))
        {
            return command.invalid(RejectReason.MALFORMED, "empty line");
        }

        try (JsonParser parser = NdjsonFormat.JSON_FACTORY.createParser(line.toString()))
        {
            scanLine(parser);
        }
        catch (final IOException ex)
        {
            // JsonProcessingException (bad syntax, stream constraints) is the only IOException a String source gives
            lineProblem = notJson(ex);
        }

        if (lineProblem != null)
        {
            command.invalid(RejectReason.MALFORMED, lineProblem);
        }
        else
        {
            interpret(command);
        }

        if (command.type() == CommandType.INVALID)
        {
            keepId(command.clOrdId(), top.get(Field.CL_ORD_ID));
            keepId(command.account(), top.get(Field.ACCOUNT));
        }
        return command;
    }

    private void clear()
    {
        top.clear();
        for (final RawObject leg : legs)
        {
            leg.clear();
        }
        legsSeen = 0;
        lineProblem = null;
        legsProblem = null;
    }

    private void scanLine(final JsonParser parser) throws IOException
    {
        final JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT)
        {
            lineProblem = "the line is not a JSON object";
            return;
        }
        scanObject(parser, top, -1);
        if (parser.nextToken() != null)
        {
            lineProblem = "more than one JSON value on the line";
        }
    }

    /** Scans the fields of an object whose START_OBJECT is the current token, up to its END_OBJECT. */
    private void scanObject(final JsonParser parser, final RawObject into, final int leg) throws IOException
    {
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final Field field = Field.of(parser.currentName());
            final JsonToken token = parser.nextToken();
            if (field == null)
            {
                parser.skipChildren();
                continue;
            }

            final RawValue raw = into.get(field);
            if (raw.token != null)
            {
                final String problem = "duplicate field '" + fieldName(field, leg) + "'";
                if (leg < 0)
                {
                    lineProblem = lineProblem == null ? problem : lineProblem;
                }
                else
                {
                    legsProblem = legsProblem == null ? problem : legsProblem;
                }
                parser.skipChildren();
                continue;
            }

            raw.token = token;
            if (token.isScalarValue())
            {
                raw.text.append(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            }
            else if (token == JsonToken.START_ARRAY && field == Field.LEGS && leg < 0)
            {
                scanLegs(parser);
            }
            else
            {
                parser.skipChildren();
            }
        }
    }

    private void scanLegs(final JsonParser parser) throws IOException
    {
        int index = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken())
        {
            if (token == JsonToken.START_OBJECT && index < legs.length)
            {
                scanObject(parser, legs[index], index);
            }
            else
            {
                if (token != JsonToken.START_OBJECT && legsProblem == null)
                {
                    legsProblem = "legs[" + index + "] must be a JSON object";
                }
                parser.skipChildren(); // legs past MAX_LEGS are only counted
            }
            index++;
        }
        legsSeen = index;
    }

    private void interpret(final Command command)
    {
        final RawValue cmd = top.get(Field.CMD);
        if (!cmd.isPresent())
        {
            missing(command, "cmd");
            return;
        }
        if (cmd.token != JsonToken.VALUE_STRING)
        {
            command.invalid(RejectReason.MALFORMED, "field 'cmd' must be a string");
            return;
        }
        final CommandType type = NdjsonFormat.commandType(cmd.text);
        if (type == null)
        {
            command.invalid(RejectReason.UNKNOWN_COMMAND, "unknown cmd " + quote(cmd.text));
            return;
        }

        command.type(type);
        final Boolean admin = flag(command, Field.ADMIN, false);
        if (admin == null)
        {
            return;
        }
        command.admin(admin);
        switch (type)
        {
            case LIST:
                readList(command);
                break;
            case ACCOUNT:
                readAccount(command);
                break;
            case OWNER:
                readOwner(command);
                break;
            case NEW_ORDER:
                readNewOrder(command);
                break;
            case CANCEL:
                readCancel(command);
                break;
            case REPLACE:
                readReplace(command);
                break;
            case BUNDLE:
                readBundle(command);
                break;
            case BOOK:
                readBook(command);
                break;
            case DEPOSIT:
            case WITHDRAW:
                readTransfer(command, Field.AMOUNT);
                break;
            case SETTLEMENT_FAILED:
                readTransfer(command, Field.SHORTFALL);
                break;
            case BALANCES:
            case DEFAULT_FUND:
                id(command, top, Field.ACCOUNT, -1, command.account(), true);
                break;
            case LIMITS:
                readLimits(command);
                break;
            case KILL:
                readKill(command);
                break;
            case MASS_CANCEL:
                if (accountOrOwner(command) && top.get(Field.SYMBOL).isPresent())
                {
                    id(command, top, Field.SYMBOL, -1, command.symbol(), true);
                }
                break;
            case CANCEL_ALL_AFTER:
                if (id(command, top, Field.ACCOUNT, -1, command.account(), true) &&
                    wholeNumber(command, Field.TIMEOUT_MS))
                {
                    command.timeoutMs(command.amount()).amount(Command.ABSENT);
                }
                break;
            case GROUP:
                if (id(command, top, Field.OWNER, -1, command.owner(), true))
                {
                    id(command, top, Field.GROUP, -1, command.group(), true);
                }
                break;
            case BAND:
                readFractionOf(command, Field.BAND, true);
                break;
            case CAP:
                readFractionOf(command, Field.MAX, false);
                break;
            case BATCH_SETTLED:
                readBatchSettled(command);
                break;
            case SETTLEMENT_CUT:
                break;
            case HALT:
                readHalt(command);
                break;
            case TICK:
                readTime(command, Field.TIME);
                break;
            case SETTLEMENT_REFUSED:
                readSettlementRefused(command);
                break;
            case SHARE_RULE:
                readShareRule(command);
                break;
            case USE:
                if (id(command, top, Field.ACCOUNT, -1, command.account(), true) &&
                    id(command, top, Field.SYMBOL, -1, command.symbol(), true))
                {
                    final long qty = decimal(command, top, Field.QTY, -1, true);
                    if (qty != REJECTED)
                    {
                        command.qty(qty);
                    }
                }
                break;
            default:
                throw new IllegalStateException("no reader for " + type); // commandType() never returns INVALID
        }
    }

    private void readList(final Command command)
    {
        if (!id(command, top, Field.SYMBOL, -1, command.symbol(), true))
        {
            return;
        }
        try
        {
            symbolValidator.validate(command.symbol());
        }
        catch (final IllegalArgumentException ex)
        {
            final String message = ex.getMessage();
            command.invalid(
                RejectReason.MALFORMED_SYMBOL,
                message != null && !message.isEmpty() ?
                    message : "symbol " + quote(command.symbol()) + " does not follow ResX symbology");
            return;
        }

        final long tick = decimal(command, top, Field.TICK, -1, true);
        if (tick == REJECTED)
        {
            return;
        }
        command.tick(tick);
        final long lot = decimal(command, top, Field.LOT, -1, true);
        if (lot == REJECTED)
        {
            return;
        }
        command.lot(lot);
        readTime(command, Field.CLOSES);
    }

    /**
     * Reads an optional ISO-8601 instant with its offset ({@code "2026-12-01T09:30Z"}, seconds optional) into
     * {@link Command#atNs()}: LIST's {@code closes}, TICK's {@code time}. Reference data and clock commands only,
     * so parsing through java.time here is off the order path.
     */
    private void readTime(final Command command, final Field field)
    {
        final RawValue value = top.get(field);
        if (!value.isPresent())
        {
            return;
        }
        if (value.token != JsonToken.VALUE_STRING)
        {
            wrongType(command, field, -1, "an ISO-8601 time string such as \"2026-12-01T09:30Z\"");
            return;
        }
        try
        {
            final java.time.Instant instant = java.time.OffsetDateTime.parse(value.text).toInstant();
            command.atNs(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano()));
        }
        catch (final java.time.format.DateTimeParseException | ArithmeticException ex)
        {
            command.invalid(RejectReason.INVALID_TIME, "field '" + field.jsonName + "' " + quote(value.text) +
                " is not an ISO-8601 time with an offset such as \"2026-12-01T09:30Z\"");
        }
    }

    /** SETTLEMENT_REFUSED: tradeId, symbol, buyAccount, sellAccount, price, qty (the trade), reason (optional). */
    private void readSettlementRefused(final Command command)
    {
        if (wholeNumber(command, Field.TRADE_ID) &&
            id(command, top, Field.SYMBOL, -1, command.symbol(), true) &&
            id(command, top, Field.BUY_ACCOUNT, -1, command.account(), true) &&
            id(command, top, Field.SELL_ACCOUNT, -1, command.group(), true))
        {
            readPriceQty(command, true, true);
            if (command.type() != CommandType.INVALID)
            {
                id(command, top, Field.REASON, -1, command.detail(), false);
            }
        }
    }

    private void readAccount(final Command command)
    {
        if (id(command, top, Field.ACCOUNT, -1, command.account(), true))
        {
            id(command, top, Field.OWNER, -1, command.owner(), true);
        }
    }

    private void readOwner(final Command command)
    {
        if (!id(command, top, Field.OWNER, -1, command.owner(), true))
        {
            return;
        }
        final StpPolicy stp = choice(command, top, Field.STP, -1, StpPolicy.values(), null);
        if (stp != null)
        {
            command.stpPolicy(stp);
        }
    }

    private void readNewOrder(final Command command)
    {
        if (!id(command, top, Field.CL_ORD_ID, -1, command.clOrdId(), true) ||
            !id(command, top, Field.ACCOUNT, -1, command.account(), true) ||
            !id(command, top, Field.SYMBOL, -1, command.symbol(), true))
        {
            return;
        }
        final Side side = choice(command, top, Field.SIDE, -1, Side.values(), null);
        if (side == null)
        {
            return;
        }
        command.side(side);
        final OrderType orderType = choice(command, top, Field.TYPE, -1, OrderType.values(), OrderType.LIMIT);
        if (orderType == null)
        {
            return;
        }
        command.orderType(orderType);
        final TimeInForce tif = choice(command, top, Field.TIF, -1, TimeInForce.values(), TimeInForce.GTC);
        if (tif == null)
        {
            return;
        }
        command.timeInForce(tif);
        final Boolean postOnly = flag(command, Field.POST_ONLY, false);
        if (postOnly == null)
        {
            return;
        }
        command.postOnly(postOnly);
        readPriceQty(command, false, true);
        if (command.type() == CommandType.NEW_ORDER)
        {
            final long budget = decimal(command, top, Field.BUDGET, -1, false);
            if (budget != REJECTED)
            {
                command.budget(budget);
            }
        }
        if (command.type() != CommandType.INVALID)
        {
            final long protection = decimal(command, top, Field.PROTECTION, -1, false);
            if (protection != REJECTED)
            {
                command.protectionPrice(protection);
            }
        }
    }

    /** Reads an optional JSON boolean; {@code defaultValue} when absent; null after rejecting. */
    private Boolean flag(final Command command, final Field field, final boolean defaultValue)
    {
        final RawValue value = top.get(field);
        if (!value.isPresent())
        {
            return defaultValue;
        }
        if (value.token != JsonToken.VALUE_TRUE && value.token != JsonToken.VALUE_FALSE)
        {
            command.invalid(RejectReason.MALFORMED, "field '" + field.jsonName + "' must be true or false");
            return null;
        }
        return value.token == JsonToken.VALUE_TRUE;
    }

    private void readTransfer(final Command command, final Field amountField)
    {
        if (!id(command, top, Field.ACCOUNT, -1, command.account(), true) ||
            !id(command, top, Field.ASSET, -1, command.symbol(), true))
        {
            return;
        }
        final long amount = decimal(command, top, amountField, -1, true);
        if (amount != REJECTED)
        {
            command.amount(amount);
        }
    }

    /** Reads {@code account} or else {@code owner}: the target of LIMITS and KILL. */
    private boolean accountOrOwner(final Command command)
    {
        if (top.get(Field.ACCOUNT).isPresent())
        {
            return id(command, top, Field.ACCOUNT, -1, command.account(), true);
        }
        if (top.get(Field.OWNER).isPresent())
        {
            return id(command, top, Field.OWNER, -1, command.owner(), true);
        }
        return missing(command, "account' or 'owner");
    }

    private void readLimits(final Command command)
    {
        if (!accountOrOwner(command))
        {
            return;
        }
        final long creditLimit = decimal(command, top, Field.CREDIT_LIMIT, -1, false);
        if (creditLimit == REJECTED)
        {
            return;
        }
        final long ratio = decimal(command, top, Field.COLLATERAL_RATIO, -1, false);
        if (ratio == REJECTED)
        {
            return;
        }
        final long maxQty = decimal(command, top, Field.MAX_ORDER_QTY, -1, false);
        if (maxQty == REJECTED)
        {
            return;
        }
        final long maxNotional = decimal(command, top, Field.MAX_ORDER_NOTIONAL, -1, false);
        if (maxNotional == REJECTED)
        {
            return;
        }
        command.creditLimit(creditLimit).collateralRatio(ratio).maxOrderQty(maxQty).maxOrderNotional(maxNotional);
    }

    private void readKill(final Command command)
    {
        if (!accountOrOwner(command))
        {
            return;
        }
        final Boolean on = flag(command, Field.ON, true);
        if (on != null)
        {
            command.enable(on);
        }
    }

    /** HALT: symbol, halted (optional, true: halt, false: resume). */
    private void readHalt(final Command command)
    {
        if (!id(command, top, Field.SYMBOL, -1, command.symbol(), true))
        {
            return;
        }
        final Boolean halted = flag(command, Field.HALTED, true);
        if (halted != null)
        {
            command.enable(halted);
        }
    }

    /** BAND: symbol, band (fraction), optional reference price; CAP: symbol, max (fraction). */
    private void readFractionOf(final Command command, final Field fractionField, final boolean withPrice)
    {
        if (!id(command, top, Field.SYMBOL, -1, command.symbol(), true))
        {
            return;
        }
        final long fraction = decimal(command, top, fractionField, -1, true);
        if (fraction == REJECTED)
        {
            return;
        }
        command.fraction(fraction);
        if (withPrice)
        {
            final long price = decimal(command, top, Field.PRICE, -1, false);
            if (price != REJECTED)
            {
                command.price(price);
            }
        }
    }

    /**
     * SHARE_RULE: symbol (a spectrum ownership), floor (price), share (fraction, optional: 0), account (the share's
     * beneficiary; needed when the share is above 0), on (optional, true: set, false: lift).
     */
    private void readShareRule(final Command command)
    {
        if (!id(command, top, Field.SYMBOL, -1, command.symbol(), true))
        {
            return;
        }
        final Boolean on = flag(command, Field.ON, true);
        if (on == null)
        {
            return;
        }
        command.enable(on);
        final long floor = decimal(command, top, Field.FLOOR, -1, on);
        if (floor == REJECTED)
        {
            return;
        }
        command.price(floor);
        final long share = decimal(command, top, Field.SHARE, -1, false);
        if (share == REJECTED)
        {
            return;
        }
        command.fraction(share);
        id(command, top, Field.ACCOUNT, -1, command.account(), false);
    }

    private void readCancel(final Command command)
    {
        if (id(command, top, Field.CL_ORD_ID, -1, command.clOrdId(), true) &&
            id(command, top, Field.ORIG_CL_ORD_ID, -1, command.origClOrdId(), true))
        {
            id(command, top, Field.ACCOUNT, -1, command.account(), true);
        }
    }

    private void readReplace(final Command command)
    {
        if (id(command, top, Field.CL_ORD_ID, -1, command.clOrdId(), true) &&
            id(command, top, Field.ORIG_CL_ORD_ID, -1, command.origClOrdId(), true) &&
            id(command, top, Field.ACCOUNT, -1, command.account(), true))
        {
            readPriceQty(command, false, false);
        }
    }

    private void readPriceQty(final Command command, final boolean priceRequired, final boolean qtyRequired)
    {
        final long price = decimal(command, top, Field.PRICE, -1, priceRequired);
        if (price == REJECTED)
        {
            return;
        }
        command.price(price);
        final long qty = decimal(command, top, Field.QTY, -1, qtyRequired);
        if (qty == REJECTED)
        {
            return;
        }
        command.qty(qty);
    }

    private void readBundle(final Command command)
    {
        if (!id(command, top, Field.CL_ORD_ID, -1, command.clOrdId(), true) ||
            !id(command, top, Field.ACCOUNT, -1, command.account(), true))
        {
            return;
        }
        final RawValue rawLegs = top.get(Field.LEGS);
        if (!rawLegs.isPresent())
        {
            missing(command, "legs");
            return;
        }
        if (rawLegs.token != JsonToken.START_ARRAY)
        {
            command.invalid(RejectReason.MALFORMED, "field 'legs' must be an array of leg objects");
            return;
        }
        if (legsSeen > Command.MAX_LEGS)
        {
            command.invalid(
                RejectReason.BUNDLE_LEG_COUNT,
                "a bundle has at most " + Command.MAX_LEGS + " legs, got " + legsSeen);
            return;
        }
        if (legsProblem != null)
        {
            command.invalid(RejectReason.MALFORMED, legsProblem);
            return;
        }
        for (int i = 0; i < legsSeen; i++)
        {
            if (!readLeg(command, legs[i], i))
            {
                return;
            }
        }
    }

    private boolean readLeg(final Command command, final RawObject raw, final int index)
    {
        final BundleLeg leg = command.addLeg();
        if (!id(command, raw, Field.SYMBOL, index, leg.symbol(), true))
        {
            return false;
        }
        final Side side = choice(command, raw, Field.SIDE, index, Side.values(), null);
        if (side == null)
        {
            return false;
        }
        final long price = decimal(command, raw, Field.PRICE, index, true);
        if (price == REJECTED)
        {
            return false;
        }
        final long qty = decimal(command, raw, Field.QTY, index, true);
        if (qty == REJECTED)
        {
            return false;
        }
        leg.set(side, price, qty);
        return true;
    }

    /** {@code batchId}: a whole JSON number, positive; {@code txHash}: the settling transaction, optional. */
    private void readBatchSettled(final Command command)
    {
        if (wholeNumber(command, Field.BATCH_ID))
        {
            id(command, top, Field.TX_HASH, -1, command.detail(), false);
        }
    }

    /** Reads a required positive whole JSON number (an id) into {@link Command#amount()}; false after rejecting. */
    private boolean wholeNumber(final Command command, final Field field)
    {
        final RawValue value = top.get(field);
        if (!value.isPresent())
        {
            missing(command, field.jsonName);
            return false;
        }
        if (value.token != JsonToken.VALUE_NUMBER_INT || value.text.length() > MAX_INT_DIGITS ||
            value.text.charAt(0) == '-')
        {
            command.invalid(RejectReason.MALFORMED, "field '" + field.jsonName + "' must be a positive whole JSON number");
            return false;
        }
        command.amount(Long.parseLong(value.text, 0, value.text.length(), 10));
        return true;
    }

    private void readBook(final Command command)
    {
        if (!id(command, top, Field.SYMBOL, -1, command.symbol(), true))
        {
            return;
        }
        final RawValue depth = top.get(Field.DEPTH);
        if (!depth.isPresent())
        {
            command.depth(DEFAULT_DEPTH);
            return;
        }
        if (depth.token != JsonToken.VALUE_NUMBER_INT)
        {
            command.invalid(RejectReason.MALFORMED, "field 'depth' must be a whole JSON number");
            return;
        }
        final StringBuilder text = depth.text;
        final long value = text.length() <= MAX_INT_DIGITS ?
            Long.parseLong(text, 0, text.length(), 10) : Long.MAX_VALUE; // the parser checked the digits
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
        {
            // beyond what the command can carry; the engine's range check would refuse it for the same reason
            command.invalid(
                RejectReason.INVALID_DEPTH,
                "depth " + quote(text) + " is outside 1.." + EngineEvent.MAX_DEPTH);
            return;
        }
        command.depth((int)value);
    }

    /** Reads an id into {@code target}; false after rejecting the command. */
    private boolean id(
        final Command command,
        final RawObject raw,
        final Field field,
        final int leg,
        final AsciiKey target,
        final boolean required)
    {
        final RawValue value = raw.get(field);
        if (!value.isPresent())
        {
            return !required || missing(command, fieldName(field, leg));
        }
        if (value.token != JsonToken.VALUE_STRING)
        {
            return wrongType(command, field, leg, "a string");
        }
        if (value.text.length() == 0 && required)
        {
            command.invalid(RejectReason.MISSING_FIELD, "field '" + fieldName(field, leg) + "' is empty");
            return false;
        }
        if (!target.fits(value.text))
        {
            command.invalid(
                RejectReason.ID_TOO_LONG,
                value.text.length() > target.capacity() ?
                    fieldName(field, leg) + " is longer than " + target.capacity() + " characters" :
                    fieldName(field, leg) + " holds a character outside printable ASCII");
            return false;
        }
        target.set(value.text);
        return true;
    }

    /** Reads a quoted decimal; {@link Command#ABSENT} when optional and absent; REJECTED after rejecting. */
    private long decimal(
        final Command command,
        final RawObject raw,
        final Field field,
        final int leg,
        final boolean required)
    {
        final RawValue value = raw.get(field);
        if (!value.isPresent())
        {
            if (required)
            {
                missing(command, fieldName(field, leg));
                return REJECTED;
            }
            return Command.ABSENT;
        }
        if (value.token == JsonToken.VALUE_NUMBER_INT || value.token == JsonToken.VALUE_NUMBER_FLOAT)
        {
            // a JSON number may already have passed through a double in the client; decimals travel as text
            command.invalid(
                RejectReason.MALFORMED,
                fieldName(field, leg) + " must be a quoted decimal string such as \"" + shorten(value.text) +
                "\", not a JSON number");
            return REJECTED;
        }
        if (value.token != JsonToken.VALUE_STRING)
        {
            wrongType(command, field, leg, "a quoted decimal string");
            return REJECTED;
        }
        try
        {
            return FixedPoint.parse(value.text);
        }
        catch (final FixedPointFormatException ex)
        {
            final String name = fieldName(field, leg);
            switch (ex.problem())
            {
                case TOO_MANY_DECIMALS:
                    command.invalid(
                        field.tooPrecise,
                        name + " " + quote(value.text) + " has more than " + FixedPoint.SCALE + " decimals");
                    break;
                case OVERFLOW:
                    command.invalid(
                        field.overflow,
                        name + " " + quote(value.text) + " exceeds the largest accepted value " +
                        FixedPoint.MAX_UNITS);
                    break;
                default:
                    command.invalid(
                        RejectReason.MALFORMED, name + " " + quote(value.text) + " is not a decimal number");
                    break;
            }
            return REJECTED;
        }
    }

    /** Reads an enum by its exact name; {@code defaultValue} when absent (null = required); null after rejecting. */
    private static <E extends Enum<E>> E choice(
        final Command command,
        final RawObject raw,
        final Field field,
        final int leg,
        final E[] values,
        final E defaultValue)
    {
        final RawValue value = raw.get(field);
        if (!value.isPresent())
        {
            if (defaultValue == null)
            {
                missing(command, fieldName(field, leg));
            }
            return defaultValue;
        }
        final StringBuilder names = new StringBuilder(64);
        for (int i = 0; i < values.length; i++)
        {
            if (value.token == JsonToken.VALUE_STRING && values[i].name().contentEquals(value.text))
            {
                return values[i];
            }
            names.append(i == 0 ? "" : i == values.length - 1 ? " or " : ", ").append(values[i].name());
        }

        if (value.token != JsonToken.VALUE_STRING)
        {
            wrongType(command, field, leg, "a string: " + names);
        }
        else
        {
            command.invalid(
                RejectReason.MALFORMED, fieldName(field, leg) + " " + quote(value.text) + " is not " + names);
        }
        return null;
    }

    private static boolean missing(final Command command, final String name)
    {
        command.invalid(RejectReason.MISSING_FIELD, "missing field '" + name + "'");
        return false;
    }

    private static boolean wrongType(final Command command, final Field field, final int leg, final String expected)
    {
        command.invalid(RejectReason.MALFORMED, "field '" + fieldName(field, leg) + "' must be " + expected);
        return false;
    }

    private static void keepId(final AsciiKey target, final RawValue value)
    {
        if (target.isEmpty() && value.token == JsonToken.VALUE_STRING && target.fits(value.text))
        {
            target.set(value.text);
        }
    }

    private static String fieldName(final Field field, final int leg)
    {
        return leg < 0 ? field.jsonName : "legs[" + leg + "]." + field.jsonName;
    }

    /** Quotes a value for a detail, shortened so the explanation after it survives the detail's length cap. */
    private static String quote(final CharSequence value)
    {
        return "'" + shorten(value) + "'";
    }

    private static CharSequence shorten(final CharSequence value)
    {
        return value.length() <= MAX_QUOTED_LENGTH ? value : value.subSequence(0, MAX_QUOTED_LENGTH) + "...";
    }

    private static String notJson(final IOException ex)
    {
        if (ex instanceof JsonProcessingException)
        {
            final JsonProcessingException jsonEx = (JsonProcessingException)ex;
            final JsonLocation location = jsonEx.getLocation();
            final String message = jsonEx.getOriginalMessage();
            return "not JSON at column " + (location != null ? location.getColumnNr() : 0) + ": " +
                (message != null ? message : ex.getClass().getSimpleName());
        }
        return "not JSON: " + ex;
    }

    private static boolean isBlank(final CharSequence line)
    {
        for (int i = 0, n = line.length(); i < n; i++)
        {
            final char c = line.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            {
                return false;
            }
        }
        return true;
    }

    /** The fields the format knows, with the rejects a refused decimal in them gets. */
    private enum Field
    {
        CMD("cmd"),
        SYMBOL("symbol"),
        TICK("tick", RejectReason.INVALID_TICK, RejectReason.INVALID_TICK),
        LOT("lot", RejectReason.INVALID_LOT, RejectReason.INVALID_LOT),
        ACCOUNT("account"),
        OWNER("owner"),
        STP("stp"),
        CL_ORD_ID("clOrdId"),
        ORIG_CL_ORD_ID("origClOrdId"),
        SIDE("side"),
        TYPE("type"),
        TIF("tif"),
        POST_ONLY("postOnly"),
        PRICE("price", RejectReason.PRICE_OFF_TICK, RejectReason.PRICE_OVERFLOW),
        QTY("qty", RejectReason.QTY_OFF_LOT, RejectReason.QTY_OVERFLOW),
        BUDGET("budget", RejectReason.BUDGET_OVERFLOW, RejectReason.BUDGET_OVERFLOW),
        LEGS("legs"),
        DEPTH("depth"),
        ADMIN("admin"),
        ASSET("asset"),
        AMOUNT("amount", RejectReason.INVALID_AMOUNT, RejectReason.INVALID_AMOUNT),
        SHORTFALL("shortfall", RejectReason.INVALID_AMOUNT, RejectReason.INVALID_AMOUNT),
        PROTECTION("protection", RejectReason.PRICE_OFF_TICK, RejectReason.PRICE_OVERFLOW),
        CREDIT_LIMIT("creditLimit", RejectReason.INVALID_LIMIT, RejectReason.INVALID_LIMIT),
        COLLATERAL_RATIO("collateralRatio", RejectReason.INVALID_LIMIT, RejectReason.INVALID_LIMIT),
        MAX_ORDER_QTY("maxOrderQty", RejectReason.INVALID_LIMIT, RejectReason.INVALID_LIMIT),
        MAX_ORDER_NOTIONAL("maxOrderNotional", RejectReason.INVALID_LIMIT, RejectReason.INVALID_LIMIT),
        BAND("band", RejectReason.INVALID_LIMIT, RejectReason.INVALID_LIMIT),
        MAX("max", RejectReason.INVALID_LIMIT, RejectReason.INVALID_LIMIT),
        GROUP("group"),
        ON("on"),
        BATCH_ID("batchId"),
        TX_HASH("txHash"),
        HALTED("halted"),
        CLOSES("closes"),
        TIME("time"),
        BUY_ACCOUNT("buyAccount"),
        SELL_ACCOUNT("sellAccount"),
        REASON("reason"),
        TRADE_ID("tradeId"),
        FLOOR("floor", RejectReason.FLOOR_OFF_TICK, RejectReason.PRICE_OVERFLOW),
        SHARE("share", RejectReason.INVALID_SHARE, RejectReason.INVALID_SHARE),
        TIMEOUT_MS("timeoutMs");

        static final Field[] VALUES = values();

        final String jsonName;
        final RejectReason tooPrecise;
        final RejectReason overflow;

        Field(final String jsonName)
        {
            this(jsonName, RejectReason.MALFORMED, RejectReason.MALFORMED);
        }

        Field(final String jsonName, final RejectReason tooPrecise, final RejectReason overflow)
        {
            this.jsonName = jsonName;
            this.tooPrecise = tooPrecise;
            this.overflow = overflow;
        }

        static Field of(final String jsonName)
        {
            for (final Field field : VALUES)
            {
                if (field.jsonName.equals(jsonName))
                {
                    return field;
                }
            }
            return null;
        }
    }

    /** One JSON value as scanned: its token (null when absent) and its text when it is a scalar. */
    private static final class RawValue
    {
        private static final int RETAINED_CAPACITY = 256;

        JsonToken token;
        StringBuilder text = new StringBuilder(16);

        boolean isPresent()
        {
            return token != null && token != JsonToken.VALUE_NULL;
        }

        void clear()
        {
            token = null;
            if (text.capacity() > RETAINED_CAPACITY)
            {
                text = new StringBuilder(16); // don't keep a pathological line's buffer for the reader's life
            }
            text.setLength(0);
        }
    }

    /** The known fields of one JSON object, by {@link Field}. */
    private static final class RawObject
    {
        private final RawValue[] values = new RawValue[Field.VALUES.length];

        RawObject()
        {
            for (int i = 0; i < values.length; i++)
            {
                values[i] = new RawValue();
            }
        }

        RawValue get(final Field field)
        {
            return values[field.ordinal()];
        }

        void clear()
        {
            for (final RawValue value : values)
            {
                value.clear();
            }
        }
    }
}
