package io.resx.server.http;

import io.resx.gateway.common.EventVisibility;
import io.resx.gateway.common.Participant;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What of an event each participant may see, decided on the typed event, and the JSON it is rendered to. */
class EventVisibilityTest
{
    private static final Participant A = new Participant("A", false, "", Set.of("A-1"), List.of());
    private static final Participant OPS = new Participant("OPS", true, "", Set.of(), List.of());

    private final Command command = new Command().type(CommandType.NEW_ORDER);
    private final EventLog events = new EventLog();
    private final EventJson json = new EventJson();

    @Test
    void shouldShowOnlyTheViewersSideOfATrade()
    {
        command.stamp(5, 1);
        final EngineEvent trade = events.add().start(EventType.TRADE, command).trade(1, Side.BUY).priceQty(1, 1)
            .orderIds(1, 2).decimals(0, 0);
        trade.symbol().set("S");
        trade.buyAccount().set("A-1");
        trade.buyClOrdId().set("a");
        trade.sellAccount().set("B-1");
        trade.sellClOrdId().set("b");

        assertThat(EventVisibility.of(trade, A)).isEqualTo(EventVisibility.BUY_SIDE);
        assertThat(EventVisibility.of(trade, OPS)).isEqualTo(EventVisibility.ALL);
        assertThat(json.render(events, A)).singleElement().asString()
            .contains("\"buyAccount\":\"A-1\"", "\"buyClOrdId\":\"a\"", "\"buyOrderId\":1")
            .doesNotContain("B-1", "sellClOrdId", "sellOrderId");
        assertThat(json.render(events, OPS)).containsExactly(json.render(events).get(0));
        assertThat(json.render(events).get(0)).contains("\"sellAccount\":\"B-1\"", "\"sellOrderId\":2");

        trade.buyAccount().set("C-1");
        assertThat(EventVisibility.of(trade, A)).isEqualTo(EventVisibility.NONE);
        assertThat(json.render(events, A)).isEmpty();
        trade.sellAccount().set("A-1");
        assertThat(json.render(events, A)).singleElement().asString().contains("\"sellAccount\":\"A-1\"")
            .doesNotContain("C-1", "buyOrderId");
    }

    @Test
    void shouldShowOnlyTheViewersOwnAccountsEventsAndEveryoneWhatNamesNoAccount()
    {
        command.stamp(5, 1);
        final EngineEvent balance = events.add().start(EventType.BALANCE, command);
        balance.account().set("B-1");
        balance.symbol().set("CASH");
        final EngineEvent lease = events.add().start(EventType.LEASE_REVOKED, command);
        lease.buyAccount().set("B-1");
        lease.sellAccount().set("A-1");
        final EngineEvent halted = events.add().start(EventType.HALTED, command);
        halted.symbol().set("S");

        assertThat(EventVisibility.of(balance, A)).isEqualTo(EventVisibility.NONE);
        assertThat(EventVisibility.of(lease, A)).isEqualTo(EventVisibility.ALL);
        assertThat(EventVisibility.of(halted, A)).isEqualTo(EventVisibility.ALL);
        assertThat(json.render(events, A)).hasSize(2).noneMatch(line -> line.contains("\"balance\""));
        balance.account().set("A-1");
        assertThat(json.render(events, A)).hasSize(3);
    }

    @Test
    void shouldCarryBalanceAmountsOnTheOutcomeWire()
    {
        final Command command = new Command().type(CommandType.BALANCES);
        command.account().set("A-1");
        command.stamp(9, 1);
        final EventLog events = new EventLog();
        events.add().start(EventType.ACCEPTED, command);
        events.add().start(EventType.BALANCE, command).amounts(12_500_000, 2_000_000, 3).decimals(0, 6)
            .symbol().set("CASH");
        final GatewayCodec codec = new GatewayCodec();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(GatewayCodec.maxOutcomeLength(events));
        final int length = codec.encodeOutcome(buffer, 0, 900, 1, 77, command, events);
        final EventLog decoded = new EventLog();
        assertThat(codec.decodeRoute(buffer, 0, length)).isEqualTo(GatewayCodec.Kind.COMMAND);
        codec.decodeOutcome(buffer, 0, length, new Command(), decoded);
        assertThat(decoded.get(1).amount()).isEqualTo(12_500_000);
        assertThat(decoded.get(1).locked()).isEqualTo(2_000_000);
        assertThat(decoded.get(1).remaining()).isEqualTo(3);
        assertThat(codec.correlationId()).isEqualTo(77);
    }
}
