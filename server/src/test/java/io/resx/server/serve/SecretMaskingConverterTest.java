package io.resx.server.serve;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskingConverterTest
{
    @Test
    void shouldMaskAPasswordInAnyLibrarysLine()
    {
        final LoggerContext context = new LoggerContext();
        final LoggingEvent event = new LoggingEvent("test", context.getLogger("quickfix.mina.acceptor"), Level.ERROR,
            "Disconnecting; received message for unknown session: {}", null,
            new Object[] {"8=FIX.4.4\u00019=70\u000135=A\u000149=X\u000196=raw-secret\u0001554=pw-secret\u000110=000\u0001"});

        final String line = new SecretMaskingConverter().convert(event);

        assertThat(line).startsWith("Disconnecting; received message for unknown session: 8=FIX.4.4")
            .doesNotContain("pw-secret").doesNotContain("raw-secret").contains("554=***").contains("96=***");
    }
}
