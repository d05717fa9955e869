package io.resx.protocol.ndjson;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.codec.CommandCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The risk commands and events of the batch format: what each line reads into and how each event prints. */
class NdjsonRiskCommandsTest
{
    private final NdjsonCommandReader reader = new NdjsonCommandReader(NdjsonCommandReaderTest.UPPER_CASE_SYMBOLS);
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
    void shouldReadDepositWithdrawAndSettlementFailed()
    {
        read("{\"cmd\":\"deposit\",\"account\":\"A\",\"asset\":\"CASH\",\"amount\":\"100.5\",\"admin\":true}");
        assertThat(command.type()).isEqualTo(CommandType.DEPOSIT);
        assertThat(command.account()).hasToString("A");
        assertThat(command.symbol()).hasToString("CASH");
        assertThat(command.amount()).isEqualTo(fp("100.5"));
        assertThat(command.admin()).isTrue();

        read("{\"cmd\":\"withdraw\",\"account\":\"A\",\"asset\":\"SPEC.3550-3560.CELL042\",\"amount\":\"0.3\"}");
        assertThat(command.type()).isEqualTo(CommandType.WITHDRAW);
        assertThat(command.admin()).isFalse();
        assertThat(command.amount()).isEqualTo(fp("0.3"));

        read("{\"cmd\":\"settlementFailed\",\"account\":\"A\",\"asset\":\"CASH\",\"shortfall\":\"7\",\"admin\":true}");
        assertThat(command.type()).isEqualTo(CommandType.SETTLEMENT_FAILED);
        assertThat(command.amount()).isEqualTo(fp("7"));
    }

    @Test
    void shouldReadASettlementRefusedAndTheTimesOfListAndTick()
    {
        read("{\"cmd\":\"settlementRefused\",\"admin\":true,\"tradeId\":42,\"symbol\":\"SPEC.3550-3560.CELL042\"," +
            "\"buyAccount\":\"B\",\"sellAccount\":\"S\",\"price\":\"5.5\",\"qty\":\"2\",\"reason\":\"BadSlot(1,2)\"}");
        assertThat(command.type()).isEqualTo(CommandType.SETTLEMENT_REFUSED);
        assertThat(command.amount()).isEqualTo(42);
        assertThat(command.account()).hasToString("B");
        assertThat(command.group()).hasToString("S");
        assertThat(command.price()).isEqualTo(fp("5.5"));
        assertThat(command.qty()).isEqualTo(fp("2"));
        assertThat(command.detail()).hasToString("BadSlot(1,2)");

        read("{\"cmd\":\"settlementRefused\",\"admin\":true,\"symbol\":\"X\",\"buyAccount\":\"B\"," +
            "\"sellAccount\":\"S\",\"price\":\"5.5\",\"qty\":\"2\"}");
        assertThat(command.type()).isEqualTo(CommandType.INVALID);
        assertThat(command.invalidReason()).isEqualTo(RejectReason.MISSING_FIELD);

        read("{\"cmd\":\"list\",\"symbol\":\"SPEC.3550-3560.CELL042\",\"tick\":\"0.01\",\"lot\":\"1\"," +
            "\"closes\":\"2031-06-15T12:30Z\"}");
        assertThat(command.atNs()).isEqualTo(java.time.Instant.parse("2031-06-15T12:30:00Z").getEpochSecond() * 1_000_000_000L);
        read("{\"cmd\":\"tick\",\"admin\":true,\"time\":\"2031-06-15T12:30:15.5+01:00\"}");
        assertThat(command.type()).isEqualTo(CommandType.TICK);
        assertThat(command.atNs()).isEqualTo(java.time.Instant.parse("2031-06-15T11:30:15.5Z").getEpochSecond() *
            1_000_000_000L + 500_000_000L);
        read("{\"cmd\":\"tick\",\"admin\":true,\"time\":\"tomorrow\"}");
        assertThat(command.invalidReason()).isEqualTo(RejectReason.INVALID_TIME);
    }

