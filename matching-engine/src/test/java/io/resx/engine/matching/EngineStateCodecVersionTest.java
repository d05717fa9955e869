package io.resx.engine.matching;

import io.resx.engine.support.TestExchange;
import io.resx.protocol.state.StateReader;
import io.resx.protocol.state.StateWriter;
import io.resx.risk.AccountRegistry;
import io.resx.risk.RiskStage;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.resx.engine.support.Commands.bundle;
import static io.resx.engine.support.Commands.cancelAllAfter;
import static io.resx.engine.support.Commands.leg;
import static io.resx.engine.support.Commands.limit;
import static io.resx.protocol.command.Side.BUY;
import static io.resx.protocol.command.Side.SELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine section's version 4 appends the connection tag of each order and two tables (dead-man switches, the
 * ClOrdID window); a version 3 section, written before them, still loads: no tags, nothing armed, an empty window.
 * Version 5 adds a bundle's legs to its window entry; a version 4 section (single orders only) still loads.
 */
final class EngineStateCodecVersionTest
{
    @Test
    void shouldRestoreTheWindowSwitchesAndTagsOfAVersion4Section()
    {
        final TestExchange x = TestExchange.standard();
        x.given(limit("A1", "b1", "SYM", BUY, "9.00", "1").sessionTag(99), cancelAllAfter("A1", 1_000));

        final MatchingEngine restored = roundTrip(x.engine(), EngineStateCodec.VERSION, 0);

        assertThat(restored.clOrdIdsHeld()).isEqualTo(1);
        assertThat(restored.deadManDeadlineNs(restored.accounts().accountAt(0)))
            .isEqualTo(x.engine().deadManDeadlineNs(x.engine().accounts().accountAt(0)));
        assertThat(restored.book(0).bids().level(0).head().sessionTag()).isEqualTo(99);
        assertThat(new TestExchange(restored).send(limit("A1", "b1", "SYM", BUY, "9.00", "1")))
            .containsExactly("REJECTED A1 b1 RETRY_OF_ACCEPTED");
    }

    @Test
    void shouldRestoreABundlesLegsInTheWindowOfAVersion5Section()
    {
        final TestExchange x = TestExchange.standard();
        x.given(limit("B1", "s1", "SYM", SELL, "10.00", "5"), limit("B1", "s2", "ALT", SELL, "20.00", "5"),
            bundle("A1", "k1", leg("SYM", BUY, "10.00", "1"), leg("ALT", BUY, "20.00", "1")));

        final TestExchange restored = new TestExchange(roundTrip(x.engine(), EngineStateCodec.VERSION, 0));

        assertThat(restored.send(bundle("A1", "k1", leg("SYM", BUY, "10.00", "1"), leg("ALT", BUY, "20.00", "1"))))
            .containsExactly("REJECTED A1 k1 RETRY_OF_ACCEPTED");
        assertThat(restored.send(bundle("A1", "k1", leg("SYM", BUY, "10.00", "1"), leg("ALT", BUY, "20.00", "2"))))
            .containsExactly("REJECTED A1 k1 DUPLICATE_CLORDID");
    }

    @Test
    void shouldLoadAVersion4SectionWhoseWindowHoldsSingleOrdersOnly()
    {
        final TestExchange x = TestExchange.standard();
        x.given(limit("A1", "b1", "SYM", BUY, "9.00", "1"));

        // the one window entry is the section's end; version 4 has no leg count byte after it
        final MatchingEngine restored = roundTrip(x.engine(), 4, 1);

        assertThat(restored.clOrdIdsHeld()).isEqualTo(1);
        assertThat(new TestExchange(restored).send(limit("A1", "b1", "SYM", BUY, "9.00", "1")))
            .containsExactly("REJECTED A1 b1 RETRY_OF_ACCEPTED");
    }

    @Test
    void shouldLoadAVersion3SectionWithNoTagsSwitchesOrWindow()
    {
        final TestExchange x = TestExchange.standard(); // books and accounts, no orders: v3 is v4 without the tables

        final MatchingEngine restored = roundTrip(x.engine(), 3, 8);

        assertThat(restored.bookCount()).isEqualTo(x.engine().bookCount());
        assertThat(restored.clOrdIdsHeld()).isZero();
        assertThat(restored.deadManDeadlineNs(restored.accounts().accountAt(0))).isEqualTo(DeadManSwitches.DISARMED);
    }

    /** Writes the engine's section, drops its last {@code cut} bytes, reads it back as {@code version}. */
    private static MatchingEngine roundTrip(final MatchingEngine engine, final int version, final int cut)
    {
        final StateWriter accountsOut = new StateWriter(1024);
        io.resx.risk.AccountRegistryCodec.write(engine.accounts(), accountsOut);
        final AccountRegistry accounts = io.resx.risk.AccountRegistryCodec.read(
            io.resx.risk.AccountRegistryCodec.VERSION,
            new StateReader("accounts").wrap(accountsOut.buffer(), 0, accountsOut.length()));
        final StateWriter out = new StateWriter(1024);
        EngineStateCodec.write(engine, out);
        final byte[] bytes = new byte[out.length() - cut];
        out.buffer().getBytes(0, bytes);
        final StateReader in = new StateReader("engine").wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        final MatchingEngine restored = EngineStateCodec.read(version, in, accounts,
            new MatchingEngine(accounts, RiskStage.NONE, 64));
        in.expectEnd();
        return restored;
    }
}
