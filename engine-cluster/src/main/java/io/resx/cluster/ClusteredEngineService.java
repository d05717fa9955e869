package io.resx.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.matching.OrderBook;
import io.resx.engine.node.AeronOutcomePublisher;
import io.resx.engine.node.GatewayScreen;
import io.resx.engine.node.JournalStartUp;
import io.resx.engine.node.ListingDirectory;
import io.resx.engine.node.StandardEngine;
import io.resx.engine.recovery.EngineFactory;
import io.resx.engine.recovery.EngineState;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.RejectReason;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalPosition;
import io.resx.replay.Snapshot;
import io.resx.replay.SnapshotStore;
import io.resx.risk.AccountRegistry;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The matching engine as an Aeron Cluster service: the cluster's log is its sequencer. Each committed ingress
 * message is a gateway's request (Route + command, as on the single node's Aeron stream); the service stamps it
 * with the next sequence number and the log's timestamp (the exchange clock: the leader's, replicated), runs the
 * same {@link MatchingEngine} behind the same risk stage as {@code resx serve}, appends the command and its outcome
 * to this node's Chronicle {@code commands} and {@code events} queues (the audit record, on every node), and
 * offers the outcome (Route, command, events) to every connected client, as the single node's publisher does. On
 * a follower the offers are Aeron's no-ops; a gateway that misses an outcome reads it from {@code events}.
 * <p>
 * Time without orders is a cluster timer: every {@code tickEveryNs} the leader's consensus module puts a timer
 * event into the log and every node applies a TICK stamped with its timestamp, so gate closures and expiries fall
 * at the same point of the log everywhere.
 * <p>
 * Snapshots are the engine's own ({@link EngineState} sections in the {@link SnapshotStore} format); a node
 * restarts from the newest one and the log after it. After each snapshot the leader puts its state digest into the
 * log; every node compares it with its own at the same position, and a node that differs stops loudly.
 * <p>
 * Single writer: the service container's thread owns the engine; nothing else touches it.
 */
public final class ClusteredEngineService implements ClusteredService
{
    /** Correlation id of the tick timer. */
    static final long TICK_TIMER = 1;

    private final JournalContext journal;
    private final EngineFactory factory;
    private final long tickEveryNs;
    private final Path digestFile;
    private final Consumer<String> notes;
    private final Consumer<String> onDivergence;
    private final SnapshotStore snapshotCodec;
    private final EngineState state = new EngineState();
    private final Command command = new Command();
    private final EventLog events = new EventLog();
    private final GatewayCodec codec = new GatewayCodec();
    private final ListingDirectory listings = new ListingDirectory();
    private final ExpandableArrayBuffer outcome = new ExpandableArrayBuffer(64 * 1024);
    private final ExpandableArrayBuffer snapshotBuffer = new ExpandableArrayBuffer(1 << 16);
    private final UnsafeBuffer digestBuffer = new UnsafeBuffer(new byte[StateDigestMessage.LENGTH]);
    private final Long2LongHashMap digestsAt = new Long2LongHashMap(Long.MIN_VALUE);
    private final Consumer<ClientSession> broadcast = this::offerOutcome;
    private int outcomeLength;
    private boolean tickScheduled;

    private Cluster cluster;
    private MatchingEngine engine;
    private long lastSequence;
    private long lastTimestampNs;
    private JournalStartUp audit;
    private long auditSequence;
    private MatchingEngine auditEngineToCheck;
    private volatile long appliedSequence;
    private volatile long lastDigest;
    private volatile long digestsCompared;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;

    /**
     * @param journal      this node's audit journal ({@code commands}, with {@code events} beside it), or null.
     * @param factory      builds the engine ({@link StandardEngine#FACTORY} in every served node).
     * @param tickEveryNs  cluster time between TICKs, 0 for none.
     * @param digestFile   where each snapshot's digest is written, one line each, or null.
     * @param notes        what a person should know, one line each.
     * @param onDivergence called when this node's state differs from the leader's; it must stop the node.
     */
    public ClusteredEngineService(
        final JournalContext journal, final EngineFactory factory, final long tickEveryNs, final Path digestFile,
        final Consumer<String> notes, final Consumer<String> onDivergence)
    {
        this.journal = journal;
        this.factory = factory;
        this.tickEveryNs = tickEveryNs;
        this.digestFile = digestFile;
        this.notes = notes;
        this.onDivergence = onDivergence;
        this.snapshotCodec = new SnapshotStore(journal == null ? new JournalContext() : journal);
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        if (snapshotImage == null)
        {
            engine = factory.create(new AccountRegistry());
        }
        else
        {
            final long startNs = System.nanoTime();
            final SnapshotTransfer.Reader bytes = SnapshotTransfer.read(snapshotImage, cluster.idleStrategy());
            final Snapshot snapshot = snapshotCodec.decode(null, bytes.buffer(), bytes.length());
            engine = EngineState.restore(snapshot, factory);
            lastSequence = snapshot.position().sequence();
            lastTimestampNs = snapshot.position().timestampNs();
            relearnListings();
            notes.accept(String.format("loaded the cluster snapshot at sequence %d (%,d bytes, %,d open orders) in " +
                "%d ms", lastSequence, bytes.length(), engine.openOrderCount(),
                (System.nanoTime() - startNs) / 1_000_000));
        }
        if (journal != null)
        {
            audit = JournalStartUp.open(journal, 0, notes);
            auditSequence = audit.lastSequence();
            if (auditSequence < lastSequence)
            {
                throw new IllegalStateException("the audit journal " + journal.directory() + " ends at sequence " +
                    auditSequence + " but the cluster snapshot is at " + lastSequence + ": it lost records. Move it " +
                    "aside (the cluster still holds every command) to start this node's audit record afresh");
            }
            if (factory == StandardEngine.FACTORY && auditSequence > lastSequence)
            {
                auditEngineToCheck = audit.engine();
            }
            else if (factory == StandardEngine.FACTORY)
            {
                checkAgainstAudit(audit.engine());
            }
        }
        appliedSequence = lastSequence;
    }

