package io.resx.server.serve;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.pipeline.WaitStrategyKind;
import io.resx.gateway.fix.Participant;
import io.resx.gateway.fix.ParticipantDirectory;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import io.resx.protocol.text.AsciiKey;
import io.resx.risk.AccountRegistry;
import io.resx.risk.RiskStage;
import io.resx.server.batch.BatchInput;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The engine side of {@code resx serve}: an embedded Aeron media driver, the exchange pipeline, the agent that
 * feeds it from the gateways' streams and the publisher that sends every outcome back.
 * <pre>
 *   gateways ─Aeron in─► EngineAgent ─► Sequencer ─► (journal ∥ risk+match) ─► OutcomePublisher ─Aeron out─► gateways
 * </pre>
 * Start-up: recover (through {@link EngineStorage}), then list the market and open the participants' accounts
 * by commands (only what recovery did not already bring back), then start taking the gateways' commands.
 */
public final class EngineNode implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(EngineNode.class);
    private static final int TERM_LENGTH = 4 * 1024 * 1024;

    private final ServeConfig config;
    private final EngineStorage storage;
    private MediaDriver driver;
    private Aeron aeron;
    private ExchangePipeline pipeline;
    private AgentRunner runner;
    private EngineAgent agent;
    private OutcomePublisher publisher;
    private String aeronDir;

    /**
     * @param config  the settings.
     * @param storage the journal and recovery.
     */
    public EngineNode(final ServeConfig config, final EngineStorage storage)
    {
        this.config = config;
        this.storage = storage;
    }

    /**
     * @param dir Aeron directory.
     * @return an embedded media driver in {@code dir}, cleaned on start and on close, sized for one machine.
     */
    public static MediaDriver launchDriver(final String dir)
    {
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(
                100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100)))
            .ipcTermBufferLength(TERM_LENGTH)
            .publicationTermBufferLength(TERM_LENGTH)
            .termBufferSparseFile(true));
    }

    /**
     * Starts everything, recovers and bootstraps; returns once gateways may connect.
     *
     * @param participants the participants whose accounts to open.
     * @return this node.
     * @throws java.io.IOException when the data folder cannot be made.
     */
    public EngineNode start(final ParticipantDirectory participants) throws java.io.IOException
    {
        final Path dataDir = Path.of(config.get("data.dir"));
        Files.createDirectories(dataDir);
        aeronDir = config.aeronDir("serve");
        driver = launchDriver(aeronDir);
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));

        final List<String> inChannels = config.getList("engine.in.channels");
        final List<String> outChannels = config.getList("engine.out.channels");
        final Subscription[] inputs = new Subscription[inChannels.size()];
        for (int i = 0; i < inputs.length; i++)
        {
            inputs[i] = aeron.addSubscription(inChannels.get(i), config.getInt("engine.in.stream"));
        }
        final Publication[] outputs = new Publication[outChannels.size()];
        for (int i = 0; i < outputs.length; i++)
        {
            // concurrent publications: the publisher thread sends outcomes, the agent answers hellos
            outputs[i] = aeron.addPublication(outChannels.get(i), config.getInt("engine.out.stream"));
        }

        final MatchingEngine engine =
            new MatchingEngine(new AccountRegistry(), RiskStage.NONE, config.getInt("engine.expectedOrders"));
        final ListingDirectory listings = new ListingDirectory();
        LOG.info("journal: {}", storage.describe());
        final long lastSequence = storage.recover(dataDir, engine,
            (command, events) -> OutcomePublisher.learn(listings, command, events));
        LOG.info("recovered up to sequence {} ({} instruments listed)", lastSequence, listings.size());

        final int ringSize = config.getInt("engine.ringSize");
        final RouteTable routes = new RouteTable(ringSize);
        publisher = new OutcomePublisher(outputs, routes, listings);
        pipeline = new ExchangePipeline(new PipelineContext()
            .ringSize(ringSize)
            .waitStrategy(WaitStrategyKind.valueOf(config.get("engine.waitStrategy")))
            .lastSequence(lastSequence)
            .journal(storage.openJournal(dataDir))
            .engine(engine)
            .sink(publisher));
        agent = new EngineAgent(inputs, outputs, pipeline.sequencer(), routes, listings);
        bootstrap(engine, participants);

        runner = new AgentRunner(
            new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100)),
            ex -> LOG.error("engine input error", ex), null, agent);
        AgentRunner.startOnThread(runner);
        LOG.info("engine taking commands on {} stream {}; outcomes on {} stream {}; Aeron dir {}", inChannels,
            config.get("engine.in.stream"), outChannels, config.get("engine.out.stream"), aeronDir);
        return this;
    }

    /** @return the Aeron directory of the embedded driver, for an in-process gateway. */
    public String aeronDir()
    {
        return aeronDir;
    }

    /**
     * Lists the market and opens accounts, by commands through the sequencer, skipping what already exists
     * (after recovery); called before the agent starts, so the sequencer still has a single producer.
     */
    private void bootstrap(final MatchingEngine engine, final ParticipantDirectory participants)
    {
        final NdjsonCommandReader reader = new NdjsonCommandReader(InstrumentSymbol::parse);
        final Command probe = new Command();
        final int[] listed = new int[1];
        final CommandFiller<String> fromLine = (command, line) -> reader.read(line, command);
        for (final String market : config.getList("market"))
        {
            final String problem = BatchInput.problemWith(market);
            if (problem != null)
            {
                throw new IllegalArgumentException("market: " + problem);
            }
            BatchInput.forEachLine(market, line ->
            {
                reader.read(line, probe.reset());
                if (probe.type() == CommandType.LIST && engine.book(probe.symbol()) != null)
                {
                    return; // recovered already
                }
                agent.submit(0, 0, 0, fromLine, line);
                listed[0]++;
            });
        }
        int opened = 0;
        final AsciiKey key = new AsciiKey(Command.MAX_ID_LENGTH);
        for (final Participant participant : participants.participants())
        {
            for (final String account : participant.accounts())
            {
                if (engine.accounts().account(key.set(account)) != null)
                {
                    continue;
                }
                agent.submit(0, 0, 0, (command, p) ->
                {
                    command.type(CommandType.ACCOUNT);
                    command.account().set(account);
                    command.owner().set(p.id());
                }, participant);
                opened++;
            }
            if (!participant.stp().isEmpty() && !participant.accounts().isEmpty())
            {
                agent.submit(0, 0, 0, (command, p) ->
                {
                    command.type(CommandType.OWNER).stpPolicy(StpPolicy.valueOf(p.stp()));
                    command.owner().set(p.id());
                }, participant);
            }
        }
        LOG.info("start-up commands: {} listings, {} accounts for {} participants", listed[0], opened,
            participants.participants().size());
    }

    /** Stops taking commands, drains the pipeline (journal flushed and closed), then stops Aeron. */
    @Override
    public void close()
    {
        CloseHelper.close(runner);
        if (pipeline != null)
        {
            pipeline.close();
            LOG.info("pipeline drained at sequence {}; {} commands from gateways, {} outcomes published",
                pipeline.sequencer().lastSequence(), agent.commandsIn(), publisher.published());
        }
        CloseHelper.closeAll(aeron, driver);
    }
}
