package io.resx.engine.node;

import io.resx.engine.matching.ClOrdIdWindow;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.recovery.EngineFactory;
import io.resx.risk.ClearingRisk;

/**
 * The engine every ResX process builds — {@code serve}, {@code batch}, {@code replay}, the audits and the snapshot
 * replica alike: the matching engine behind the clearing risk stage. One definition, so that a journal written by
 * one is replayed by another to the same bytes.
 */
public final class StandardEngine
{
    /** Open orders the order pool and indexes are first sized for (they grow beyond). */
    public static final int EXPECTED_OPEN_ORDERS = 1 << 16;

    /**
     * The system property naming how long an accepted order's ClOrdID stays taken for its account (ISO-8601
     * duration, default {@code PT24H}; {@code PT0S}: only while the order is open). Part of the engine's
     * definition: every process that writes or replays a journal must run with the same value.
     */
    public static final String CL_ORD_ID_WINDOW_PROPERTY = "resx.engine.clOrdIdWindow";

    /** The ClOrdID window this process's engines use, nanoseconds. */
    public static final long CL_ORD_ID_WINDOW_NS = clOrdIdWindowNs(System.getProperty(CL_ORD_ID_WINDOW_PROPERTY));

    /**
     * The system property naming the most ClOrdIDs the window holds (default
     * {@link ClOrdIdWindow#DEFAULT_MAX_ENTRIES}, about 210 MB of heap per engine): recording one more drops the
     * oldest, however young. Part of the engine's definition, like the window's duration.
     */
    public static final String CL_ORD_ID_WINDOW_ENTRIES_PROPERTY = "resx.engine.clOrdIdWindowEntries";

    /** The most ClOrdIDs this process's engines hold. */
    public static final int CL_ORD_ID_WINDOW_ENTRIES =
        clOrdIdWindowEntries(System.getProperty(CL_ORD_ID_WINDOW_ENTRIES_PROPERTY));

    /** Builds the standard engine over an account registry. */
    public static final EngineFactory FACTORY = accounts ->
        new MatchingEngine(accounts, new ClearingRisk(accounts, EXPECTED_OPEN_ORDERS), EXPECTED_OPEN_ORDERS,
            CL_ORD_ID_WINDOW_NS, CL_ORD_ID_WINDOW_ENTRIES);

    /**
     * @param setting an ISO-8601 duration, or null for the default.
     * @return the window, nanoseconds.
     * @throws IllegalArgumentException when the setting is not a duration of zero or more.
     */
    static long clOrdIdWindowNs(final String setting)
    {
        if (setting == null || setting.isBlank())
        {
            return ClOrdIdWindow.DEFAULT_WINDOW_NS;
        }
        final java.time.Duration window = java.time.Duration.parse(setting.trim());
        if (window.isNegative())
        {
            throw new IllegalArgumentException(CL_ORD_ID_WINDOW_PROPERTY + " " + setting + " must not be negative");
        }
        return window.toNanos();
    }

    /**
     * @param setting a whole number of one or more, or null for the default.
     * @return the most entries.
     * @throws IllegalArgumentException when the setting is not a whole number of one or more.
     */
    static int clOrdIdWindowEntries(final String setting)
    {
        if (setting == null || setting.isBlank())
        {
            return ClOrdIdWindow.DEFAULT_MAX_ENTRIES;
        }
        final int entries;
        try
        {
            entries = Integer.parseInt(setting.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(CL_ORD_ID_WINDOW_ENTRIES_PROPERTY + " " + setting +
                " is not a whole number", ex);
        }
        if (entries < 1)
        {
            throw new IllegalArgumentException(CL_ORD_ID_WINDOW_ENTRIES_PROPERTY + " " + setting + " must be 1 or more");
        }
        return entries;
    }

    private StandardEngine()
    {
    }
}
