package io.resx.perf.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * exchange-core in its own JVM ({@code perf/peer-exchange-core/target/peer-exchange-core.jar}, its own
 * classpath: Disruptor 3, Chronicle 2.19, Agrona 1.4), spoken to over its stdin/stdout line protocol (see
 * {@code io.resx.peer.PeerMain}), optionally with exchange-core's disk journal. Its stderr goes to this process's
 * stderr.
 * <p>
 * Between requests the process is stopped ({@code SIGSTOP}) and it is continued ({@code SIGCONT}) for the next:
 * exchange-core's idle stages spin and yield, and on a 2-core machine an idle peer would take CPU from whichever
 * engine is being measured. Each request times itself inside the peer, so the pauses are outside every figure.
 */
final class PeerProcess implements AutoCloseable
{
    /** Opens exchange-core's old Chronicle needs on Java 17. */
    static final List<String> JVM_FLAGS = List.of(
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch");

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;

    /** Result of one peer run. */
    record Run(int commands, long elapsedNs, long failures, long[] latencyNs)
    {
        double perSecond()
        {
            return commands * 1e9 / elapsedNs;
        }
    }

    /**
     * Starts the peer and waits until it has loaded the workload.
     *
     * @param java     the java launcher to use.
     * @param jar      the peer's shaded jar.
     * @param workload the workload directory.
     * @param journal  the folder for exchange-core's disk journal (fresh), or null for none.
     * @throws IOException when it cannot start or does not come up.
     */
    PeerProcess(final String java, final Path jar, final Path workload, final Path journal) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_FLAGS);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--workload");
        command.add(workload.toString());
        if (journal != null)
        {
            command.add("--journal");
            command.add(journal.toString());
        }
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII), true);
        expect("@ready");
        signal("STOP");
    }

    /**
     * @param commands benchmark commands to time, from the first.
     * @return the run.
     * @throws IOException when the peer fails.
     */
    Run throughput(final int commands) throws IOException
    {
        signal("CONT");
        in.println("throughput " + commands);
        final String[] f = expect("@throughput");
        signal("STOP");
        return new Run(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), null);
    }

    /**
     * @param commands      benchmark commands to send, from the first.
     * @param ratePerSecond offered rate.
     * @return the run with p50, p90, p99, p99.9, p99.99 and max latency in ns.
     * @throws IOException when the peer fails.
     */
    Run latency(final int commands, final long ratePerSecond) throws IOException
    {
        signal("CONT");
        in.println("latency " + ratePerSecond + " " + commands);
        final String[] f = expect("@latency");
        signal("STOP");
        final long[] latency = new long[6];
        for (int i = 0; i < latency.length; i++)
        {
            latency[i] = Long.parseLong(f[5 + i]);
        }
        return new Run(Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), latency);
    }

    /**
     * @return the peer's book now, in its own units.
     * @throws IOException when the peer fails.
     */
    L2Book book() throws IOException
    {
        signal("CONT");
        in.println("book");
        final List<L2Book.Level> asks = new ArrayList<>();
        final List<L2Book.Level> bids = new ArrayList<>();
        for (String line = out.readLine(); line != null && !line.equals("@end"); line = out.readLine())
        {
            final String[] f = line.split(" ");
            if (!"@book".equals(f[0]))
            {
                continue;
            }
            final L2Book.Level level = new L2Book.Level(Long.parseLong(f[2]), Long.parseLong(f[3]),
                Long.parseLong(f[4]));
            ("ASK".equals(f[1]) ? asks : bids).add(level);
        }
        signal("STOP");
        return new L2Book(asks, bids);
    }

    private String[] expect(final String tag) throws IOException
    {
        for (String line = out.readLine(); line != null; line = out.readLine())
        {
            if (line.startsWith(tag))
            {
                return line.split(" ");
            }
            if (line.startsWith("@error"))
            {
                throw new IOException("peer: " + line);
            }
        }
        throw new IOException("the peer process ended (exit " + (process.isAlive() ? "?" : process.exitValue()) +
            ") before answering " + tag + "; its stderr is above");
    }

    /** Sends a signal to the peer's JVM ({@code kill -STOP|-CONT pid}) and waits until it is delivered. */
    private void signal(final String name) throws IOException
    {
        final Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
            .redirectErrorStream(true).start();
        try
        {
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0)
            {
                throw new IOException("kill -" + name + " " + process.pid() + " failed");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted signalling the peer", ex);
        }
    }

    @Override
    public void close()
    {
        try
        {
            signal("CONT");
        }
        catch (final IOException ex)
        {
            process.destroyForcibly();
            return;
        }
        in.println("quit");
        try
        {
            if (!process.waitFor(20, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
