package io.resx.server.serve;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.matching.OrderBook;
import io.resx.engine.node.AeronOutcomePublisher;
import io.resx.engine.node.EngineAgent;
import io.resx.engine.node.EngineNode;
import io.resx.engine.node.ExchangeClock;
import io.resx.engine.node.ListingDirectory;
import io.resx.engine.node.RouteTable;
import io.resx.engine.node.TrustedInbox;
import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.gateway.common.IdleStrategyKind;
import io.resx.gateway.common.Participant;
import io.resx.gateway.common.ParticipantDirectory;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.StpPolicy;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import io.resx.replay.Durability;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalRoll;
import io.resx.server.batch.BatchInput;
import io.resx.server.journal.JournalOptions;
import io.resx.server.settlement.InternalRoute;
import io.resx.server.settlement.ServeChain;
import io.resx.settlement.bridge.SettlementView;
import io.resx.settlement.netting.WindowPolicy;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.EpochNanoClock;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The engine side of {@code resx serve}: an embedded Aeron media driver, the exchange pipeline, the agent that
 * feeds it from the gateways' streams and the publisher that sends every outcome back.
 * <pre>
 *   gateways ─Aeron in─► EngineAgent ─► Sequencer ─► (journal ∥ risk+match) ─► OutcomePublisher ─Aeron out─► gateways
 * </pre>
 * Start-up: recover from the journal (newest snapshot plus tail), then list the market and open the participants' accounts
 * by commands (only what recovery did not already bring back), then start taking the gateways' commands.
 */
