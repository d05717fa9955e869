package io.resx.server.serve;

import io.resx.gateway.fix.FixGateway;
import io.resx.gateway.common.EventsQueue;
import io.resx.gateway.common.ParticipantDirectory;
import io.resx.server.http.HealthRegistry;
import io.resx.server.http.HttpServer;
import io.resx.server.http.SettlementBatches;
import io.resx.server.settlement.BridgeBatches;
import io.resx.server.settlement.ServeChain;
import io.resx.settlement.bridge.SettlementView;
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
 * {@code resx serve}: the exchange as a server. The engine with its journal, an embedded Aeron media driver,
 * and a FIX 4.4 gateway on 127.0.0.1:9878, all in one process and talking over Aeron IPC; gateways in other
 * processes ({@code resx gateway}) reach the same engine over UDP. Runs until SIGTERM or Ctrl-C, then logs
 * the sessions out, drains the pipeline and flushes the journal.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Runs the exchange: engine, journal, embedded Aeron media driver, the FIX 4.4 gateway and the HTTP API.",
        "Every setting has a default; --config FILE (Java properties) overrides any of them (see README)."})
public final class ServeCommand implements Callable<Integer>
{
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file overriding the defaults.")
    private Path configFile;

    @Option(names = "--fix-port", paramLabel = "PORT", description = "FIX port (overrides fix.port).")
    private Integer fixPort;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP API port (overrides http.port).")
    private Integer httpPort;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (overrides data.dir and the " +
        "fix.storeDir/fix.messageLogDir under it).")
    private Path dataDir;

    @Option(names = "--chain-rpc", paramLabel = "URL", description = {"Settle on this chain (any Ethereum JSON-RPC) " +
        "instead of the embedded anvil; needs --chain-directory and the operator key (--chain-key-file or $" +
        ServeChain.KEY_ENV + ")."})
    private String chainRpc;

    @Option(names = "--chain-key-file", paramLabel = "FILE", description = "The vault operator's private key (hex), " +
        "for --chain-rpc. Keep it out of the repository.")
    private Path chainKeyFile;

    @Option(names = "--chain-directory", paramLabel = "FILE", description = "The contracts' and wallets' addresses " +
        "(a settlement directory, as `resx chain` writes), for --chain-rpc.")
    private Path chainDirectory;

    @Option(names = "--no-chain", description = "No settlement on chain (chain.mode=off).")
    private boolean noChain;

    @Option(names = "--cluster", description = "Run one member of the engine's Aeron Cluster (cluster.* settings, " +
        "docs/CLUSTER.md) instead of the single-node engine and its gateways.")
    private boolean cluster;

    @Override
    public Integer call() throws Exception
    {
        final ServeConfig config;
        final ParticipantDirectory participants;
        try
        {
            config = ServeConfig.load(configFile);
            if (fixPort != null)
            {
                config.set("fix.port", fixPort.toString());
            }
            if (httpPort != null)
            {
                config.set("http.port", httpPort.toString());
            }
            if (dataDir != null)
            {
                config.set("data.dir", dataDir.toString())
                    .set("fix.storeDir", dataDir.resolve("fix-store").toString())
                    .set("fix.messageLogDir", dataDir.resolve("fix-log").toString());
            }
            if (chainRpc != null)
            {
                config.set("chain.mode", "rpc").set("chain.rpc", chainRpc);
            }
            if (chainKeyFile != null)
            {
                config.set("chain.keyFile", chainKeyFile.toString());
            }
            if (chainDirectory != null)
            {
                config.set("chain.directory", chainDirectory.toString());
            }
            if (noChain)
            {
                config.set("chain.mode", "off");
            }
            if (cluster)
            {
                return ServeCluster.run(ServeCluster.context(config));
            }
            participants = config.participants();
        }
        catch (final IllegalArgumentException | java.io.IOException ex)
        {
            spec.commandLine().getErr().println("resx serve: " + ex.getMessage());
            return 2;
        }

        final ServeNode engine = new ServeNode(config);
        final CountDownLatch stopped = new CountDownLatch(1);
        final FixGateway[] gateway = new FixGateway[1];
        final HttpServer[] http = new HttpServer[1];
        final HealthRegistry health = new HealthRegistry();
        final Thread hook = new Thread(() ->
        {
            LOG.info("shutting down: logging sessions out, draining the pipeline, flushing the journal");
            try
            {
                if (http[0] != null)
                {
                    http[0].close();
                }
                if (gateway[0] != null)
                {
                    gateway[0].close();
                }
                engine.close();
                LOG.info("stopped cleanly");
            }
            finally
            {
                stopped.countDown();
            }
        }, "resx-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try
        {
            engine.start(participants);
        }
        catch (final IllegalArgumentException ex)
        {
            spec.commandLine().getErr().println("resx serve: " + ex.getMessage());
            Runtime.getRuntime().removeShutdownHook(hook);
            engine.close();
            return 2;
        }
        if (config.getBoolean("fix.enabled"))
        {
            gateway[0] = new FixGateway(config.gatewayContext(participants, engine.aeronDir())
                .engineChannel("aeron:ipc").eventsChannel("aeron:ipc").events(EventsQueue.of(engine.eventsContext()))).start();
        }
        HttpServer.registerServeChecks(health, engine, config.getBoolean("fix.enabled"), () -> gateway[0]);
        final SettlementView settlement = engine.settlement();
        final SettlementBatches batches = settlement == null ? SettlementBatches.NOT_CONFIGURED :
            new BridgeBatches(settlement);
        if (settlement != null)
        {
            health.register("chain", () ->
            {
                final SettlementView.Health chain = settlement.health();
                return new HealthRegistry.Check(HealthRegistry.Status.valueOf(chain.level().name()), chain.rpc() +
                    " head " + chain.headBlock() + ", confirmed up to " + chain.lastConfirmed() + ", backlog " +
                    chain.backlog() + (chain.message() == null || chain.message().isEmpty() ? "" : ": " +
                    chain.message()));
            });
        }
        if (config.getBoolean("http.enabled"))
        {
            try
            {
                http[0] = new HttpServer(health).start(config, engine, participants, batches,
                    () -> gateway[0] == null ? 0 : gateway[0].loggedOnSessions());
            }
            catch (final IllegalStateException | IllegalArgumentException ex)
            {
                spec.commandLine().getErr().println("resx serve: " + ex.getMessage());
                return 2; // the shutdown hook stops what started
            }
        }
        LOG.info("resx serve ready: FIX {}:{} ({} sessions); HTTP {}; Ctrl-C to stop", config.get("fix.host"),
            config.get("fix.port"), participants.sessions().size(), http[0] == null ? "off" :
            "http://" + config.get("http.host") + ":" + http[0].port());
        stopped.await();
        return 0;
    }
}
