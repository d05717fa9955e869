package io.resx.engine.node;

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

    /** Builds the standard engine over an account registry. */
    public static final EngineFactory FACTORY = accounts ->
        new MatchingEngine(accounts, new ClearingRisk(accounts, EXPECTED_OPEN_ORDERS), EXPECTED_OPEN_ORDERS);

    private StandardEngine()
    {
    }
}
