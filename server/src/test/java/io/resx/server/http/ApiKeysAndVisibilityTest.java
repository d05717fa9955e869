package io.resx.server.http;

import io.resx.gateway.fix.Participant;
import io.resx.gateway.fix.ParticipantDirectory;
import io.resx.gateway.fix.SessionPolicy;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API keys as the participants file stores them, and what of an event each participant may see. */
class ApiKeysAndVisibilityTest
{
    private static final Participant A = new Participant("A", false, "", Set.of("A-1"), List.of());
    private static final Participant OPS = new Participant("OPS", true, "", Set.of(), List.of());

    @Test
    void shouldAuthenticateByHashAndRefuseUnknownKeys(@TempDir final Path dir) throws Exception
    {
        final String key = ApiKeys.newKey();
        assertThat(key).startsWith("rxk_").hasSize(4 + 43);
        assertThat(ApiKeys.hash(key)).matches("sha256\\$[0-9a-f]{64}");
        final Path file = dir.resolve("participants.json");
        Files.writeString(file, "{\"participants\":[{\"id\":\"A\",\"accounts\":[\"A-1\"],\"apiKeys\":[\"" +
            ApiKeys.hash(key) + "\"],\"apiRateLimitPerSecond\":7}]}");
        final ParticipantDirectory participants = ParticipantDirectory.load(file.toString(), SessionPolicy.DEFAULTS);
        final ApiKeys keys = ApiKeys.load(file.toString(), participants);
        assertThat(keys.authenticate(key).id()).isEqualTo("A");
        assertThat(keys.authenticate(key + "x")).isNull();
        assertThat(keys.authenticate(ApiKeys.hash(key))).isNull();
        assertThat(keys.authenticate(null)).isNull();
        assertThat(keys.rateLimit(keys.authenticate(key), 100)).isEqualTo(7);
    }

    @Test
    void shouldRefuseAPlainKeyOrAMalformedHash(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("participants.json");
        Files.writeString(file, "{\"participants\":[{\"id\":\"A\",\"accounts\":[],\"apiKey\":\"secret\"}]}");
        final ParticipantDirectory participants = ParticipantDirectory.load(file.toString(), SessionPolicy.DEFAULTS);
        assertThatThrownBy(() -> ApiKeys.load(file.toString(), participants))
            .hasMessageContaining("plain-text \"apiKey\" is not accepted");
        Files.writeString(file, "{\"participants\":[{\"id\":\"A\",\"accounts\":[],\"apiKeys\":[\"md5$abc\"]}]}");
        assertThatThrownBy(() -> ApiKeys.load(file.toString(), participants)).hasMessageContaining("sha256$");
    }

    @Test
    void shouldLoadTheDemoKeys() throws Exception
    {
        final ParticipantDirectory demo = ParticipantDirectory.load(ParticipantDirectory.DEMO_NAME,
            SessionPolicy.DEFAULTS);
        final ApiKeys keys = ApiKeys.load(ParticipantDirectory.DEMO_NAME, demo);
        assertThat(keys.size()).isEqualTo(5);
        assertThat(keys.authenticate("rxk_demo_ops_c4e5d817f0ef6bc12860659f184a2ebd").admin()).isTrue();
        assertThat(keys.authenticate("rxk_demo_opa_329675db2c6e1cbdfbd63431976d583f").id()).isEqualTo("OPERATOR-A");
    }

    @Test
    void shouldShowOnlyTheViewersSideOfATradeAndOnlyItsOwnAccountsEvents()
    {
        final String trade = "{\"seq\":5,\"evt\":\"trade\",\"tradeId\":1,\"symbol\":\"S\",\"price\":\"1\",\"qty\":\"1\"," +
            "\"buyAccount\":\"A-1\",\"buyClOrdId\":\"a\",\"sellAccount\":\"B-1\",\"sellClOrdId\":\"b\"," +
            "\"aggressor\":\"BUY\",\"buyOrderId\":1,\"sellOrderId\":2}";
        final String shown = EventVisibility.forViewer(trade, A);
        assertThat(shown).contains("\"buyAccount\":\"A-1\"", "\"buyClOrdId\":\"a\"")
            .doesNotContain("B-1", "sellClOrdId", "sellOrderId");
        assertThat(EventVisibility.forViewer(trade.replace("A-1", "C-1"), A)).isNull();
        assertThat(EventVisibility.forViewer(trade, OPS)).isEqualTo(trade);

        final String balance = "{\"seq\":5,\"evt\":\"balance\",\"account\":\"B-1\",\"asset\":\"CASH\",\"total\":\"1\"}";
        assertThat(EventVisibility.forViewer(balance, A)).isNull();
        assertThat(EventVisibility.forViewer(balance.replace("B-1", "A-1"), A)).isEqualTo(balance.replace("B-1", "A-1"));
        final String lease = "{\"seq\":5,\"evt\":\"leaseRevoked\",\"lessee\":\"B-1\",\"lessor\":\"A-1\"}";
        assertThat(EventVisibility.forViewer(lease, A)).isEqualTo(lease);
        assertThat(EventVisibility.forViewer("{\"seq\":5,\"evt\":\"book\",\"symbol\":\"S\"}", A)).isNotNull();
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
