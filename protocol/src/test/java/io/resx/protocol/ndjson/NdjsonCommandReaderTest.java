package io.resx.protocol.ndjson;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class NdjsonCommandReaderTest
{
    /** Stands in for InstrumentSymbol::parse: refuses lower case, with a message like the real one gives. */
    static final SymbolValidator UPPER_CASE_SYMBOLS = (symbol) ->
    {
        for (int i = 0; i < symbol.length(); i++)
        {
            if (Character.isLowerCase(symbol.charAt(i)))
            {
                throw new IllegalArgumentException("symbol '" + symbol + "' has a lower-case letter at " + i);
            }
        }
    };

    private final NdjsonCommandReader reader = new NdjsonCommandReader(UPPER_CASE_SYMBOLS);
    private final Command command = new Command();

    private Command read(final String line)
    {
        return reader.read(line, command);
    }

    private static long fp(final String decimal)
    {
        return FixedPoint.parse(decimal);
    }

    @Test
    void shouldReadList()
    {
        read("{\"cmd\":\"list\",\"symbol\":\"SPEC.3550-3560.CELL042\",\"tick\":\"0.01\",\"lot\":\"1\"}");

        assertThat(command.type()).isEqualTo(CommandType.LIST);
        assertThat(command.symbol()).hasToString("SPEC.3550-3560.CELL042");
        assertThat(command.tick()).isEqualTo(fp("0.01"));
        assertThat(command.lot()).isEqualTo(FixedPoint.ONE);
    }

    @Test
    void shouldReadAccount()
    {
        read("{\"cmd\":\"account\",\"account\":\"ACC-1\",\"owner\":\"telco-a\"}");

        assertThat(command.type()).isEqualTo(CommandType.ACCOUNT);
        assertThat(command.account()).hasToString("ACC-1");
        assertThat(command.owner()).hasToString("telco-a");
    }

    @Test
    void shouldReadEveryStpPolicy()
    {
        for (final StpPolicy policy : StpPolicy.values())
        {
            read("{\"cmd\":\"owner\",\"owner\":\"telco-a\",\"stp\":\"" + policy + "\"}");

            assertThat(command.type()).isEqualTo(CommandType.OWNER);
            assertThat(command.owner()).hasToString("telco-a");
            assertThat(command.stpPolicy()).isEqualTo(policy);
        }
    }

    @Test
    void shouldReadNewOrder()
    {
        read("{\"cmd\":\"new\",\"clOrdId\":\"c1\",\"account\":\"A\",\"symbol\":\"ENRG.NODE7\",\"side\":\"SELL\"," +
            "\"type\":\"LIMIT\",\"tif\":\"IOC\",\"postOnly\":true,\"price\":\"10.25\",\"qty\":\"2\"}");

        assertThat(command.type()).isEqualTo(CommandType.NEW_ORDER);
        assertThat(command.clOrdId()).hasToString("c1");
        assertThat(command.account()).hasToString("A");
        assertThat(command.symbol()).hasToString("ENRG.NODE7");
        assertThat(command.side()).isEqualTo(Side.SELL);
        assertThat(command.orderType()).isEqualTo(OrderType.LIMIT);
        assertThat(command.timeInForce()).isEqualTo(TimeInForce.IOC);
        assertThat(command.postOnly()).isTrue();
        assertThat(command.price()).isEqualTo(fp("10.25"));
        assertThat(command.qty()).isEqualTo(fp("2"));
    }

    @Test
    void shouldReadTheBudgetOfAFillOrKillOrder()
    {
        read("{\"cmd\":\"new\",\"clOrdId\":\"c1\",\"account\":\"A\",\"symbol\":\"S\",\"side\":\"BUY\"," +
            "\"type\":\"MARKET\",\"tif\":\"FOK\",\"qty\":\"3\",\"budget\":\"1250.5\"}");

        assertThat(command.type()).isEqualTo(CommandType.NEW_ORDER);
        assertThat(command.timeInForce()).isEqualTo(TimeInForce.FOK);
        assertThat(command.budget()).isEqualTo(fp("1250.5"));
        assertThat(command.price()).isEqualTo(Command.ABSENT);
    }

    @Test
    void shouldDefaultNewOrderToLimitGtcNotPostOnly()
    {
        read("{\"cmd\":\"new\",\"clOrdId\":\"c1\",\"account\":\"A\",\"symbol\":\"S\",\"side\":\"BUY\"," +
            "\"price\":\"1\",\"qty\":\"3\"}");

        assertThat(command.type()).isEqualTo(CommandType.NEW_ORDER);
        assertThat(command.side()).isEqualTo(Side.BUY);
        assertThat(command.orderType()).isEqualTo(OrderType.LIMIT);
        assertThat(command.timeInForce()).isEqualTo(TimeInForce.GTC);
        assertThat(command.postOnly()).isFalse();
    }

    @Test
    void shouldLeaveJudgingPriceToTheEngine()
    {
        read("{\"cmd\":\"new\",\"clOrdId\":\"c1\",\"account\":\"A\",\"symbol\":\"S\",\"side\":\"BUY\"," +
            "\"type\":\"MARKET\",\"tif\":\"FOK\",\"qty\":\"3\"}");
        assertThat(command.type()).isEqualTo(CommandType.NEW_ORDER);
        assertThat(command.orderType()).isEqualTo(OrderType.MARKET);
        assertThat(command.price()).isEqualTo(Command.ABSENT);

        read("{\"cmd\":\"new\",\"clOrdId\":\"c1\",\"account\":\"A\",\"symbol\":\"S\",\"side\":\"BUY\"," +
            "\"type\":\"LIMIT\",\"qty\":\"3\"}");
        assertThat(command.type()).isEqualTo(CommandType.NEW_ORDER);
        assertThat(command.price()).isEqualTo(Command.ABSENT);

        read("{\"cmd\":\"new\",\"clOrdId\":\"c1\",\"account\":\"A\",\"symbol\":\"S\",\"side\":\"BUY\"," +
            "\"type\":\"MARKET\",\"price\":\"-1\",\"qty\":\"0\"}");
        assertThat(command.type()).isEqualTo(CommandType.NEW_ORDER);
        assertThat(command.price()).isEqualTo(-FixedPoint.ONE);
        assertThat(command.qty()).isZero();
    }

    @Test
    void shouldReadCancel()
    {
        read("{\"cmd\":\"cancel\",\"clOrdId\":\"c2\",\"origClOrdId\":\"c1\",\"account\":\"A\"}");

        assertThat(command.type()).isEqualTo(CommandType.CANCEL);
        assertThat(command.clOrdId()).hasToString("c2");
        assertThat(command.origClOrdId()).hasToString("c1");
        assertThat(command.account()).hasToString("A");
    }

    @Test
    void shouldReadReplaceWithPriceAndQtyEachOptional()
    {
        read("{\"cmd\":\"replace\",\"clOrdId\":\"c2\",\"origClOrdId\":\"c1\",\"account\":\"A\"," +
            "\"price\":\"10.30\",\"qty\":\"1\"}");
        assertThat(command.type()).isEqualTo(CommandType.REPLACE);
        assertThat(command.clOrdId()).hasToString("c2");
        assertThat(command.origClOrdId()).hasToString("c1");
        assertThat(command.account()).hasToString("A");
        assertThat(command.price()).isEqualTo(fp("10.3"));
        assertThat(command.qty()).isEqualTo(FixedPoint.ONE);

        read("{\"cmd\":\"replace\",\"clOrdId\":\"c2\",\"origClOrdId\":\"c1\",\"account\":\"A\",\"qty\":\"5\"}");
        assertThat(command.type()).isEqualTo(CommandType.REPLACE);
        assertThat(command.price()).isEqualTo(Command.ABSENT);
        assertThat(command.qty()).isEqualTo(fp("5"));

        read("{\"cmd\":\"replace\",\"clOrdId\":\"c2\",\"origClOrdId\":\"c1\",\"account\":\"A\",\"price\":\"2\"}");
        assertThat(command.type()).isEqualTo(CommandType.REPLACE);
        assertThat(command.price()).isEqualTo(fp("2"));
        assertThat(command.qty()).isEqualTo(Command.ABSENT);
    }

    @Test
    void shouldReadBundle()
    {
        read("{\"cmd\":\"bundle\",\"clOrdId\":\"b1\",\"account\":\"VIO\",\"legs\":[" +
            "{\"symbol\":\"SPEC.X\",\"side\":\"BUY\",\"price\":\"1.5\",\"qty\":\"1\"}," +
            "{\"qty\":\"2.25\",\"price\":\"0.75\",\"side\":\"SELL\",\"symbol\":\"CMPT.Y\"}]}");

        assertThat(command.type()).isEqualTo(CommandType.BUNDLE);
        assertThat(command.clOrdId()).hasToString("b1");
        assertThat(command.account()).hasToString("VIO");
        assertThat(command.legCount()).isEqualTo(2);
        assertThat(command.leg(0).symbol()).hasToString("SPEC.X");
        assertThat(command.leg(0).side()).isEqualTo(Side.BUY);
        assertThat(command.leg(0).price()).isEqualTo(fp("1.5"));
        assertThat(command.leg(0).qty()).isEqualTo(fp("1"));
        assertThat(command.leg(1).symbol()).hasToString("CMPT.Y");
        assertThat(command.leg(1).side()).isEqualTo(Side.SELL);
        assertThat(command.leg(1).price()).isEqualTo(fp("0.75"));
        assertThat(command.leg(1).qty()).isEqualTo(fp("2.25"));
    }

    @Test
    void shouldLeaveTooFewLegsToTheEngine()
    {
        read("{\"cmd\":\"bundle\",\"clOrdId\":\"b1\",\"account\":\"VIO\",\"legs\":[]}");
        assertThat(command.type()).isEqualTo(CommandType.BUNDLE);
        assertThat(command.legCount()).isZero();

        read("{\"cmd\":\"bundle\",\"clOrdId\":\"b1\",\"account\":\"VIO\",\"legs\":[" +
            "{\"symbol\":\"S\",\"side\":\"BUY\",\"price\":\"1\",\"qty\":\"1\"}]}");
        assertThat(command.type()).isEqualTo(CommandType.BUNDLE);
        assertThat(command.legCount()).isOne();
    }

    @Test
    void shouldAcceptMaxLegs()
    {
        read(bundleWithLegs(Command.MAX_LEGS));

        assertThat(command.type()).isEqualTo(CommandType.BUNDLE);
        assertThat(command.legCount()).isEqualTo(Command.MAX_LEGS);
    }

    @Test
    void shouldReadBookWithDepthDefaultingToTen()
    {
        read("{\"cmd\":\"book\",\"symbol\":\"S\",\"depth\":3}");
        assertThat(command.type()).isEqualTo(CommandType.BOOK);
        assertThat(command.symbol()).hasToString("S");
        assertThat(command.depth()).isEqualTo(3);

        read("{\"cmd\":\"book\",\"symbol\":\"S\"}");
        assertThat(command.type()).isEqualTo(CommandType.BOOK);
        assertThat(command.depth()).isEqualTo(10);

        read("{\"cmd\":\"book\",\"symbol\":\"S\",\"depth\":-5}");
        assertThat(command.type()).isEqualTo(CommandType.BOOK);
        assertThat(command.depth()).isEqualTo(-5);
    }

    @Test
    void shouldIgnoreUnknownFieldsAndFieldOrder()
    {
        read(" {\"qty\":\"2\",\"note\":{\"a\":[1,2,{\"b\":null}]},\"price\":\"10.25\",\"side\":\"BUY\"," +
            "\"symbol\":\"S\",\"x\":1.5e3,\"account\":\"A\",\"clOrdId\":\"c1\",\"cmd\":\"new\"}\r\n");

        assertThat(command.type()).isEqualTo(CommandType.NEW_ORDER);
        assertThat(command.clOrdId()).hasToString("c1");
        assertThat(command.price()).isEqualTo(fp("10.25"));
        assertThat(command.qty()).isEqualTo(fp("2"));
    }

    @Test
    void shouldIgnoreFieldsTheCommandDoesNotUseWhateverTheyHold()
    {
        read("{\"cmd\":\"book\",\"symbol\":\"S\",\"price\":12,\"side\":\"UP\",\"legs\":\"none\",\"clOrdId\":7}");

        assertThat(command.type()).isEqualTo(CommandType.BOOK);
        assertThat(command.clOrdId().isEmpty()).isTrue();
        assertThat(command.price()).isEqualTo(Command.ABSENT);
    }

    @Test
    void shouldTreatNullAsAbsent()
    {
        read("{\"cmd\":\"new\",\"clOrdId\":\"c1\",\"account\":\"A\",\"symbol\":\"S\",\"side\":\"BUY\"," +
            "\"type\":\"MARKET\",\"tif\":null,\"price\":null,\"qty\":\"1\"}");
        assertThat(command.type()).isEqualTo(CommandType.NEW_ORDER);
        assertThat(command.timeInForce()).isEqualTo(TimeInForce.GTC);
        assertThat(command.price()).isEqualTo(Command.ABSENT);

        read("{\"cmd\":\"new\",\"clOrdId\":\"c1\",\"account\":null,\"symbol\":\"S\",\"side\":\"BUY\",\"qty\":\"1\"}");
        assertThat(command.type()).isEqualTo(CommandType.INVALID);
        assertThat(command.invalidReason()).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(command.detail()).hasToString("missing field 'account'");
    }

    @Test
    void shouldUnescapeJsonStrings()
    {
        read("{\"cmd\":\"account\",\"account\":\"A\\\"\\\\\\u0041\",\"owner\":\"o\"}");

        assertThat(command.type()).isEqualTo(CommandType.ACCOUNT);
        assertThat(command.account()).hasToString("A\"\\A");
    }

    @Test
    void shouldResetTheCommandBeforeReading()
    {
        read("{\"cmd\":\"bundle\",\"clOrdId\":\"b1\",\"account\":\"VIO\",\"legs\":[" +
            "{\"symbol\":\"S\",\"side\":\"BUY\",\"price\":\"1\",\"qty\":\"1\"}]}");
        read("{\"cmd\":\"book\",\"symbol\":\"T\"}");

        assertThat(command.type()).isEqualTo(CommandType.BOOK);
        assertThat(command.legCount()).isZero();
        assertThat(command.clOrdId().isEmpty()).isTrue();
        assertThat(command.account().isEmpty()).isTrue();
    }

    static Stream<Arguments> rejects()
    {
        final String order = "\"cmd\":\"new\",\"clOrdId\":\"c1\",\"account\":\"A\",\"symbol\":\"S\",\"side\":\"BUY\"";
        final String bundle = "\"cmd\":\"bundle\",\"clOrdId\":\"c1\",\"account\":\"A\"";
        final String longId = "x".repeat(Command.MAX_ID_LENGTH + 1);
        return Stream.of(
            // not JSON, not an object, wrong JSON types
            Arguments.of("", RejectReason.MALFORMED, "empty line"),
            Arguments.of(" \t\r\n", RejectReason.MALFORMED, "empty line"),
            Arguments.of("cmd=new", RejectReason.MALFORMED, "not JSON at column 1"),
            Arguments.of("{\"cmd\":\"book\",", RejectReason.MALFORMED, "not JSON"),
            Arguments.of("{\"cmd\":\"book\",\"symbol\":\"S\"}}", RejectReason.MALFORMED, "not JSON"),
            Arguments.of("[{\"cmd\":\"book\"}]", RejectReason.MALFORMED, "not a JSON object"),
            Arguments.of("\"book\"", RejectReason.MALFORMED, "not a JSON object"),
            Arguments.of("{\"cmd\":\"book\",\"symbol\":\"S\"} {}", RejectReason.MALFORMED, "more than one JSON value"),
            Arguments.of("{\"cmd\":7}", RejectReason.MALFORMED, "field 'cmd' must be a string"),
            Arguments.of("{" + order + ",\"postOnly\":\"yes\",\"qty\":\"1\"}", RejectReason.MALFORMED, "'postOnly'"),
            Arguments.of("{" + order + ",\"side\":\"BUY\",\"qty\":\"1\"}", RejectReason.MALFORMED,
                "duplicate field 'side'"),
            Arguments.of("{\"cmd\":\"account\",\"account\":[\"A\"],\"owner\":\"o\"}", RejectReason.MALFORMED,
                "field 'account' must be a string"),
            Arguments.of("{" + order + ",\"qty\":{\"v\":\"1\"}}", RejectReason.MALFORMED,
                "field 'qty' must be a quoted decimal string"),
            Arguments.of("{\"cmd\":\"book\",\"symbol\":\"S\",\"depth\":\"10\"}", RejectReason.MALFORMED, "'depth'"),
            Arguments.of("{\"cmd\":\"book\",\"symbol\":\"S\",\"depth\":2.5}", RejectReason.MALFORMED, "'depth'"),
            Arguments.of("{\"cmd\":\"book\",\"symbol\":\"S\",\"depth\":12345678901}", RejectReason.INVALID_DEPTH,
                "depth '12345678901' is outside 1..1000"),
            // missing fields
            Arguments.of("{}", RejectReason.MISSING_FIELD, "missing field 'cmd'"),
            Arguments.of("{\"cmd\":null}", RejectReason.MISSING_FIELD, "missing field 'cmd'"),
            Arguments.of("{" + order + ",\"price\":\"1\"}", RejectReason.MISSING_FIELD, "missing field 'qty'"),
            Arguments.of("{\"cmd\":\"new\",\"clOrdId\":\"c1\",\"account\":\"A\",\"symbol\":\"S\",\"qty\":\"1\"}",
                RejectReason.MISSING_FIELD, "missing field 'side'"),
            Arguments.of("{\"cmd\":\"list\",\"symbol\":\"S\",\"tick\":\"0.01\"}", RejectReason.MISSING_FIELD,
                "missing field 'lot'"),
            Arguments.of("{\"cmd\":\"account\",\"account\":\"A\"}", RejectReason.MISSING_FIELD,
                "missing field 'owner'"),
            Arguments.of("{\"cmd\":\"owner\",\"owner\":\"o\"}", RejectReason.MISSING_FIELD, "missing field 'stp'"),
            Arguments.of("{\"cmd\":\"cancel\",\"clOrdId\":\"c2\",\"account\":\"A\"}", RejectReason.MISSING_FIELD,
                "missing field 'origClOrdId'"),
            Arguments.of("{\"cmd\":\"replace\",\"clOrdId\":\"c2\",\"origClOrdId\":\"c1\"}",
                RejectReason.MISSING_FIELD, "missing field 'account'"),
            Arguments.of("{\"cmd\":\"book\"}", RejectReason.MISSING_FIELD, "missing field 'symbol'"),
            Arguments.of("{\"cmd\":\"cancel\",\"clOrdId\":\"\",\"origClOrdId\":\"c1\",\"account\":\"A\"}",
                RejectReason.MISSING_FIELD, "field 'clOrdId' is empty"),
            Arguments.of("{" + bundle + "}", RejectReason.MISSING_FIELD, "missing field 'legs'"),
            Arguments.of("{" + bundle + ",\"legs\":[{\"symbol\":\"S\",\"side\":\"BUY\",\"price\":\"1\"}]}",
                RejectReason.MISSING_FIELD, "missing field 'legs[0].qty'"),
            // unknown command
            Arguments.of("{\"cmd\":\"nuke\"}", RejectReason.UNKNOWN_COMMAND, "unknown cmd 'nuke'"),
            Arguments.of("{\"cmd\":\"invalid\"}", RejectReason.UNKNOWN_COMMAND, "unknown cmd 'invalid'"),
            Arguments.of("{\"cmd\":\"NEW\"}", RejectReason.UNKNOWN_COMMAND, "unknown cmd 'NEW'"),
            // bad enum values
            Arguments.of("{\"cmd\":\"new\",\"clOrdId\":\"c1\",\"account\":\"A\",\"symbol\":\"S\",\"side\":\"BYU\"}",
                RejectReason.MALFORMED, "side 'BYU' is not BUY or SELL"),
            Arguments.of("{" + order + ",\"type\":\"STOP\",\"qty\":\"1\"}", RejectReason.MALFORMED,
                "type 'STOP' is not LIMIT or MARKET"),
            Arguments.of("{" + order + ",\"tif\":\"DAY\",\"qty\":\"1\"}", RejectReason.MALFORMED,
                "tif 'DAY' is not GTC, IOC or FOK"),
            Arguments.of("{\"cmd\":\"owner\",\"owner\":\"o\",\"stp\":\"cancel_resting\"}", RejectReason.MALFORMED,
                "stp 'cancel_resting' is not CANCEL_AGGRESSOR, CANCEL_RESTING or OFF"),
            Arguments.of("{" + order + ",\"tif\":1,\"qty\":\"1\"}", RejectReason.MALFORMED,
                "field 'tif' must be a string: GTC, IOC or FOK"),
            Arguments.of("{" + bundle + ",\"legs\":[{\"symbol\":\"S\",\"side\":\"B\",\"price\":\"1\",\"qty\":\"1\"}]}",
                RejectReason.MALFORMED, "legs[0].side 'B' is not BUY or SELL"),
            // ids
            Arguments.of("{\"cmd\":\"new\",\"clOrdId\":\"" + longId + "\"}", RejectReason.ID_TOO_LONG,
                "clOrdId is longer than 36 characters"),
            Arguments.of("{\"cmd\":\"account\",\"account\":\"A\u00e9\",\"owner\":\"o\"}", RejectReason.ID_TOO_LONG,
                "account holds a character outside printable ASCII"),
            Arguments.of("{\"cmd\":\"account\",\"account\":\"A\",\"owner\":\"o\\u0007\"}", RejectReason.ID_TOO_LONG,
                "owner holds a character outside printable ASCII"),
            Arguments.of("{\"cmd\":\"book\",\"symbol\":\"" + "S".repeat(Command.MAX_SYMBOL_LENGTH + 1) + "\"}",
                RejectReason.ID_TOO_LONG, "symbol is longer than 64 characters"),
            // decimals
            Arguments.of("{" + order + ",\"price\":10.25,\"qty\":\"1\"}", RejectReason.MALFORMED,
                "price must be a quoted decimal string such as \"10.25\", not a JSON number"),
            Arguments.of("{" + order + ",\"qty\":2}", RejectReason.MALFORMED, "qty must be a quoted decimal string"),
            Arguments.of("{" + order + ",\"price\":\"1e3\",\"qty\":\"1\"}", RejectReason.MALFORMED,
                "price '1e3' is not a decimal number"),
            Arguments.of("{" + order + ",\"price\":\" 1\",\"qty\":\"1\"}", RejectReason.MALFORMED,
                "price ' 1' is not a decimal number"),
            Arguments.of("{" + order + ",\"price\":\"1.0000001\",\"qty\":\"1\"}", RejectReason.PRICE_OFF_TICK,
                "price '1.0000001' has more than 6 decimals"),
            Arguments.of("{" + order + ",\"qty\":\"0.1234567\"}", RejectReason.QTY_OFF_LOT,
                "qty '0.1234567' has more than 6 decimals"),
            Arguments.of("{" + order + ",\"price\":\"1000000000001\",\"qty\":\"1\"}", RejectReason.PRICE_OVERFLOW,
                "price '1000000000001' exceeds the largest accepted value"),
            Arguments.of("{" + order + ",\"qty\":\"99999999999999999999\"}", RejectReason.QTY_OVERFLOW,
                "qty '99999999999999999999' exceeds the largest accepted value"),
            Arguments.of("{" + order + ",\"qty\":\"1\",\"budget\":\"1.0000001\"}", RejectReason.BUDGET_OVERFLOW,
                "budget '1.0000001' has more than 6 decimals"),
            Arguments.of("{" + order + ",\"qty\":\"1\",\"budget\":500}", RejectReason.MALFORMED,
                "budget must be a quoted decimal string"),
            Arguments.of("{\"cmd\":\"list\",\"symbol\":\"S\",\"tick\":\"0.0000001\",\"lot\":\"1\"}",
                RejectReason.INVALID_TICK, "tick '0.0000001' has more than 6 decimals"),
            Arguments.of("{\"cmd\":\"list\",\"symbol\":\"S\",\"tick\":\"0.01\",\"lot\":\"1.00000001\"}",
                RejectReason.INVALID_LOT, "lot '1.00000001' has more than 6 decimals"),
            Arguments.of("{\"cmd\":\"list\",\"symbol\":\"S\",\"tick\":\"0.01\",\"lot\":\"x\"}",
                RejectReason.MALFORMED, "lot 'x' is not a decimal number"),
            Arguments.of("{\"cmd\":\"replace\",\"clOrdId\":\"c2\",\"origClOrdId\":\"c1\",\"account\":\"A\"," +
                "\"qty\":\"1.\"}", RejectReason.MALFORMED, "qty '1.' is not a decimal number"),
            Arguments.of("{" + bundle + ",\"legs\":[{\"symbol\":\"S\",\"side\":\"BUY\",\"price\":\"1.5\",\"qty\":1}]}",
                RejectReason.MALFORMED, "legs[0].qty must be a quoted decimal string"),
            // symbology, bundles
            Arguments.of("{\"cmd\":\"list\",\"symbol\":\"SPEC.cell\",\"tick\":\"0.01\",\"lot\":\"1\"}",
                RejectReason.MALFORMED_SYMBOL, "symbol 'SPEC.cell' has a lower-case letter at 5"),
            Arguments.of(bundleWithLegs(Command.MAX_LEGS + 1), RejectReason.BUNDLE_LEG_COUNT,
                "a bundle has at most 8 legs, got 9"),
            Arguments.of("{" + bundle + ",\"legs\":{}}", RejectReason.MALFORMED, "field 'legs' must be an array"),
            Arguments.of("{" + bundle + ",\"legs\":[\"S\"]}", RejectReason.MALFORMED,
                "legs[0] must be a JSON object"),
            Arguments.of("{" + bundle + ",\"legs\":[{\"symbol\":\"S\",\"symbol\":\"T\"}]}", RejectReason.MALFORMED,
                "duplicate field 'legs[0].symbol'"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("rejects")
    void shouldRejectWithSpecificReasonAndDetail(final String line, final RejectReason reason, final String detail)
    {
        read(line);

        assertThat(command.type()).isEqualTo(CommandType.INVALID);
        assertThat(command.invalidReason()).isEqualTo(reason);
        assertThat(command.detail().toString()).contains(detail);
    }

    @Test
    void shouldKeepClOrdIdAndAccountOnReject()
    {
        read("{\"cmd\":\"new\",\"clOrdId\":\"c1\",\"account\":\"A\",\"symbol\":\"S\",\"side\":\"BUY\"," +
            "\"price\":\"1.0000001\",\"qty\":\"1\"}");
        assertThat(command.type()).isEqualTo(CommandType.INVALID);
        assertThat(command.clOrdId()).hasToString("c1");
        assertThat(command.account()).hasToString("A");

        read("{\"account\":\"A\",\"clOrdId\":\"c1\",\"cmd\":\"nuke\"}");
        assertThat(command.invalidReason()).isEqualTo(RejectReason.UNKNOWN_COMMAND);
        assertThat(command.clOrdId()).hasToString("c1");
        assertThat(command.account()).hasToString("A");

        read("{\"clOrdId\":\"c1\",\"account\":\"A\",\"cmd\":\"new\",\"symbol\":\"S\",\"side\":\"BUY\",\"qty\":\"1\"");
        assertThat(command.invalidReason()).isEqualTo(RejectReason.MALFORMED);
        assertThat(command.clOrdId()).hasToString("c1");
        assertThat(command.account()).hasToString("A");

        read("{\"cmd\":\"bundle\",\"clOrdId\":\"b1\",\"account\":\"" + "y".repeat(40) + "\",\"legs\":[]}");
        assertThat(command.invalidReason()).isEqualTo(RejectReason.ID_TOO_LONG);
        assertThat(command.clOrdId()).hasToString("b1");
        assertThat(command.account().isEmpty()).isTrue();
    }

    @Test
    void shouldShortenLongValuesInDetailsSoTheReasonSurvives()
    {
        read("{\"cmd\":\"new\",\"clOrdId\":\"c1\",\"account\":\"A\",\"symbol\":\"S\",\"side\":\"" +
            "Q".repeat(500) + "\"}");

        assertThat(command.invalidReason()).isEqualTo(RejectReason.MALFORMED);
        assertThat(command.detail().toString()).startsWith("side 'QQQ").endsWith("...' is not BUY or SELL");
    }

    static String bundleWithLegs(final int count)
    {
        final StringBuilder line =
            new StringBuilder("{\"cmd\":\"bundle\",\"clOrdId\":\"b1\",\"account\":\"A\",\"legs\":[");
        for (int i = 0; i < count; i++)
        {
            line.append(i == 0 ? "" : ",")
                .append("{\"symbol\":\"S").append(i).append("\",\"side\":\"BUY\",\"price\":\"1\",\"qty\":\"1\"}");
        }
        return line.append("]}").toString();
    }
}
