package io.resx.protocol.instrument;

import static io.resx.protocol.instrument.SymbolFormatException.Problem.BAD_CODE;
import static io.resx.protocol.instrument.SymbolFormatException.Problem.BAD_FREQUENCY;
import static io.resx.protocol.instrument.SymbolFormatException.Problem.BAD_SLOT_DURATION;
import static io.resx.protocol.instrument.SymbolFormatException.Problem.BAD_SLOT_START;
import static io.resx.protocol.instrument.SymbolFormatException.Problem.CHANNEL_ORDER;
import static io.resx.protocol.instrument.SymbolFormatException.Problem.DURATION_NOT_POSITIVE;
import static io.resx.protocol.instrument.SymbolFormatException.Problem.EMPTY;
import static io.resx.protocol.instrument.SymbolFormatException.Problem.ILLEGAL_CHARACTER;
import static io.resx.protocol.instrument.SymbolFormatException.Problem.MALFORMED;
import static io.resx.protocol.instrument.SymbolFormatException.Problem.MISSING_DELIVERY_INTERVAL;
import static io.resx.protocol.instrument.SymbolFormatException.Problem.NOT_CANONICAL;
import static io.resx.protocol.instrument.SymbolFormatException.Problem.SLOT_MISALIGNED;
import static io.resx.protocol.instrument.SymbolFormatException.Problem.TOO_LONG;
import static io.resx.protocol.instrument.SymbolFormatException.Problem.UNKNOWN_DOMAIN;
import static io.resx.protocol.instrument.SymbolFormatException.Problem.UNKNOWN_UNIT;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The grammar of {@link InstrumentSymbol}, in one place. It accepts canonical text only, so that one resource
 * has exactly one symbol and one order book: a value written another way is a {@code NOT_CANONICAL} error that
 * names the canonical form, not a silent rewrite. Validation runs left to right, so the first wrong part is the
 * one reported.
 */
final class SymbolParser
{
    static final int MAX_CODE_LENGTH = 24;
    static final long KHZ_PER_MHZ = 1000;
    static final long FREQUENCY_GRID_KHZ = 100;
    static final long MAX_FREQUENCY_KHZ = 999_999_900L;
    static final long MINUTES_PER_DAY = 24 * 60;
    static final long MAX_SLOT_MINUTES = 366 * MINUTES_PER_DAY;
    static final String ENERGY_UNIT = "KWH";

    private static final int START_LENGTH = "yyyy-MM-ddTHH:mmZ".length();
    private static final String START_PATTERN = "dddd-dd-ddTdd:ddZ";
    private static final int MAX_DURATION_DIGITS = 9;

    private SymbolParser()
    {
    }

