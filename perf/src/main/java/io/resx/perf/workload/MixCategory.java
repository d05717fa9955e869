package io.resx.perf.workload;

/** Why {@link MixGenerator} made a command: the rows of the mix table and of per-kind latency histograms. */
public enum MixCategory
{
    /** A resting limit order that builds a book at the start of the plan. */
    SEED,
    /** A GTC limit order that does not cross: at, behind or one tick inside the best price. */
    ADD_PASSIVE,
    /** A cancel of a random open order of the instrument. */
    CANCEL,
    /** An IOC limit order at or through the opposite best: takes liquidity, never rests. */
    TAKE_IOC,
    /** A GTC limit order through the opposite best: takes liquidity and rests any rest. */
    TAKE_GTC,
    /** A FOK limit order at the opposite best: fills in full or is cancelled. */
    TAKE_FOK,
    /** A replace of an open order: a new quantity, or a price one tick further from the spread. */
    REPLACE,
    /** A cancel that empties the books at the end of the plan, so the next pass starts where this one did. */
    TEARDOWN
}
