package io.resx.cluster;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Three (or more) cluster members, each a JVM of its own running {@link ClusterNodeMain} on loopback with its own
 * ports, folders and Aeron directory under the test's folder, so that one can be killed with SIGKILL and started
 * again on the same folder.
 */
final class MemberProcesses implements AutoCloseable
{
    private final Path root;
    private final List<String> members;
    private final List<String> extraArgs;
    private final Process[] processes;
    private IntFunction<List<String>> membersSeenBy;

    /**
     * @param root      the test's folder.
     * @param basePort  member i listens from basePort + 10 i.
     * @param count     members.
     * @param extraArgs settings every member gets ({@code --key=value}).
     */
    MemberProcesses(final Path root, final int basePort, final int count, final List<String> extraArgs)
    {
        this.root = root;
        final List<String> list = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            list.add("127.0.0.1:" + (basePort + 10 * i));
        }
        this.members = List.copyOf(list);
        this.extraArgs = List.copyOf(extraArgs);
        this.processes = new Process[count];
        this.membersSeenBy = id -> members;
    }

    /**
     * Gives each member its own member list (a {@link MemberLinkRelay} puts the others on its ports); the ids, the
     * members' own ports and {@link #ingressEndpoints()} stay as they are.
     *
     * @param membersSeenBy the list member {@code id} is started with.
     * @return this.
     */
    MemberProcesses membersSeenBy(final IntFunction<List<String>> membersSeenBy)
    {
        this.membersSeenBy = membersSeenBy;
        return this;
    }

    List<String> members()
    {
        return members;
    }

    String ingressEndpoints()
    {
        return ClusterNodeContext.ingressEndpoints(members);
    }

    Path directory(final int id)
    {
        return root.resolve("node" + id);
    }

    /** Starts member {@code id} (again, on its folder). */
    void start(final int id) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle"))
            {
                command.add(argument);
            }
        }
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClusterNodeMain.class.getName());
        command.add("--id=" + id);
        command.add("--members=" + String.join(",", membersSeenBy.apply(id)));
        command.add("--dir=" + directory(id));
        command.addAll(extraArgs);
        Files.createDirectories(directory(id));
        final File log = directory(id).resolve("member.log").toFile();
        processes[id] = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .start();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to the peers. */
    void kill(final int id) throws InterruptedException
    {
        processes[id].destroyForcibly();
        processes[id].waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: the member's shutdown hook closes it. */
    void stop(final int id) throws InterruptedException
    {
        final Process process = processes[id];
        if (process != null && process.isAlive())
        {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    boolean alive(final int id)
    {
        return processes[id] != null && processes[id].isAlive();
    }

    /** @return the member's log so far, for a failure message. */
    String log(final int id)
    {
        try
        {
            return Files.readString(directory(id).resolve("member.log"));
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex + ")";
        }
    }

    /** @return the lines of the member's state digest file. */
    List<String> digests(final int id) throws IOException
    {
        final Path file = directory(id).resolve("state-digests.txt");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /**
     * @param after lines of member 0's digest file to skip (those before the snapshot being waited for).
     * @return a digest line every member wrote (the same log position, sequence and digest), or null for none yet.
     */
    String agreedDigest(final int after) throws IOException
    {
        final List<String> first = digests(0);
        for (int i = first.size() - 1; i >= after; i--)
        {
            final String line = first.get(i);
            boolean everyMember = true;
            for (int id = 1; id < processes.length; id++)
            {
                everyMember &= digests(id).contains(line);
            }
            if (everyMember)
            {
                return line;
            }
        }
        return null;
    }

    @Override
    public void close()
    {
        try
        {
            for (int i = 0; i < processes.length; i++)
            {
                stop(i);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
