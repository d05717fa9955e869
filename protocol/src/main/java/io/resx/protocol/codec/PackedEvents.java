package io.resx.protocol.codec;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.sbe.MessageHeaderDecoder;
import io.resx.protocol.sbe.MessageHeaderEncoder;
import io.resx.protocol.sbe.PackedEventsMessageDecoder;
import io.resx.protocol.sbe.PackedEventsMessageEncoder;
import io.resx.protocol.text.AsciiKey;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The events of one command in the packed layout ({@code PackedEventsMessage}, schema version 4): an SBE header
 * and event count, then per event only what it carries. SBE's fixed group block gave every event all ten of its
 * numbers and ten length-prefixed strings, about 120 bytes before any text, while an accept uses two numbers and
 * repeats the command's identifiers: every byte of it was hashed, copied and paged in twice (journal and wire).
 * <pre>
 *   per event:  type u8 | reason u8 | cancelReason u8 | aggressor u8 | priceDecimals u8 | qtyDecimals u8 |
 *               legIndex i16 | presence u32 | the numbers present, i64 each, in bit order |
 *               the strings present, u8 length + ASCII, in bit order | levels present: u16 count, then
 *               side u8 | orders i32 | price i64 | qty i64 per level (bids best first, then asks)
 *   presence:   bits 0-9 a number is not 0; bits 10-19 a string is written; bits 20-24 a string equals the
 *               command's field of that name and is not written; bit 25 the event carries book levels
 * </pre>
 * The layout is a function of the event's content (a number is written exactly when it is not 0, a string is
 * referred to the command exactly when it equals the command's), so encoding is canonical: the same outcome
 * always gives the same bytes, which byte-exact replay and the events audit rely on. Little-endian like the
 * schema. Allocates nothing; not thread-safe.
 */
final class PackedEvents
{
    /** Template id of the packed layout, read from the header by {@link GatewayCodec}. */
    static final int TEMPLATE_ID = PackedEventsMessageDecoder.TEMPLATE_ID;

    /** Fixed bytes before an event's numbers: the eight of the small fields and the presence mask. */
    private static final int EVENT_HEAD = 12;
    private static final int LEVEL_LENGTH = 1 + 4 + 8 + 8;
    private static final int NUMBERS = 10;
    private static final int STRINGS = 10;
    private static final int INLINE = 1 << NUMBERS;
    private static final int SAME = 1 << (NUMBERS + STRINGS);
    private static final int LEVELS = 1 << 25;
    private static final int KNOWN_BITS = (LEVELS << 1) - 1;
    private static final int MAX_STRING = 255;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private static final EventType[] EVENT_TYPES = EventType.values();
    private static final RejectReason[] REJECT_REASONS = RejectReason.values();
    private static final CancelReason[] CANCEL_REASONS = CancelReason.values();
    private static final Side[] SIDES = Side.values();

    static
    {
        // A string's length is one byte: every field must fit it.
        if (Command.MAX_DETAIL_LENGTH > MAX_STRING || Command.MAX_SYMBOL_LENGTH > MAX_STRING ||
            Command.MAX_ID_LENGTH > MAX_STRING)
        {
            throw new ExceptionInInitializerError("a string field is longer than the packed layout's one-byte length");
        }
    }

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final PackedEventsMessageEncoder encoder = new PackedEventsMessageEncoder();
    private final PackedEventsMessageDecoder decoder = new PackedEventsMessageDecoder();

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private int mask;
    /** The decoder's read position and the end of the message it may not pass. */
    private int cursor;
    private int end;

    /**
     * @param eventCount  events of the outcome.
     * @param levelCount  book levels over all its events.
     * @return an upper bound of the packed length.
     */
    static int maxLength(final int eventCount, final int levelCount)
    {
        final int strings = 5 * (1 + Command.MAX_ID_LENGTH) + 4 * (1 + Command.MAX_ID_LENGTH) +
            (1 + Command.MAX_SYMBOL_LENGTH) + (1 + Command.MAX_DETAIL_LENGTH);
        final int perEvent = EVENT_HEAD + NUMBERS * Long.BYTES + strings + Short.BYTES;
        return MessageHeaderEncoder.ENCODED_LENGTH + PackedEventsMessageEncoder.BLOCK_LENGTH +
            eventCount * perEvent + levelCount * LEVEL_LENGTH;
    }

