package io.resx.cluster;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.RejectReason;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A one-member cluster in process: the engine service sequences commands from the log, answers on egress, screens
 * a gateway's admin command, takes its own snapshot and, restarted, loads it and goes on from the same state.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SingleMemberClusterTest
{
    private static final String SECRET = "unit-secret";
    private final Path root = Path.of("target", "cluster-unit", "single-" + System.nanoTime()).toAbsolutePath();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<String> divergences = new CopyOnWriteArrayList<>();
    private final List<String> outcomes = new ArrayList<>();
    private MediaDriver clientDriver;
    private ClusterNode node;
    private LinkClient operator;

    @AfterEach
    void tearDown()
    {
        if (operator != null)
        {
            operator.close();
        }
        if (node != null)
        {
            node.close();
        }
        if (clientDriver != null)
        {
            clientDriver.close();
        }
        IoUtil.delete(root.toFile(), true);
    }

    @Test
    void shouldApplyCommandsSnapshotAndRestartFromTheSnapshot() throws Exception
    {
        final ClusterNodeContext context = new ClusterNodeContext()
            .memberId(0)
            .members(List.of("127.0.0.1:22300"))
            .directory(root.resolve("node0"))
            .tick(Duration.ZERO)
            .operatorSecret(SECRET)
            .termLength(1 << 20)
            .startupCanvassTimeout(Duration.ofSeconds(1));
        node = ClusterNode.launch(context, notes::add, divergences::add);
        clientDriver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(root.resolve("client-aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 10, 1_000, 1_000_000))
            .termBufferSparseFile(true)
            .publicationTermBufferLength(1 << 20)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        operator = new LinkClient(clientDriver.aeronDirectoryName(),
            ClusterNodeContext.ingressEndpoints(context.members()), SECRET, 1,
            (command, events) -> outcomes.add(describe(command, events)));
        await("the operator's session", () -> operator.leaderMemberId() == 0);

        operator.send(1, list());
        operator.send(2, account());
        operator.send(3, deposit());
        operator.send(4, order("a1", "1.00"));
        operator.send(5, order("a2", "1.01"));
        operator.send(6, order("a1", "1.00")); // a retry of a1: answered, not applied again
        // A snapshot of many MTUs (loading reassembles chunks), and more than 1 MiB of outcomes, so the client's
        // egress term (term-length=1m) rotates: every outcome must still arrive, with no resend asked for.
        final int more = 4_000;
        for (int i = 0; i < more; i++)
        {
            await("room in the window", () -> operator.pendingCount() < 100); // never back-pressure the ingress
            assertThat(operator.send(100 + i, order("b" + i, "0.50"))).as("order %d taken", i).isTrue();
        }
        await((6 + more) + " outcomes", () -> outcomes.size() == 6 + more);
        assertThat(operator.resent()).as("commands resent").isZero();
        outcomes.subList(6, 6 + more).clear();
        assertThat(outcomes).containsExactly(
            ":ACCEPTED", ":ACCEPTED", ":ACCEPTED", "a1:ACCEPTED", "a2:ACCEPTED",
            "a1:REJECTED:" + RejectReason.RETRY_OF_ACCEPTED);

        assertThat(node.requestSnapshot()).isTrue();
        await("a snapshot", () -> node.snapshotCount() == 1);
        final long digest = node.service().lastDigest();
        final long applied = node.service().appliedSequence();
        assertThat(notes).anyMatch(line -> line.startsWith("snapshot at log position"));

        operator.close();
        node.close();
        node = ClusterNode.launch(context, notes::add, divergences::add);
        assertThat(node.service().lastDigest()).isZero();
        await("the restarted member to load its snapshot", () -> node.service().appliedSequence() == applied);
        assertThat(notes).anyMatch(line -> line.startsWith("loaded the cluster snapshot at sequence " + applied));
        operator = new LinkClient(clientDriver.aeronDirectoryName(),
            ClusterNodeContext.ingressEndpoints(context.members()), SECRET, 1,
            (command, events) -> outcomes.add(describe(command, events)));
        await("the operator's session again", () -> operator.leaderMemberId() == 0);
        operator.send(7, order("a2", "1.01")); // still a retry after the restart: the window is in the snapshot
        await("the answer after the restart", () -> outcomes.size() == 7);
        assertThat(outcomes.get(6)).isEqualTo("a2:REJECTED:" + RejectReason.RETRY_OF_ACCEPTED);
        operator.send(8, order("a3", "1.02"));
        await("a new order after the restart", () -> outcomes.size() == 8);
        assertThat(outcomes.get(7)).isEqualTo("a3:ACCEPTED");

        assertThat(node.requestSnapshot()).isTrue();
        await("a second snapshot", () -> node.snapshotCount() == 1);
        assertThat(node.service().lastDigest()).as("the state changed by one order").isNotEqualTo(digest);
        assertThat(divergences).isEmpty();
        assertThat(Files.readAllLines(context.digestFile())).hasSize(2);
    }

    private static String describe(final Command command, final io.resx.protocol.event.EventLog events)
    {
        final io.resx.protocol.event.EngineEvent first = events.get(0);
        return command.clOrdId() + ":" + first.type() +
            (first.type() == io.resx.protocol.event.EventType.REJECTED ? ":" + first.reason() : "");
    }

    private void await(final String what, final BooleanSupplier done) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("timed out waiting for " + what + "; notes: " + notes + "; outcomes: " +
                    outcomes);
            }
            if (operator != null && operator.poll() == 0)
            {
                Thread.sleep(1);
            }
        }
    }

    private static Command list()
    {
        final Command command = new Command().type(CommandType.LIST).admin(true)
            .tick(FixedPoint.parse("0.01")).lot(FixedPoint.parse("1"));
        command.symbol().set("COMPUTE.VCPU.EU1");
        return command;
    }

    private static Command account()
    {
        final Command command = new Command().type(CommandType.ACCOUNT).admin(true);
        command.account().set("TRADER1");
        command.owner().set("OWNER1");
        return command;
    }

    private static Command deposit()
    {
        final Command command = new Command().type(CommandType.DEPOSIT).admin(true)
            .amount(FixedPoint.parse("1000000"));
        command.account().set("TRADER1");
        command.symbol().set("CASH");
        return command;
    }

    private static Command order(final String clOrdId, final String price)
    {
        final Command command = new Command().type(CommandType.NEW_ORDER).orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.GTC).side(Side.BUY).price(FixedPoint.parse(price))
            .qty(FixedPoint.parse("1"));
        command.account().set("TRADER1");
        command.clOrdId().set(clOrdId);
        command.symbol().set("COMPUTE.VCPU.EU1");
        return command;
    }
}
