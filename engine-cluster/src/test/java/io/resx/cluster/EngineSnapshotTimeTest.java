package io.resx.cluster;

import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.node.StandardEngine;
import io.resx.engine.recovery.EngineState;
import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.OrderType;
import io.resx.protocol.command.Side;
import io.resx.protocol.command.TimeInForce;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalPosition;
import io.resx.replay.Snapshot;
import io.resx.replay.SnapshotStore;
import io.resx.risk.AccountRegistry;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a cluster member's snapshot costs for a large book: the engine's sections captured and encoded (what
 * {@code onTakeSnapshot} sends) and decoded and restored (what {@code onStart} loads), for
 * {@code -Dsnapshot.orders} resting orders (default 70 000; docs/PERFORMANCE.md quotes 1 000 000). The restored
 * engine's digest must equal the original's. The default is past the risk stage's first capacity of 65 536 open
 * orders, so the restore must grow it (a restore that indexed the arrays from before the growth failed there).
 */
class EngineSnapshotTimeTest
{
    @Test
    void shouldRestoreALargeBookToTheSameDigest()
    {
        final int orders = Integer.getInteger("snapshot.orders", 70_000);
        final MatchingEngine engine = StandardEngine.FACTORY.create(new AccountRegistry());
        final Command command = new Command();
        final EventLog events = new EventLog();
        long sequence = 0;
        command.reset().type(CommandType.LIST).admin(true).tick(FixedPoint.parse("0.01")).lot(FixedPoint.parse("1"));
        command.symbol().set("COMPUTE.VCPU.EU1");
        apply(engine, command, events, ++sequence);
        command.reset().type(CommandType.ACCOUNT).admin(true);
        command.account().set("TRADER1");
        command.owner().set("OWNER1");
        apply(engine, command, events, ++sequence);
        command.reset().type(CommandType.DEPOSIT).admin(true).amount(FixedPoint.parse("100000000000"));
        command.account().set("TRADER1");
        command.symbol().set("CASH");
        apply(engine, command, events, ++sequence);
        for (int i = 0; i < orders; i++)
        {
            command.reset().type(CommandType.NEW_ORDER).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .side(Side.BUY).price(FixedPoint.parse("1.00") + (i % 1_000) * FixedPoint.parse("0.01"))
                .qty(FixedPoint.parse("1"));
            command.account().set("TRADER1");
            command.clOrdId().set("c" + i);
            command.symbol().set("COMPUTE.VCPU.EU1");
            apply(engine, command, events, ++sequence);
        }
        assertThat(engine.openOrderCount()).isEqualTo(orders);

        final EngineState state = new EngineState();
        final SnapshotStore codec = new SnapshotStore(new JournalContext());
        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(1 << 20);
        final long takeStartNs = System.nanoTime();
        final Map<String, Snapshot.Section> sections = state.capture(engine);
        final int length = codec.encode(new JournalPosition(-1, sequence, sequence, 0), sections, bytes);
        final long takeNs = System.nanoTime() - takeStartNs;
        final long digest = EngineState.digestOf(sections);

        final long loadStartNs = System.nanoTime();
        final MatchingEngine restored = EngineState.restore(codec.decode(null, bytes, length), StandardEngine.FACTORY);
        final long loadNs = System.nanoTime() - loadStartNs;

        assertThat(state.digest(restored)).isEqualTo(digest);
        assertThat(restored.openOrderCount()).isEqualTo(orders);
        System.out.printf("engine snapshot: %,d resting orders, %,d bytes, take (capture + encode) %d ms, " +
            "load (decode + restore) %d ms%n", orders, length, takeNs / 1_000_000, loadNs / 1_000_000);
    }

    private static void apply(final MatchingEngine engine, final Command command, final EventLog events,
        final long sequence)
    {
        command.stamp(sequence, sequence * 1_000L);
        events.clear();
        engine.process(command, events);
        assertThat(events.get(0).type()).as("command %d", sequence).isEqualTo(EventType.ACCEPTED);
    }
}