    @Test
    void shouldReadAShareRuleAndAUse()
    {
        read("{\"cmd\":\"shareRule\",\"admin\":true,\"symbol\":\"SPEC.3550-3560.CELL042\",\"floor\":\"5.00\"," +
            "\"share\":\"0.10\",\"account\":\"POOL\"}");
        assertThat(command.type()).isEqualTo(CommandType.SHARE_RULE);
        assertThat(command.enable()).isTrue();
        assertThat(command.price()).isEqualTo(fp("5"));
        assertThat(command.fraction()).isEqualTo(fp("0.1"));
        assertThat(command.account()).hasToString("POOL");

        read("{\"cmd\":\"shareRule\",\"admin\":true,\"symbol\":\"SPEC.3550-3560.CELL042\",\"on\":false}");
        assertThat(command.type()).as("lifting needs no floor").isEqualTo(CommandType.SHARE_RULE);
        assertThat(command.enable()).isFalse();
        assertThat(command.price()).isEqualTo(Command.ABSENT);

        read("{\"cmd\":\"shareRule\",\"admin\":true,\"symbol\":\"SPEC.3550-3560.CELL042\"}");
        assertThat(command.invalidReason()).as("setting needs a floor").isEqualTo(RejectReason.MISSING_FIELD);
        read("{\"cmd\":\"shareRule\",\"admin\":true,\"symbol\":\"S\",\"floor\":\"5\",\"share\":\"0.1234567\"}");
        assertThat(command.invalidReason()).isEqualTo(RejectReason.INVALID_SHARE);

        read("{\"cmd\":\"use\",\"account\":\"A1\",\"symbol\":\"SPEC.3550-3560.CELL042@2026-12-01T10:00Z/PT1H\"," +
            "\"qty\":\"2\"}");
        assertThat(command.type()).isEqualTo(CommandType.USE);
        assertThat(command.admin()).isFalse();
        assertThat(command.account()).hasToString("A1");
        assertThat(command.qty()).isEqualTo(fp("2"));
        read("{\"cmd\":\"use\",\"account\":\"A1\",\"symbol\":\"S\"}");
        assertThat(command.invalidReason()).isEqualTo(RejectReason.MISSING_FIELD);
    }

    @Test
    void shouldReadTheSettlementBridgesBatchSettledAndSettlementCut()
    {
        read("{\"cmd\":\"batchSettled\",\"batchId\":1234,\"txHash\":\"0xabc\",\"admin\":true}");
        assertThat(command.type()).isEqualTo(CommandType.BATCH_SETTLED);
        assertThat(command.amount()).isEqualTo(1234);
        assertThat(command.detail()).hasToString("0xabc");
        assertThat(command.admin()).isTrue();

        read("{\"cmd\":\"batchSettled\",\"batchId\":\"12\",\"admin\":true}");
        assertThat(command.type()).isEqualTo(CommandType.INVALID);
        assertThat(command.detail()).hasToString("field 'batchId' must be a positive whole JSON number");
        read("{\"cmd\":\"batchSettled\",\"admin\":true}");
        assertThat(command.invalidReason()).isEqualTo(RejectReason.MISSING_FIELD);

        read("{\"cmd\":\"settlementCut\",\"admin\":true}");
        assertThat(command.type()).isEqualTo(CommandType.SETTLEMENT_CUT);
    }

    @Test
    void shouldReadLimitsForAnAccountOrAnOwner()
    {
        read("{\"cmd\":\"limits\",\"account\":\"A\",\"creditLimit\":\"500\",\"collateralRatio\":\"0.5\"," +
            "\"maxOrderQty\":\"10\",\"maxOrderNotional\":\"2000\",\"admin\":true}");
        assertThat(command.type()).isEqualTo(CommandType.LIMITS);
        assertThat(command.creditLimit()).isEqualTo(fp("500"));
        assertThat(command.collateralRatio()).isEqualTo(fp("0.5"));
        assertThat(command.maxOrderQty()).isEqualTo(fp("10"));
        assertThat(command.maxOrderNotional()).isEqualTo(fp("2000"));

        read("{\"cmd\":\"limits\",\"owner\":\"O\",\"creditLimit\":\"1\",\"admin\":true}");
        assertThat(command.owner()).hasToString("O");
        assertThat(command.account().isEmpty()).isTrue();
        assertThat(command.collateralRatio()).isEqualTo(Command.ABSENT);

        read("{\"cmd\":\"limits\",\"creditLimit\":\"1\"}");
        assertThat(command.type()).isEqualTo(CommandType.INVALID);
        assertThat(command.invalidReason()).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(command.detail()).hasToString("missing field 'account' or 'owner'");

        read("{\"cmd\":\"limits\",\"account\":\"A\",\"creditLimit\":\"1.0000001\"}");
        assertThat(command.invalidReason()).isEqualTo(RejectReason.INVALID_LIMIT);
    }

