package io.resx.gateway.fix;

import io.resx.gateway.common.EventsQueue;
import io.resx.gateway.common.IdleStrategyKind;
import io.resx.gateway.common.ParticipantDirectory;
import io.resx.gateway.common.cluster.ClusterLinkContext;

/**
 * Configuration of a {@link FixGateway}. Every setting has a default that works on one machine with the engine
 * in the same process; {@code resx serve} and {@code resx gateway} fill it from their configuration.
 */
public final class FixGatewayContext
{
    private int gatewayId = 1;
    private String aeronDirectoryName;
    private String engineChannel = "aeron:ipc";
    private int engineStreamId = 1001;
    private String eventsChannel = "aeron:ipc";
    private int eventsStreamId = 1002;
    private String host = "127.0.0.1";
    private int port = 9878;
    private String acceptorCompId = "RESX";
    private String storeDirectory = "data/fix-store";
    private EventsQueue events;
    private ClusterLinkContext cluster;
    private boolean messageLog;
    private String messageLogDirectory = "data/fix-log";
    private int maxMarketDepth = 50;
    private ParticipantDirectory participants;
    private int preLogonMaxBytes = 4096;
    private int maxMessageBytes = 65536;
    private long logonTimeoutMs = 5000;
    private int maxConnectionsPerAddress = 32;
    private int maxQueuedMessages = 10_000;
    private IdleStrategyKind idle = IdleStrategyKind.BACKOFF;

    /** @return this gateway's id, unique among the gateways of one engine (1..). */
    public int gatewayId()
    {
        return gatewayId;
    }

    /**
     * @param gatewayId this gateway's id, unique among the gateways of one engine.
     * @return this context.
     */
    public FixGatewayContext gatewayId(final int gatewayId)
    {
        if (gatewayId <= 0)
        {
            throw new IllegalArgumentException("gateway id must be positive: " + gatewayId);
        }
        this.gatewayId = gatewayId;
        return this;
    }

    /** @return the Aeron directory of the media driver to use. */
    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    /**
     * @param aeronDirectoryName the Aeron directory of the media driver to use.
     * @return this context.
     */
    public FixGatewayContext aeronDirectoryName(final String aeronDirectoryName)
    {
        this.aeronDirectoryName = aeronDirectoryName;
        return this;
    }

    /** @return channel the gateway publishes commands on. */
    public String engineChannel()
    {
        return engineChannel;
    }

    /**
     * @param engineChannel channel the gateway publishes commands on.
     * @return this context.
     */
    public FixGatewayContext engineChannel(final String engineChannel)
    {
        this.engineChannel = engineChannel;
        return this;
    }

    /** @return stream id of commands. */
    public int engineStreamId()
    {
        return engineStreamId;
    }

    /**
     * @param engineStreamId stream id of commands.
     * @return this context.
     */
    public FixGatewayContext engineStreamId(final int engineStreamId)
    {
        this.engineStreamId = engineStreamId;
        return this;
    }

    /** @return channel the gateway reads outcomes from. */
    public String eventsChannel()
    {
        return eventsChannel;
    }

    /**
     * @param eventsChannel channel the gateway reads outcomes from.
     * @return this context.
     */
    public FixGatewayContext eventsChannel(final String eventsChannel)
    {
        this.eventsChannel = eventsChannel;
        return this;
    }

    /** @return stream id of outcomes. */
    public int eventsStreamId()
    {
        return eventsStreamId;
    }

    /**
     * @param eventsStreamId stream id of outcomes.
     * @return this context.
     */
    public FixGatewayContext eventsStreamId(final int eventsStreamId)
    {
        this.eventsStreamId = eventsStreamId;
        return this;
    }

    /** @return address the FIX acceptor listens on. */
    public String host()
    {
        return host;
    }

    /**
     * @param host address the FIX acceptor listens on.
     * @return this context.
     */
    public FixGatewayContext host(final String host)
    {
        this.host = host;
        return this;
    }

    /** @return TCP port of the FIX acceptor. */
    public int port()
    {
        return port;
    }

    /**
     * @param port TCP port of the FIX acceptor.
     * @return this context.
     */
    public FixGatewayContext port(final int port)
    {
        this.port = port;
        return this;
    }

    /** @return the exchange's CompID (SenderCompID of what it sends). */
    public String acceptorCompId()
    {
        return acceptorCompId;
    }

    /**
     * @param acceptorCompId the exchange's CompID.
     * @return this context.
     */
    public FixGatewayContext acceptorCompId(final String acceptorCompId)
    {
        this.acceptorCompId = acceptorCompId;
        return this;
    }

    /** @return where file-stored sessions keep messages and sequence numbers. */
    public String storeDirectory()
    {
        return storeDirectory;
    }

    /**
     * @param storeDirectory where file-stored sessions keep messages and sequence numbers.
     * @return this context.
     */
    public FixGatewayContext storeDirectory(final String storeDirectory)
    {
        this.storeDirectory = storeDirectory;
        return this;
    }

    /** @return the engine's {@code events} queue, read at start and after a gap in the live stream; or null. */
    public EventsQueue events()
    {
        return events;
    }

