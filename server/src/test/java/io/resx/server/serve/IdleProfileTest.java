package io.resx.server.serve;

import io.resx.engine.pipeline.PipelineLayout;
import io.resx.engine.pipeline.WaitStrategyKind;
import io.resx.gateway.common.IdleStrategyKind;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code idle.profile} sets every hop at once, a hop's own setting overrides it, the defaults are what serve ran
 * before the settings existed (back-off agents, a blocking ring), and a bad value is refused at load naming it.
 * Beside it, how the pipeline's stages are laid on threads: {@code engine.pipeline}, empty = by the machine's cores
 * (serial below four).
 */
final class IdleProfileTest
{
    @TempDir
    Path dir;

    @Test
    void shouldBackOffEverywhereAndBlockTheRingByDefault() throws IOException
    {
        final IdleProfile idle = ServeConfig.load(null).idleProfile();

        assertThat(idle).isEqualTo(IdleProfile.SHARED);
        assertThat(idle.engine()).isEqualTo(IdleStrategyKind.BACKOFF);
        assertThat(idle.fix()).isEqualTo(IdleStrategyKind.BACKOFF);
        assertThat(idle.http()).isEqualTo(IdleStrategyKind.BACKOFF);
        assertThat(idle.driver()).isEqualTo(IdleStrategyKind.BACKOFF);
        assertThat(idle.pipeline()).isEqualTo(WaitStrategyKind.BLOCKING);
        assertThat(idle.engine().create()).isInstanceOf(BackoffIdleStrategy.class);
    }

    @Test
    void shouldGiveEveryHopTheProfilesKind() throws IOException
    {
        final IdleProfile yielding = load("idle.profile=yielding\n").idleProfile();
        final IdleProfile dedicated = load("idle.profile=dedicated\n").idleProfile();

        assertThat(yielding).isEqualTo(new IdleProfile(IdleStrategyKind.YIELDING, IdleStrategyKind.YIELDING,
            IdleStrategyKind.YIELDING, IdleStrategyKind.YIELDING, WaitStrategyKind.YIELDING));
        assertThat(dedicated).isEqualTo(new IdleProfile(IdleStrategyKind.BUSY_SPIN, IdleStrategyKind.BUSY_SPIN,
            IdleStrategyKind.BUSY_SPIN, IdleStrategyKind.BUSY_SPIN, WaitStrategyKind.BUSY_SPIN));
        assertThat(yielding.fix().create()).isInstanceOf(YieldingIdleStrategy.class);
        assertThat(dedicated.driver().create()).isInstanceOf(BusySpinIdleStrategy.class);
    }

    @Test
    void shouldLetEachHopOverrideTheProfile() throws IOException
    {
        final ServeConfig config = load("idle.profile=shared\nfix.idle=busy-spin\nengine.idle=YIELDING\n" +
            "engine.waitStrategy=yielding\n");

        assertThat(config.idleProfile()).isEqualTo(new IdleProfile(IdleStrategyKind.YIELDING,
            IdleStrategyKind.BUSY_SPIN, IdleStrategyKind.BACKOFF, IdleStrategyKind.BACKOFF, WaitStrategyKind.YIELDING));
        assertThat(config.gatewayContext(config.participants(), dir.toString()).idle())
            .isEqualTo(IdleStrategyKind.BUSY_SPIN);
    }

    @Test
    void shouldRefuseABadValueNamingTheSetting()
    {
        assertThatThrownBy(() -> load("http.idle=spin\n"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("http.idle must be backoff, yielding or busy-spin, not 'spin'");
        assertThatThrownBy(() -> load("idle.profile=fast\n"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("idle.profile must be shared, yielding or dedicated, not 'fast'");
        assertThatThrownBy(() -> load("engine.waitStrategy=LAZY\n"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("engine.waitStrategy must be BLOCKING, SLEEPING, YIELDING or BUSY_SPIN, not 'LAZY'");
    }

    @Test
    void shouldRefuseABadValueSetAfterLoadWhenAskedForTheProfile() throws IOException
    {
        final ServeConfig config = ServeConfig.load(null).set("driver.idle", "sleepy");

        assertThatThrownBy(config::idleProfile)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("driver.idle must be backoff, yielding or busy-spin, not 'sleepy'");
    }

    @Test
    void shouldLayThePipelineByTheMachinesCoresByDefault() throws IOException
    {
        assertThat(ServeConfig.load(null).pipelineLayout()).isEqualTo(PipelineLayout.forThisMachine());
        assertThat(PipelineLayout.forCores(2)).isEqualTo(PipelineLayout.SERIAL);
        assertThat(PipelineLayout.forCores(3)).isEqualTo(PipelineLayout.SERIAL);
        assertThat(PipelineLayout.forCores(4)).isEqualTo(PipelineLayout.PARALLEL);
    }

    @Test
    void shouldTakeEitherPipelineLayoutByName() throws IOException
    {
        assertThat(load("engine.pipeline=parallel\n").pipelineLayout()).isEqualTo(PipelineLayout.PARALLEL);
        assertThat(load("engine.pipeline=SERIAL\n").pipelineLayout()).isEqualTo(PipelineLayout.SERIAL);
    }

    @Test
    void shouldRefuseAnUnknownPipelineLayoutAtLoadNamingTheSetting()
    {
        assertThatThrownBy(() -> load("engine.pipeline=sideways\n"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("engine.pipeline must be serial or parallel (empty: serial below 4 cores), not 'sideways'");
    }

    private ServeConfig load(final String properties) throws IOException
    {
        final Path file = dir.resolve("serve.properties");
        Files.writeString(file, properties);
        return ServeConfig.load(file);
    }
}