    static InstrumentSymbol parse(final CharSequence input)
    {
        final int length = input.length();
        if (0 == length)
        {
            throw new SymbolFormatException(EMPTY, null, "empty symbol");
        }
        if (length > InstrumentSymbol.MAX_LENGTH)
        {
            throw new SymbolFormatException(TOO_LONG, null, "symbol of " + length +
                " characters is longer than the " + InstrumentSymbol.MAX_LENGTH + " accepted");
        }
        for (int i = 0; i < length; i++)
        {
            final char c = input.charAt(i);
            if (!isSymbolChar(c))
            {
                throw new SymbolFormatException(ILLEGAL_CHARACTER, printable(input), "character " +
                    describe(c) + " at index " + i + " is not allowed (symbols use A-Z, 0-9 and . - @ / :)");
            }
        }

        final String text = input.toString();
        final int at = text.indexOf('@');
        final String base = at < 0 ? text : text.substring(0, at);
        final int dot = base.indexOf('.');
        final String prefix = dot < 0 ? base : base.substring(0, dot);
        final Domain domain = Domain.fromPrefix(prefix);
        if (null == domain)
        {
            throw new SymbolFormatException(UNKNOWN_DOMAIN, text,
                "unknown domain prefix '" + prefix + "' (expected SPEC, COMP or ENRG)");
        }
        if (dot < 0)
        {
            throw malformed(text, domain);
        }
        final String body = base.substring(dot + 1);

        long lowKhz = 0;
        long highKhz = 0;
        String first = null;
        String second = null;
        switch (domain)
        {
            case SPECTRUM:
            {
                final int lastDot = body.lastIndexOf('.');
                final int dash = body.indexOf('-');
                if (lastDot < 0 || dash < 0 || dash > lastDot)
                {
                    throw malformed(text, domain);
                }
                lowKhz = parseFrequency(text, "channel low", body.substring(0, dash));
                highKhz = parseFrequency(text, "channel high", body.substring(dash + 1, lastDot));
                if (lowKhz >= highKhz)
                {
                    throw new SymbolFormatException(CHANNEL_ORDER, text, "channel low " + formatMhz(lowKhz) +
                        " MHz is not below high " + formatMhz(highKhz) + " MHz");
                }
                first = checkCode(text, "location", body.substring(lastDot + 1));
                break;
            }

            case COMPUTE:
            {
                final int split = body.indexOf('.');
                if (split < 0 || body.indexOf('.', split + 1) >= 0)
                {
                    throw malformed(text, domain);
                }
                first = checkCode(text, "compute class", body.substring(0, split));
                second = checkCode(text, "region", body.substring(split + 1));
                break;
            }

            default:
            {
                final int split = body.indexOf('.');
                if (split < 0 || body.indexOf('.', split + 1) >= 0)
                {
                    throw malformed(text, domain);
                }
                final String unit = body.substring(0, split);
                if (!ENERGY_UNIT.equals(unit))
                {
                    throw new SymbolFormatException(UNKNOWN_UNIT, text,
                        "unknown energy unit '" + unit + "' (expected " + ENERGY_UNIT + ")");
                }
                first = checkCode(text, "node", body.substring(split + 1));
                if (at < 0)
                {
                    throw new SymbolFormatException(MISSING_DELIVERY_INTERVAL, text,
                        "energy needs a delivery interval '@start/duration'");
                }
                break;
            }
        }

        Instant slotStart = null;
        Duration slotDuration = null;
        if (at >= 0)
        {
            final String slot = text.substring(at + 1);
            final String role = domain.isLeasable() ? "slot" : "delivery interval";
            final int slash = slot.indexOf('/');
            if (slash < 0)
            {
                throw new SymbolFormatException(MALFORMED, text,
                    role + " '" + slot + "' must be '<start>/<duration>' such as 2026-12-01T10:00Z/PT1H");
            }
            slotStart = parseStart(text, role, slot.substring(0, slash));
            final long minutes = parseDurationMinutes(text, role, slot.substring(slash + 1));
            checkAligned(text, role, slotStart, minutes);
            slotDuration = Duration.ofMinutes(minutes);
        }

        return new InstrumentSymbol(text, domain, lowKhz, highKhz, first, second, slotStart, slotDuration);
    }

    /**
     * Checks a location, compute class, region or node: 1 to {@link #MAX_CODE_LENGTH} of {@code A-Z 0-9},
     * in words joined by single hyphens.
     */
    static String checkCode(final String symbol, final String role, final String code)
    {
        final int length = code.length();
        if (0 == length)
        {
            throw new SymbolFormatException(BAD_CODE, symbol, role + " is empty");
        }
        if (length > MAX_CODE_LENGTH)
        {
            throw new SymbolFormatException(BAD_CODE, symbol, role + " '" + printable(code) +
                "' is longer than " + MAX_CODE_LENGTH + " characters");
        }
        for (int i = 0; i < length; i++)
        {
            final char c = code.charAt(i);
            if (!isUpperAlnum(c) && c != '-')
            {
                throw new SymbolFormatException(BAD_CODE, symbol, role + " '" + printable(code) +
                    "' may hold only A-Z, 0-9 and '-'");
            }
        }
        if (code.charAt(0) == '-' || code.charAt(length - 1) == '-' || code.contains("--"))
        {
            throw new SymbolFormatException(BAD_CODE, symbol, role + " '" + code +
                "' must not start or end with '-' or hold '--'");
        }
        return code;
    }

    /** Checks a channel edge given in kHz: positive, at most {@link #MAX_FREQUENCY_KHZ}, on the 100 kHz grid. */
    static void checkFrequencyKhz(final String role, final long khz)
    {
        if (khz <= 0 || khz > MAX_FREQUENCY_KHZ || khz % FREQUENCY_GRID_KHZ != 0)
        {
            throw new SymbolFormatException(BAD_FREQUENCY, null, role + " " + khz +
                " kHz is not a positive multiple of 100 kHz up to " + MAX_FREQUENCY_KHZ + " kHz");
        }
    }

