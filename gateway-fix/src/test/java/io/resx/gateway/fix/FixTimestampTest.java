package io.resx.gateway.fix;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's UTCTimestamp text against java.time's formatter, over every moment a long of nanoseconds holds (1970 to 2262). */
class FixTimestampTest
{
    private static final DateTimeFormatter REFERENCE =
        DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    @Property(tries = 2_000)
    void shouldWriteWhatDateTimeFormatterWrites(
        @ForAll @LongRange(min = 0, max = 9_223_372_036_853L) final long epochMs,
        @ForAll @LongRange(min = 0, max = 999_999) final long nanosInMilli)
    {
        final long epochNs = epochMs * 1_000_000L + nanosInMilli;
        assertThat(FixTimestamp.format(epochNs))
            .isEqualTo(REFERENCE.format(Instant.ofEpochSecond(0, 0).plusNanos(epochNs)));
    }
}
