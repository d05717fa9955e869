package io.resx.gateway.common;

/**
 * Where an outcome handed to a gateway came from. A gateway answers requests and sends reports for {@link #LIVE}
 * and {@link #CATCH_UP} outcomes (the client has not heard of them), and only rebuilds its state from
 * {@link #REBUILD} ones (they happened before this gateway started and were reported then).
 */
public enum OutcomeSource
{
    /** From the engine's Aeron outcome stream, with its route. */
    LIVE,
    /**
     * From the {@code events} queue, filling a gap in the live stream (the publisher skipped this gateway under
     * back-pressure, or it connected late). The route is not journaled: {@link OutcomeAdapter#UNKNOWN_GATEWAY}.
     */
    CATCH_UP,
    /** From the {@code events} queue at start, before the live stream: history. No route either. */
    REBUILD
}
