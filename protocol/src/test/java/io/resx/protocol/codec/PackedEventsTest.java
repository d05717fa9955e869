package io.resx.protocol.codec;

import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import io.resx.protocol.sbe.EventsMessageEncoder;
import io.resx.protocol.sbe.MessageHeaderEncoder;
import io.resx.protocol.text.AsciiKey;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The packed events layout against the SBE layout it replaced as the reference: whatever an outcome holds, the
 * packed bytes decode to exactly it, an outcome in the old layout decodes to the same, the bytes are canonical
 * (decoding and encoding again gives them back), they stay within {@link GatewayCodec#maxOutcomeLength}, and a
 * cut anywhere in the events is refused rather than read past.
 */
class PackedEventsTest
{
    private final GatewayCodec codec = new GatewayCodec();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 20]);
    private final UnsafeBuffer again = new UnsafeBuffer(new byte[1 << 20]);

    @Property(tries = 1000)
    void shouldDecodeExactlyWhatWasEncoded(@ForAll("outcomes") final Outcome outcome)
    {
        final int length = codec.encodeSequenced(buffer, 16, outcome.command, outcome.events);

        assertThat(length + GatewayCodec.ROUTE_LENGTH).isLessThanOrEqualTo(GatewayCodec.maxOutcomeLength(outcome.events));
        final Command command = new Command();
        final EventLog events = new EventLog();
        codec.decodeSequenced(buffer, 16, length, command, events);
        assertThat(CommandCodecTest.describe(command)).isEqualTo(CommandCodecTest.describe(outcome.command));
        assertThat(describe(events)).isEqualTo(describe(outcome.events));

        final int lengthAgain = codec.encodeSequenced(again, 16, command, events);
        assertThat(lengthAgain).isEqualTo(length);
        for (int i = 0; i < length; i++)
        {
            assertThat(again.getByte(16 + i)).as("byte %d", i).isEqualTo(buffer.getByte(16 + i));
        }
    }

    @Property(tries = 500)
    void shouldReadAnOutcomeWrittenInTheOldLayoutAsTheSame(@ForAll("outcomes") final Outcome outcome)
    {
        final int length = encodeOldLayout(buffer, 0, outcome.command, outcome.events);

        final Command command = new Command();
        final EventLog events = new EventLog();
        codec.decodeSequenced(buffer, 0, length, command, events);
        assertThat(describe(events)).isEqualTo(describe(outcome.events));
        assertThat(codec.encodeSequenced(again, 0, command, events))
            .as("the packed layout is smaller than the old one")
            .isLessThan(length);
    }

    @Property(tries = 300)
    void shouldRefuseEventsCutShort(@ForAll("outcomes") final Outcome outcome)
    {
        final int length = codec.encodeSequenced(buffer, 0, outcome.command, outcome.events);
        final int eventsStart = new CommandCodec().encode(outcome.command, again, 0);

        for (int cut = eventsStart; cut < length; cut++)
        {
            final int limit = cut;
            assertThatThrownBy(() -> codec.decodeSequenced(buffer, 0, limit, new Command(), new EventLog()))
                .as("cut at %d of %d", cut, length)
                .isInstanceOf(CodecException.class);
        }
    }

    @Test
    void shouldReferTheAcceptsIdentifiersToTheCommand()
    {
        final Command command = new Command().type(CommandType.NEW_ORDER).price(101).qty(5);
        command.clOrdId().set("c-1");
        command.account().set("acct-7");
        command.owner().set("op-7");
        command.symbol().set("SPECTRUM-3500");
        final EventLog events = new EventLog();
        final EngineEvent accepted = events.add().start(EventType.ACCEPTED, command).orderId(42).leavesQty(5);
        accepted.clOrdId().set(command.clOrdId());
        accepted.account().set(command.account());
        accepted.owner().set(command.owner());
        accepted.symbol().set(command.symbol());
        final EngineEvent balance = events.add().start(EventType.BALANCE, command).amounts(1_000, 505, 0);
        balance.account().set("acct-8");
        balance.symbol().set("USD");

        final int commandLength = new CommandCodec().encode(command, again, 0);
        final int length = codec.encodeSequenced(buffer, 0, command, events);

        // header 8 + count 2; accept: 12 fixed + 2 numbers, its four strings the command's; balance: 12 + 2
        // numbers (the 0 is not written) + "acct-8" and "USD" with their length bytes.
        assertThat(length - commandLength).isEqualTo(10 + (12 + 16) + (12 + 16 + 7 + 4));
        final EventLog decoded = new EventLog();
        codec.decodeSequenced(buffer, 0, length, new Command(), decoded);
        assertThat(describe(decoded)).isEqualTo(describe(events));
    }

    @Test
    void shouldRefuseAnUnknownPresenceBit()
    {
        final Command command = new Command().type(CommandType.CANCEL);
        final EventLog events = new EventLog();
        events.add().start(EventType.CANCELLED, command).orderId(9);
        final int commandLength = new CommandCodec().encode(command, again, 0);
        final int length = codec.encodeSequenced(buffer, 0, command, events);
        final int maskAt = commandLength + MessageHeaderEncoder.ENCODED_LENGTH + 2 + 8;
        buffer.putInt(maskAt, buffer.getInt(maskAt) | (1 << 30));

        assertThatThrownBy(() -> codec.decodeSequenced(buffer, 0, length, new Command(), new EventLog()))
            .isInstanceOf(CodecException.class)
            .hasMessageContaining("unknown presence bits");
    }

    /** One command and the events it caused. */
    record Outcome(Command command, EventLog events)
    {
        @Override
        public String toString()
        {
            return CommandCodecTest.describe(command) + " -> " + describe(events);
        }
    }

    @Provide
    Arbitrary<Outcome> outcomes()
    {
        return Arbitraries.longs().list().ofMaxSize(6).flatMap(seeds -> Arbitraries.longs().map(seed ->
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final Command command = new Command().type(CommandType.values()[random.nextInt(CommandType.values().length)])
                .price(random.nextLong()).qty(random.nextLong());
            command.stamp(random.nextLong(1, Long.MAX_VALUE), random.nextLong());
            command.clOrdId().set(text(random, Command.MAX_ID_LENGTH));
            command.origClOrdId().set(text(random, Command.MAX_ID_LENGTH));
            command.account().set(text(random, Command.MAX_ID_LENGTH));
            command.owner().set(text(random, Command.MAX_ID_LENGTH));
            command.symbol().set(text(random, Command.MAX_SYMBOL_LENGTH));
            final EventLog events = new EventLog();
            for (final long eventSeed : seeds)
            {
                fill(events.add(), command, new SplittableRandom(eventSeed));
            }
            return new Outcome(command, events);
        }));
    }

    private static void fill(final EngineEvent event, final Command command, final SplittableRandom random)
    {
        event.start(EventType.values()[random.nextInt(EventType.values().length)], command)
            .reason(RejectReason.values()[random.nextInt(RejectReason.values().length)])
            .cancelReason(CancelReason.values()[random.nextInt(CancelReason.values().length)])
            .decimals(random.nextInt(19), random.nextInt(19))
            .legIndex(random.nextInt(-1, Command.MAX_LEGS))
            .orderId(number(random)).leavesQty(number(random))
            .trade(number(random), Side.values()[random.nextInt(Side.values().length)])
            .priceQty(number(random), number(random))
            .orderIds(number(random), number(random))
            .amounts(number(random), number(random), number(random));
        string(event.clOrdId(), command.clOrdId(), random);
        string(event.origClOrdId(), command.origClOrdId(), random);
        string(event.account(), command.account(), random);
        string(event.owner(), command.owner(), random);
        string(event.symbol(), command.symbol(), random);
        string(event.detail(), command.clOrdId(), random);
        string(event.buyAccount(), command.account(), random);
        string(event.buyClOrdId(), command.clOrdId(), random);
        string(event.sellAccount(), command.account(), random);
        string(event.sellClOrdId(), command.clOrdId(), random);
        if (random.nextInt(4) == 0)
        {
            final int bids = random.nextInt(6);
            final int asks = random.nextInt(6);
            for (int l = 0; l < bids; l++)
            {
                event.addLevel(Side.BUY, random.nextLong(), random.nextLong(), random.nextInt());
            }
            for (int l = 0; l < asks; l++)
            {
                event.addLevel(Side.SELL, random.nextLong(), random.nextLong(), random.nextInt());
            }
        }
    }

    /** Zero half the time (a number an event does not carry), the edges often. */
    private static long number(final SplittableRandom random)
    {
        switch (random.nextInt(6))
        {
            case 0:
            case 1:
            case 2:
                return 0;
            case 3:
                return random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
            default:
                return random.nextLong();
        }
    }

    /** Empty, the command's value (including for fields the command has no counterpart of), or other text. */
    private static void string(final AsciiKey into, final AsciiKey commands, final SplittableRandom random)
    {
        switch (random.nextInt(3))
        {
            case 0:
                into.clear();
                break;
            case 1:
                if (commands.length() <= into.capacity())
                {
                    into.set(commands);
                }
                break;
            default:
                into.set(text(random, into.capacity()));
                break;
        }
    }

    private static String text(final SplittableRandom random, final int maxLength)
    {
        final int length = random.nextInt(4) == 0 ? maxLength : random.nextInt(maxLength + 1);
        final StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            text.append((char)random.nextInt(' ', '~' + 1));
        }
        return text.toString();
    }

    static String describe(final EventLog events)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < events.size(); i++)
        {
            final EngineEvent e = events.get(i);
            text.append('[').append(e.type()).append('|').append(e.sequence()).append('|').append(e.command())
                .append('|').append(e.clOrdId()).append('|').append(e.origClOrdId()).append('|').append(e.account())
                .append('|').append(e.owner()).append('|').append(e.symbol()).append('|').append(e.orderId())
                .append('|').append(e.reason()).append('|').append(e.detail()).append('|').append(e.legIndex())
                .append('|').append(e.cancelReason()).append('|').append(e.leavesQty()).append('|')
                .append(e.tradeId()).append('|').append(e.price()).append('|').append(e.qty()).append('|')
                .append(e.buyAccount()).append('|').append(e.buyClOrdId()).append('|').append(e.buyOrderId())
                .append('|').append(e.sellAccount()).append('|').append(e.sellClOrdId()).append('|')
                .append(e.sellOrderId()).append('|').append(e.aggressor()).append('|').append(e.priceDecimals())
                .append('|').append(e.qtyDecimals()).append('|').append(e.amount()).append('|').append(e.locked())
                .append('|').append(e.remaining());
            for (int l = 0; l < e.bidLevels(); l++)
            {
                text.append("|b").append(e.bidPrice(l)).append('x').append(e.bidQty(l)).append('/').append(e.bidCount(l));
            }
            for (int l = 0; l < e.askLevels(); l++)
            {
                text.append("|a").append(e.askPrice(l)).append('x').append(e.askQty(l)).append('/').append(e.askCount(l));
            }
            text.append(']');
        }
        return text.toString();
    }

    /** The SBE EventsMessage layout of schema versions 1-3, as the engine wrote it before the packed layout. */
    private static int encodeOldLayout(
        final UnsafeBuffer buffer, final int offset, final Command command, final EventLog events)
    {
        final int commandLength = new CommandCodec().encode(command, buffer, offset);
        final EventsMessageEncoder encoder = new EventsMessageEncoder();
        encoder.wrapAndApplyHeader(buffer, offset + commandLength, new MessageHeaderEncoder());
        final EventsMessageEncoder.EventsEncoder group = encoder.eventsCount(events.size());
        for (int i = 0; i < events.size(); i++)
        {
            final EngineEvent event = events.get(i);
            group.next()
                .eventType((short)event.type().ordinal()).reason((short)event.reason().ordinal())
                .cancelReason((short)event.cancelReason().ordinal()).aggressor((short)event.aggressor().ordinal())
                .priceDecimals((short)event.priceDecimals()).qtyDecimals((short)event.qtyDecimals())
                .legIndex((short)event.legIndex()).orderId(event.orderId()).leavesQty(event.leavesQty())
                .tradeId(event.tradeId()).price(event.price()).qty(event.qty()).buyOrderId(event.buyOrderId())
                .sellOrderId(event.sellOrderId()).amount(event.amount()).locked(event.locked())
                .remaining(event.remaining());
            final EventsMessageEncoder.EventsEncoder.LevelsEncoder levels =
                group.levelsCount(event.bidLevels() + event.askLevels());
            for (int l = 0; l < event.bidLevels(); l++)
            {
                levels.next().side((short)Side.BUY.ordinal()).orders(event.bidCount(l))
                    .price(event.bidPrice(l)).qty(event.bidQty(l));
            }
            for (int l = 0; l < event.askLevels(); l++)
            {
                levels.next().side((short)Side.SELL.ordinal()).orders(event.askCount(l))
                    .price(event.askPrice(l)).qty(event.askQty(l));
            }
            group.putClOrdId(event.clOrdId().buffer(), 0, event.clOrdId().length())
                .putOrigClOrdId(event.origClOrdId().buffer(), 0, event.origClOrdId().length())
                .putAccount(event.account().buffer(), 0, event.account().length())
                .putOwner(event.owner().buffer(), 0, event.owner().length())
                .putSymbol(event.symbol().buffer(), 0, event.symbol().length())
                .putDetail(event.detail().buffer(), 0, event.detail().length())
                .putBuyAccount(event.buyAccount().buffer(), 0, event.buyAccount().length())
                .putBuyClOrdId(event.buyClOrdId().buffer(), 0, event.buyClOrdId().length())
                .putSellAccount(event.sellAccount().buffer(), 0, event.sellAccount().length())
                .putSellClOrdId(event.sellClOrdId().buffer(), 0, event.sellClOrdId().length());
        }
        return commandLength + MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
