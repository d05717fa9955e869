package io.resx.replay;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressMeterTest
{
    private final StringWriter err = new StringWriter();
    private long nowNs;

    @Test
    void shouldPrintNothingForAJobShorterThanTheFirstInterval()
    {
        try (ProgressMeter meter = meter(false, 100))
        {
            nowNs = ProgressMeter.PLAIN_INTERVAL_NS - 1;
            meter.at(100);
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldPrintAPlainLineEveryIntervalAndADoneLineWhenNotATerminal()
    {
        try (ProgressMeter meter = meter(false, 200))
        {
            for (int i = 1; i <= 200; i++)
            {
                nowNs += ProgressMeter.PLAIN_INTERVAL_NS / 50;
                meter.at(i);
            }
        }
        assertThat(err.toString().lines()).containsExactly(
            "resx replay: 50 of 200 commands in 5 s, about 15 s left (25 %)",
            "resx replay: 100 of 200 commands in 10 s, about 10 s left (50 %)",
            "resx replay: 150 of 200 commands in 15 s, about 5 s left (75 %)",
            "resx replay: 200 of 200 commands in 20 s (100 %)",
            "resx replay: done, 200 of 200 commands in 20 s (100 %)");
    }

    @Test
    void shouldRedrawOneBarInPlaceOnATerminal()
    {
        try (ProgressMeter meter = meter(true, 10))
        {
            nowNs = ProgressMeter.TERMINAL_INTERVAL_NS;
            meter.at(5);
        }
        final String shown = err.toString();
        assertThat(shown).startsWith("\rresx replay [###############...............]  50 % 5 of 10 commands")
            .endsWith(System.lineSeparator()).doesNotContain("\n\r");
        assertThat(shown.chars().filter(c -> c == '\r').count()).isEqualTo(2);
    }

    private ProgressMeter meter(final boolean terminal, final long total)
    {
        return new ProgressMeter("resx replay", "commands", total, new PrintWriter(err), terminal, () -> nowNs);
    }
}
