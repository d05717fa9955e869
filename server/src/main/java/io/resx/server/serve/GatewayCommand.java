package io.resx.server.serve;

import io.aeron.driver.MediaDriver;
import io.resx.gateway.common.EventsQueue;
import io.resx.gateway.fix.FixGateway;
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
 */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = "Runs a FIX 4.4 gateway as its own process, talking to a `resx serve` engine over Aeron UDP.")
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
            participants = config.participants();
        }
        catch (final IllegalArgumentException | java.io.IOException ex)
        {
            spec.commandLine().getErr().println("resx gateway: " + ex.getMessage());
            return 2;
        }
        final String aeronDir = config.aeronDir("gateway-" + gatewayId);
        final MediaDriver driver = ServeNode.launchDriver(aeronDir, config.idleProfile().driver());
        final FixGateway gateway = new FixGateway(config.gatewayContext(participants, aeronDir)
            .engineChannel(config.get("gateway.engine")).eventsChannel(config.get("gateway.events"))
            .events(config.get("gateway.journalDir").isEmpty() ? null : EventsQueue.of(
                new JournalContext().directory(Path.of(config.get("gateway.journalDir")))
                    .roll(JournalRoll.valueOf(config.get("journal.roll"))).events())));
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
}
