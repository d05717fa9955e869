package io.resx.gateway.fix;

import io.resx.gateway.common.EngineLink;
import io.resx.gateway.common.EngineProxy;
import io.resx.gateway.common.OutcomeStream;
import io.resx.gateway.common.cluster.ClusterLink;
import io.resx.gateway.common.OutcomeAdapter;
import io.resx.gateway.common.RateLimiter;
import io.resx.gateway.common.SessionPolicy;
import io.resx.gateway.common.ParticipantDirectory;
import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.resx.gateway.common.marketdata.MarketDataAgent;
import io.resx.replay.EventReader;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.ThreadedSocketAcceptor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A FIX 4.4 acceptor in front of the engine: QuickFIX/J sessions, one per SenderCompID in the participants
 * file, talking to the engine over Aeron.
 * <pre>
 *   FIX client ─TCP─► session thread ─► GatewayApplication ─► EngineProxy ─Aeron─► engine
 *   FIX client ◄─TCP─ QuickFIX/J ◄─ FixOutcomeHandler / MarketData ◄─ OutcomeAdapter ◄─Aeron─ engine
 *                                                                      └◄─ events queue (start, gaps)
 * </pre>
 * The engine is the single node's Aeron streams, or, with {@link FixGatewayContext#cluster}, the engine cluster
 * through a {@link ClusterLink} (the same proxy and adapter over it).
 */
