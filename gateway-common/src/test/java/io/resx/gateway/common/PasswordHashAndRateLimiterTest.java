package io.resx.gateway.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHashAndRateLimiterTest
{
    @Test
    void shouldCheckPasswordsAgainstTheirHashOnly()
    {
        final String hash = PasswordHash.hash("right".toCharArray(), 1000);

        assertThat(PasswordHash.matches("right".toCharArray(), hash)).isTrue();
        assertThat(PasswordHash.matches("wrong".toCharArray(), hash)).isFalse();
        assertThat(hash).doesNotContain("right");
        assertThat(PasswordHash.isHash(hash)).isTrue();
        assertThat(PasswordHash.matches("right".toCharArray(), "not-a-hash")).isFalse();
    }

    @Test
    void shouldLimitASessionsRateAndRefillOverTime()
    {
        final RateLimiter limiter = new RateLimiter(5, 0);
        int allowed = 0;
        for (int i = 0; i < 20; i++)
        {
            allowed += limiter.tryAcquire(0) ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(5);
        assertThat(limiter.tryAcquire(100_000_000L)).isFalse();
        assertThat(limiter.tryAcquire(200_000_000L)).isTrue();
    }

    @Test
    void shouldLoadTheDemoParticipantsWithTheirAccountsAndKeys() throws Exception
    {
        final ParticipantDirectory participants =
            ParticipantDirectory.load(ParticipantDirectory.DEMO_NAME, SessionPolicy.DEFAULTS);
        final ApiKeys keys = ApiKeys.load(ParticipantDirectory.DEMO_NAME, participants);

        assertThat(participants.participants()).isNotEmpty();
        final Participant first = participants.participants().get(0);
        assertThat(first.accounts()).isNotEmpty();
        assertThat(participants.ownerOf(first.accounts().iterator().next())).isEqualTo(first);
        assertThat(participants.ownerOf("NO-SUCH-ACCOUNT")).isNull();
        assertThat(keys.authenticate("not-a-key")).isNull();
    }
}