    @Test
    void shouldReadKillGroupBandCapBalancesAndDefaultFund()
    {
        read("{\"cmd\":\"kill\",\"owner\":\"O\",\"admin\":true}");
        assertThat(command.type()).isEqualTo(CommandType.KILL);
        assertThat(command.enable()).isTrue();
        read("{\"cmd\":\"kill\",\"account\":\"A\",\"on\":false,\"admin\":true}");
        assertThat(command.enable()).isFalse();
        assertThat(command.account()).hasToString("A");

        read("{\"cmd\":\"group\",\"owner\":\"O\",\"group\":\"HOLDCO\",\"admin\":true}");
        assertThat(command.type()).isEqualTo(CommandType.GROUP);
        assertThat(command.group()).hasToString("HOLDCO");

        read("{\"cmd\":\"band\",\"symbol\":\"S\",\"band\":\"0.1\",\"price\":\"12.5\",\"admin\":true}");
        assertThat(command.type()).isEqualTo(CommandType.BAND);
        assertThat(command.fraction()).isEqualTo(fp("0.1"));
        assertThat(command.price()).isEqualTo(fp("12.5"));

        read("{\"cmd\":\"cap\",\"symbol\":\"S\",\"max\":\"0.4\",\"admin\":true}");
        assertThat(command.type()).isEqualTo(CommandType.CAP);
        assertThat(command.fraction()).isEqualTo(fp("0.4"));

        read("{\"cmd\":\"balances\",\"account\":\"A\"}");
        assertThat(command.type()).isEqualTo(CommandType.BALANCES);
        read("{\"cmd\":\"defaultFund\",\"account\":\"F\",\"admin\":true}");
        assertThat(command.type()).isEqualTo(CommandType.DEFAULT_FUND);
    }

