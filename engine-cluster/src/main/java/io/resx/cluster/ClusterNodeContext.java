package io.resx.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run one member of a ResX cluster. Each member listens on five ports from its base port:
 * <pre>
 *   base + 0  ingress     (gateways' commands in; outcomes go out on the gateway's own egress endpoint)
 *   base + 1  consensus   (elections, append positions, commit positions between members)
 *   base + 2  log         (the replicated log, leader to followers)
 *   base + 3  catch-up    (a member that fell behind replays from the leader)
 *   base + 4  archive     (the members' archives: snapshots and log replication)
 * </pre>
 * Every member is given the same member list, in the same order; a member's id is its place in the list.
 */
public final class ClusterNodeContext
{
    /** Ports a member uses from its base port. */
    public static final int PORTS_PER_MEMBER = 5;

    private int memberId;
    private List<String> members = List.of();
    private Path directory;
    private Path aeronDirectory;
    private Duration tick = Duration.ofSeconds(1);
    private long clockOffsetNs;
    private String operatorSecret = "";
    private int termLength = 1 << 20;
    private Duration heartbeatTimeout = Duration.ofMillis(500);
    private Duration heartbeatInterval = Duration.ofMillis(50);
    private Duration electionTimeout = Duration.ofMillis(250);
    private Duration startupCanvassTimeout = Duration.ofSeconds(10);
    private Duration sessionTimeout = Duration.ofSeconds(5);
    private boolean audit = true;

    /** @return this member's id: its place in {@link #members()}, from 0. */
    public int memberId()
    {
        return memberId;
    }

    /**
     * @param memberId this member's place in the list.
     * @return this context.
     */
    public ClusterNodeContext memberId(final int memberId)
    {
        this.memberId = memberId;
        return this;
    }

    /** @return every member as {@code host:basePort}, in id order. */
    public List<String> members()
    {
        return members;
    }

    /**
     * @param members every member as {@code host:basePort}, in id order (3 for a cluster that survives one loss).
     * @return this context.
     */
    public ClusterNodeContext members(final List<String> members)
    {
        this.members = List.copyOf(members);
        return this;
    }

    /** @return the member's folder: {@code cluster/}, {@code archive/}, {@code journal/} (the audit queues). */
    public Path directory()
    {
        return directory;
    }

    /**
     * @param directory the member's folder.
     * @return this context.
     */
    public ClusterNodeContext directory(final Path directory)
    {
        this.directory = directory;
        return this;
    }

    /** @return the media driver's folder (default {@code aeron/} in the member's folder). */
    public Path aeronDirectory()
    {
        return aeronDirectory != null ? aeronDirectory : directory.resolve("aeron");
    }

    /**
     * @param aeronDirectory the media driver's folder; /dev/shm is fastest.
     * @return this context.
     */
    public ClusterNodeContext aeronDirectory(final Path aeronDirectory)
    {
        this.aeronDirectory = aeronDirectory;
        return this;
    }

    /** @return cluster time between TICKs (gate closures and expiries fall on the next one); zero for none. */
    public Duration tick()
    {
        return tick;
    }

    /**
     * @param tick cluster time between TICKs.
     * @return this context.
     */
    public ClusterNodeContext tick(final Duration tick)
    {
        this.tick = tick;
        return this;
    }

    /** @return nanoseconds added to the wall clock for the exchange's time (the same on every member). */
    public long clockOffsetNs()
    {
        return clockOffsetNs;
    }

    /**
     * @param clockOffsetNs added to the wall clock.
     * @return this context.
     */
    public ClusterNodeContext clockOffsetNs(final long clockOffsetNs)
    {
        this.clockOffsetNs = clockOffsetNs;
        return this;
    }

    /** @return what the operator's client presents to send admin commands; empty for none. */
    public String operatorSecret()
    {
        return operatorSecret;
    }

    /**
     * @param operatorSecret the operator's credentials.
     * @return this context.
     */
    public ClusterNodeContext operatorSecret(final String operatorSecret)
    {
        this.operatorSecret = Objects.requireNonNull(operatorSecret);
        return this;
    }

    /** @return term length of the log, snapshot and client channels: a power of two, 64 KiB to 1 GiB. */
    public int termLength()
    {
        return termLength;
    }

    /**
     * @param termLength term length of the cluster's channels.
     * @return this context.
     */
    public ClusterNodeContext termLength(final int termLength)
    {
        this.termLength = termLength;
        return this;
    }

    /** @return how long followers wait without a leader's heartbeat before they elect a new one. */
    public Duration heartbeatTimeout()
    {
        return heartbeatTimeout;
    }

    /** @return how often the leader sends a heartbeat when it has nothing else to say. */
    public Duration heartbeatInterval()
    {
        return heartbeatInterval;
    }

    /** @return how long a candidate waits for votes. */
    public Duration electionTimeout()
    {
        return electionTimeout;
    }

    /**
     * @param heartbeatTimeout  leader heartbeat timeout.
     * @param heartbeatInterval leader heartbeat interval (well under the timeout).
     * @param electionTimeout   election timeout.
     * @return this context.
     */
    public ClusterNodeContext failureDetection(
        final Duration heartbeatTimeout, final Duration heartbeatInterval, final Duration electionTimeout)
    {
        this.heartbeatTimeout = heartbeatTimeout;
        this.heartbeatInterval = heartbeatInterval;
        this.electionTimeout = electionTimeout;
        return this;
    }

    /** @return how long the members wait for each other at a cold start before electing without the missing. */
    public Duration startupCanvassTimeout()
    {
        return startupCanvassTimeout;
    }

    /**
     * @param startupCanvassTimeout wait for the other members at a cold start.
     * @return this context.
     */
    public ClusterNodeContext startupCanvassTimeout(final Duration startupCanvassTimeout)
    {
        this.startupCanvassTimeout = startupCanvassTimeout;
        return this;
    }

    /** @return how long a client may stay silent before the cluster closes its session. */
    public Duration sessionTimeout()
    {
        return sessionTimeout;
    }

    /**
     * @param sessionTimeout client session timeout.
     * @return this context.
     */
    public ClusterNodeContext sessionTimeout(final Duration sessionTimeout)
    {
        this.sessionTimeout = sessionTimeout;
        return this;
    }

    /** @return whether the member keeps the Chronicle {@code commands}/{@code events} audit queues. */
    public boolean audit()
    {
        return audit;
    }

    /**
     * @param audit keep the audit queues (a benchmark may not).
     * @return this context.
     */
    public ClusterNodeContext audit(final boolean audit)
    {
        this.audit = audit;
        return this;
    }

    /** @return the audit journal's folder. */
    public Path journalDirectory()
    {
        return directory.resolve("journal");
    }

    /** @return the file each snapshot's state digest is appended to. */
    public Path digestFile()
    {
        return directory.resolve("state-digests.txt");
    }

    /**
     * @param id a member's id.
     * @return its host.
     */
    public String host(final int id)
    {
        final String member = members.get(id);
        return member.substring(0, member.lastIndexOf(':'));
    }

    /**
     * @param id     a member's id.
     * @param offset which of its ports (0 ingress .. 4 archive).
     * @return the port.
     */
    public int port(final int id, final int offset)
    {
        final String member = members.get(id);
        return Integer.parseInt(member.substring(member.lastIndexOf(':') + 1)) + offset;
    }

    /** @return the member list as Aeron Cluster reads it: {@code id,ingress,consensus,log,catchup,archive|...}. */
    public String clusterMembers()
    {
        final StringBuilder out = new StringBuilder();
        for (int id = 0; id < members.size(); id++)
        {
            if (id > 0)
            {
                out.append('|');
            }
            out.append(id);
            for (int offset = 0; offset < PORTS_PER_MEMBER; offset++)
            {
                out.append(',').append(host(id)).append(':').append(port(id, offset));
            }
        }
        return out.toString();
    }

    /**
     * @param members every member as {@code host:basePort}.
     * @return what a cluster client is given: {@code 0=host:ingressPort,1=...}.
     */
    public static String ingressEndpoints(final List<String> members)
    {
        final StringBuilder out = new StringBuilder();
        for (int id = 0; id < members.size(); id++)
        {
            if (id > 0)
            {
                out.append(',');
            }
            out.append(id).append('=').append(members.get(id));
        }
        return out.toString();
    }
}
