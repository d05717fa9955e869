package io.resx.gateway.fix;

import io.resx.protocol.event.RejectReason;
import org.junit.jupiter.api.Test;
import quickfix.FieldNotFound;
import quickfix.Message;

import static org.assertj.core.api.Assertions.assertThat;

class FixMessagesTest
{
    @Test
    void shouldRejectAnOrderOnAHaltedBookAsExchangeClosedNamingTheReason() throws FieldNotFound
    {
        final int reason = FixMessages.ordRejReason(RejectReason.BOOK_HALTED);
        final long stampNs = 1_796_119_200_123_456_789L; // 2026-12-01T10:00:00.123456789Z, the command's stamp
        final Message report = FixMessages.orderRejected("E1", "c1", "A1", "SYM", '1', reason, "BOOK_HALTED",
            stampNs);

        assertThat(report.getInt(FixMessages.ORD_REJ_REASON)).isEqualTo(2);
        assertThat(report.getString(58)).isEqualTo("BOOK_HALTED");
        assertThat(report.getChar(39)).isEqualTo('8');
        assertThat(report.getString(FixMessages.TRANSACT_TIME)).as("TransactTime: the stamp, not the gateway's now")
            .isEqualTo("20261201-10:00:00.123");
        assertThat(FixMessages.cxlRejReason(RejectReason.BOOK_HALTED)).as("a replace on a halted book: other")
            .isEqualTo(99);
    }
}
