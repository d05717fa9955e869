package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import io.resx.protocol.FixedPoint;
import io.resx.risk.ClearingRisk;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.resx.engine.support.Commands.deposit;
import static io.resx.engine.support.Commands.limit;
import static io.resx.engine.support.Commands.list;
import static io.resx.engine.support.Commands.settlementRefused;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trade the chain refused for good (not a default: nothing of it moved on chain) comes back as SETTLEMENT_REFUSED
 * and is unwound: the ledger is as before the trade, a lease's slot goes back to its lessor.
 */
final class SettlementRefusedTest
{
    private static final String UNIT = "SPEC.3550-3560.CELL042";
    private static final String SLOT = UNIT + "@2031-06-15T13:00Z/PT1H";

    private final TestExchange x = TestExchange.standardWithRisk().at(Instant.parse("2031-06-15T12:00:00Z"));
    private final ClearingRisk risk = (ClearingRisk)x.engine().risk();

    private long total(final String account, final String asset)
    {
        return risk.total(x.engine().accounts().account(io.resx.protocol.text.AsciiKey.of(account)), risk.asset(asset));
    }

    @Test
    void shouldUnwindARefusedTradeInTheLedger()
    {
        x.given(deposit("A1", "CASH", "1000"), deposit("B1", "SYM", "10"),
            limit("B1", "s1", "SYM", SELL, "10.00", "2"), limit("A1", "b1", "SYM", BUY, "10.00", "2"));
        assertThat(total("A1", "SYM")).isEqualTo(FixedPoint.parse("2"));

        assertThat(x.send(settlementRefused("SYM", "A1", "B1", "10.00", "2")).get(0)).startsWith("ACCEPTED");

        assertThat(total("A1", "CASH")).isEqualTo(FixedPoint.parse("1000"));
        assertThat(total("A1", "SYM")).isZero();
        assertThat(total("B1", "CASH")).isZero();
        assertThat(total("B1", "SYM")).isEqualTo(FixedPoint.parse("10"));
    }

    @Test
    void shouldHandALeaseBackToItsLessorSoItCanLeaseTheSlotAgain()
    {
        x.given(list(UNIT, "0.01", "0.1"), list(SLOT, "0.01", "1"), deposit("A1", "CASH", "1000"),
            deposit("B1", UNIT, "1"), limit("B1", "s1", SLOT, SELL, "5.00", "1"), limit("A1", "b1", SLOT, BUY, "5.00", "1"));
        assertThat(x.send(limit("B1", "s2", SLOT, SELL, "5.00", "1")).get(0)).as("its one unit is leased out")
            .isEqualTo("REJECTED B1 s2 LEASE_UNIT_COMMITTED");

        assertThat(x.send(settlementRefused(SLOT, "A1", "B1", "5.00", "1")).get(0)).isEqualTo("ACCEPTED A1");
        assertThat(total("A1", SLOT)).isZero();
        assertThat(total("B1", SLOT)).isZero();
        assertThat(total("A1", "CASH")).isEqualTo(FixedPoint.parse("1000"));
        assertThat(x.send(limit("B1", "s3", SLOT, SELL, "5.00", "1")).get(0)).as("the slot is the lessor's again")
            .isEqualTo("ACCEPTED B1 s3");
    }

    @Test
    void shouldRefuseARefusalThatNamesNothingKnownOrComesFromAParticipant()
    {
        assertThat(x.send(settlementRefused("SYM", "A1", "Z9", "10.00", "2")).get(0)).endsWith("UNKNOWN_ACCOUNT");
        assertThat(x.send(settlementRefused("NOPE", "A1", "B1", "10.00", "2")).get(0)).endsWith("UNKNOWN_ASSET");
        assertThat(x.send(settlementRefused("SYM", "A1", "B1", "10.00", "0")).get(0)).endsWith("QTY_NOT_POSITIVE");
        assertThat(x.send(settlementRefused("SYM", "A1", "B1", "10.00", "2").admin(false)).get(0))
            .endsWith("NOT_ADMIN");
    }
}
