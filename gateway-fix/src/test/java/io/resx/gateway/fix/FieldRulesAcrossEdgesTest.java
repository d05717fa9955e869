package io.resx.gateway.fix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import quickfix.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One set of field rules at both edges: the same new order, sent as FIX (FixToCommand, on gateway-common's
 * FieldRules) and as the HTTP API's JSON (NdjsonCommandReader, which the API reads order entry with), is either
 * accepted by both with the same values or rejected by both with the same reason.
 */
class FieldRulesAcrossEdgesTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<String> decimals()
    {
        return Arbitraries.oneOf(
            Arbitraries.of("1", "0.5", "100.123456", "0", "-1", "9223372036854", "99999999999999999999", "1.0000001",
                "1e3", "abc", " 1", "1.", ".5", "+1", "12345678901234.5"),
            Arbitraries.bigDecimals().between(java.math.BigDecimal.ZERO, new java.math.BigDecimal("1000000"))
                .ofScale(7).map(java.math.BigDecimal::toPlainString),
            Arbitraries.strings().withChars("0123456789.-").ofMinLength(1).ofMaxLength(25));
    }

    @Provide
    Arbitrary<String> ids()
    {
        return Arbitraries.oneOf(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(40),
            Arbitraries.of("C-1", "caf\u00e9", "tab\tid", "x".repeat(Command.MAX_SYMBOL_LENGTH + 1)));
    }

    @Property(tries = 500)
    void shouldAcceptOrRejectANewOrderAlikeAtBothEdges(
        @ForAll("ids") final String clOrdId, @ForAll("ids") final String account, @ForAll("decimals") final String price,
        @ForAll("decimals") final String qty)
    {
        final Message fix = new quickfix.fix44.NewOrderSingle();
        fix.setString(11, clOrdId);
        fix.setString(1, account);
        fix.setString(55, "SPEC.3550-3560.CELL041");
        fix.setChar(54, '1');
        fix.setChar(40, '2');
        fix.setString(44, price);
        fix.setString(38, qty);
        final Command viaFix = FixToCommand.newOrder(fix, new Command());

        final ObjectNode json = JSON.createObjectNode().put("cmd", "new").put("clOrdId", clOrdId)
            .put("account", account).put("symbol", "SPEC.3550-3560.CELL041").put("side", "BUY").put("price", price)
            .put("qty", qty);
        final Command viaJson = new NdjsonCommandReader(InstrumentSymbol::parse).read(json.toString(), new Command());

        assertThat(viaFix.type()).as("FIX %s, JSON %s", viaFix.detail(), viaJson.detail()).isEqualTo(viaJson.type());
        if (viaFix.type() == CommandType.INVALID)
        {
            assertThat(viaFix.invalidReason()).as("FIX %s, JSON %s", viaFix.detail(), viaJson.detail())
                .isEqualTo(viaJson.invalidReason());
        }
        else
        {
            assertThat(viaFix.price()).isEqualTo(viaJson.price());
            assertThat(viaFix.qty()).isEqualTo(viaJson.qty());
            assertThat(viaFix.clOrdId()).isEqualTo(viaJson.clOrdId());
            assertThat(viaFix.account()).isEqualTo(viaJson.account());
        }
    }
}
