package io.resx.protocol.codec;

import io.resx.protocol.command.BundleLeg;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.sbe.CommandMessageDecoder;
import io.resx.protocol.sbe.CommandMessageEncoder;
import io.resx.protocol.sbe.MessageHeaderDecoder;
import io.resx.protocol.sbe.MessageHeaderEncoder;
import io.resx.protocol.text.AsciiKey;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes a {@link Command} as an SBE {@code CommandMessage} (schema {@code resx-codecs.xml}) and back: the
 * journal's record body and the gateways' message to the engine. Reuses its flyweights; allocates nothing.
 * Not thread-safe: one per thread.
 * <pre>
 *   0        8                                   8 + blockLength
 *   | header | sequence, timestamp, enums, prices | legs group | clOrdId | origClOrdId | account | owner | symbol | detail | group |
 * </pre>
 */
public final class CommandCodec
{
    /** An upper bound of an encoded command's length, header included. */
    public static final int MAX_ENCODED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH +
        CommandMessageEncoder.BLOCK_LENGTH + 4 +
        Command.MAX_LEGS * (CommandMessageEncoder.LegsEncoder.sbeBlockLength() + 2 + Command.MAX_SYMBOL_LENGTH) +
        6 * (2 + Command.MAX_SYMBOL_LENGTH) + 2 + Command.MAX_DETAIL_LENGTH;

    private static final CommandType[] COMMAND_TYPES = CommandType.values();
    private static final Side[] SIDES = Side.values();
    private static final OrderType[] ORDER_TYPES = OrderType.values();
    private static final TimeInForce[] TIME_IN_FORCES = TimeInForce.values();
    private static final StpPolicy[] STP_POLICIES = StpPolicy.values();
    private static final RejectReason[] REJECT_REASONS = RejectReason.values();
    private static final CancelReason[] CANCEL_REASONS = CancelReason.values();

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CommandMessageEncoder encoder = new CommandMessageEncoder();
    private final CommandMessageDecoder decoder = new CommandMessageDecoder();
    private final UnsafeBuffer varData = new UnsafeBuffer(0, 0);

