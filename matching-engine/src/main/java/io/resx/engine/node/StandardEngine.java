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

    /** Builds the standard engine over an account registry. */
    public static final EngineFactory FACTORY = accounts ->
        new MatchingEngine(accounts, new ClearingRisk(accounts, EXPECTED_OPEN_ORDERS), EXPECTED_OPEN_ORDERS,
            CL_ORD_ID_WINDOW_NS);

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

    private StandardEngine()
    {
    }
}
