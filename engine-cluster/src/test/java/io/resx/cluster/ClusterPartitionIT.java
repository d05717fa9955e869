package io.resx.cluster;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.node.StandardEngine;
import io.resx.engine.recovery.EngineState;
import io.resx.engine.recovery.Recovery;
import io.resx.protocol.codec.CommandCodec;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.protocol.event.RejectReason;
import io.resx.replay.JournalContext;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Network partitions of a three-member cluster: first a follower, then the leader is cut off from the other two
 * while a gateway-like client keeps orders flowing. Proof that no minority side acknowledges anything: the
 * isolated member applies nothing while it is alone (its {@code events} do not grow), a client talking only to the
 * isolated leader gets no outcome for the orders it offered there, and those orders are in no member's
 * {@code events} afterwards; the majority keeps (or elects) a leader that is never the isolated member and goes on
 * acknowledging; after healing, the isolated member catches up and every member's snapshot digest and journal agree.
 *
 * <p>How the partition is made: a {@link MemberLinkRelay} in this JVM carries all member-to-member UDP traffic and
 * the test cuts its links. Chosen over network namespaces (which need root, {@code ip netns} and veth in the CI
 * sandbox, and leave interfaces behind when a run is killed) and over fault hooks (the consensus module has none
 * that drop traffic between members; the media driver's debug endpoints with loss generators would, but only as an
 * extension built into each member's driver): the relay needs no privileges, runs wherever {@code mvn verify}
 * does, and the members run unmodified, with only their member lists pointing at the relay.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterPartitionIT
{
    private static final Instant EXCHANGE_START = Instant.parse("2026-12-01T09:00:00Z");
    private static final String SECRET = "it-operator-secret";
    private static final int MEMBER_BASE_PORT = 21300;
    private static final int RELAY_BASE_PORT = 21400;
    private static final int HEARTBEAT_TIMEOUT_MS = 1000;
    private static final int WINDOW = 16;
    private static final int PROBE_GATEWAY_ID = 3;
    private static final int PROBE_ORDERS = 20;
    /** Long enough for the isolated side to have timed out its peers several times over. */
    private static final long ISOLATION_NS = TimeUnit.MILLISECONDS.toNanos(5L * HEARTBEAT_TIMEOUT_MS);
    /** What was committed just before a cut may still be applied just after it. */
    private static final long SETTLE_NS = TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_TIMEOUT_MS);

    private final Path root = Path.of("target", "cluster-it", "partition-" + System.nanoTime()).toAbsolutePath();
    private final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 200_000);
    private final List<EventType> operatorOutcomes = new ArrayList<>();
    private final Set<String> acked = new HashSet<>();
    private final List<RejectReason> unexpected = new ArrayList<>();
    private final List<String> probeOutcomes = new ArrayList<>();
    private MemberLinkRelay relay;
    private MemberProcesses members;
    private MediaDriver driver;
    private LinkClient operator;
    private LinkClient trader;
    private AeronCluster probe;
    private long nextOrder = 1;

    @AfterEach
    void tearDown()
    {
        if (probe != null)
        {
            probe.close();
        }
        if (trader != null)
        {
            trader.close();
        }
        if (operator != null)
        {
            operator.close();
        }
        if (members != null)
        {
            members.close();
        }
        if (driver != null)
        {
            driver.close();
        }
        if (relay != null)
        {
            relay.close();
        }
    }

    @Test
    void shouldAcknowledgeNothingOnTheMinoritySideAndConvergeAfterHealing() throws Exception
    {
        final long clockOffsetNs = EXCHANGE_START.getEpochSecond() * 1_000_000_000L -
            System.currentTimeMillis() * 1_000_000L;
        relay = new MemberLinkRelay(3, MEMBER_BASE_PORT, RELAY_BASE_PORT);
        members = new MemberProcesses(root, MEMBER_BASE_PORT, 3, List.of(
            "--tick-ms=200", "--clock-offset-ns=" + clockOffsetNs, "--operator-secret=" + SECRET,
            "--term-length=" + (1 << 20), "--heartbeat-timeout-ms=" + HEARTBEAT_TIMEOUT_MS))
            .membersSeenBy(relay::membersSeenBy);
        for (int id = 0; id < 3; id++)
        {
            members.start(id);
        }
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(root.resolve("client-aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 10, 1_000, 1_000_000))
            .termBufferSparseFile(true)
            .publicationTermBufferLength(1 << 20)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        operator = new LinkClient(driver.aeronDirectoryName(), members.ingressEndpoints(), SECRET, 1,
            (command, events) -> operatorOutcomes.add(events.get(0).type()));
        trader = new LinkClient(driver.aeronDirectoryName(), members.ingressEndpoints(), null, 2,
            this::onTraderOutcome);
        await("a leader to accept the operator's session", 180, false, () -> operator.leaderMemberId() >= 0);
        operator.send(1, ClusterTestMarket.list());
        operator.send(2, ClusterTestMarket.account());
        operator.send(3, ClusterTestMarket.deposit());
        await("the operator's set-up", 30, false, () -> operatorOutcomes.size() == 3);
        assertThat(operatorOutcomes).containsOnly(EventType.ACCEPTED);
        await("the trader's session", 30, false, () -> trader.leaderMemberId() >= 0);
        final int warmUp = 300;
        await(warmUp + " acknowledgements", 60, true, () -> acked.size() >= warmUp);

        isolateAFollower();
        isolateTheLeader();

        await("every order answered", 60, false, () -> trader.pendingCount() == 0);
        requestSnapshotAndAwaitEqualDigests("at the end");
        assertThat(unexpected).as("rejections other than retries").isEmpty();
        assertThat(acked).hasSize((int)(nextOrder - 1));
        assertThat(probeOutcomes).as("outcomes the probe got from the isolated leader").isEmpty();
        probe.close();
        probe = null;
        trader.close();
        operator.close();
        members.close();
        assertJournalsAgree();
        System.out.printf("cluster partition: %d orders acknowledged, %d datagrams dropped on cut links, %d relayed, " +
            "%d resent by the trader, %d leader changes%n", acked.size(), relay.dropped(), relay.relayed(),
            trader.resent(), trader.leaderChanges());
        IoUtil.delete(root.toFile(), true);
    }

    /** A follower alone: the majority (the leader and the other follower) goes on; the follower applies nothing. */
    private void isolateAFollower() throws Exception
    {
        final int leader = trader.leaderMemberId();
        final int follower = (leader + 1) % 3;
        final long droppedBefore = relay.dropped();
        System.out.println("cluster partition: isolating follower " + follower + " (leader " + leader + ")");
        relay.isolate(follower);
        final long cutNs = System.nanoTime();
        runFor(SETTLE_NS, follower);
        final long followerApplied = appliedBy(follower);
        final int ackedAtSettle = acked.size();
        runFor(ISOLATION_NS - SETTLE_NS, follower);

        assertThat(appliedBy(follower)).as("outcomes member %d applied while it was alone", follower)
            .isEqualTo(followerApplied);
        assertThat(acked.size() - ackedAtSettle).as("orders the majority acknowledged while %d was cut off", follower)
            .isGreaterThanOrEqualTo(50);
        assertThat(relay.dropped()).as("datagrams dropped on the cut links").isGreaterThan(droppedBefore);
        System.out.printf("cluster partition: follower %d alone for %d ms applied nothing; the majority acknowledged " +
            "%d orders meanwhile%n", follower, (System.nanoTime() - cutNs) / 1_000_000, acked.size() - ackedAtSettle);

        relay.heal();
        requestSnapshotAndAwaitEqualDigests("after follower " + follower + " rejoined");
    }

    /**
     * The leader alone: a client that talks only to it gets no outcome for what it offers there; the other two elect
     * a new leader and go on; the old leader applies nothing while alone and, healed, follows the new leader.
     */
    private void isolateTheLeader() throws Exception
    {
        final int leader = trader.leaderMemberId();
        probe = connectProbe(leader);
        assertThat(probe.leaderMemberId()).as("the probe's member leads").isEqualTo(leader);
        System.out.println("cluster partition: isolating leader " + leader);
        relay.isolate(leader);
        final long cutNs = System.nanoTime();
        final UnsafeBuffer request = new UnsafeBuffer(new byte[GatewayCodec.ROUTE_LENGTH +
            CommandCodec.MAX_ENCODED_LENGTH]);
        final GatewayCodec codec = new GatewayCodec();
        int offered = 0;
        for (int i = 1; i <= PROBE_ORDERS; i++)
        {
            final int length = codec.encodeRequest(request, 0, PROBE_GATEWAY_ID, 0, i,
                ClusterTestMarket.order("p" + i));
            if (probe.offer(request, 0, length) > 0)
            {
                offered++;
            }
        }
        runFor(SETTLE_NS, -1); // the trader still follows the old leader until the new one tells it
        final long leaderApplied = appliedBy(leader);
        await("a new leader other than " + leader, 60, true,
            () -> trader.leaderMemberId() >= 0 && trader.leaderMemberId() != leader);
        final int newLeader = trader.leaderMemberId();
        final int ackedUnderNewLeader = acked.size();
        await("200 acknowledgements from the new leader " + newLeader, 60, true,
            () -> acked.size() >= ackedUnderNewLeader + 200);
        runFor(Math.max(0, ISOLATION_NS - (System.nanoTime() - cutNs)), leader);

        assertThat(offered).as("orders the isolated leader took from the probe").isPositive();
        assertThat(probeOutcomes).as("outcomes the probe got from the isolated leader").isEmpty();
        assertThat(appliedBy(leader)).as("outcomes member %d applied while it was alone", leader)
            .isEqualTo(leaderApplied);
        System.out.printf("cluster partition: leader %d alone for %d ms: %d probe orders offered there, none " +
            "answered, nothing applied; member %d elected, %d orders acknowledged meanwhile%n", leader,
            (System.nanoTime() - cutNs) / 1_000_000, offered, newLeader, acked.size() - ackedUnderNewLeader);

        relay.heal();
        requestSnapshotAndAwaitEqualDigests("after the old leader " + leader + " rejoined");
        assertThat(probeOutcomes).as("outcomes the probe got after healing (it never resends)").isEmpty();
    }

    /** A client that knows only {@code memberId}'s ingress: it is on that member's side of any partition. */
    private AeronCluster connectProbe(final int memberId)
    {
        final GatewayCodec codec = new GatewayCodec();
        final EgressListener listener = (sessionId, timestamp, buffer, offset, length, header) ->
            onProbeMessage(codec, buffer, offset, length, header);
        return AeronCluster.connect(new AeronCluster.Context()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .egressListener(listener)
            .ingressChannel("aeron:udp?term-length=1m")
            .ingressEndpoints(memberId + "=" + members.members().get(memberId))
            .egressChannel("aeron:udp?endpoint=127.0.0.1:0|term-length=1m")
            .messageTimeoutNs(TimeUnit.SECONDS.toNanos(10)));
    }

    private void onProbeMessage(final GatewayCodec codec, final DirectBuffer buffer, final int offset,
        final int length, final Header header)
    {
        if (codec.decodeRoute(buffer, offset, length) == GatewayCodec.Kind.COMMAND &&
            codec.gatewayId() == PROBE_GATEWAY_ID)
        {
            probeOutcomes.add("probe request " + codec.correlationId());
        }
    }

    /** After the members stop: every acknowledged order once in every member's events, no probe order anywhere. */
    private void assertJournalsAgree()
    {
        final List<Long> journalEnds = new ArrayList<>();
        for (int id = 0; id < 3; id++)
        {
            final JournalContext journal = journal(id);
            final Map<String, Integer> accepted = ClusterTestMarket.acceptedOrders(journal);
            assertThat(accepted.keySet()).as("orders accepted in member %d's events", id).isEqualTo(acked);
            assertThat(accepted.values()).as("orders applied more than once in member %d's events", id)
                .containsOnly(1);
            assertThat(ClusterTestMarket.outcomesFor(journal, "p")).as("probe orders in member %d's events", id)
                .isZero();
            journalEnds.add(Recovery.fromJournalOnly(journal, StandardEngine.FACTORY, Long.MAX_VALUE).position()
                .sequence());
        }
        final long common = journalEnds.stream().mapToLong(Long::longValue).min().orElseThrow();
        final Set<Long> digests = new HashSet<>();
        for (int id = 0; id < 3; id++)
        {
            final MatchingEngine engine =
                Recovery.fromJournalOnly(journal(id), StandardEngine.FACTORY, common).engine();
            digests.add(new EngineState().digest(engine));
        }
        assertThat(digests).as("state digests of the three journals at sequence " + common).hasSize(1);
    }

    private JournalContext journal(final int id)
    {
        return new JournalContext().directory(members.directory(id).resolve("journal"));
    }

    /** @return outcomes in the member's {@code events} so far (read while it runs, as any tailer would). */
    private long appliedBy(final int id)
    {
        return ClusterTestMarket.outcomeCount(journal(id));
    }

    private void onTraderOutcome(final Command command, final EventLog events)
    {
        final EventType first = events.get(0).type();
        if (first != EventType.ACCEPTED &&
            !(first == EventType.REJECTED && events.get(0).reason() == RejectReason.RETRY_OF_ACCEPTED))
        {
            unexpected.add(events.get(0).reason());
            return;
        }
        acked.add(command.clOrdId().toString());
    }

    /**
     * Keeps the load going for {@code durationNs}.
     *
     * @param forbiddenLeader a member the trader must not be following meanwhile, or -1.
     */
    private void runFor(final long durationNs, final int forbiddenLeader)
    {
        final long endNs = System.nanoTime() + durationNs;
        while (System.nanoTime() - endNs < 0)
        {
            cycle(true);
            if (forbiddenLeader >= 0)
            {
                assertThat(trader.leaderMemberId()).as("the leader while member %d is cut off", forbiddenLeader)
                    .isNotEqualTo(forbiddenLeader);
            }
        }
    }

    private void cycle(final boolean newOrders)
    {
        if (newOrders && trader.pendingCount() < WINDOW && trader.leaderMemberId() >= 0)
        {
            final long n = nextOrder;
            if (trader.send(n, ClusterTestMarket.order("c" + n)))
            {
                nextOrder++; // refused (no leader reachable at this instant): the same order on a later cycle
            }
        }
        int work = trader.poll() + operator.poll();
        if (probe != null && !probe.isClosed())
        {
            try
            {
                work += probe.pollEgress();
            }
            catch (final RuntimeException ex)
            {
                System.out.println("cluster partition: probe session ended: " + ex);
                probe.close();
            }
        }
        if (work == 0)
        {
            idle.idle();
        }
        else
        {
            idle.reset();
        }
    }

    private void await(final String what, final int seconds, final boolean newOrders, final BooleanSupplier done)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("timed out waiting for " + what + " (" + acked.size() + " acknowledged, " +
                    trader.pendingCount() + " pending, leader " + trader.leaderMemberId() + "); logs:\n" +
                    members.log(0) + "\n----\n" + members.log(1) + "\n----\n" + members.log(2));
            }
            cycle(newOrders);
        }
    }

    private void requestSnapshotAndAwaitEqualDigests(final String when) throws Exception
    {
        final int before = members.digests(0).size();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        long nextRequestNs = 0;
        while (System.nanoTime() - deadlineNs < 0)
        {
            final int leader = trader.leaderMemberId();
            if (System.nanoTime() - nextRequestNs > 0 && leader >= 0)
            {
                // Aeron's own tool on the leader's folder, as ClusterFailoverIT does
                io.aeron.cluster.ClusterTool.snapshot(members.directory(leader).resolve("cluster").toFile(),
                    System.out);
                nextRequestNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            }
            cycle(false);
            final String agreed = members.agreedDigest(before);
            if (agreed != null)
            {
                for (int id = 0; id < 3; id++)
                {
                    assertThat(members.log(id)).as("member %d's log", id).doesNotContain("DIVERGED");
                    assertThat(members.alive(id)).as("member %d alive", id).isTrue();
                }
                System.out.println("cluster partition: equal digests " + when + ": " + agreed);
                return;
            }
        }
        throw new AssertionError("no snapshot with equal digests on all members " + when + "; logs:\n" +
            members.log(0) + "\n----\n" + members.log(1) + "\n----\n" + members.log(2));
    }
}