public final class FixGateway implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(FixGateway.class);
    /** Sessions are told apart on the wire by this number, their 1-based position in the participants file. */
    private final Map<SessionID, GatewayApplication.SessionContext> contexts = new HashMap<>();
    private final FixGatewayContext context;
    private Aeron aeron;
    private ClusterLink clusterLink;
    private volatile AgentRunner runner;
    private volatile ThreadedSocketAcceptor acceptor;
    private ConnectionGuard guard;

    /**
     * @param context the gateway's configuration; its participants must be set.
     */
    public FixGateway(final FixGatewayContext context)
    {
        this.context = context;
    }

    /**
     * Connects to the media driver, starts the agent and opens the FIX port.
     *
     * @return this gateway.
     * @throws ConfigError when QuickFIX/J refuses the settings.
     */
    public FixGateway start() throws ConfigError
    {
        final ParticipantDirectory participants = context.participants();
        final List<SessionPolicy> policies = participants.sessions();
        final SessionID[] sessionIds = new SessionID[policies.size()];
        final Map<SessionID, SessionPolicy> policyById = new HashMap<>();
        final SessionSettings settings = settings();
        final long nowNs = System.nanoTime();
        for (int i = 0; i < policies.size(); i++)
        {
            final SessionPolicy policy = policies.get(i);
            final SessionID id = new SessionID("FIX.4.4", context.acceptorCompId(), policy.senderCompId());
            sessionIds[i] = id;
            policyById.put(id, policy);
            contexts.put(id, new GatewayApplication.SessionContext(i + 1,
                participants.participantOf(policy.senderCompId()), policy,
                new RateLimiter(policy.rateLimitPerSecond(), nowNs)));
            settings.setString(id, "ResetOnLogon", yn(policy.resetOnLogon()));
            settings.setString(id, "ResetOnDisconnect", yn(policy.resetOnDisconnect()));
            settings.setString(id, "ResetOnLogout", yn(policy.resetOnDisconnect()));
            settings.setLong(id, "ResendRequestChunkSize", policy.resendChunkSize());
        }

        final Map<String, Listing> listings = new ConcurrentHashMap<>();
        final MarketDataAgent books = new MarketDataAgent("resx-fix-market-data-" + context.gatewayId());
        final MarketData marketData = new MarketData(context.maxMarketDepth(), books);
        final SessionEpochs epochs = new SessionEpochs(policies.size());
        final GatewayApplication application =
            new GatewayApplication(context.gatewayId(), participants, contexts, listings, marketData, epochs);
        final FixOutcomeHandler handler =
            new FixOutcomeHandler(context.gatewayId(), sessionIds, participants, listings, books, epochs);
        application.tracker(handler.tracker());

        final EngineLink requests;
        final OutcomeStream outcomes;
        long catchUpWaitNs = 0;
        if (context.cluster() != null)
        {
            clusterLink = new ClusterLink(context.cluster());
            requests = clusterLink;
            outcomes = clusterLink;
            catchUpWaitNs = context.cluster().eventsLagWaitNs();
        }
        else
        {
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(context.aeronDirectoryName()));
            final Publication publication = aeron.addPublication(context.engineChannel(), context.engineStreamId());
            final Subscription subscription = aeron.addSubscription(context.eventsChannel(), context.eventsStreamId());
            requests = EngineLink.of(publication);
            outcomes = OutcomeStream.of(subscription);
        }
        final EngineProxy proxy = new EngineProxy(requests, context.gatewayId());
        application.proxy(proxy);
        final OutcomeAdapter adapter = new OutcomeAdapter(outcomes, context.events(), handler)
            .catchUpWait(catchUpWaitNs);
        final long rebuildStartNs = System.nanoTime();
        final long rebuilt = adapter.rebuild();
        LOG.info("FIX gateway {}: {} outcomes read from the events queue{} in {} ms, {} orders open",
            context.gatewayId(), rebuilt, context.events() == null ? " (none configured)" : "",
            (System.nanoTime() - rebuildStartNs) / 1_000_000, handler.openOrders());
        runner = new AgentRunner(context.idle().create(), ex -> LOG.error("gateway agent error", ex), null,
            new GatewayAgent(context.gatewayId(), adapter, marketData, books, proxy));
        AgentRunner.startOnThread(runner);

        acceptor = new ThreadedSocketAcceptor(application, new SessionStoreFactory(settings, policyById), settings,
            new MaskingLogFactory(context.messageLog() ? settings : null), new DefaultMessageFactory());
        guard = new ConnectionGuard(context);
        final ConnectionGuard connectionGuard = guard;
        acceptor.setIoFilterChainBuilder(chain -> chain.addFirst(ConnectionGuard.NAME, connectionGuard));
        acceptor.start();
        if (clusterLink != null)
        {
            LOG.info("FIX gateway {} accepting FIX.4.4 on {}:{} as {} for {} sessions; engine cluster {}",
                context.gatewayId(), context.host(), context.port(), context.acceptorCompId(), policies.size(),
                context.cluster().ingressEndpoints());
        }
        else
        {
            LOG.info("FIX gateway {} accepting FIX.4.4 on {}:{} as {} for {} sessions; engine {} stream {}, events {} " +
                "stream {}", context.gatewayId(), context.host(), context.port(), context.acceptorCompId(),
                policies.size(), context.engineChannel(), context.engineStreamId(), context.eventsChannel(),
                context.eventsStreamId());
        }
        LOG.info("FIX gateway {} limits: {} bytes before logon, {} bytes a message, logon within {} ms, {} " +
            "connections an address", context.gatewayId(), context.preLogonMaxBytes(), context.maxMessageBytes(),
            context.logonTimeoutMs(), context.maxConnectionsPerAddress());
        return this;
    }

    private SessionSettings settings()
    {
        final SessionSettings settings = new SessionSettings();
        settings.setString("ConnectionType", "acceptor");
        settings.setString("BeginString", "FIX.4.4");
        settings.setString("SenderCompID", context.acceptorCompId());
        settings.setString("SocketAcceptAddress", context.host());
        settings.setLong("SocketAcceptPort", context.port());
        settings.setString("StartTime", "00:00:00");
        settings.setString("EndTime", "00:00:00");
        settings.setString("NonStopSession", "Y");
        settings.setString("UseDataDictionary", "Y");
        // FIX44.xml with ResX's additions (Account on q, CancelOrdersOnDisconnect on Logon)
        settings.setString("DataDictionary",
            FixDictionary.write(java.nio.file.Path.of(context.storeDirectory())).toAbsolutePath().toString());
        settings.setString("FileStorePath", context.storeDirectory());
        settings.setString("FileLogPath", context.messageLogDirectory());
        settings.setString("SocketTcpNoDelay", "Y");
        // A client that stops reading: QuickFIX/J disconnects a session whose MINA write queue holds this many
        // messages ("Disconnecting: Slow consumer", logged as a WARN with the session), so sends never pile up.
        settings.setLong("MaxScheduledWriteRequests", context.maxQueuedMessages());
        settings.setString("PersistMessages", "Y");
        return settings;
    }

    private static String yn(final boolean value)
    {
        return value ? "Y" : "N";
    }

    /** @return FIX sessions logged on now (any thread; a sample). */
    public int loggedOnSessions()
    {
        final ThreadedSocketAcceptor running = acceptor;
        if (running == null)
        {
            return 0;
        }
        int count = 0;
        for (final quickfix.Session session : running.getManagedSessions())
        {
            count += session.isLoggedOn() ? 1 : 0;
        }
        return count;
    }

    /** @return the link to the engine cluster, or null on the single node (its figures for health and metrics). */
    public ClusterLink clusterLink()
    {
        return clusterLink;
    }

    /** @return whether the acceptor is running and the agent is connected to the engine's streams. */
    public boolean isRunning()
    {
        return acceptor != null && runner != null && !runner.isClosed();
    }

    /** Logs every session out, then stops the agent and disconnects from the media driver. */
    @Override
    public void close()
    {
        if (acceptor != null)
        {
            // stop(false): send Logout to every logged-on session and wait for the answers (QuickFIX/J's timeout).
            acceptor.stop(false);
            acceptor = null;
        }
        CloseHelper.closeAll(guard, runner, clusterLink, aeron);
        guard = null;
        runner = null;
        clusterLink = null;
        aeron = null;
    }
}