public final class ServeNode implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ServeNode.class);
    private static final int TERM_LENGTH = 4 * 1024 * 1024;

    private final ServeConfig config;
    private EngineNode node;
    private JournalContext eventsContext;
    private MediaDriver driver;
    private Aeron aeron;
    private ExchangePipeline pipeline;
    private AgentRunner runner;
    private EngineAgent agent;
    private AeronOutcomePublisher publisher;
    private String aeronDir;
    private final TrustedInbox trustedInbox = new TrustedInbox();
    private InternalRoute route;
    private ServeChain chain;

    /**
     * @param config the settings.
     */
    public ServeNode(final ServeConfig config)
    {
        this.config = config;
    }

    /**
     * @param dir Aeron directory.
     * @return an embedded media driver in {@code dir}, cleaned on start and on close, sized for one machine, backing
     *     off when idle.
     */
    public static MediaDriver launchDriver(final String dir)
    {
        return launchDriver(dir, IdleStrategyKind.BACKOFF);
    }

    /**
     * @param dir  Aeron directory.
     * @param idle how the driver's one thread waits when idle ({@code driver.idle}).
     * @return an embedded media driver in {@code dir}, cleaned on start and on close, sized for one machine.
     */
    public static MediaDriver launchDriver(final String dir, final IdleStrategyKind idle)
    {
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle.create())
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
    public ServeNode start(final ParticipantDirectory participants) throws java.io.IOException
    {
        final Path dataDir = Path.of(config.get("data.dir"));
        Files.createDirectories(dataDir);
        aeronDir = config.aeronDir("serve");
        final IdleProfile idle = config.idleProfile();
        LOG.info("idle strategies ({}): {}; pipeline layout {} ({} cores)", config.get("idle.profile"),
            idle.describe(), config.pipelineLayout().name().toLowerCase(Locale.ROOT),
            Runtime.getRuntime().availableProcessors());
        driver = launchDriver(aeronDir, idle.driver());
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

        final java.time.Instant clockStart = config.get("clock.start").isEmpty() ? null :
            config.getInstant("clock.start");
        final EpochNanoClock clock = ExchangeClock.of(clockStart);
        if (clockStart != null)
        {
            LOG.warn("exchange clock starts at {} (clock.start) and runs at the real rate: for tests and demos of " +
                "another day, not the system clock", clockStart);
        }
        final int ringSize = config.getInt("engine.ringSize");
        final EngineNode.Context nodeContext = new EngineNode.Context().clock(clock)
            .ring(ringSize, idle.pipeline())
            .layout(config.pipelineLayout());
        JournalContext journalContext = null;
        if (config.getBoolean("journal.enabled"))
        {
            final Path journalDir = config.get("journal.dir").isEmpty() ?
                dataDir.resolve("journal") : Path.of(config.get("journal.dir"));
            journalContext = new JournalContext()
                .directory(journalDir)
                .durability(Durability.valueOf(config.get("journal.durability")))
                .roll(JournalRoll.valueOf(config.get("journal.roll")));
            eventsContext = journalContext.events();
            nodeContext.appendTo(journalContext, Long.parseLong(config.get("journal.snapshotEvery")))
                .notes(note -> LOG.warn("journal: {}", note));
        }
        node = EngineNode.recover(nodeContext);
        final MatchingEngine engine = node.engine();
        if (journalContext != null)
        {
            LOG.info("journal {} ({}): {}", journalContext.directory(), config.get("journal.durability"),
                node.journal().describe());
        }
        else
        {
            LOG.warn("journal disabled (journal.enabled=false): commands are not durable, a restart starts empty");
        }
        final long lastSequence = node.lastSequence();
        // The engine thread is not running yet: reading the recovered books here is safe.
        final ListingDirectory listings = new ListingDirectory();
        for (int i = 0; i < engine.bookCount(); i++)
        {
            final OrderBook book = engine.book(i);
            listings.add(book.symbol(), book.tick(), book.lot(), book.closeNs(), book.endNs(), book.closed());
        }
        final Set<String> listed = new HashSet<>();
        for (int i = 0; i < engine.bookCount(); i++)
        {
            listed.add(engine.book(i).symbol().toString());
        }
        final Set<String> opened = new HashSet<>();
        for (int i = 0; i < engine.accounts().accountCount(); i++)
        {
            opened.add(engine.accounts().accountAt(i).id().toString());
            final long deadManNs = engine.deadManDeadlineNs(engine.accounts().accountAt(i));
            if (deadManNs != io.resx.engine.matching.DeadManSwitches.DISARMED)
            {
                listings.wakeAt(deadManNs); // armed before the restart: the market clock ticks at it again
            }
        }

        final RouteTable routes = new RouteTable(ringSize);
        final MarketClock marketClock = new MarketClock(MarketTemplate.load(config.get("market.template")),
            config.getDuration("market.horizon"), config.getDuration("market.gateClosure"), listings);
        publisher = new AeronOutcomePublisher(outputs, routes, listings, clock);
        pipeline = node.start(new TrustedRejectLog(publisher, routes)).pipeline();
        agent = new EngineAgent(inputs, outputs, pipeline.sequencer(), routes, listings, trustedInbox);
        final boolean chainOn = !"off".equals(config.get("chain.mode")) && journalContext != null;
        if (chainOn)
        {
            checkGateClosure();
        }
        if (!"off".equals(config.get("chain.mode")) && journalContext == null)
        {
            LOG.warn("chain.mode={} needs the journal (the bridge follows it): no settlement on chain",
                config.get("chain.mode"));
        }
        final List<Command> chainDeposits = new ArrayList<>();
        if (chainOn)
        {
            route = new InternalRoute(trustedInbox);
        }
        // the first tick expires what ended while the server was down; then the template's instruments not listed yet,
        // before the opening balances and admin lines of the funding, which may name them
        marketClock.onTime(clock.nanoTime(), agent);
        LOG.info("market {}: {} listings sent, horizon {}, gate closure {} before a slot starts; next tick at {}",
            config.get("market.template"), marketClock.listed(), config.get("market.horizon"),
            config.get("market.gateClosure"), java.time.Instant.EPOCH.plusNanos(marketClock.nextDeadlineNs()));
        bootstrap(participants, listed, opened, lastSequence == 0, chainOn ? chainDeposits : null);
        agent.keepTime(marketClock, clock);

        runner = new AgentRunner(idle.engine().create(), ex -> LOG.error("engine input error", ex), null, agent);
        AgentRunner.startOnThread(runner);
        if (chainOn)
        {
            startChain(dataDir, journalContext, participants, lastSequence == 0, chainDeposits);
        }
        LOG.info("engine taking commands on {} stream {}; outcomes on {} stream {}; Aeron dir {}", inChannels,
            config.get("engine.in.stream"), outChannels, config.get("engine.out.stream"), aeronDir);
        return this;
    }

    /** @return the in-process route for commands that may carry admin rights (the HTTP API's admin endpoints). */
    public TrustedInbox trustedInbox()
    {
        return trustedInbox;
    }

    /** @return whether commands are journaled. */
    public boolean journalEnabled()
    {
        return eventsContext != null;
    }

    /** @return the {@code events} queue's context, for gateways in this process to read; null without a journal. */
    public JournalContext eventsContext()
    {
        return eventsContext;
    }

    /** @return why a pipeline stage stopped, or null while every stage runs. */
    public Throwable failure()
    {
        return pipeline == null ? new IllegalStateException("not started") : pipeline.failure();
    }

    /** @return the sequence number of the latest command (a sample; any thread). */
    public long lastSequence()
    {
        return pipeline == null ? 0 : pipeline.sequencer().lastSequence();
    }

    /** @return outcomes published since start (a sample; any thread). */
    public long published()
    {
        return publisher == null ? 0 : publisher.published();
    }

    /** @return outcomes a gateway's back-pressured publication did not take, to be read from {@code events}. */
    public long outcomesSkipped()
    {
        return publisher == null ? 0 : publisher.skipped();
    }

    /** @return ring slots in use now. */
    public long ringFill()
    {
        return pipeline == null ? 0 : pipeline.ringFill();
    }

    /** @return ring slots in all. */
    public int ringSize()
    {
        return pipeline == null ? 0 : pipeline.ringSize();
    }

    /** @return commands sequenced but not yet in the journal. */
    public long journalLag()
    {
        return pipeline == null ? 0 : pipeline.journalLag();
    }

    /** @return sequencer-to-publisher latency per command in nanoseconds, by interval. */
    public Recorder latencyNs()
    {
        return publisher.latencyNs();
    }

    private void startChain(final Path dataDir, final JournalContext journalContext,
        final ParticipantDirectory participants, final boolean fresh, final List<Command> deposits)
        throws java.io.IOException
    {
        final Map<String, String> accounts = new LinkedHashMap<>();
        for (final Participant participant : participants.participants())
        {
            participant.accounts().forEach(account -> accounts.put(account, participant.id()));
        }
        chain = ServeChain.start(new ServeChain.Options(config.get("chain.mode"), config.get("chain.rpc"),
                config.get("chain.directory").isEmpty() ? null : Path.of(config.get("chain.directory")),
                config.get("chain.keyFile").isEmpty() ? null : Path.of(config.get("chain.keyFile")),
                config.getInt("chain.confirmations"), config.getInt("chain.blockTimeSec"),
                Long.parseLong(config.get("chain.pollMs")), Long.parseLong(config.get("chain.resendAfterMs")),
                WindowPolicy.of(config.getInt("settlement.windowTrades"),
                    Long.parseLong(config.get("settlement.windowMs"))), dataDir.resolve("chain"),
                ServeChain.Options.tuning(config::get), FixedPoint.parse(config.get("chain.defaultFundCash")),
                config.getBoolean("chain.superviseNode"),
                config.get("clock.start").isEmpty() ? 0 : config.getInstant("clock.start").getEpochSecond()),
            journalContext.events(), accounts, fresh, deposits, route, LOG::info);
        // ready once the opening balances put on chain have come back to the engine as journaled deposits
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (route.drained() < chain.expectedFundingCommands() && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        if (route.drained() < chain.expectedFundingCommands())
        {
            LOG.warn("settlement bridge on {}: only {} of {} opening-balance commands from the chain journaled after " +
                "60 s; the rest reach the engine when the bridge has read them", chain.rpcUrl(), route.drained(),
                chain.expectedFundingCommands());
        }
        else
        {
            LOG.info("settlement bridge on {}: {} of {} opening-balance commands from the chain journaled",
                chain.rpcUrl(), route.drained(), chain.expectedFundingCommands());
        }
    }

    /**
     * A lease must be on chain, user and expiry set, before its slot begins: the gate closure must outlast the
     * settlement window, the confirmations (a block each, counted as a second when blocks come per transaction)
     * and one resend of a transaction that was not mined.
     *
     * @throws IllegalArgumentException naming the settings when it does not.
     */
    private void checkGateClosure()
    {
        final long blockMs = Math.max(1, config.getInt("chain.blockTimeSec")) * 1000L;
        final long settleMs = Long.parseLong(config.get("settlement.windowMs")) +
            config.getInt("chain.confirmations") * blockMs + Long.parseLong(config.get("chain.resendAfterMs"));
        final long gateClosureMs = config.getDuration("market.gateClosure").toMillis();
        if (gateClosureMs <= settleMs)
        {
            throw new IllegalArgumentException("market.gateClosure " + config.get("market.gateClosure") + " (" +
                gateClosureMs + " ms) must exceed settlement.windowMs + chain.confirmations x block time + " +
                "chain.resendAfterMs (" + settleMs + " ms): a lease would not be on chain before its slot starts");
        }
    }

    /** @return settlement's read-only view (batches, chain health), or null when the chain is off. */
    public SettlementView settlement()
    {
        return chain == null ? null : chain.view();
    }

    /** @return the Aeron directory of the embedded driver, for an in-process gateway. */
    public String aeronDir()
    {
        return aeronDir;
    }

    /**
     * Start-up commands, sent through the pipeline like any other so that the journal records them: the market's
     * listings and the participants' accounts that recovery did not bring back, and — on a fresh exchange only —
     * the opening balances, so a restart never deposits twice.
     */
    private void bootstrap(
        final ParticipantDirectory participants, final Set<String> listed, final Set<String> opened,
        final boolean fresh, final List<Command> chainDeposits)
    {
        final NdjsonCommandReader reader = new NdjsonCommandReader(InstrumentSymbol::parse);
        final Command probe = new Command();
        final int[] lines = new int[2];
        final CommandFiller<String> fromLine = (command, line) -> reader.read(line, command);
        for (final String market : config.getList("market"))
        {
            forEachLine("market", market, line ->
            {
                reader.read(line, probe.reset());
                if (probe.type() != CommandType.LIST || !listed.contains(probe.symbol().toString()))
                {
                    agent.submit(0, 0, 0, fromLine, line);
                    lines[0]++;
                }
            });
        }
        int accounts = 0;
        for (final Participant participant : participants.participants())
        {
            for (final String account : participant.accounts())
            {
                if (opened.contains(account))
                {
                    continue;
                }
                agent.submit(0, 0, 0, (command, p) ->
                {
                    command.type(CommandType.ACCOUNT);
                    command.account().set(account);
                    command.owner().set(p.id());
                }, participant);
                accounts++;
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
        if (fresh)
        {
            for (final String funding : config.getList("funding"))
            {
                forEachLine("funding", funding, line ->
                {
                    reader.read(line, probe.reset());
                    if (chainDeposits != null && ServeChain.isChainDeposit(probe))
                    {
                        chainDeposits.add(new Command().copyFrom(probe)); // put on chain; comes back as a deposit
                        return;
                    }
                    agent.submit(0, 0, 0, fromLine, line);
                    lines[1]++;
                });
            }
        }
        LOG.info("start-up commands: {} listings, {} accounts for {} participants, {} funding commands{}", lines[0],
            accounts, participants.participants().size(), lines[1], fresh ? "" : " (not a fresh start: none)");
    }

    private static void forEachLine(final String setting, final String input, final Consumer<String> lines)
    {
        final String problem = BatchInput.problemWith(input);
        if (problem != null)
        {
            throw new IllegalArgumentException(setting + ": " + problem);
        }
        BatchInput.forEachLine(input, lines);
    }

    /** Stops taking commands, drains the pipeline (journal flushed and closed), then stops Aeron. */
    @Override
    public void close()
    {
        CloseHelper.close(chain);
        CloseHelper.close(runner);
        if (node != null)
        {
            node.close();
            LOG.info("pipeline drained at sequence {}; {} commands from gateways, {} outcomes published",
                pipeline.sequencer().lastSequence(), agent.commandsIn(), publisher.published());
        }
        CloseHelper.closeAll(aeron, driver);
    }
}
