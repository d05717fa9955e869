package io.resx.engine.recovery;

import io.resx.engine.matching.MatchingEngine;
import io.resx.risk.AccountRegistry;

/** Builds a new, empty engine over a registry: how recovery and replay make engines the way the server does. */
@FunctionalInterface
public interface EngineFactory
{
    /**
     * @param accounts the accounts the engine will own (new, or restored from a snapshot).
     * @return a new engine that has processed nothing.
     */
    MatchingEngine create(AccountRegistry accounts);
}
