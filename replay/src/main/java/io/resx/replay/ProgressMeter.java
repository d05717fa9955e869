package io.resx.replay;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How far a long job (a replay, an audit, a simulation) has got, on standard error so that what the job writes to
 * standard out stays byte for byte the same: on a terminal, a bar redrawn in place at most every
 * {@link #TERMINAL_INTERVAL_NS}; otherwise (a pipe, a log file, a CI job) a plain line every
 * {@link #PLAIN_INTERVAL_NS}. A job shorter than the first interval prints nothing at all.
 *
 * <p>Reads a clock of its own (never the exchange's): it reports on the tool, not on the market. Not thread safe: one
 * job's thread calls it.
 */
public final class ProgressMeter implements AutoCloseable
{
    /** Redraws of the terminal bar are at least this far apart. */
    public static final long TERMINAL_INTERVAL_NS = 200_000_000L;
    /** Plain progress lines are at least this far apart. */
    public static final long PLAIN_INTERVAL_NS = 5_000_000_000L;
    private static final int BAR_WIDTH = 30;

    private final String what;
    private final String unit;
    private final long total;
    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier clockNs;
    private final long startNs;
    private long nextNs;
    private long done;
    private boolean printed;

    ProgressMeter(final String what, final String unit, final long total, final PrintWriter err,
        final boolean terminal, final LongSupplier clockNs)
    {
        this.what = what;
        this.unit = unit;
        this.total = total;
        this.err = err;
        this.terminal = terminal;
        this.clockNs = clockNs;
        this.startNs = clockNs.getAsLong();
        this.nextNs = startNs + (terminal ? TERMINAL_INTERVAL_NS : PLAIN_INTERVAL_NS);
    }

    /**
     * @param what  the job, as the lines name it ("resx replay").
     * @param unit  what is counted, plural ("commands", "runs").
     * @param total how many there are, or 0 when not known.
     * @param err   standard error.
     * @return a meter that draws a bar when standard error is a terminal ({@link System#console()} is not null).
     */
    public static ProgressMeter start(final String what, final String unit, final long total, final PrintWriter err)
    {
        return new ProgressMeter(what, unit, total, err, System.console() != null, System::nanoTime);
    }

    /**
     * Records progress; prints only when the interval has passed, so it may be called for every record.
     *
     * @param doneSoFar how many are done.
     */
    public void at(final long doneSoFar)
    {
        done = doneSoFar;
        final long nowNs = clockNs.getAsLong();
        if (nowNs - nextNs >= 0)
        {
            nextNs = nowNs + (terminal ? TERMINAL_INTERVAL_NS : PLAIN_INTERVAL_NS);
            print(nowNs, false);
        }
    }

    /** Records one more done. */
    public void step()
    {
        at(done + 1);
    }

    /** Ends the bar with a last line, if anything was printed. */
    @Override
    public void close()
    {
        if (printed)
        {
            print(clockNs.getAsLong(), true);
        }
    }

    private void print(final long nowNs, final boolean last)
    {
        printed = true;
        final double seconds = (nowNs - startNs) / 1e9;
        final String count = total > 0 ? String.format(Locale.ROOT, "%,d of %,d %s", done, total, unit) :
            String.format(Locale.ROOT, "%,d %s", done, unit);
        final String eta = !last && total > 0 && done > 0 && done < total ?
            String.format(Locale.ROOT, ", about %s left", duration(seconds * (total - done) / done)) : "";
        final String tail = String.format(Locale.ROOT, "%s in %s%s", count, duration(seconds), eta);
        if (terminal)
        {
            err.print('\r' + what + " " + bar() + " " + tail + "\u001b[K" + (last ? System.lineSeparator() : ""));
        }
        else
        {
            err.println(what + ": " + (last ? "done, " : "") + tail +
                (total > 0 ? String.format(Locale.ROOT, " (%d %%)", percent()) : ""));
        }
        err.flush();
    }

    private String bar()
    {
        if (total <= 0)
        {
            return "[" + "=".repeat((int)(done % BAR_WIDTH)) + ">" + " ".repeat(BAR_WIDTH - 1 - (int)(done % BAR_WIDTH)) +
                "]";
        }
        final int filled = (int)Math.min(BAR_WIDTH, BAR_WIDTH * done / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " +
            String.format(Locale.ROOT, "%3d %%", percent());
    }

    private int percent()
    {
        return (int)Math.min(100, 100 * done / Math.max(1, total));
    }

    private static String duration(final double seconds)
    {
        final long s = Math.round(seconds);
        return s < 60 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }
}
