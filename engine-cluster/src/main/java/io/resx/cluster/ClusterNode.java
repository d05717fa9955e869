package io.resx.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.resx.engine.node.StandardEngine;
import io.resx.replay.JournalContext;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.NoOpLock;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.function.Consumer;

/**
 * One member of a ResX cluster: a media driver, the archive and the consensus module
 * ({@link ClusteredMediaDriver}), and the engine as a {@link ClusteredEngineService} in its service container.
 * Everything runs in shared-thread modes with back-off idle strategies that spin briefly and then park up to a
 * millisecond: a busy member answers at once, an idle one leaves the cores to its peers (three members on a
 * two-core machine in tests).
 */
public final class ClusterNode implements AutoCloseable
{
    /** Longest wait for a killed run's mark files to expire (Aeron's driver timeout is 10 s by default). */
    private static final long MARK_FILE_WAIT_NS = 30_000_000_000L;

    private final ClusterNodeContext context;
    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;
    private final ClusteredEngineService service;

    private ClusterNode(final ClusterNodeContext context, final ClusteredMediaDriver driver,
        final ClusteredServiceContainer container, final ClusteredEngineService service)
    {
        this.context = context;
        this.driver = driver;
        this.container = container;
        this.service = service;
    }

    /**
     * Starts a member.
     *
     * @param context      its settings.
     * @param notes        what a person should know, one line each.
     * @param onDivergence called when this member's state differs from the leader's; must stop the member.
     * @return the running member.
     */
    public static ClusterNode launch(
        final ClusterNodeContext context, final Consumer<String> notes, final Consumer<String> onDivergence)
    {
        final int id = context.memberId();
        final String host = context.host(id);
        final String aeronDir = context.aeronDirectory().toAbsolutePath().toString();
        final String terms = "term-length=" + context.termLength();

        // Aeron's components report errors to their error logs; a member also says them where a person looks.
        final ErrorHandler errors = failure ->
        {
            final java.io.StringWriter trace = new java.io.StringWriter();
            failure.printStackTrace(new java.io.PrintWriter(trace));
            notes.accept("error: " + trace);
        };
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .errorHandler(errors)
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle())
            .termBufferSparseFile(true)
            .publicationTermBufferLength(context.termLength())
            .ipcTermBufferLength(context.termLength())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);

        final String localControl = "aeron:ipc?" + terms;
        final Archive.Context archiveContext = new Archive.Context()
            .errorHandler(errors)
            .aeronDirectoryName(aeronDir)
            .archiveDir(context.directory().resolve("archive").toFile())
            .archiveId(id)
            .controlChannel("aeron:udp?endpoint=" + host + ":" + context.port(id, 4) + "|" + terms)
            .localControlChannel(localControl)
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .recordingEventsEnabled(false)
            .segmentFileLength(Math.max(context.termLength() * 4, 1 << 22))
            .idleStrategySupplier(ClusterNode::idle)
            .threadingMode(ArchiveThreadingMode.SHARED);

        final AeronArchive.Context localArchive = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(localControl)
            .controlRequestStreamId(archiveContext.localControlStreamId())
            .controlResponseChannel(localControl)
            .aeronDirectoryName(aeronDir);

        final String secret = context.operatorSecret();
        final ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .errorHandler(errors)
            .clusterMemberId(id)
            .clusterMembers(context.clusterMembers())
            .clusterDir(context.directory().resolve("cluster").toFile())
            .aeronDirectoryName(aeronDir)
            .archiveContext(localArchive.clone())
            .serviceCount(1)
            .ingressChannel("aeron:udp?" + terms)
            .logChannel("aeron:udp?" + terms)
            .snapshotChannel("aeron:ipc?alias=snapshot|" + terms)
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .clusterClock(new ExchangeClusterClock(context.clockOffsetNs()))
            .leaderHeartbeatTimeoutNs(context.heartbeatTimeout().toNanos())
            .leaderHeartbeatIntervalNs(context.heartbeatInterval().toNanos())
            .electionTimeoutNs(context.electionTimeout().toNanos())
            .startupCanvassTimeoutNs(context.startupCanvassTimeout().toNanos())
            .sessionTimeoutNs(context.sessionTimeout().toNanos())
            .idleStrategySupplier(ClusterNode::idle)
            .authenticatorSupplier(() -> new OperatorAuthenticator(secret))
            // Only the operator may ask for a snapshot through the admin API.
            .authorisationServiceSupplier(() -> (protocolId, actionId, type, principal) ->
                OperatorAuthenticator.isOperator(principal));

        final ClusteredMediaDriver driver = launchDriver(driverContext, archiveContext, consensusContext, notes);
        final ClusteredEngineService service = new ClusteredEngineService(
            context.audit() ? new JournalContext().directory(context.journalDirectory()) : null,
            StandardEngine.FACTORY, context.tick().toNanos(), context.digestFile(), notes, onDivergence);
        final ClusteredServiceContainer container;
        try
        {
            container = ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
                .errorHandler(errors)
                .aeronDirectoryName(aeronDir)
                .archiveContext(localArchive.clone())
                .clusterDir(context.directory().resolve("cluster").toFile())
                .clusteredService(service)
                .idleStrategySupplier(ClusterNode::idle)
                .serviceId(0));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
        return new ClusterNode(context, driver, container, service);
    }

    /**
     * Launches the driver, archive and consensus module. After a kill -9 their mark files look alive until the
     * driver timeout passes; a member restarted at once (a supervisor's restart) waits for that, up to a limit.
     */
    private static ClusteredMediaDriver launchDriver(
        final MediaDriver.Context driverContext, final Archive.Context archiveContext,
        final ConsensusModule.Context consensusContext, final Consumer<String> notes)
    {
        final long deadlineNs = System.nanoTime() + MARK_FILE_WAIT_NS;
        while (true)
        {
            try
            {
                return ClusteredMediaDriver.launch(driverContext.clone(), archiveContext.clone(),
                    consensusContext.clone());
            }
            catch (final IllegalStateException ex)
            {
                if (ex.getMessage() == null || !ex.getMessage().contains("active mark file") ||
                    System.nanoTime() - deadlineNs > 0)
                {
                    throw ex;
                }
                notes.accept("waiting for the mark file of the previous run to expire: " + ex.getMessage());
                try
                {
                    Thread.sleep(1_000);
                }
                catch (final InterruptedException interrupted)
                {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
            }
        }
    }

    /** @return how every agent of a member waits when it has no work: spin, yield, then park up to 1 ms. */
    static IdleStrategy idle()
    {
        return new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
    }

    /** @return the engine service (its role, applied sequence and digests). */
    public ClusteredEngineService service()
    {
        return service;
    }

    /** @return this member's role, as its engine service last heard it. */
    public Cluster.Role role()
    {
        return service.role();
    }

    /** @return this member's settings. */
    public ClusterNodeContext context()
    {
        return context;
    }

    /**
     * Asks this member's consensus module for a snapshot of every member (honoured when it leads).
     *
     * @return whether the request was placed.
     */
    public boolean requestSnapshot()
    {
        final AtomicCounter toggle = ClusterControl.findControlToggle(
            driver.mediaDriver().context().countersManager(), driver.consensusModule().context().clusterId());
        return toggle != null && ClusterControl.ToggleState.SNAPSHOT.toggle(toggle);
    }

    /** @return snapshots this member's consensus module has completed since it started. Any thread. */
    public long snapshotCount()
    {
        return driver.consensusModule().context().snapshotCounter().get();
    }

    /** Stops the service container, then the consensus module, archive and driver. */
    @Override
    public void close()
    {
        CloseHelper.closeAll(container, driver);
    }
}
