package io.resx.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one cluster member until the process is stopped:
 * <pre>
 *   java -cp ... io.resx.cluster.ClusterNodeMain --id=0 --members=127.0.0.1:20000,127.0.0.1:20010,127.0.0.1:20020 \
 *       --dir=data/node0 [--tick-ms=1000] [--clock-offset-ns=0] [--operator-secret=...] [--term-length=1048576]
 *       [--heartbeat-timeout-ms=500] [--heartbeat-interval-ms=50] [--election-timeout-ms=250]
 *       [--aeron-dir=/dev/shm/resx-node0] [--audit=true]
 * </pre>
 * The heartbeat interval and election timeout default to a tenth and a half of the heartbeat timeout.
 * {@code resx serve --cluster} runs the same member with its settings from the config file. A member whose state
 * diverges from the leader's halts the process with exit code {@value #DIVERGED_EXIT}.
 */
public final class ClusterNodeMain
{
    /** Exit code of a member that found its state differs from the leader's. */
    public static final int DIVERGED_EXIT = 70;

    private ClusterNodeMain()
    {
    }

    /**
     * @param args {@code --key=value} settings, see the class comment.
     * @throws InterruptedException when interrupted while running.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final ClusterNodeContext context = parse(args);
        final CountDownLatch stopped = new CountDownLatch(1);
        try (ClusterNode node = ClusterNode.launch(context,
            line -> System.out.println("resx-cluster[" + context.memberId() + "] " + line),
            problem ->
            {
                System.err.println("resx-cluster[" + context.memberId() + "] " + problem);
                System.err.flush();
                Runtime.getRuntime().halt(DIVERGED_EXIT);
            }))
        {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "resx-cluster-stop"));
            System.out.println("resx-cluster[" + context.memberId() + "] started: members " + node.context().members() +
                ", folder " + context.directory().toAbsolutePath());
            System.out.flush();
            stopped.await();
        }
    }

    static ClusterNodeContext parse(final String[] args)
    {
        final Map<String, String> settings = new HashMap<>();
        for (final String arg : args)
        {
            final int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0)
            {
                throw new IllegalArgumentException("expected --key=value, got " + arg);
            }
            settings.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        final ClusterNodeContext context = new ClusterNodeContext()
            .memberId(Integer.parseInt(required(settings, "id")))
            .members(Arrays.asList(required(settings, "members").split(",")))
            .directory(Path.of(required(settings, "dir")))
            .tick(Duration.ofMillis(Long.parseLong(settings.getOrDefault("tick-ms", "1000"))))
            .clockOffsetNs(Long.parseLong(settings.getOrDefault("clock-offset-ns", "0")))
            .operatorSecret(settings.getOrDefault("operator-secret", ""))
            .termLength(Integer.parseInt(settings.getOrDefault("term-length", String.valueOf(1 << 20))))
            .audit(Boolean.parseBoolean(settings.getOrDefault("audit", "true")));
        if (settings.containsKey("heartbeat-timeout-ms"))
        {
            final Duration timeout = Duration.ofMillis(Long.parseLong(settings.get("heartbeat-timeout-ms")));
            context.failureDetection(timeout, timeout.dividedBy(10), timeout.dividedBy(2));
        }
        context.failureDetection(context.heartbeatTimeout(),
            millis(settings, "heartbeat-interval-ms", context.heartbeatInterval()),
            millis(settings, "election-timeout-ms", context.electionTimeout()));
        if (settings.containsKey("aeron-dir"))
        {
            context.aeronDirectory(Path.of(settings.get("aeron-dir")));
        }
        if (context.memberId() < 0 || context.memberId() >= context.members().size())
        {
            throw new IllegalArgumentException("--id=" + context.memberId() + " is not a place in --members (0.." +
                (context.members().size() - 1) + ")");
        }
        return context;
    }

    private static Duration millis(final Map<String, String> settings, final String key, final Duration otherwise)
    {
        return settings.containsKey(key) ? Duration.ofMillis(Long.parseLong(settings.get(key))) : otherwise;
    }

    private static String required(final Map<String, String> settings, final String key)
    {
        final String value = settings.get(key);
        if (value == null)
        {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return value;
    }
}