    static String formatMhz(final long khz)
    {
        final long whole = khz / KHZ_PER_MHZ;
        final long tenths = (khz % KHZ_PER_MHZ) / FREQUENCY_GRID_KHZ;
        return 0 == tenths ? Long.toString(whole) : whole + "." + tenths;
    }

    static String formatStart(final Instant start)
    {
        final LocalDateTime t = LocalDateTime.ofEpochSecond(start.getEpochSecond(), 0, ZoneOffset.UTC);
        final StringBuilder out = new StringBuilder(START_LENGTH);
        pad(out, t.getYear(), 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append('T');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append('Z');
        return out.toString();
    }

    static String formatDuration(final long minutes)
    {
        if (minutes % MINUTES_PER_DAY == 0)
        {
            return "P" + minutes / MINUTES_PER_DAY + "D";
        }
        if (minutes % 60 == 0)
        {
            return "PT" + minutes / 60 + "H";
        }
        return "PT" + minutes + "M";
    }

    private static long parseFrequency(final String symbol, final String role, final String text)
    {
        final int length = text.length();
        long whole = 0;
        int wholeDigits = 0;
        int i = 0;
        while (i < length && isDigit(text.charAt(i)))
        {
            whole = Math.min(whole * 10 + (text.charAt(i) - '0'), MAX_FREQUENCY_KHZ); // capped: no overflow
            wholeDigits++;
            i++;
        }
        long tenths = 0;
        boolean finerThanTenths = false;
        if (i < length && text.charAt(i) == '.')
        {
            i++;
            final int fractionStart = i;
            while (i < length && isDigit(text.charAt(i)))
            {
                if (i == fractionStart)
                {
                    tenths = text.charAt(i) - '0';
                }
                else if (text.charAt(i) != '0')
                {
                    finerThanTenths = true;
                }
                i++;
            }
            if (i == fractionStart)
            {
                wholeDigits = 0; // "3550." is not a number
            }
        }
        if (i != length || 0 == wholeDigits)
        {
            throw new SymbolFormatException(BAD_FREQUENCY, symbol,
                role + " '" + text + "' is not a frequency in MHz such as 3550 or 3550.5");
        }
        if (finerThanTenths)
        {
            throw new SymbolFormatException(BAD_FREQUENCY, symbol,
                role + " '" + text + "' has more than one decimal (channel edges are on a 100 kHz grid)");
        }
        final long khz = whole * KHZ_PER_MHZ + tenths * FREQUENCY_GRID_KHZ;
        if (khz > MAX_FREQUENCY_KHZ)
        {
            throw new SymbolFormatException(BAD_FREQUENCY, symbol,
                role + " '" + text + "' is above " + formatMhz(MAX_FREQUENCY_KHZ) + " MHz");
        }
        if (0 == khz)
        {
            throw new SymbolFormatException(BAD_FREQUENCY, symbol, role + " must be above 0 MHz");
        }
        final String canonical = formatMhz(khz);
        if (!canonical.equals(text))
        {
            throw new SymbolFormatException(NOT_CANONICAL, symbol,
                role + " '" + text + "' is not canonical; write '" + canonical + "'");
        }
        return khz;
    }

    private static Instant parseStart(final String symbol, final String role, final String text)
    {
        boolean shaped = text.length() == START_LENGTH;
        for (int i = 0; shaped && i < START_LENGTH; i++)
        {
            final char expected = START_PATTERN.charAt(i);
            final char c = text.charAt(i);
            shaped = 'd' == expected ? isDigit(c) : expected == c;
        }
        if (!shaped)
        {
            throw new SymbolFormatException(BAD_SLOT_START, symbol,
                "bad " + role + " start '" + text + "' (expected yyyy-MM-ddTHH:mmZ in UTC)");
        }
        try
        {
            return LocalDateTime.of(
                digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2), digits(text, 11, 2), digits(text, 14, 2))
                .toInstant(ZoneOffset.UTC);
        }
        catch (final DateTimeException ex)
        {
            throw new SymbolFormatException(BAD_SLOT_START, symbol,
                "bad " + role + " start '" + text + "' (" + ex.getMessage() + ")");
        }
    }