    /**
     * @param command to encode.
     * @param buffer  to write into; needs {@link #MAX_ENCODED_LENGTH} bytes free at {@code offset}.
     * @param offset  where to start.
     * @return bytes written, header included.
     */
    public int encode(final Command command, final MutableDirectBuffer buffer, final int offset)
    {
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .sequence(command.sequence())
            .timestampNs(command.timestampNs())
            .commandType((short)command.type().ordinal())
            .side((short)command.side().ordinal())
            .orderType((short)command.orderType().ordinal())
            .timeInForce((short)command.timeInForce().ordinal())
            .postOnly((short)(command.postOnly() ? 1 : 0))
            .stpPolicy((short)command.stpPolicy().ordinal())
            .invalidReason((short)command.invalidReason().ordinal())
            .price(command.price())
            .qty(command.qty())
            .tick(command.tick())
            .lot(command.lot())
            .depth(command.depth())
            .admin((short)(command.admin() ? 1 : 0))
            .enable((short)(command.enable() ? 1 : 0))
            .amount(command.amount())
            .protectionPrice(command.protectionPrice())
            .creditLimit(command.creditLimit())
            .collateralRatio(command.collateralRatio())
            .maxOrderQty(command.maxOrderQty())
            .maxOrderNotional(command.maxOrderNotional())
            .fraction(command.fraction())
            .budget(command.budget())
            .atNs(command.atNs())
            .sessionTag(command.sessionTag())
            .cancelReason((short)command.cancelReason().ordinal())
            .timeoutMs(command.timeoutMs());
        final CommandMessageEncoder.LegsEncoder legs = encoder.legsCount(command.legCount());
        for (int i = 0; i < command.legCount(); i++)
        {
            final BundleLeg leg = command.leg(i);
            legs.next().side((short)leg.side().ordinal()).price(leg.price()).qty(leg.qty());
            legs.putSymbol(leg.symbol().buffer(), 0, leg.symbol().length());
        }
        put(command.clOrdId(), Field.CL_ORD_ID);
        put(command.origClOrdId(), Field.ORIG_CL_ORD_ID);
        put(command.account(), Field.ACCOUNT);
        put(command.owner(), Field.OWNER);
        put(command.symbol(), Field.SYMBOL);
        put(command.detail(), Field.DETAIL);
        put(command.group(), Field.GROUP);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    /**
     * @param buffer holding an encoded command.
     * @param offset where its header starts.
     * @param length bytes available for it.
     * @param into   reset, then filled.
     * @return {@code into}.
     * @throws CodecException when the message is of another schema or a newer version, or is corrupt.
     */
    public Command decode(final DirectBuffer buffer, final int offset, final int length, final Command into)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new CodecException("command message of " + length + " bytes is shorter than its header");
        }
        headerDecoder.wrap(buffer, offset);
        checkHeader(headerDecoder.schemaId(), headerDecoder.version(), headerDecoder.templateId());
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength())
        {
            throw new CodecException("command message of " + length + " bytes is shorter than its block");
        }
        decoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        into.reset();
        into.type(CodecSupport.code(COMMAND_TYPES, decoder.commandType(), "command type"))
            .side(CodecSupport.code(SIDES, decoder.side(), "side"))
            .orderType(CodecSupport.code(ORDER_TYPES, decoder.orderType(), "order type"))
            .timeInForce(CodecSupport.code(TIME_IN_FORCES, decoder.timeInForce(), "time in force"))
            .postOnly(decoder.postOnly() != 0)
            .stpPolicy(CodecSupport.code(STP_POLICIES, decoder.stpPolicy(), "STP policy"))
            .price(decoder.price())
            .qty(decoder.qty())
            .tick(decoder.tick())
            .lot(decoder.lot())
            .depth(decoder.depth())
            .admin(decoder.admin() != 0)
            .enable(decoder.enable() != 0)
            .amount(decoder.amount())
            .protectionPrice(decoder.protectionPrice())
            .creditLimit(decoder.creditLimit())
            .collateralRatio(decoder.collateralRatio())
            .maxOrderQty(decoder.maxOrderQty())
            .maxOrderNotional(decoder.maxOrderNotional())
            .fraction(decoder.fraction())
            .budget(decoder.budget())
            .atNs(decoder.atNs());
        if (decoder.actingVersion() >= 3)
        {
            into.sessionTag(decoder.sessionTag())
                .cancelReason(CodecSupport.code(CANCEL_REASONS, decoder.cancelReason(), "cancel reason"))
                .timeoutMs(decoder.timeoutMs());
        }
        final RejectReason invalidReason = CodecSupport.code(REJECT_REASONS, decoder.invalidReason(), "reject reason");
        into.stamp(decoder.sequence(), decoder.timestampNs());
        final CommandMessageDecoder.LegsDecoder legs = decoder.legs();
        if (legs.count() > Command.MAX_LEGS)
        {
            throw new CodecException("command with " + legs.count() + " legs; at most " + Command.MAX_LEGS);
        }
        while (legs.hasNext())
        {
            legs.next();
            final BundleLeg leg = into.addLeg().set(CodecSupport.code(SIDES, legs.side(), "leg side"), legs.price(), legs.qty());
            legs.wrapSymbol(varData);
            CodecSupport.take(varData, leg.symbol(), "leg symbol");
        }
        decoder.wrapClOrdId(varData);
        CodecSupport.take(varData, into.clOrdId(), "clOrdId");
        decoder.wrapOrigClOrdId(varData);
        CodecSupport.take(varData, into.origClOrdId(), "origClOrdId");
        decoder.wrapAccount(varData);
        CodecSupport.take(varData, into.account(), "account");
        decoder.wrapOwner(varData);
        CodecSupport.take(varData, into.owner(), "owner");
        decoder.wrapSymbol(varData);
        CodecSupport.take(varData, into.symbol(), "symbol");
        decoder.wrapDetail(varData);
        CodecSupport.take(varData, into.detail(), "detail");
        decoder.wrapGroup(varData);
        CodecSupport.take(varData, into.group(), "group");
        into.invalidReason(invalidReason);
        return into;
    }

    /** @return after a {@link #decode}, the buffer index just past the decoded command. */
    public int lastLimit()
    {
        return decoder.limit();
    }

    private enum Field
    {
        CL_ORD_ID, ORIG_CL_ORD_ID, ACCOUNT, OWNER, SYMBOL, DETAIL, GROUP
    }

    private void put(final AsciiKey key, final Field field)
    {
        switch (field)
        {
            case CL_ORD_ID:
                encoder.putClOrdId(key.buffer(), 0, key.length());
                break;
            case ORIG_CL_ORD_ID:
                encoder.putOrigClOrdId(key.buffer(), 0, key.length());
                break;
            case ACCOUNT:
                encoder.putAccount(key.buffer(), 0, key.length());
                break;
            case OWNER:
                encoder.putOwner(key.buffer(), 0, key.length());
                break;
            case SYMBOL:
                encoder.putSymbol(key.buffer(), 0, key.length());
                break;
            case DETAIL:
                encoder.putDetail(key.buffer(), 0, key.length());
                break;
            default:
                encoder.putGroup(key.buffer(), 0, key.length());
                break;
        }
    }

    private static void checkHeader(final int schemaId, final int version, final int templateId)
    {
        if (schemaId != CommandMessageDecoder.SCHEMA_ID)
        {
            throw new CodecException("message of schema " + schemaId + " is not a ResX message (schema " +
                CommandMessageDecoder.SCHEMA_ID + ")");
        }
        if (version > CommandMessageDecoder.SCHEMA_VERSION)
        {
            throw new CodecException("message schema version " + version + " is newer than this reader's " +
                CommandMessageDecoder.SCHEMA_VERSION + ": upgrade ResX to read it");
        }
        if (templateId != CommandMessageDecoder.TEMPLATE_ID)
        {
            throw new CodecException("message template " + templateId + " is not a command (" +
                CommandMessageDecoder.TEMPLATE_ID + ")");
        }
    }


}
