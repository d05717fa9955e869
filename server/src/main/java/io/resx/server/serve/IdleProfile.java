package io.resx.server.serve;

import io.resx.engine.pipeline.WaitStrategyKind;
import io.resx.gateway.common.IdleStrategyKind;

import java.util.Locale;

/**
 * How each hop of the order path waits when it has no work, for one deployment: the engine's input agent
 * ({@code engine.idle}), the FIX gateway's agent ({@code fix.idle}), the HTTP API gateway's agent ({@code
 * http.idle}), the embedded media driver ({@code driver.idle}) and the pipeline ring ({@code engine.waitStrategy}).
 * {@code idle.profile} gives them all at once; a hop's own setting, when not empty, overrides it.
 * <ul>
 *   <li>{@code shared} (default): back-off and a blocking ring. Idle threads cost no CPU, which a machine with
 *       fewer cores than threads (a 2-core box runs six) needs; a hop that was idle wakes in up to ~100 µs.</li>
 *   <li>{@code yielding}: agents and ring yield. Wake-up in about a microsecond when a core is free; idle threads
 *       keep the cores busy but give them up to any thread with work.</li>
 *   <li>{@code dedicated}: agents and ring busy-spin. Only for a machine with a core per hop (six or more).</li>
 * </ul>
 *
 * @param engine   the engine's input agent.
 * @param fix      the FIX gateway's outcome agent.
 * @param http     the HTTP API gateway's outcome agent.
 * @param driver   the embedded media driver (shared threading mode: one thread).
 * @param pipeline the pipeline ring's stages.
 */
public record IdleProfile(IdleStrategyKind engine, IdleStrategyKind fix, IdleStrategyKind http,
    IdleStrategyKind driver, WaitStrategyKind pipeline)
{
    /** Back-off everywhere and a blocking ring: the defaults. */
    public static final IdleProfile SHARED = uniform(IdleStrategyKind.BACKOFF, WaitStrategyKind.BLOCKING);

    private static IdleProfile uniform(final IdleStrategyKind agents, final WaitStrategyKind ring)
    {
        return new IdleProfile(agents, agents, agents, agents, ring);
    }

    /**
     * @param config the settings.
     * @return the profile {@code idle.profile} names, with each hop's non-empty override applied.
     * @throws IllegalArgumentException naming the setting when a value is not one of its kinds.
     */
    public static IdleProfile of(final ServeConfig config)
    {
        final IdleProfile base = named(config.get("idle.profile"));
        return new IdleProfile(
            hop(config, "engine.idle", base.engine),
            hop(config, "fix.idle", base.fix),
            hop(config, "http.idle", base.http),
            hop(config, "driver.idle", base.driver),
            ring(config.get("engine.waitStrategy"), base.pipeline));
    }

    private static IdleProfile named(final String profile)
    {
        return switch (profile.toLowerCase(Locale.ROOT))
        {
            case "shared" -> SHARED;
            case "yielding" -> uniform(IdleStrategyKind.YIELDING, WaitStrategyKind.YIELDING);
            case "dedicated" -> uniform(IdleStrategyKind.BUSY_SPIN, WaitStrategyKind.BUSY_SPIN);
            default -> throw new IllegalArgumentException(
                "idle.profile must be shared, yielding or dedicated, not '" + profile + "'");
        };
    }

    private static IdleStrategyKind hop(final ServeConfig config, final String key, final IdleStrategyKind fallback)
    {
        final String value = config.get(key);
        return value.isEmpty() ? fallback : IdleStrategyKind.parse(key, value);
    }

    private static WaitStrategyKind ring(final String value, final WaitStrategyKind fallback)
    {
        if (value.isEmpty())
        {
            return fallback;
        }
        try
        {
            return WaitStrategyKind.valueOf(value.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("engine.waitStrategy must be BLOCKING, SLEEPING, YIELDING or " +
                "BUSY_SPIN, not '" + value + "'", ex);
        }
    }

    /** @return one line for the start-up log. */
    public String describe()
    {
        return "engine " + engine.settingValue() + ", fix " + fix.settingValue() + ", http " + http.settingValue() +
            ", driver " + driver.settingValue() + ", pipeline " + pipeline;
    }
}