    private static long parseDurationMinutes(final String symbol, final String role, final String text)
    {
        final int length = text.length();
        final boolean timePart = length > 1 && text.charAt(0) == 'P' && text.charAt(1) == 'T';
        int i = timePart ? 2 : 1;
        final int digitsStart = i;
        long value = 0;
        while (i < length && isDigit(text.charAt(i)) && i - digitsStart < MAX_DURATION_DIGITS)
        {
            value = value * 10 + (text.charAt(i) - '0');
            i++;
        }
        final long unitMinutes = i == length - 1 && i > digitsStart && text.charAt(0) == 'P' ?
            unitMinutes(text.charAt(i), timePart) : 0;
        if (0 == unitMinutes)
        {
            throw new SymbolFormatException(BAD_SLOT_DURATION, symbol, role + " duration '" + text +
                "' is not P<n>D, PT<n>H or PT<n>M");
        }
        if (0 == value)
        {
            throw new SymbolFormatException(DURATION_NOT_POSITIVE, symbol, role + " duration must be positive");
        }
        final long minutes = value * unitMinutes; // at most 10^9 days in minutes: no overflow
        if (minutes > MAX_SLOT_MINUTES)
        {
            throw new SymbolFormatException(BAD_SLOT_DURATION, symbol, role + " duration '" + text +
                "' is longer than " + formatDuration(MAX_SLOT_MINUTES));
        }
        final String canonical = formatDuration(minutes);
        if (!canonical.equals(text))
        {
            throw new SymbolFormatException(NOT_CANONICAL, symbol, role + " duration '" + text +
                "' is not canonical; write '" + canonical + "'");
        }
        if (minutes < MINUTES_PER_DAY ? MINUTES_PER_DAY % minutes != 0 : minutes % MINUTES_PER_DAY != 0)
        {
            throw new SymbolFormatException(BAD_SLOT_DURATION, symbol, role + " duration '" + text +
                "' neither divides a day nor is whole days");
        }
        return minutes;
    }

    private static void checkAligned(final String symbol, final String role, final Instant start, final long minutes)
    {
        final long startMinute = start.getEpochSecond() / 60;
        final long grid = Math.min(minutes, MINUTES_PER_DAY); // a divisor of a day, or a day for longer slots
        if (Math.floorMod(startMinute, grid) != 0)
        {
            throw new SymbolFormatException(SLOT_MISALIGNED, symbol, role + " start " + formatStart(start) +
                " is not aligned to " + formatDuration(minutes) + " (it must be a whole number of " +
                formatDuration(grid) + " after 00:00Z)");
        }
    }

    private static SymbolFormatException malformed(final String symbol, final Domain domain)
    {
        final String shape;
        switch (domain)
        {
            case SPECTRUM:
                shape = "SPEC.<lowMHz>-<highMHz>.<LOCATION>[@<start>/<duration>]";
                break;
            case COMPUTE:
                shape = "COMP.<CLASS>.<REGION>[@<start>/<duration>]";
                break;
            default:
                shape = "ENRG.KWH.<NODE>@<start>/<duration>";
                break;
        }
        return new SymbolFormatException(MALFORMED, symbol, "expected " + shape);
    }

    private static long unitMinutes(final char unit, final boolean timePart)
    {
        if (timePart)
        {
            return 'H' == unit ? 60 : 'M' == unit ? 1 : 0;
        }
        return 'D' == unit ? MINUTES_PER_DAY : 0;
    }

    private static int digits(final String text, final int offset, final int count)
    {
        int value = 0;
        for (int i = offset; i < offset + count; i++)
        {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private static StringBuilder pad(final StringBuilder out, final int value, final int width)
    {
        final String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++)
        {
            out.append('0');
        }
        return out.append(digits);
    }

    private static boolean isSymbolChar(final char c)
    {
        return isUpperAlnum(c) || c == '.' || c == '-' || c == '@' || c == '/' || c == ':';
    }

    private static boolean isUpperAlnum(final char c)
    {
        return (c >= 'A' && c <= 'Z') || isDigit(c);
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }

    private static String describe(final char c)
    {
        return c > ' ' && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int)c);
    }

    /** The text with anything outside printable ASCII shown as '?', so that messages stay printable ASCII. */
    private static String printable(final CharSequence text)
    {
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            out.append(c >= ' ' && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
