package io.resx.server.serve;

import io.aeron.driver.MediaDriver;
import io.resx.gateway.common.EventsQueue;
import io.resx.gateway.common.cluster.ClusterLink;
import io.resx.gateway.common.cluster.ClusterLinkContext;
import io.resx.gateway.fix.FixGateway;
import io.resx.server.http.HealthRegistry;
import io.resx.server.http.HttpEngine;
import io.resx.server.http.HttpServer;
import io.resx.server.http.SettlementBatches;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalRoll;
import io.resx.gateway.common.ParticipantDirectory;
import org.agrona.CloseHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code resx gateway}: a FIX gateway in its own process, with its own embedded media driver, fronting the
 * engine of a {@code resx serve} over Aeron UDP on loopback. Several may run at once with distinct ids and ports.
 * With {@code --cluster} it fronts the engine cluster instead: the FIX gateway and the HTTP API in this process,
 * each an Aeron Cluster client of its own (docs/CLUSTER.md, "Gateways"), apart from the members, so that losing a
 * member loses no FIX session.
 */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = "Runs a FIX 4.4 gateway as its own process, talking to a `resx serve` engine over Aeron UDP; " +
        "with --cluster, the FIX gateway and the HTTP API as clients of the engine cluster.")
public final class GatewayCommand implements Callable<Integer>
{
    private static final Logger LOG = LoggerFactory.getLogger(GatewayCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file overriding the defaults.")
    private Path configFile;

    @Option(names = "--engine", paramLabel = "CHANNEL",
        description = "Aeron channel the engine takes commands on (overrides gateway.engine), " +
            "e.g. aeron:udp?endpoint=127.0.0.1:40456")
    private String engineChannel;

    @Option(names = "--events", paramLabel = "CHANNEL",
        description = "Aeron channel to receive outcomes on (overrides gateway.events).")
    private String eventsChannel;

    @Option(names = "--journal", paramLabel = "DIR", description = "The engine's journal directory on this machine " +
        "(overrides gateway.journalDir): its events queue rebuilds the order state at start and fills gaps.")
    private Path journalDir;

    @Option(names = "--id", paramLabel = "N", description = "Gateway id, unique per engine (overrides " +
        "fix.gatewayId; default 2 so it never clashes with serve's own gateway).", defaultValue = "2")
    private int gatewayId;

    @Option(names = "--fix-port", paramLabel = "PORT", description = "FIX port (overrides fix.port; default 9879).",
        defaultValue = "9879")
    private int fixPort;

    @Option(names = "--cluster", paramLabel = "ENDPOINTS", description = "The engine cluster's ingress endpoints, " +
        "0=host:port,1=host:port,... (overrides gateway.cluster): FIX and HTTP gateways as cluster clients.")
    private String clusterEndpoints;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port in cluster mode (overrides " +
        "http.port).")
    private Integer httpPort;

    @Override
    public Integer call() throws Exception
    {
        final ServeConfig config;
        final ParticipantDirectory participants;
        try
        {
            config = ServeConfig.load(configFile);
            config.set("fix.port", Integer.toString(fixPort)).set("fix.gatewayId", Integer.toString(gatewayId));
            config.set("fix.storeDir", config.get("fix.storeDir") + "-gw" + gatewayId);
            if (engineChannel != null)
            {
                config.set("gateway.engine", engineChannel);
            }
            if (eventsChannel != null)
            {
                config.set("gateway.events", eventsChannel);
            }
            if (journalDir != null)
            {
                config.set("gateway.journalDir", journalDir.toString());
            }
            if (clusterEndpoints != null)
            {
                config.set("gateway.cluster", clusterEndpoints);
            }
            if (httpPort != null)
            {
                config.set("http.port", Integer.toString(httpPort));
            }
            participants = config.participants();
        }
        catch (final IllegalArgumentException | java.io.IOException ex)
        {
            spec.commandLine().getErr().println("resx gateway: " + ex.getMessage());
            return 2;
        }
        final String aeronDir = config.aeronDir("gateway-" + gatewayId);
        final MediaDriver driver = ServeNode.launchDriver(aeronDir, config.idleProfile().driver());
        if (!config.get("gateway.cluster").isEmpty())
        {
            return runClusterClient(config, participants, aeronDir, driver);
        }
        final FixGateway gateway = new FixGateway(config.gatewayContext(participants, aeronDir)
            .engineChannel(config.get("gateway.engine")).eventsChannel(config.get("gateway.events"))
            .events(events(config)));
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            LOG.info("shutting down: logging sessions out");
            try
            {
                CloseHelper.closeAll(gateway, driver);
            }
            finally
            {
                stopped.countDown();
            }
        }, "resx-shutdown"));
        gateway.start();
        LOG.info("resx gateway {} ready: FIX {}:{}; engine {}", gatewayId, config.get("fix.host"), fixPort,
            config.get("gateway.engine"));
        stopped.await();
        return 0;
    }

    private static EventsQueue events(final ServeConfig config)
    {
        return config.get("gateway.journalDir").isEmpty() ? null : EventsQueue.of(
            new JournalContext().directory(Path.of(config.get("gateway.journalDir")))
                .roll(JournalRoll.valueOf(config.get("journal.roll"))).events());
    }

    /**
     * @param config    the settings.
     * @param gatewayId the link's gateway id.
     * @param aeronDir  the process's media driver.
     * @return the settings of one gateway's link to the cluster.
     */
    static ClusterLinkContext clusterLink(final ServeConfig config, final int gatewayId, final String aeronDir)
    {
        return new ClusterLinkContext().gatewayId(gatewayId).aeronDirectoryName(aeronDir)
            .ingressEndpoints(config.get("gateway.cluster"))
            .egressChannel("aeron:udp?endpoint=" + config.get("gateway.cluster.egressHost") + ":0|term-length=4m")
            .messageTimeoutNs(config.getDuration("gateway.cluster.connectTimeout").toNanos())
            .eventsLagWaitNs(config.getDuration("gateway.cluster.eventsLagWait").toNanos());
    }

    private int runClusterClient(final ServeConfig config, final ParticipantDirectory participants,
        final String aeronDir, final MediaDriver driver) throws Exception
    {
        final EventsQueue events = events(config);
        final FixGateway fix = new FixGateway(config.gatewayContext(participants, aeronDir).events(events)
            .cluster(clusterLink(config, gatewayId, aeronDir)));
        final HttpServer[] http = new HttpServer[1];
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            LOG.info("shutting down: logging sessions out");
            try
            {
                CloseHelper.closeAll(http[0], fix, driver);
            }
            finally
            {
                stopped.countDown();
            }
        }, "resx-shutdown"));
        fix.start();
        if (config.getBoolean("http.enabled"))
        {
            final HealthRegistry health = new HealthRegistry();
            health.register("fix-gateway", () -> HealthRegistry.Check.of(fix.isRunning() &&
                fix.clusterLink().leaderMemberId() >= 0, "leader " + fix.clusterLink().leaderMemberId() + ", " +
                fix.loggedOnSessions() + " sessions logged on, " + fix.clusterLink().resent() + " requests resent, " +
                fix.clusterLink().pending() + " pending"));
            try
            {
                http[0] = new HttpServer(health).start(config, HttpEngine.of(new ClusterLink(clusterLink(config,
                    config.getInt("http.gatewayId"), aeronDir)), events), participants,
                    SettlementBatches.NOT_CONFIGURED, fix::loggedOnSessions);
            }
            catch (final IllegalStateException | IllegalArgumentException ex)
            {
                spec.commandLine().getErr().println("resx gateway: " + ex.getMessage());
                return 2;
            }
        }
        LOG.info("resx gateway {} ready: FIX {}:{}; HTTP {}; engine cluster {}", gatewayId, config.get("fix.host"),
            fixPort, http[0] == null ? "off" : "http://" + config.get("http.host") + ":" + http[0].port(),
            config.get("gateway.cluster"));
        stopped.await();
        return 0;
    }
}
