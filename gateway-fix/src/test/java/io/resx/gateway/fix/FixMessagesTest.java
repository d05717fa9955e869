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
        final Message report = FixMessages.orderRejected("E1", "c1", "A1", "SYM", '1', reason, "BOOK_HALTED");

        assertThat(report.getInt(FixMessages.ORD_REJ_REASON)).isEqualTo(2);
        assertThat(report.getString(58)).isEqualTo("BOOK_HALTED");
        assertThat(report.getChar(39)).isEqualTo('8');
        assertThat(FixMessages.cxlRejReason(RejectReason.BOOK_HALTED)).as("a replace on a halted book: other")
            .isEqualTo(99);
    }
}
