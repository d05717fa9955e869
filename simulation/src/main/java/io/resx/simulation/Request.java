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

    Request(final Agent agent, final int start, final int duration, final double value, final boolean vio)
    {
        this.agent = agent;
        this.start = start;
        this.duration = duration;
        this.value = value;
        this.vio = vio;
    }
}
