package io.resx.server.serve;

import io.resx.cluster.ClusterNode;
import io.resx.cluster.ClusterNodeContext;
import io.resx.cluster.ClusterNodeMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code resx serve --cluster}: this process runs one member of the engine's Aeron Cluster, its settings from the
 * {@code cluster.*} keys (docs/CLUSTER.md), until it is stopped. A member whose state diverges from the leader's
 * halts the process with exit code {@link ClusterNodeMain#DIVERGED_EXIT}.
 */
final class ServeCluster
{
    private static final Logger LOG = LoggerFactory.getLogger(ServeCluster.class);

    private ServeCluster()
    {
    }

    /**
     * @param config the settings.
     * @return the member's settings.
     */
    static ClusterNodeContext context(final ServeConfig config)
    {
        final int memberId = config.getInt("cluster.memberId");
        final String dir = config.get("cluster.dir");
        final Duration heartbeat = config.getDuration("cluster.heartbeatTimeout");
        final ClusterNodeContext context = new ClusterNodeContext()
            .memberId(memberId)
            .members(config.getList("cluster.members"))
            .directory(dir.isEmpty() ? Path.of(config.get("data.dir"), "cluster-" + memberId) : Path.of(dir))
            .tick(config.getDuration("cluster.tick"))
            .clockOffsetNs(config.getDuration("cluster.clockOffset").toNanos())
            .operatorSecret(config.get("cluster.operatorSecret"))
            .failureDetection(heartbeat, heartbeat.dividedBy(10), heartbeat.dividedBy(2));
        if (memberId < 0 || memberId >= context.members().size())
        {
            throw new IllegalArgumentException("cluster.memberId " + memberId + " is not a place in cluster.members " +
                context.members());
        }
        return context;
    }

    /**
     * Runs the member until the process is stopped.
     *
     * @param context the member's settings.
     * @return the exit code.
     * @throws InterruptedException when interrupted.
     */
    static int run(final ClusterNodeContext context) throws InterruptedException
    {
        final CountDownLatch stopped = new CountDownLatch(1);
        try (ClusterNode node = ClusterNode.launch(context, LOG::info, problem ->
        {
            LOG.error(problem);
            Runtime.getRuntime().halt(ClusterNodeMain.DIVERGED_EXIT);
        }))
        {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "resx-cluster-stop"));
            LOG.info("cluster member {} of {} started in {}", node.context().memberId(), context.members(),
                context.directory().toAbsolutePath());
            stopped.await();
        }
        return 0;
    }
}
