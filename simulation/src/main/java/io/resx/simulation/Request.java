package io.resx.simulation;

/** A user's need: a channel in its cell for {@code duration} slots from {@code start}, worth {@code value} each. */
final class Request
{
    final Agent agent;
    final int start;
    final int duration;
    final double value;
    final boolean vio;
    int unit = -1;
    boolean viaLease;
    /** Under use-it-or-share-it: met by bids at the slots' clearings, so it may share a lease with another request. */
    boolean atClearing;

    Request(final Agent agent, final int start, final int duration, final double value, final boolean vio)
    {
        this.agent = agent;
        this.start = start;
        this.duration = duration;
        this.value = value;
        this.vio = vio;
    }
}