    /**
     * @param events the engine's {@code events} queue, on this machine; null
     *               for none (a gateway elsewhere: no order state from before its start, gaps are skipped).
     * @return this context.
     */
    public FixGatewayContext events(final EventsQueue events)
    {
        this.events = events;
        return this;
    }

    /** @return the engine cluster's settings when the gateway is a cluster client, else null (the single node). */
    public ClusterLinkContext cluster()
    {
        return cluster;
    }

    /**
     * @param cluster the engine cluster to be a client of (the engine/events channels are then unused); null for
     *                the single node's Aeron streams.
     * @return this context.
     */
    public FixGatewayContext cluster(final ClusterLinkContext cluster)
    {
        this.cluster = cluster;
        return this;
    }

    /** @return whether every FIX message is written to a log file (passwords masked). */
    public boolean messageLog()
    {
        return messageLog;
    }

    /**
     * @param messageLog whether every FIX message is written to a log file.
     * @return this context.
     */
    public FixGatewayContext messageLog(final boolean messageLog)
    {
        this.messageLog = messageLog;
        return this;
    }

    /** @return folder of the message logs. */
    public String messageLogDirectory()
    {
        return messageLogDirectory;
    }

    /**
     * @param messageLogDirectory folder of the message logs.
     * @return this context.
     */
    public FixGatewayContext messageLogDirectory(final String messageLogDirectory)
    {
        this.messageLogDirectory = messageLogDirectory;
        return this;
    }

    /** @return most book levels per side in market data. */
    public int maxMarketDepth()
    {
        return maxMarketDepth;
    }

    /**
     * @param maxMarketDepth most book levels per side in market data.
     * @return this context.
     */
    public FixGatewayContext maxMarketDepth(final int maxMarketDepth)
    {
        this.maxMarketDepth = maxMarketDepth;
        return this;
    }

    /** @return who may connect. */
    public ParticipantDirectory participants()
    {
        return participants;
    }

    /**
     * @param participants who may connect.
     * @return this context.
     */
    public FixGatewayContext participants(final ParticipantDirectory participants)
    {
        this.participants = participants;
        return this;
    }

    /** @return most bytes a connection may send before a Logon for a known session is decoded. */
    public int preLogonMaxBytes()
    {
        return preLogonMaxBytes;
    }

    /**
     * @param preLogonMaxBytes most bytes a connection may send before a Logon for a known session is decoded;
     *                         more and it is closed.
     * @return this context.
     */
    public FixGatewayContext preLogonMaxBytes(final int preLogonMaxBytes)
    {
        this.preLogonMaxBytes = positive(preLogonMaxBytes, "preLogonMaxBytes");
        return this;
    }

    /** @return most bytes a session may have buffered without a complete message. */
    public int maxMessageBytes()
    {
        return maxMessageBytes;
    }

    /**
     * @param maxMessageBytes most bytes a session may have buffered without a complete message (whatever its
     *                        BodyLength says); more and it is closed.
     * @return this context.
     */
    public FixGatewayContext maxMessageBytes(final int maxMessageBytes)
    {
        this.maxMessageBytes = positive(maxMessageBytes, "maxMessageBytes");
        return this;
    }

    /** @return how long a connection may stay open without being logged on, in milliseconds. */
    public long logonTimeoutMs()
    {
        return logonTimeoutMs;
    }

    /**
     * @param logonTimeoutMs how long a connection may stay open without being logged on; then it is closed.
     * @return this context.
     */
    public FixGatewayContext logonTimeoutMs(final long logonTimeoutMs)
    {
        if (logonTimeoutMs <= 0)
        {
            throw new IllegalArgumentException("logonTimeoutMs must be positive: " + logonTimeoutMs);
        }
        this.logonTimeoutMs = logonTimeoutMs;
        return this;
    }

    /** @return messages queued for one session before it is disconnected as a slow consumer. */
    public int maxQueuedMessages()
    {
        return maxQueuedMessages;
    }

    /**
     * @param maxQueuedMessages messages written to one session and not yet taken by its socket (QuickFIX/J's MINA
     *                          write queue); at this many more the session is a slow consumer and is disconnected.
     * @return this context.
     */
    public FixGatewayContext maxQueuedMessages(final int maxQueuedMessages)
    {
        this.maxQueuedMessages = positive(maxQueuedMessages, "maxQueuedMessages");
        return this;
    }

    /** @return most connections open at once from one source address. */
    public int maxConnectionsPerAddress()
    {
        return maxConnectionsPerAddress;
    }

    /**
     * @param maxConnectionsPerAddress most connections open at once from one source address; a further one is
     *                                 closed as it is accepted.
     * @return this context.
     */
    public FixGatewayContext maxConnectionsPerAddress(final int maxConnectionsPerAddress)
    {
        this.maxConnectionsPerAddress = positive(maxConnectionsPerAddress, "maxConnectionsPerAddress");
        return this;
    }

    private static int positive(final int value, final String name)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    /** @return how the gateway's outcome agent waits when idle. */
    public IdleStrategyKind idle()
    {
        return idle;
    }

    /**
     * @param idle how the gateway's outcome agent waits when idle ({@code fix.idle}; back-off by default).
     * @return this context.
     */
    public FixGatewayContext idle(final IdleStrategyKind idle)
    {
        this.idle = java.util.Objects.requireNonNull(idle, "idle");
        return this;
    }
}
