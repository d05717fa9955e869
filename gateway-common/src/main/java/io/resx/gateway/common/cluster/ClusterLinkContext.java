package io.resx.gateway.common.cluster;

/**
 * Settings of a gateway's link to the engine cluster (docs/CLUSTER.md, "Gateways").
 */
public final class ClusterLinkContext
{
    private String aeronDirectoryName;
    private String ingressEndpoints = "";
    private String ingressChannel = "aeron:udp?term-length=4m";
    private String egressChannel = "aeron:udp?endpoint=127.0.0.1:0|term-length=4m";
    private long messageTimeoutNs = 3_000_000_000L;
    private int gatewayId;
    private String credentials = "";
    private int requestBufferBytes = 4 * 1024 * 1024;
    private long eventsLagWaitNs = 1_000_000_000L;
    private long resendAfterNs = 1_000_000_000L;

    /** @return the gateway's media driver folder. */
    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    /**
     * @param dir the gateway's media driver folder.
     * @return this.
     */
    public ClusterLinkContext aeronDirectoryName(final String dir)
    {
        this.aeronDirectoryName = dir;
        return this;
    }

    /** @return the members' ingress endpoints, {@code 0=host:port,1=host:port,...}. */
    public String ingressEndpoints()
    {
        return ingressEndpoints;
    }

    /**
     * @param endpoints the members' ingress endpoints, {@code 0=host:port,1=host:port,...}.
     * @return this.
     */
    public ClusterLinkContext ingressEndpoints(final String endpoints)
    {
        this.ingressEndpoints = endpoints;
        return this;
    }

    /** @return the ingress channel (its endpoint is the leader's, set by the client). */
    public String ingressChannel()
    {
        return ingressChannel;
    }

    /**
     * @param channel the ingress channel.
     * @return this.
     */
    public ClusterLinkContext ingressChannel(final String channel)
    {
        this.ingressChannel = channel;
        return this;
    }

    /** @return where the members send this gateway's egress (an address they can reach; port 0: any). */
    public String egressChannel()
    {
        return egressChannel;
    }

    /**
     * @param channel where the members send this gateway's egress.
     * @return this.
     */
    public ClusterLinkContext egressChannel(final String channel)
    {
        this.egressChannel = channel;
        return this;
    }

    /** @return how long one connect attempt (or a wait for a new leader) lasts, in nanoseconds. */
    public long messageTimeoutNs()
    {
        return messageTimeoutNs;
    }

    /**
     * @param timeoutNs how long one connect attempt lasts, in nanoseconds.
     * @return this.
     */
    public ClusterLinkContext messageTimeoutNs(final long timeoutNs)
    {
        this.messageTimeoutNs = timeoutNs;
        return this;
    }

    /** @return the gateway's id on the engine's routes. */
    public int gatewayId()
    {
        return gatewayId;
    }

    /**
     * @param id the gateway's id on the engine's routes.
     * @return this.
     */
    public ClusterLinkContext gatewayId(final int id)
    {
        this.gatewayId = id;
        return this;
    }

    /** @return the credentials the session presents: empty for a gateway (the operator's secret: admin rights). */
    public String credentials()
    {
        return credentials;
    }

    /**
     * @param credentials what the session presents; empty for a gateway.
     * @return this.
     */
    public ClusterLinkContext credentials(final String credentials)
    {
        this.credentials = credentials == null ? "" : credentials;
        return this;
    }

    /** @return how long a gap of egress waits for the local member's events queue to hold it, in nanoseconds. */
    public long eventsLagWaitNs()
    {
        return eventsLagWaitNs;
    }

    /**
     * @param waitNs how long a gap waits for the local member's events queue (it may apply after the leader).
     * @return this.
     */
    public ClusterLinkContext eventsLagWaitNs(final long waitNs)
    {
        this.eventsLagWaitNs = waitNs;
        return this;
    }

    /** @return how long requests wait with no answer at all before they are resent anyway, in nanoseconds. */
    public long resendAfterNs()
    {
        return resendAfterNs;
    }

    /**
     * @param afterNs how long pending requests wait with no answer at all (an outcome the new leader offered
     *                before this client's egress was connected is not sent again) before they are resent.
     * @return this.
     */
    public ClusterLinkContext resendAfterNs(final long afterNs)
    {
        this.resendAfterNs = afterNs;
        return this;
    }

    /** @return bytes of the ring that carries requests from the gateway's threads to the link's thread. */
    public int requestBufferBytes()
    {
        return requestBufferBytes;
    }

    /**
     * @param bytes bytes of the request ring (a power of two).
     * @return this.
     */
    public ClusterLinkContext requestBufferBytes(final int bytes)
    {
        this.requestBufferBytes = bytes;
        return this;
    }
}
