package io.resx.server.serve;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.resx.gateway.fix.FixSecrets;

/**
 * The log pattern's {@code %msg}: every line, whichever library logs it (QuickFIX/J's acceptor and codec log whole
 * messages), with FIX secrets masked as {@link FixSecrets} does. A safety net under the gateway's own masking.
 */
public final class SecretMaskingConverter extends MessageConverter
{
    @Override
    public String convert(final ILoggingEvent event)
    {
        return FixSecrets.mask(super.convert(event));
    }
}