    @Test
    void shouldCarryAHaltFromItsLineThroughTheCommandCodecAndPrintItsEvents() throws IOException
    {
        read("{\"cmd\":\"halt\",\"admin\":true,\"symbol\":\"S\",\"halted\":true}");
        assertThat(command.type()).isEqualTo(CommandType.HALT);
        assertThat(command.admin()).isTrue();
        assertThat(command.enable()).isTrue();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_ENCODED_LENGTH]);
        final CommandCodec codec = new CommandCodec();
        command.stamp(7, 0);
        codec.encode(command, buffer, 0);
        final Command decoded = codec.decode(buffer, 0, buffer.capacity(), new Command());
        assertThat(decoded.type()).isEqualTo(CommandType.HALT);
        assertThat(decoded.symbol()).hasToString("S");
        assertThat(decoded.enable()).isTrue();
        assertThat(decoded.admin()).isTrue();

        read("{\"cmd\":\"halt\",\"symbol\":\"S\",\"halted\":false,\"admin\":true}");
        assertThat(command.enable()).isFalse();
        codec.encode(command, buffer, 0);
        assertThat(codec.decode(buffer, 0, buffer.capacity(), new Command()).enable()).isFalse();
        read("{\"cmd\":\"halt\",\"symbol\":\"S\",\"admin\":true}");
        assertThat(command.enable()).as("halted defaults to true").isTrue();
        read("{\"cmd\":\"halt\",\"symbol\":\"S\",\"halted\":\"yes\",\"admin\":true}");
        assertThat(command.type()).isEqualTo(CommandType.INVALID);
        assertThat(command.detail()).hasToString("field 'halted' must be true or false");
        read("{\"cmd\":\"halt\",\"admin\":true}");
        assertThat(command.detail()).hasToString("missing field 'symbol'");

        final Command cause = new Command().type(CommandType.HALT);
        cause.stamp(9, 0);
        final EngineEvent event = new EngineEvent();
        event.start(EventType.HALTED, cause).symbol().set("S");
        assertThat(write(event)).isEqualTo("{\"seq\":9,\"evt\":\"halted\",\"symbol\":\"S\"}\n");
        event.start(EventType.RESUMED, cause).symbol().set("S");
        assertThat(write(event)).isEqualTo("{\"seq\":9,\"evt\":\"resumed\",\"symbol\":\"S\"}\n");
        event.start(EventType.ACCEPTED, cause).symbol().set("S");
        assertThat(write(event)).isEqualTo("{\"seq\":9,\"evt\":\"accepted\",\"cmd\":\"halt\",\"symbol\":\"S\"}\n");
        final Command order = new Command().type(CommandType.NEW_ORDER);
        order.stamp(10, 0);
        event.start(EventType.REJECTED, order).reason(RejectReason.BOOK_HALTED);
        assertThat(write(event)).contains("\"reason\":\"BOOK_HALTED\"");
    }

    @Test
    void shouldReadAMarketOrdersProtectionPriceAndRefuseANonBooleanAdmin()
    {
        read("{\"cmd\":\"new\",\"clOrdId\":\"c\",\"account\":\"A\",\"symbol\":\"S\",\"side\":\"BUY\",\"type\":\"MARKET\"," +
            "\"qty\":\"2\",\"protection\":\"10.5\"}");
        assertThat(command.type()).isEqualTo(CommandType.NEW_ORDER);
        assertThat(command.protectionPrice()).isEqualTo(fp("10.5"));

        read("{\"cmd\":\"deposit\",\"account\":\"A\",\"asset\":\"CASH\",\"amount\":\"1\",\"admin\":\"yes\"}");
        assertThat(command.type()).isEqualTo(CommandType.INVALID);
        assertThat(command.detail()).hasToString("field 'admin' must be true or false");

        read("{\"cmd\":\"deposit\",\"account\":\"A\",\"asset\":\"CASH\"}");
        assertThat(command.detail()).hasToString("missing field 'amount'");
    }

    @Test
    void shouldWriteTheRiskEvents() throws IOException
    {
        final Command cause = new Command().type(CommandType.SETTLEMENT_FAILED);
        cause.stamp(9, 0);
        final EngineEvent event = new EngineEvent();

        event.start(EventType.BALANCE, cause).amounts(fp("12.5"), fp("2"), 0).decimals(0, 6);
        event.account().set("A");
        event.symbol().set("CASH");
        assertThat(write(event)).isEqualTo("{\"seq\":9,\"evt\":\"balance\",\"account\":\"A\",\"asset\":\"CASH\"," +
            "\"total\":\"12.500000\",\"locked\":\"2.000000\"}\n");

        event.start(EventType.DEFAULT, cause).amounts(fp("3"), 0, 0).decimals(0, 6);
        event.account().set("A");
        event.symbol().set("CASH");
        assertThat(write(event)).isEqualTo(
            "{\"seq\":9,\"evt\":\"default\",\"account\":\"A\",\"asset\":\"CASH\",\"shortfall\":\"3.000000\"}\n");

        event.start(EventType.SUSPENDED, cause).account().set("A");
        assertThat(write(event)).isEqualTo("{\"seq\":9,\"evt\":\"suspended\",\"account\":\"A\"}\n");

        event.start(EventType.DEFAULT_FUND_APPLIED, cause).amounts(fp("1"), 0, fp("0.5")).decimals(0, 6);
        event.account().set("F");
        event.symbol().set("CASH");
        assertThat(write(event)).isEqualTo("{\"seq\":9,\"evt\":\"defaultFundApplied\",\"account\":\"F\"," +
            "\"asset\":\"CASH\",\"amount\":\"1.000000\",\"remaining\":\"0.500000\"}\n");

        event.start(EventType.LEASE_REVOKED, cause).priceQty(0, fp("2")).decimals(2, 0);
        event.buyAccount().set("L");
        event.sellAccount().set("R");
        event.symbol().set("S@1");
        assertThat(write(event)).isEqualTo(
            "{\"seq\":9,\"evt\":\"leaseRevoked\",\"lessee\":\"L\",\"lessor\":\"R\",\"symbol\":\"S@1\",\"qty\":\"2\"}\n");
    }

    private static String write(final EngineEvent event) throws IOException
    {
        final StringWriter out = new StringWriter();
        try (NdjsonEventWriter writer = new NdjsonEventWriter(out))
        {
            writer.write(event);
        }
        return out.toString();
    }
}
