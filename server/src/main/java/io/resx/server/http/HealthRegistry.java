package io.resx.server.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The parts {@code /health} reports on: journal, engine, gateways, chain link. Any part of the server registers a
 * check under a name (registering a name again replaces its check), so the settlement bridge adds "chain" when a
 * chain is configured. The server is ready when every check is {@link Status#UP}; a part that is
 * {@link Status#NOT_CONFIGURED} (no chain set up) is reported but does not make it unready, since nothing
 * waits on it. Thread-safe.
 */
public final class HealthRegistry
{
    /** A part's state. */
    public enum Status
    {
        /** Working. */
        UP,
        /** Configured but not working: the server is not ready. */
        DOWN,
        /** Working but behind or short of something (a stuck settlement batch, low gas money): reported, the
         * server stays ready. */
        DEGRADED,
        /** Not set up in this configuration: reported, does not affect readiness. */
        NOT_CONFIGURED
    }

    /**
     * One check's answer.
     *
     * @param status the state.
     * @param detail a human line saying why.
     */
    public record Check(Status status, String detail)
    {
        /**
         * @param up     whether the part works.
         * @param detail why.
         * @return UP or DOWN with the detail.
         */
        public static Check of(final boolean up, final String detail)
        {
            return new Check(up ? Status.UP : Status.DOWN, detail);
        }
    }

    private final Map<String, Supplier<Check>> checks = new ConcurrentHashMap<>();
    private final Map<String, Integer> order = new ConcurrentHashMap<>();

    /**
     * @param name  the part ("journal", "engine", "gateways", "chain", ...).
     * @param check asked on every {@code /health}; must be quick and must not throw.
     */
    public void register(final String name, final Supplier<Check> check)
    {
        order.putIfAbsent(name, order.size());
        checks.put(name, check);
    }

    /** @return every part's check now, in registration order. */
    public Map<String, Check> checkAll()
    {
        final Map<String, Check> all = new LinkedHashMap<>();
        order.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e ->
        {
            Check check;
            try
            {
                check = checks.get(e.getKey()).get();
            }
            catch (final RuntimeException ex)
            {
                check = new Check(Status.DOWN, "check failed: " + ex);
            }
            all.put(e.getKey(), check);
        });
        return all;
    }

    /**
     * @param all checks from {@link #checkAll()}.
     * @return whether none is DOWN.
     */
    public static boolean ready(final Map<String, Check> all)
    {
        return all.values().stream().noneMatch(c -> c.status() == Status.DOWN);
    }

    /**
     * @param all checks from {@link #checkAll()}.
     * @return DOWN when one is DOWN, else DEGRADED when one is DEGRADED, else UP.
     */
    public static Status overall(final Map<String, Check> all)
    {
        return !ready(all) ? Status.DOWN :
            all.values().stream().anyMatch(c -> c.status() == Status.DEGRADED) ? Status.DEGRADED : Status.UP;
    }
}
