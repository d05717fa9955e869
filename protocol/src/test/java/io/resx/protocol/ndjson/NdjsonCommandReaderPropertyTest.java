package io.resx.protocol.ndjson;

import com.fasterxml.jackson.core.JsonGenerator;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.command.TimeInForce;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class NdjsonCommandReaderPropertyTest
{
    private final NdjsonCommandReader reader = new NdjsonCommandReader((symbol) -> { });
    private final Command command = new Command();

    /** A valid command as JSON fields, in any order, and what the reader must make of it. */
    static final class Case
    {
        final List<Map.Entry<String, Object>> fields;
        final Consumer<Command> expect;

        Case(final List<Map.Entry<String, Object>> fields, final Consumer<Command> expect)
        {
            this.fields = fields;
            this.expect = expect;
        }

        String line()
        {
            final StringWriter out = new StringWriter();
            try (JsonGenerator generator = NdjsonFormat.JSON_FACTORY.createGenerator(out))
            {
                writeObject(generator, fields);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            return out.toString();
        }

        @Override
        public String toString()
        {
            return line();
        }
    }

    @Property
    void shouldRoundTripEveryValidCommand(@ForAll("validCommands") final Case valid)
    {
        reader.read(valid.line(), command);

        assertThat(command.type()).as("%s: %s", valid, command.detail()).isNotEqualTo(CommandType.INVALID);
        valid.expect.accept(command);
    }

    @Property
    void shouldTurnGarbageIntoInvalidWithADetail(@ForAll("garbage") final String line)
    {
        reader.read(line, command);

        assertThat(command.type()).isEqualTo(CommandType.INVALID);
        assertThat(command.detail().isEmpty()).isFalse();
    }

    @Property
    void shouldTurnEveryTruncatedLineIntoInvalidWithADetail(
        @ForAll("validCommands") final Case valid, @ForAll @IntRange(min = 0, max = 10_000) final int cut)
    {
        final String line = valid.line();
        reader.read(line.substring(0, cut % line.length()), command);

        assertThat(command.type()).isEqualTo(CommandType.INVALID);
        assertThat(command.detail().isEmpty()).isFalse();
    }

    @Property
    void shouldNeverThrowOnAMutatedLine(
        @ForAll("validCommands") final Case valid,
        @ForAll @IntRange(min = 0, max = 10_000) final int at,
        @ForAll final char inserted)
    {
        final String line = valid.line();
        final int index = at % (line.length() + 1);
        reader.read(line.substring(0, index) + inserted + line.substring(index), command);

        if (command.type() == CommandType.INVALID)
        {
            assertThat(command.detail().isEmpty()).isFalse();
        }
    }

    @Provide
    Arbitrary<String> garbage()
    {
        return Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(200),
            Arbitraries.strings().withChars("{}[]\":,0123456789.-truefalsn \\").ofMaxLength(60),
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(100).map((s) -> "{" + s));
    }

    @Provide
    Arbitrary<Case> validCommands()
    {
        final Arbitrary<Case> any = Arbitraries.oneOf(
            list(), account(), owner(), newOrder(), cancel(), replace(), bundle(), book());
        return any.flatMap((valid) -> Arbitraries.shuffle(valid.fields).map((order) -> new Case(order, valid.expect)));
    }

    private static Arbitrary<String> ids()
    {
        return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(Command.MAX_ID_LENGTH);
    }

    private static Arbitrary<String> symbols()
    {
        return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(Command.MAX_SYMBOL_LENGTH);
    }

    /** Any value FixedPoint accepts, with as many decimals as it needs. */
    private static Arbitrary<Long> decimals()
    {
        return Arbitraries.oneOf(
            Arbitraries.longs().between(-FixedPoint.MAX_VALUE, FixedPoint.MAX_VALUE),
            Arbitraries.longs().between(0, 1000).map((units) -> units * FixedPoint.ONE),
            Arbitraries.longs().between(1, 100_000));
    }

    private static String text(final long value)
    {
        return FixedPoint.toString(value, FixedPoint.decimalsOf(value));
    }

    private static Arbitrary<Case> list()
    {
        return Combinators.combine(symbols(), decimals(), decimals()).as((symbol, tick, lot) -> new Case(
            fields("cmd", "list", "symbol", symbol, "tick", text(tick), "lot", text(lot), "extra", List.of(1)),
            (c) ->
            {
                assertThat(c.type()).isEqualTo(CommandType.LIST);
                assertThat(c.symbol()).hasToString(symbol);
                assertThat(c.tick()).isEqualTo(tick);
                assertThat(c.lot()).isEqualTo(lot);
            }));
    }

    private static Arbitrary<Case> account()
    {
        return Combinators.combine(ids(), ids()).as((account, owner) -> new Case(
            fields("cmd", "account", "account", account, "owner", owner),
            (c) ->
            {
                assertThat(c.type()).isEqualTo(CommandType.ACCOUNT);
                assertThat(c.account()).hasToString(account);
                assertThat(c.owner()).hasToString(owner);
            }));
    }

    private static Arbitrary<Case> owner()
    {
        return Combinators.combine(ids(), Arbitraries.of(StpPolicy.class)).as((owner, stp) -> new Case(
            fields("cmd", "owner", "owner", owner, "stp", stp.name()),
            (c) ->
            {
                assertThat(c.type()).isEqualTo(CommandType.OWNER);
                assertThat(c.owner()).hasToString(owner);
                assertThat(c.stpPolicy()).isEqualTo(stp);
            }));
    }

    private static Arbitrary<Case> newOrder()
    {
        final Arbitrary<long[]> priceQty = Combinators.combine(
            Arbitraries.oneOf(decimals(), Arbitraries.just(Command.ABSENT)), decimals())
            .as((px, qty) -> new long[] {px, qty});
        return Combinators.combine(
            ids(), ids(), symbols(), Arbitraries.of(Side.class), Arbitraries.of(OrderType.class),
            Arbitraries.of(TimeInForce.class), Arbitraries.of(true, false), priceQty)
            .as((clOrdId, account, symbol, side, type, tif, postOnly, pxQty) ->
            {
                final long px = pxQty[0];
                final long qty = pxQty[1];
                final List<Map.Entry<String, Object>> fields = fields(
                    "cmd", "new", "clOrdId", clOrdId, "account", account, "symbol", symbol, "side", side.name(),
                    "type", type.name(), "tif", tif.name(), "postOnly", postOnly, "qty", text(qty));
                if (px != Command.ABSENT)
                {
                    fields.add(Map.entry("price", text(px)));
                }
                return new Case(fields, (c) ->
                {
                    assertThat(c.type()).isEqualTo(CommandType.NEW_ORDER);
                    assertThat(c.clOrdId()).hasToString(clOrdId);
                    assertThat(c.account()).hasToString(account);
                    assertThat(c.symbol()).hasToString(symbol);
                    assertThat(c.side()).isEqualTo(side);
                    assertThat(c.orderType()).isEqualTo(type);
                    assertThat(c.timeInForce()).isEqualTo(tif);
                    assertThat(c.postOnly()).isEqualTo(postOnly);
                    assertThat(c.price()).isEqualTo(px);
                    assertThat(c.qty()).isEqualTo(qty);
                });
            });
    }

    private static Arbitrary<Case> cancel()
    {
        return Combinators.combine(ids(), ids(), ids()).as((clOrdId, orig, account) -> new Case(
            fields("cmd", "cancel", "clOrdId", clOrdId, "origClOrdId", orig, "account", account),
            (c) ->
            {
                assertThat(c.type()).isEqualTo(CommandType.CANCEL);
                assertThat(c.clOrdId()).hasToString(clOrdId);
                assertThat(c.origClOrdId()).hasToString(orig);
                assertThat(c.account()).hasToString(account);
            }));
    }

    private static Arbitrary<Case> replace()
    {
        final Arbitrary<Long> optional = Arbitraries.oneOf(decimals(), Arbitraries.just(Command.ABSENT));
        return Combinators.combine(ids(), ids(), ids(), optional, optional).as((clOrdId, orig, account, px, qty) ->
        {
            final List<Map.Entry<String, Object>> fields =
                fields("cmd", "replace", "clOrdId", clOrdId, "origClOrdId", orig, "account", account);
            if (px != Command.ABSENT)
            {
                fields.add(Map.entry("price", text(px)));
            }
            if (qty != Command.ABSENT)
            {
                fields.add(Map.entry("qty", text(qty)));
            }
            return new Case(fields, (c) ->
            {
                assertThat(c.type()).isEqualTo(CommandType.REPLACE);
                assertThat(c.clOrdId()).hasToString(clOrdId);
                assertThat(c.origClOrdId()).hasToString(orig);
                assertThat(c.account()).hasToString(account);
                assertThat(c.price()).isEqualTo(px);
                assertThat(c.qty()).isEqualTo(qty);
            });
        });
    }

    /** One generated bundle leg. */
    record Leg(String symbol, Side side, long price, long qty)
    {
    }

    private static Arbitrary<List<Leg>> legs()
    {
        return Combinators.combine(symbols(), Arbitraries.of(Side.class), decimals(), decimals())
            .as(Leg::new)
            .list().ofMaxSize(Command.MAX_LEGS);
    }

    private static Arbitrary<Case> bundle()
    {
        return Combinators.combine(ids(), ids(), legs()).as((clOrdId, account, legs) ->
        {
            final List<Object> legObjects = new ArrayList<>();
            for (final Leg leg : legs)
            {
                legObjects.add(fields(
                    "qty", text(leg.qty()), "symbol", leg.symbol(), "price", text(leg.price()),
                    "side", leg.side().name()));
            }
            return new Case(
                fields("cmd", "bundle", "clOrdId", clOrdId, "account", account, "legs", legObjects),
                (c) ->
                {
                    assertThat(c.type()).isEqualTo(CommandType.BUNDLE);
                    assertThat(c.clOrdId()).hasToString(clOrdId);
                    assertThat(c.account()).hasToString(account);
                    assertThat(c.legCount()).isEqualTo(legs.size());
                    for (int i = 0; i < legs.size(); i++)
                    {
                        assertThat(c.leg(i).symbol()).hasToString(legs.get(i).symbol());
                        assertThat(c.leg(i).side()).isEqualTo(legs.get(i).side());
                        assertThat(c.leg(i).price()).isEqualTo(legs.get(i).price());
                        assertThat(c.leg(i).qty()).isEqualTo(legs.get(i).qty());
                    }
                });
        });
    }

    private static Arbitrary<Case> book()
    {
        return Combinators.combine(symbols(), Arbitraries.integers()).as((symbol, depth) -> new Case(
            fields("cmd", "book", "symbol", symbol, "depth", depth),
            (c) ->
            {
                assertThat(c.type()).isEqualTo(CommandType.BOOK);
                assertThat(c.symbol()).hasToString(symbol);
                assertThat(c.depth()).isEqualTo(depth);
            }));
    }

    private static List<Map.Entry<String, Object>> fields(final Object... namesAndValues)
    {
        final List<Map.Entry<String, Object>> fields = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2)
        {
            fields.add(Map.entry((String)namesAndValues[i], namesAndValues[i + 1]));
        }
        return fields;
    }

    private static void writeObject(final JsonGenerator generator, final List<Map.Entry<String, Object>> fields)
        throws IOException
    {
        generator.writeStartObject();
        for (final Map.Entry<String, Object> field : fields)
        {
            generator.writeFieldName(field.getKey());
            writeValue(generator, field.getValue());
        }
        generator.writeEndObject();
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(final JsonGenerator generator, final Object value) throws IOException
    {
        if (value instanceof String)
        {
            generator.writeString((String)value);
        }
        else if (value instanceof Boolean)
        {
            generator.writeBoolean((Boolean)value);
        }
        else if (value instanceof Integer)
        {
            generator.writeNumber((Integer)value);
        }
        else if (value instanceof List && !((List<?>)value).isEmpty() && ((List<?>)value).get(0) instanceof List)
        {
            generator.writeStartArray();
            for (final Object element : (List<?>)value)
            {
                writeObject(generator, (List<Map.Entry<String, Object>>)element);
            }
            generator.writeEndArray();
        }
        else
        {
            generator.writeStartArray();
            for (final Object element : (List<?>)value)
            {
                writeValue(generator, element);
            }
            generator.writeEndArray();
        }
    }
}
