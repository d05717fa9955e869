package io.resx.engine.node;

/**
 * Who sent each command in flight, by sequence number: written by the engine agent (the pipeline's single
 * producer) just before it submits a command, read by the publisher when the outcome leaves. Sized to the
 * ring, so an entry is never overwritten before its outcome is published: the producer cannot get further
 * than the ring's size ahead of the publisher, and the ring's publish/read barriers order the accesses.
 */
public final class RouteTable
{
    private final int mask;
    private final int[] gatewayIds;
    private final int[] sessionIds;
    private final long[] correlationIds;

    /**
     * @param ringSize the pipeline's ring size, a power of two.
     */
    public RouteTable(final int ringSize)
    {
        mask = ringSize - 1;
        gatewayIds = new int[ringSize];
        sessionIds = new int[ringSize];
        correlationIds = new long[ringSize];
    }

    public void put(final long sequence, final int gatewayId, final int sessionId, final long correlationId)
    {
        final int index = (int)(sequence & mask);
        gatewayIds[index] = gatewayId;
        sessionIds[index] = sessionId;
        correlationIds[index] = correlationId;
    }

    public int gatewayId(final long sequence)
    {
        return gatewayIds[(int)(sequence & mask)];
    }

    public int sessionId(final long sequence)
    {
        return sessionIds[(int)(sequence & mask)];
    }

    public long correlationId(final long sequence)
    {
        return correlationIds[(int)(sequence & mask)];
    }
}
