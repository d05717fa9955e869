package io.resx.gateway.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API keys as the participants file stores them. */
class ApiKeysTest
{
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
}