    /**
     * @param buffer  to write into; must hold {@link #maxLength} bytes from {@code offset}.
     * @param offset  where to start.
     * @param command the command the events belong to (strings equal to its own are referred to it).
     * @param events  the events.
     * @return bytes written.
     */
    int encode(final MutableDirectBuffer buffer, final int offset, final Command command, final EventLog events)
    {
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder).count(events.size());
        int position = offset + MessageHeaderEncoder.ENCODED_LENGTH + PackedEventsMessageEncoder.BLOCK_LENGTH;
        for (int i = 0; i < events.size(); i++)
        {
            position = encodeEvent(buffer, position, command, events.get(i));
        }
        return position - offset;
    }

    private int encodeEvent(final MutableDirectBuffer buffer, final int at, final Command command, final EngineEvent e)
    {
        buffer.putByte(at, (byte)e.type().ordinal());
        buffer.putByte(at + 1, (byte)e.reason().ordinal());
        buffer.putByte(at + 2, (byte)e.cancelReason().ordinal());
        buffer.putByte(at + 3, (byte)e.aggressor().ordinal());
        buffer.putByte(at + 4, (byte)e.priceDecimals());
        buffer.putByte(at + 5, (byte)e.qtyDecimals());
        buffer.putShort(at + 6, (short)e.legIndex(), ORDER);
        mask = 0;
        int p = at + EVENT_HEAD;
        p = putNumber(buffer, p, e.orderId(), 0);
        p = putNumber(buffer, p, e.leavesQty(), 1);
        p = putNumber(buffer, p, e.tradeId(), 2);
        p = putNumber(buffer, p, e.price(), 3);
        p = putNumber(buffer, p, e.qty(), 4);
        p = putNumber(buffer, p, e.buyOrderId(), 5);
        p = putNumber(buffer, p, e.sellOrderId(), 6);
        p = putNumber(buffer, p, e.amount(), 7);
        p = putNumber(buffer, p, e.locked(), 8);
        p = putNumber(buffer, p, e.remaining(), 9);
        p = putString(buffer, p, e.clOrdId(), command.clOrdId(), 0);
        p = putString(buffer, p, e.origClOrdId(), command.origClOrdId(), 1);
        p = putString(buffer, p, e.account(), command.account(), 2);
        p = putString(buffer, p, e.owner(), command.owner(), 3);
        p = putString(buffer, p, e.symbol(), command.symbol(), 4);
        p = putString(buffer, p, e.detail(), null, 5);
        p = putString(buffer, p, e.buyAccount(), null, 6);
        p = putString(buffer, p, e.buyClOrdId(), null, 7);
        p = putString(buffer, p, e.sellAccount(), null, 8);
        p = putString(buffer, p, e.sellClOrdId(), null, 9);
        final int levels = e.bidLevels() + e.askLevels();
        if (levels != 0)
        {
            mask |= LEVELS;
            buffer.putShort(p, (short)levels, ORDER);
            p += Short.BYTES;
            for (int l = 0; l < e.bidLevels(); l++)
            {
                p = putLevel(buffer, p, Side.BUY, e.bidCount(l), e.bidPrice(l), e.bidQty(l));
            }
            for (int l = 0; l < e.askLevels(); l++)
            {
                p = putLevel(buffer, p, Side.SELL, e.askCount(l), e.askPrice(l), e.askQty(l));
            }
        }
        buffer.putInt(at + 8, mask, ORDER);
        return p;
    }

    private int putNumber(final MutableDirectBuffer buffer, final int p, final long value, final int bit)
    {
        if (value == 0)
        {
            return p;
        }
        mask |= 1 << bit;
        buffer.putLong(p, value, ORDER);
        return p + Long.BYTES;
    }

    private int putString(
        final MutableDirectBuffer buffer, final int p, final AsciiKey value, final AsciiKey commands, final int bit)
    {
        if (value.isEmpty())
        {
            return p;
        }
        if (commands != null && value.contentEquals(commands))
        {
            mask |= SAME << bit;
            return p;
        }
        mask |= INLINE << bit;
        buffer.putByte(p, (byte)value.length());
        buffer.putBytes(p + 1, value.buffer(), 0, value.length());
        return p + 1 + value.length();
    }

    private static int putLevel(
        final MutableDirectBuffer buffer, final int p, final Side side, final int orders, final long price,
        final long qty)
    {
        buffer.putByte(p, (byte)side.ordinal());
        buffer.putInt(p + 1, orders, ORDER);
        buffer.putLong(p + 5, price, ORDER);
        buffer.putLong(p + 13, qty, ORDER);
        return p + LEVEL_LENGTH;
    }

    /**
     * @param buffer  holding the packed events, from their header.
     * @param offset  where the header starts.
     * @param limit   the end of the message: nothing is read at or past it.
     * @param command the command as decoded (the strings referred to it are copied from it).
     * @param events  cleared, then filled.
     * @throws CodecException when the bytes run past {@code limit} or hold a code this version does not know.
     */
    void decode(
        final DirectBuffer buffer, final int offset, final int limit, final Command command, final EventLog events)
    {
        end = limit;
        cursor = offset;
        need(MessageHeaderDecoder.ENCODED_LENGTH);
        headerDecoder.wrap(buffer, offset);
        final int blockLength = headerDecoder.blockLength();
        cursor = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        need(blockLength);
        decoder.wrap(buffer, cursor, blockLength, headerDecoder.version());
        final int count = decoder.count();
        cursor += blockLength;
        events.clear();
        for (int i = 0; i < count; i++)
        {
            decodeEvent(buffer, command, events.add());
        }
    }

    private void decodeEvent(final DirectBuffer buffer, final Command command, final EngineEvent e)
    {
        need(EVENT_HEAD);
        final int at = cursor;
        e.start(CodecSupport.code(EVENT_TYPES, unsigned(buffer, at), "event type"), command)
            .reason(CodecSupport.code(REJECT_REASONS, unsigned(buffer, at + 1), "reject reason"))
            .cancelReason(CodecSupport.code(CANCEL_REASONS, unsigned(buffer, at + 2), "cancel reason"))
            .decimals(unsigned(buffer, at + 4), unsigned(buffer, at + 5))
            .legIndex(buffer.getShort(at + 6, ORDER));
        final Side aggressor = CodecSupport.code(SIDES, unsigned(buffer, at + 3), "side");
        mask = buffer.getInt(at + 8, ORDER);
        if ((mask & ~KNOWN_BITS) != 0)
        {
            throw new CodecException("packed event with unknown presence bits " + Integer.toHexString(mask));
        }
        cursor = at + EVENT_HEAD;
        final long orderId = number(buffer, 0);
        final long leavesQty = number(buffer, 1);
        final long tradeId = number(buffer, 2);
        final long price = number(buffer, 3);
        final long qty = number(buffer, 4);
        final long buyOrderId = number(buffer, 5);
        final long sellOrderId = number(buffer, 6);
        final long amount = number(buffer, 7);
        final long locked = number(buffer, 8);
        final long remaining = number(buffer, 9);
        e.orderId(orderId).leavesQty(leavesQty).trade(tradeId, aggressor).priceQty(price, qty)
            .orderIds(buyOrderId, sellOrderId).amounts(amount, locked, remaining);
        string(buffer, e.clOrdId(), command.clOrdId(), 0, "clOrdId");
        string(buffer, e.origClOrdId(), command.origClOrdId(), 1, "origClOrdId");
        string(buffer, e.account(), command.account(), 2, "account");
        string(buffer, e.owner(), command.owner(), 3, "owner");
        string(buffer, e.symbol(), command.symbol(), 4, "symbol");
        string(buffer, e.detail(), null, 5, "detail");
        string(buffer, e.buyAccount(), null, 6, "buyAccount");
        string(buffer, e.buyClOrdId(), null, 7, "buyClOrdId");
        string(buffer, e.sellAccount(), null, 8, "sellAccount");
        string(buffer, e.sellClOrdId(), null, 9, "sellClOrdId");
        if ((mask & LEVELS) != 0)
        {
            need(Short.BYTES);
            final int levels = buffer.getShort(cursor, ORDER) & 0xFFFF;
            cursor += Short.BYTES;
            need(levels * LEVEL_LENGTH);
            for (int l = 0; l < levels; l++, cursor += LEVEL_LENGTH)
            {
                e.addLevel(CodecSupport.code(SIDES, unsigned(buffer, cursor), "side"),
                    buffer.getLong(cursor + 5, ORDER), buffer.getLong(cursor + 13, ORDER),
                    buffer.getInt(cursor + 1, ORDER));
            }
        }
    }

    private static short unsigned(final DirectBuffer buffer, final int at)
    {
        return (short)(buffer.getByte(at) & 0xFF);
    }

    private long number(final DirectBuffer buffer, final int bit)
    {
        if ((mask & (1 << bit)) == 0)
        {
            return 0;
        }
        need(Long.BYTES);
        final long value = buffer.getLong(cursor, ORDER);
        cursor += Long.BYTES;
        return value;
    }

    private void string(
        final DirectBuffer buffer, final AsciiKey into, final AsciiKey commands, final int bit, final String what)
    {
        // Only the five strings with a command counterpart have a "same" bit (20-24); the bits above are others'.
        if (commands != null && (mask & (SAME << bit)) != 0)
        {
            into.set(commands);
        }
        else if ((mask & (INLINE << bit)) != 0)
        {
            need(1);
            final int length = buffer.getByte(cursor) & 0xFF;
            cursor++;
            need(length);
            if (length > into.capacity())
            {
                throw new CodecException(what + " of " + length + " bytes exceeds its limit of " + into.capacity());
            }
            into.set(buffer, cursor, length);
            cursor += length;
        }
    }

    private void need(final int bytes)
    {
        if (cursor + bytes > end)
        {
            throw new CodecException("packed events run past the end of the message (" + (cursor + bytes) +
                " > " + end + ")");
        }
    }
}
