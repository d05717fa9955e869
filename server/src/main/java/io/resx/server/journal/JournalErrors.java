package io.resx.server.journal;

import io.resx.replay.JournalException;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * How journal subcommands fail: one line naming the problem on stderr and a non-zero exit, never a bare stack
 * trace and never a partial answer. Exit 2 for bad arguments, 1 for a journal or snapshot that cannot be used
 * or an I/O failure.
 */
public final class JournalErrors
{
    /** Exit code for a problem with the journal, a snapshot, or I/O. */
    public static final int JOURNAL_PROBLEM = 1;
    /** Exit code for bad arguments. */
    public static final int BAD_ARGUMENTS = 2;

    private JournalErrors()
    {
    }

    /**
     * @param name the subcommand, e.g. {@code "resx replay"}.
     * @param err  where to print a failure.
     * @param work the subcommand's work, returning its exit code.
     * @return the exit code.
     */
    public static int run(final String name, final PrintWriter err, final Callable<Integer> work)
    {
        try
        {
            return work.call();
        }
        catch (final JournalException ex)
        {
            err.println(name + ": " + ex.getMessage());
            return JOURNAL_PROBLEM;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println(name + ": " + ex.getMessage());
            return BAD_ARGUMENTS;
        }
        catch (final UncheckedIOException ex)
        {
            err.println(name + ": " + ex.getMessage());
            return JOURNAL_PROBLEM;
        }
        catch (final Exception ex)
        {
            err.println(name + ": failed: " + ex);
            return JOURNAL_PROBLEM;
        }
        finally
        {
            err.flush();
        }
    }

    /**
     * @param options the journal options given.
     * @throws IllegalArgumentException when --journal is missing.
     */
    public static void requireJournal(final JournalOptions options)
    {
        if (options.directory() == null)
        {
            throw new IllegalArgumentException("--journal DIR is required");
        }
    }
}