    /**
     * Aeron allows no timer from {@code onStart}, so the tick timer is (re)scheduled at the first log event this
     * process handles. Only the leader's timers fire, as timer events in the log, so where each member schedules
     * its own changes when ticks come, never what a tick does.
     */
    private void scheduleTickOnce(final long timestamp)
    {
        if (!tickScheduled && tickEveryNs > 0)
        {
            tickScheduled = cluster.scheduleTimer(TICK_TIMER, timestamp + tickEveryNs);
        }
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
        scheduleTickOnce(timestamp);
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
    }

    @Override
    public void onSessionMessage(
        final ClientSession session, final long timestamp, final DirectBuffer buffer, final int offset,
        final int length, final Header header)
    {
        scheduleTickOnce(timestamp);
        if (session == null)
        {
            if (StateDigestMessage.is(buffer, offset, length))
            {
                compareDigest(buffer, offset);
            }
            return;
        }
        final GatewayCodec.Kind kind;
        try
        {
            kind = codec.decodeRoute(buffer, offset, length);
        }
        catch (final RuntimeException ex)
        {
            return; // not a routed ResX message: nobody to answer, nothing to sequence
        }
        if (kind == GatewayCodec.Kind.HELLO)
        {
            answerHello(session, codec.gatewayId());
            return;
        }
        if (kind != GatewayCodec.Kind.COMMAND)
        {
            return;
        }
        final int gatewayId = codec.gatewayId();
        final int sessionId = codec.sessionId();
        final long correlationId = codec.correlationId();
        command.reset();
        try
        {
            codec.decodeCommand(buffer, offset, length, command);
        }
        catch (final RuntimeException ex)
        {
            command.invalid(RejectReason.MALFORMED, "unreadable input: " + ex);
        }
        if (!OperatorAuthenticator.isOperator(session.encodedPrincipal()))
        {
            GatewayScreen.screen(command);
        }
        apply(gatewayId, sessionId, correlationId, timestamp);
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
        if (correlationId != TICK_TIMER)
        {
            return;
        }
        command.reset().type(CommandType.TICK).admin(true);
        apply(0, 0, 0, timestamp);
        tickScheduled = cluster.scheduleTimer(TICK_TIMER, timestamp + tickEveryNs);
    }

    /** Sequences, applies, journals and publishes the command in {@link #command}. */
    private void apply(final int gatewayId, final int sessionId, final long correlationId, final long timestampNs)
    {
        // The log's timestamps come from whichever node leads: never let the exchange's time run backwards.
        lastTimestampNs = Math.max(lastTimestampNs, timestampNs);
        command.stamp(++lastSequence, lastTimestampNs);
        events.clear();
        engine.process(command, events);
        if (audit != null && lastSequence > auditSequence)
        {
            audit.journal().append(command);
            audit.journal().flush();
            audit.events().append(command, events);
            audit.events().flush();
            auditSequence = lastSequence;
        }
        else if (auditEngineToCheck != null && lastSequence == auditSequence)
        {
            checkAgainstAudit(auditEngineToCheck);
            auditEngineToCheck = null;
        }
        AeronOutcomePublisher.learn(listings, command, events);
        outcome.checkLimit(GatewayCodec.maxOutcomeLength(events));
        outcomeLength = codec.encodeOutcome(outcome, 0, gatewayId, sessionId, correlationId, command, events);
        cluster.forEachClientSession(broadcast);
        appliedSequence = lastSequence;
    }

    private void offerOutcome(final ClientSession session)
    {
        offer(session, outcome, outcomeLength);
    }

