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
import io.resx.protocol.sbe.CommandMessageEncoder;
import io.resx.protocol.sbe.MessageHeaderEncoder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandCodecTest
{
    private final CommandCodec codec = new CommandCodec();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_ENCODED_LENGTH + 64]);

    @Property(tries = 2000)
    void shouldDecodeExactlyWhatWasEncoded(@ForAll("commands") final Command command)
    {
        final int length = codec.encode(command, buffer, 32);

        assertThat(length).isLessThanOrEqualTo(CommandCodec.MAX_ENCODED_LENGTH);
        final Command decoded = codec.decode(buffer, 32, length, new Command());
        assertThat(describe(decoded)).isEqualTo(describe(command));
        assertThat(decoded.clOrdId().hash64()).isEqualTo(command.clOrdId().hash64());
    }

    @Test
    void shouldFitTheLargestPossibleCommand()
    {
        final Command command = new Command().type(CommandType.BUNDLE);
        final String longId = "X".repeat(Command.MAX_ID_LENGTH);
        final String longSymbol = "S".repeat(Command.MAX_SYMBOL_LENGTH);
        command.clOrdId().set(longId);
        command.origClOrdId().set(longId);
        command.account().set(longId);
        command.owner().set(longId);
        command.group().set(longId);
        command.symbol().set(longSymbol);
        command.detail().set("D".repeat(Command.MAX_DETAIL_LENGTH));
        for (int i = 0; i < Command.MAX_LEGS; i++)
        {
            command.addLeg().set(Side.SELL, Long.MAX_VALUE, Long.MIN_VALUE).symbol().set(longSymbol);
        }

        final int length = codec.encode(command, buffer, 0);

        assertThat(length).isLessThanOrEqualTo(CommandCodec.MAX_ENCODED_LENGTH);
        assertThat(describe(codec.decode(buffer, 0, length, new Command()))).isEqualTo(describe(command));
    }

    @Test
    void shouldRefuseANewerSchemaVersion()
    {
        final int length = codec.encode(new Command().type(CommandType.BOOK), buffer, 0);
        new MessageHeaderEncoder().wrap(buffer, 0).version(99);

        assertThatThrownBy(() -> codec.decode(buffer, 0, length, new Command()))
            .isInstanceOf(CodecException.class)
            .hasMessageContaining("version 99 is newer");
    }

    @Test
    void shouldRefuseAnotherSchema()
    {
        final int length = codec.encode(new Command().type(CommandType.BOOK), buffer, 0);
        new MessageHeaderEncoder().wrap(buffer, 0).schemaId(12);

        assertThatThrownBy(() -> codec.decode(buffer, 0, length, new Command()))
            .isInstanceOf(CodecException.class)
            .hasMessageContaining("schema 12 is not a ResX message");
    }

    @Test
    void shouldRefuseAnUnknownEnumCode()
    {
        final int length = codec.encode(new Command().type(CommandType.BOOK), buffer, 0);
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + 16, (byte)99);

        assertThatThrownBy(() -> codec.decode(buffer, 0, length, new Command()))
            .isInstanceOf(CodecException.class)
            .hasMessageContaining("unknown command type code 99");
    }

    @Test
    void shouldRefuseATruncatedMessage()
    {
        assertThatThrownBy(() -> codec.decode(buffer, 0, 5, new Command()))
            .isInstanceOf(CodecException.class)
            .hasMessageContaining("shorter than its header");
    }

    @Provide
    Arbitrary<Command> commands()
    {
        final Arbitrary<String> ids = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(Command.MAX_ID_LENGTH);
        final Arbitrary<String> symbols = Arbitraries.strings().withCharRange('!', '~')
            .ofMaxLength(Command.MAX_SYMBOL_LENGTH);
        final Arbitrary<Long> longs = Arbitraries.longs();
        final Arbitrary<List<Object[]>> legs = Combinators.combine(
            Arbitraries.of(Side.class), longs, longs, symbols).as((s, p, q, sym) -> new Object[] {s, p, q, sym})
            .list().ofMaxSize(Command.MAX_LEGS);
        return Combinators.combine(
            Arbitraries.of(CommandType.class), Arbitraries.of(Side.class), Arbitraries.of(OrderType.class),
            Arbitraries.of(TimeInForce.class), Arbitraries.of(StpPolicy.class), Arbitraries.of(RejectReason.class),
            longs, longs).as((type, side, orderType, tif, stp, reason, price, qty) ->
            {
                final Command command = new Command().type(type).side(side).orderType(orderType).timeInForce(tif)
                    .stpPolicy(stp).invalidReason(reason).price(price).qty(qty).tick(qty ^ 7).lot(price ^ 3)
                    .depth(price.intValue()).postOnly((price & 1) == 0).budget(price * 31 ^ qty);
                command.stamp(price ^ qty, qty - price);
                command.admin((qty & 1) == 0).enable((qty & 2) == 0).amount(price ^ 11).protectionPrice(qty ^ 13)
                    .creditLimit(price ^ 17).collateralRatio(qty ^ 19).maxOrderQty(price ^ 23)
                    .maxOrderNotional(qty ^ 29).fraction(price ^ 31).sessionTag(price ^ 37)
                    .cancelReason(CancelReason.values()[(int)Math.floorMod(qty, (long)CancelReason.values().length)])
                    .timeoutMs(qty ^ 41);
                return command;
            })
            .flatMap(base -> Combinators.combine(ids.list().ofSize(5), symbols, ids, legs).as(
                (idList, symbol, detail, legList) ->
                {
                    // jqwik may reuse the base for several values: fill a fresh copy, never the base.
                    final Command command = new Command().copyFrom(base);
                    command.clOrdId().set(idList.get(0));
                    command.origClOrdId().set(idList.get(1));
                    command.account().set(idList.get(2));
                    command.owner().set(idList.get(3));
                    command.group().set(idList.get(4));
                    command.symbol().set(symbol);
                    command.detail().set(detail);
                    for (final Object[] leg : legList)
                    {
                        command.addLeg().set((Side)leg[0], (Long)leg[1], (Long)leg[2]).symbol().set((String)leg[3]);
                    }
                    return command;
                }));
    }

    static String describe(final Command c)
    {
        final StringBuilder text = new StringBuilder()
            .append(c.sequence()).append('|').append(c.timestampNs()).append('|').append(c.type()).append('|')
            .append(c.side()).append('|').append(c.orderType()).append('|').append(c.timeInForce()).append('|')
            .append(c.postOnly()).append('|').append(c.stpPolicy()).append('|').append(c.invalidReason()).append('|')
            .append(c.price()).append('|').append(c.qty()).append('|').append(c.tick()).append('|').append(c.lot())
            .append('|').append(c.depth()).append('|').append(c.budget()).append('|').append(c.clOrdId()).append('|').append(c.origClOrdId())
            .append('|').append(c.account()).append('|').append(c.owner()).append('|').append(c.symbol()).append('|')
            .append(c.detail()).append('|').append(c.admin()).append('|').append(c.enable()).append('|')
            .append(c.amount()).append('|').append(c.protectionPrice()).append('|').append(c.creditLimit()).append('|')
            .append(c.collateralRatio()).append('|').append(c.maxOrderQty()).append('|').append(c.maxOrderNotional())
            .append('|').append(c.fraction()).append('|').append(c.group()).append('|').append(c.sessionTag())
            .append('|').append(c.cancelReason()).append('|').append(c.timeoutMs()).append("|legs");
        for (int i = 0; i < c.legCount(); i++)
        {
            final BundleLeg leg = c.leg(i);
            text.append('|').append(leg.side()).append(',').append(leg.price()).append(',').append(leg.qty())
                .append(',').append(leg.symbol());
        }
        return text.toString();
    }
}
