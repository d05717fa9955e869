package io.resx.protocol.codec;

import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.CancelReason;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Codecs and journals carry enums as ordinals, so the enums are append-only: these lists pin the order of
 * every value written so far. Add new values at the end of an enum and of its list here; never reorder.
 */
class CodecOrdinalsTest
{
    @Test
    void shouldKeepTheOrdinalsOfEveryEncodedEnum()
    {
        assertOrder(CommandType.values(), "LIST", "ACCOUNT", "OWNER", "NEW_ORDER", "CANCEL", "REPLACE", "BUNDLE",
            "BOOK", "INVALID", "DEPOSIT", "WITHDRAW", "LIMITS", "BALANCES", "SETTLEMENT_FAILED", "KILL", "GROUP", "BAND", "CAP",
            "DEFAULT_FUND", "BATCH_SETTLED", "SETTLEMENT_CUT", "HALT", "TICK",
            "SETTLEMENT_REFUSED", "SHARE_RULE", "USE");
        assertOrder(Side.values(), "BUY", "SELL");
        assertOrder(OrderType.values(), "LIMIT", "MARKET");
        assertOrder(TimeInForce.values(), "GTC", "IOC", "FOK");
        assertOrder(StpPolicy.values(), "CANCEL_AGGRESSOR", "CANCEL_RESTING", "OFF");
        assertOrder(EventType.values(), "ACCEPTED", "REJECTED", "TRADE", "CANCELLED", "REPLACED", "BOOK", "BALANCE", "DEFAULT",
            "SUSPENDED", "COLLATERAL_APPLIED", "DEFAULT_FUND_APPLIED", "LEASE_REVOKED", "HALTED", "RESUMED", "CLOSED", "EXPIRED");
        assertOrder(CancelReason.values(), "USER", "IOC", "FOK", "MARKET", "STP", "REPLACED_TO_FILLED",
            "KILL_SWITCH", "DEFAULT", "EXPIRED");
        assertOrder(RejectReason.values(), "MALFORMED", "MISSING_FIELD", "UNKNOWN_COMMAND", "ID_TOO_LONG",
            "MALFORMED_SYMBOL", "UNKNOWN_SYMBOL", "DUPLICATE_SYMBOL", "INVALID_TICK", "INVALID_LOT", "UNKNOWN_ACCOUNT",
            "DUPLICATE_ACCOUNT", "UNKNOWN_OWNER", "PRICE_REQUIRED", "PRICE_NOT_ALLOWED", "PRICE_NOT_POSITIVE",
            "PRICE_OFF_TICK", "PRICE_OVERFLOW", "QTY_REQUIRED", "QTY_NOT_POSITIVE", "QTY_OFF_LOT", "QTY_OVERFLOW",
            "DUPLICATE_CLORDID", "UNKNOWN_ORDER", "POST_ONLY_WOULD_CROSS", "POST_ONLY_NOT_RESTING", "BUNDLE_LEG_COUNT",
            "BUNDLE_DUPLICATE_INSTRUMENT", "BUNDLE_LEG_UNFILLABLE", "INVALID_DEPTH", "BUDGET_NOT_ALLOWED",
            "BUDGET_NOT_POSITIVE", "BUDGET_OVERFLOW", "NOT_ADMIN", "UNKNOWN_ASSET",
            "INVALID_AMOUNT", "BALANCE_OVERFLOW", "INSUFFICIENT_CASH", "INSUFFICIENT_UNITS", "INSUFFICIENT_COLLATERAL",
            "CREDIT_LIMIT_EXCEEDED", "OWNER_CREDIT_LIMIT_EXCEEDED", "PROTECTION_REQUIRED", "NOTIONAL_OVERFLOW",
            "ORDER_QTY_LIMIT", "ORDER_NOTIONAL_LIMIT", "PRICE_OUTSIDE_BAND", "CONCENTRATION_CAP", "LEASE_UNIT_NOT_OWNED",
            "LEASE_UNIT_COMMITTED", "UNITS_LEASED_OUT", "KILL_SWITCH_ACTIVE", "ACCOUNT_SUSPENDED", "INVALID_LIMIT", "BOOK_HALTED",
            "INSTRUMENT_CLOSED", "INSTRUMENT_EXPIRED", "INVALID_TIME", "USE_AFTER_GATE_CLOSURE", "USE_NOT_LEASE_SLOT",
            "FLOOR_BELOW_TICK", "FLOOR_OFF_TICK", "RULE_NOT_SPECTRUM", "INVALID_SHARE");
    }

    private static void assertOrder(final Enum<?>[] values, final String... names)
    {
        assertThat(Arrays.stream(values).map(Enum::name).toArray(String[]::new))
            .as(values[0].getDeclaringClass().getSimpleName() + " is append-only")
            .startsWith(names);
    }
}