    /**
     * Never waits for a client: one that misses an outcome (back-pressured) sees the gap and reads it from events.
     * ADMIN_ACTION is no back-pressure: the egress term rotated and Aeron asks for the offer again, as the single
     * node's publisher does (dropped, it cost one outcome per 1 MiB of egress, answered only by a resend).
     */
    private static void offer(final ClientSession session, final DirectBuffer buffer, final int length)
    {
        long result = session.offer(buffer, 0, length);
        for (int retries = 0; result == Publication.ADMIN_ACTION && retries < 3; retries++)
        {
            result = session.offer(buffer, 0, length);
        }
    }

    private void answerHello(final ClientSession session, final int gatewayId)
    {
        for (final ListingDirectory.Entry entry : listings.entries())
        {
            final int length = codec.encodeListing(outcome, 0, gatewayId, entry.symbol(), entry.tick(),
                entry.lot(), entry.closeNs(), entry.endNs(), entry.closed());
            offer(session, outcome, length);
        }
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        final long startNs = System.nanoTime();
        final Map<String, Snapshot.Section> sections = state.capture(engine);
        final int length = snapshotCodec.encode(
            new JournalPosition(-1, lastSequence, lastTimestampNs, 0), sections, snapshotBuffer);
        SnapshotTransfer.write(snapshotPublication, snapshotBuffer, length, cluster.idleStrategy());
        final long digest = EngineState.digestOf(sections);
        final long logPosition = cluster.logPosition();
        digestsAt.put(logPosition, digest);
        lastDigest = digest;
        final String line = String.format("%d %d %016x%n", logPosition, lastSequence, digest);
        writeDigest(line);
        notes.accept(String.format("snapshot at log position %d, sequence %d: %,d bytes in %d ms, digest %016x",
            logPosition, lastSequence, length, (System.nanoTime() - startNs) / 1_000_000, digest));
        // Every member offers its digest, as Aeron expects of service messages (the same offers on every member);
        // the log carries the leader's, and each member compares that with its own.
        final int messageLength = StateDigestMessage.encode(digestBuffer, logPosition, lastSequence, digest);
        for (int attempt = 0; attempt < 1_000 && cluster.offer(digestBuffer, 0, messageLength) < 0; attempt++)
        {
            cluster.idleStrategy().idle();
        }
    }

    private void compareDigest(final DirectBuffer buffer, final int offset)
    {
        final long logPosition = StateDigestMessage.logPosition(buffer, offset);
        final long leaderDigest = StateDigestMessage.digest(buffer, offset);
        final long own = digestsAt.remove(logPosition);
        if (own == digestsAt.missingValue())
        {
            return; // this node started after that snapshot: nothing of its own to compare
        }
        digestsCompared++;
        if (own != leaderDigest)
        {
            final String problem = String.format("STATE DIVERGED: at log position %d (sequence %d) this node's " +
                "engine state digest is %016x, the leader's %016x; this node is no longer a replica and stops",
                logPosition, StateDigestMessage.sequence(buffer, offset), own, leaderDigest);
            writeDigest(problem + System.lineSeparator());
            onDivergence.accept(problem);
        }
    }

    private void checkAgainstAudit(final MatchingEngine fromAudit)
    {
        final long own = state.digest(engine);
        final long recorded = state.digest(fromAudit);
        if (own != recorded)
        {
            final String problem = String.format("STATE DIVERGED: at sequence %d the state rebuilt from the " +
                "cluster log has digest %016x, the one this node's audit journal %s records %016x", lastSequence, own,
                journal.directory(), recorded);
            writeDigest(problem + System.lineSeparator());
            onDivergence.accept(problem);
        }
    }

    private void writeDigest(final String line)
    {
        if (digestFile == null)
        {
            return;
        }
        try
        {
            Files.createDirectories(digestFile.toAbsolutePath().getParent());
            Files.writeString(digestFile, line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + digestFile, ex);
        }
    }

    private void relearnListings()
    {
        for (int i = 0; i < engine.bookCount(); i++)
        {
            final OrderBook book = engine.book(i);
            if (book != null)
            {
                listings.add(book.symbol(), book.tick(), book.lot(), book.closeNs(), book.endNs(), book.closed());
            }
        }
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole)
    {
        role = newRole;
        notes.accept("role " + newRole + " at sequence " + lastSequence + " (wall clock " +
            System.currentTimeMillis() + " ms)");
    }

    @Override
    public void onTerminate(final Cluster cluster)
    {
        if (audit != null)
        {
            audit.journal().close();
            audit.close();
            audit = null;
        }
    }

    /** @return the sequence of the last command applied. Any thread; a sample. */
    public long appliedSequence()
    {
        return appliedSequence;
    }

    /** @return the digest of the newest snapshot this node took. Any thread. */
    public long lastDigest()
    {
        return lastDigest;
    }

    /** @return how many of the leader's digests this node compared with its own. Any thread. */
    public long digestsCompared()
    {
        return digestsCompared;
    }

    /** @return this node's role. Any thread. */
    public Cluster.Role role()
    {
        return role;
    }

    /** @return the engine: read it only once the service has stopped. */
    MatchingEngine engine()
    {
        return engine;
    }
}
