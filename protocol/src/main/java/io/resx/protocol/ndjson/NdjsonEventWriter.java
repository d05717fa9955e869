package io.resx.protocol.ndjson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.text.AsciiKey;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes {@link EngineEvent}s as NDJSON, one object and one {@code '\n'} per event, to a {@link Writer} it
 * holds for its life. Field order is fixed, so the same events always give the same bytes:
 * <pre>
 *   every event  seq, evt
 *   accepted     cmd, then when set: clOrdId, orderId, account, owner, symbol
 *   rejected     cmd, clOrdId (when set), account (when set), reason, leg (when &gt;= 0), detail (when set)
 *   trade        tradeId, symbol, price, qty, buyAccount, buyClOrdId, sellAccount, sellClOrdId, aggressor,
 *                buyOrderId, sellOrderId
 *   cancelled    account, clOrdId, orderId, symbol, leavesQty, reason
 *   replaced     account, clOrdId, origClOrdId, orderId, symbol, price, qty
 *   book         symbol, bids, asks: [[price, qty, orders], ...] best first
 *   balance      account, asset, total, locked
 *   default      account, asset, shortfall
 *   suspended    account
 *   collateralApplied, defaultFundApplied   account, asset, amount, remaining
 *   leaseRevoked lessee, lessor, symbol, qty
 * </pre>
 * Event names are the {@link EventType} in lower camel case ({@code collateralApplied}).
 * Prices and quantities are JSON strings with exactly the instrument's decimals, so no reader takes them through
 * a double. Output is buffered: call {@link #flush()} once per batch of events, not per event. Not thread-safe.
 */
public final class NdjsonEventWriter implements Flushable, Closeable
{
    private static final SerializableString SEQ = new SerializedString("seq");
    private static final SerializableString EVT = new SerializedString("evt");
    private static final SerializableString CMD = new SerializedString("cmd");
    private static final SerializableString CL_ORD_ID = new SerializedString("clOrdId");
    private static final SerializableString ORIG_CL_ORD_ID = new SerializedString("origClOrdId");
    private static final SerializableString ORDER_ID = new SerializedString("orderId");
    private static final SerializableString ACCOUNT = new SerializedString("account");
    private static final SerializableString OWNER = new SerializedString("owner");
    private static final SerializableString SYMBOL = new SerializedString("symbol");
    private static final SerializableString REASON = new SerializedString("reason");
    private static final SerializableString LEG = new SerializedString("leg");
    private static final SerializableString DETAIL = new SerializedString("detail");
    private static final SerializableString TRADE_ID = new SerializedString("tradeId");
    private static final SerializableString PRICE = new SerializedString("price");
    private static final SerializableString QTY = new SerializedString("qty");
    private static final SerializableString BUY_ACCOUNT = new SerializedString("buyAccount");
    private static final SerializableString BUY_CL_ORD_ID = new SerializedString("buyClOrdId");
    private static final SerializableString SELL_ACCOUNT = new SerializedString("sellAccount");
    private static final SerializableString SELL_CL_ORD_ID = new SerializedString("sellClOrdId");
    private static final SerializableString AGGRESSOR = new SerializedString("aggressor");
    private static final SerializableString BUY_ORDER_ID = new SerializedString("buyOrderId");
    private static final SerializableString SELL_ORDER_ID = new SerializedString("sellOrderId");
    private static final SerializableString LEAVES_QTY = new SerializedString("leavesQty");
    private static final SerializableString BIDS = new SerializedString("bids");
    private static final SerializableString ASKS = new SerializedString("asks");
    private static final SerializableString ASSET = new SerializedString("asset");
    private static final SerializableString TOTAL = new SerializedString("total");
    private static final SerializableString LOCKED = new SerializedString("locked");
    private static final SerializableString SHORTFALL = new SerializedString("shortfall");
    private static final SerializableString AMOUNT = new SerializedString("amount");
    private static final SerializableString REMAINING = new SerializedString("remaining");
    private static final SerializableString LESSEE = new SerializedString("lessee");
    private static final SerializableString LESSOR = new SerializedString("lessor");

    private static final SerializableString[] EVENT_NAMES = new SerializableString[EventType.values().length];
    private static final SerializableString[] COMMAND_NAMES = new SerializableString[CommandType.values().length];

    static
    {
        for (final EventType type : EventType.values())
        {
            EVENT_NAMES[type.ordinal()] = new SerializedString(NdjsonFormat.camelCase(type.name()));
        }
        for (final CommandType type : CommandType.values())
        {
            COMMAND_NAMES[type.ordinal()] = new SerializedString(NdjsonFormat.commandName(type));
        }
    }

    private final JsonGenerator generator;
    private final StringBuilder decimal = new StringBuilder(24);
    private char[] chars = new char[256];

    /**
     * @param out where lines go; the caller keeps ownership, so {@link #close()} does not close it.
     * @throws IOException if the JSON generator cannot be created over {@code out}.
     */
    public NdjsonEventWriter(final Writer out) throws IOException
    {
        generator = NdjsonFormat.JSON_FACTORY.createGenerator(out);
    }

    /**
     * Writes every event of a log, in order.
     *
     * @param log the events one command caused.
     * @throws IOException from the underlying writer.
     */
    public void write(final EventLog log) throws IOException
    {
        for (int i = 0, n = log.size(); i < n; i++)
        {
            write(log.get(i));
        }
    }

    /**
     * Writes one event as one line.
     *
     * @param event to write.
     * @throws IOException from the underlying writer.
     */
    public void write(final EngineEvent event) throws IOException
    {
        write(event, true, true);
    }

    /**
     * Writes one event as one line, a trade with only the sides shown: a hidden side's account, ClOrdID and order
     * id are left out (what a participant that is not that side may see). Other events are written whole.
     *
     * @param event    to write.
     * @param buySide  whether a trade's buy side is shown.
     * @param sellSide whether a trade's sell side is shown.
     * @throws IOException from the underlying writer.
     */
    public void write(final EngineEvent event, final boolean buySide, final boolean sellSide) throws IOException
    {
        final JsonGenerator g = generator;
        g.writeStartObject();
        g.writeFieldName(SEQ);
        g.writeNumber(event.sequence());
        g.writeFieldName(EVT);
        g.writeString(EVENT_NAMES[event.type().ordinal()]);
        switch (event.type())
        {
            case ACCEPTED:
                writeAccepted(event);
                break;
            case REJECTED:
                writeRejected(event);
                break;
            case TRADE:
                writeTrade(event, buySide, sellSide);
                break;
            case CANCELLED:
                writeCancelled(event);
                break;
            case REPLACED:
                writeReplaced(event);
                break;
            case BOOK:
                writeBook(event);
                break;
            case BALANCE:
                writeKey(ACCOUNT, event.account());
                writeKey(ASSET, event.symbol());
                writeDecimal(TOTAL, event.amount(), event.qtyDecimals());
                writeDecimal(LOCKED, event.locked(), event.qtyDecimals());
                break;
            case DEFAULT:
                writeKey(ACCOUNT, event.account());
                writeKey(ASSET, event.symbol());
                writeDecimal(SHORTFALL, event.amount(), event.qtyDecimals());
                break;
            case SUSPENDED:
                writeKey(ACCOUNT, event.account());
                break;
            case COLLATERAL_APPLIED:
            case DEFAULT_FUND_APPLIED:
                writeKey(ACCOUNT, event.account());
                writeKey(ASSET, event.symbol());
                writeDecimal(AMOUNT, event.amount(), event.qtyDecimals());
                writeDecimal(REMAINING, event.remaining(), event.qtyDecimals());
                break;
            case LEASE_REVOKED:
                writeKey(LESSEE, event.buyAccount());
                writeKey(LESSOR, event.sellAccount());
                writeKey(SYMBOL, event.symbol());
                writeDecimal(QTY, event.qty(), event.qtyDecimals());
                break;
            case HALTED:
            case RESUMED:
            case CLOSED:
            case EXPIRED:
                writeKey(SYMBOL, event.symbol());
                break;
            default:
                throw new IllegalStateException("no writer for " + event.type());
        }
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /**
     * Pushes buffered lines to the writer and flushes it.
     *
     * @throws IOException from the underlying writer.
     */
    @Override
    public void flush() throws IOException
    {
        generator.flush();
    }

    /**
     * Flushes and releases the generator's buffers; the writer given at construction stays open.
     *
     * @throws IOException from the underlying writer.
     */
    @Override
    public void close() throws IOException
    {
        generator.close();
    }

    private void writeAccepted(final EngineEvent event) throws IOException
    {
        generator.writeFieldName(CMD);
        generator.writeString(COMMAND_NAMES[event.command().ordinal()]);
        writeIfSet(CL_ORD_ID, event.clOrdId());
        if (event.orderId() != 0)
        {
            generator.writeFieldName(ORDER_ID);
            generator.writeNumber(event.orderId());
        }
        writeIfSet(ACCOUNT, event.account());
        writeIfSet(OWNER, event.owner());
        writeIfSet(SYMBOL, event.symbol());
    }

    private void writeRejected(final EngineEvent event) throws IOException
    {
        generator.writeFieldName(CMD);
        generator.writeString(COMMAND_NAMES[event.command().ordinal()]);
        writeIfSet(CL_ORD_ID, event.clOrdId());
        writeIfSet(ACCOUNT, event.account());
        generator.writeFieldName(REASON);
        generator.writeString(event.reason().name());
        if (event.orderId() != 0) // a retry names the order it repeats (RETRY_OF_ACCEPTED)
        {
            generator.writeFieldName(ORDER_ID);
            generator.writeNumber(event.orderId());
        }
        if (event.legIndex() >= 0)
        {
            generator.writeFieldName(LEG);
            generator.writeNumber(event.legIndex());
        }
        writeIfSet(DETAIL, event.detail());
    }

    private void writeTrade(final EngineEvent event, final boolean buySide, final boolean sellSide)
        throws IOException
    {
        generator.writeFieldName(TRADE_ID);
        generator.writeNumber(event.tradeId());
        writeKey(SYMBOL, event.symbol());
        writeDecimal(PRICE, event.price(), event.priceDecimals());
        writeDecimal(QTY, event.qty(), event.qtyDecimals());
        if (buySide)
        {
            writeKey(BUY_ACCOUNT, event.buyAccount());
            writeKey(BUY_CL_ORD_ID, event.buyClOrdId());
        }
        if (sellSide)
        {
            writeKey(SELL_ACCOUNT, event.sellAccount());
            writeKey(SELL_CL_ORD_ID, event.sellClOrdId());
        }
        generator.writeFieldName(AGGRESSOR);
        generator.writeString(event.aggressor().name());
        if (buySide)
        {
            generator.writeFieldName(BUY_ORDER_ID);
            generator.writeNumber(event.buyOrderId());
        }
        if (sellSide)
        {
            generator.writeFieldName(SELL_ORDER_ID);
            generator.writeNumber(event.sellOrderId());
        }
    }

    private void writeCancelled(final EngineEvent event) throws IOException
    {
        writeKey(ACCOUNT, event.account());
        writeKey(CL_ORD_ID, event.clOrdId());
        generator.writeFieldName(ORDER_ID);
        generator.writeNumber(event.orderId());
        writeKey(SYMBOL, event.symbol());
        writeDecimal(LEAVES_QTY, event.leavesQty(), event.qtyDecimals());
        generator.writeFieldName(REASON);
        generator.writeString(event.cancelReason().name());
    }

    private void writeReplaced(final EngineEvent event) throws IOException
    {
        writeKey(ACCOUNT, event.account());
        writeKey(CL_ORD_ID, event.clOrdId());
        writeKey(ORIG_CL_ORD_ID, event.origClOrdId());
        generator.writeFieldName(ORDER_ID);
        generator.writeNumber(event.orderId());
        writeKey(SYMBOL, event.symbol());
        writeDecimal(PRICE, event.price(), event.priceDecimals());
        writeDecimal(QTY, event.qty(), event.qtyDecimals());
    }

    private void writeBook(final EngineEvent event) throws IOException
    {
        writeKey(SYMBOL, event.symbol());
        generator.writeFieldName(BIDS);
        generator.writeStartArray();
        for (int i = 0, n = event.bidLevels(); i < n; i++)
        {
            writeLevel(event.bidPrice(i), event.bidQty(i), event.bidCount(i), event);
        }
        generator.writeEndArray();
        generator.writeFieldName(ASKS);
        generator.writeStartArray();
        for (int i = 0, n = event.askLevels(); i < n; i++)
        {
            writeLevel(event.askPrice(i), event.askQty(i), event.askCount(i), event);
        }
        generator.writeEndArray();
    }

    private void writeLevel(final long price, final long qty, final int orders, final EngineEvent event)
        throws IOException
    {
        generator.writeStartArray();
        writeDecimalValue(price, event.priceDecimals());
        writeDecimalValue(qty, event.qtyDecimals());
        generator.writeNumber(orders);
        generator.writeEndArray();
    }

    private void writeIfSet(final SerializableString name, final AsciiKey value) throws IOException
    {
        if (!value.isEmpty())
        {
            writeKey(name, value);
        }
    }

    private void writeKey(final SerializableString name, final AsciiKey value) throws IOException
    {
        generator.writeFieldName(name);
        final int length = value.length();
        final char[] buffer = charBuffer(length);
        for (int i = 0; i < length; i++)
        {
            buffer[i] = value.charAt(i);
        }
        generator.writeString(buffer, 0, length); // escapes '"' and '\\', which are printable ASCII too
    }

    private void writeDecimal(final SerializableString name, final long value, final int decimals) throws IOException
    {
        generator.writeFieldName(name);
        writeDecimalValue(value, decimals);
    }

    private void writeDecimalValue(final long value, final int decimals) throws IOException
    {
        decimal.setLength(0);
        FixedPoint.format(value, decimals, decimal);
        final int length = decimal.length();
        final char[] buffer = charBuffer(length);
        decimal.getChars(0, length, buffer, 0);
        generator.writeString(buffer, 0, length);
    }

    private char[] charBuffer(final int length)
    {
        if (chars.length < length)
        {
            chars = new char[length];
        }
        return chars;
    }
}
