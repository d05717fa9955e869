package io.resx.gateway.fix;

import java.time.LocalDate;

/**
 * UTCTimestamp text with milliseconds ({@code yyyyMMdd-HH:mm:ss.SSS}) of a moment in nanoseconds since the epoch:
 * what the gateway writes as TransactTime (60). Digits are written by arithmetic, the date taken from
 * {@link LocalDate#ofEpochDay}: QuickFIX/J's own converter goes through a {@code DateTimeFormatter}, which cost a
 * tenth of the gateway thread at 10 k reports/s (docs/PERFORMANCE.md, session 6). Stateless, so any thread may
 * call it.
 */
final class FixTimestamp
{
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private FixTimestamp()
    {
    }

    /**
     * @param epochNs a moment, nanoseconds since 1970-01-01T00:00Z (from 1970 to 2262, all a long holds).
     * @return its UTCTimestamp, milliseconds, truncated.
     */
    static String format(final long epochNs)
    {
        final long epochMs = Math.floorDiv(epochNs, NANOS_PER_MILLI);
        final LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochMs, MILLIS_PER_DAY));
        final int msOfDay = (int)Math.floorMod(epochMs, MILLIS_PER_DAY);
        final char[] text = new char[21];
        digits(text, 0, date.getYear(), 4);
        digits(text, 4, date.getMonthValue(), 2);
        digits(text, 6, date.getDayOfMonth(), 2);
        text[8] = '-';
        digits(text, 9, msOfDay / 3_600_000, 2);
        text[11] = ':';
        digits(text, 12, msOfDay / 60_000 % 60, 2);
        text[14] = ':';
        digits(text, 15, msOfDay / 1_000 % 60, 2);
        text[17] = '.';
        digits(text, 18, msOfDay % 1_000, 3);
        return new String(text);
    }

    private static void digits(final char[] text, final int at, final int value, final int width)
    {
        int rest = value;
        for (int i = at + width - 1; i >= at; i--)
        {
            text[i] = (char)('0' + rest % 10);
            rest /= 10;
        }
    }
}
