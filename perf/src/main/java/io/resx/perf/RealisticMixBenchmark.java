package io.resx.perf;

import io.resx.engine.matching.MatchingEngine;
import io.resx.perf.workload.CommandRing;
import io.resx.perf.workload.MixSpec;
import io.resx.perf.workload.MixWorkload;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Throughput of the single-threaded matcher on a realistic mix over 1,000 instruments: the figure for the goal
 * of at least 5 million commands a second. The mix and how it stays valid and stationary are described in
 * {@link io.resx.perf.workload.MixGenerator}; the set-up prints the share of each kind of command.
 * <p>
 * One invocation processes a window of {@value #WINDOW} pre-filled commands; refilling the window from the
 * plan happens in a per-invocation set-up, outside the measurement (an invocation lasts milliseconds, so
 * JMH's per-invocation bookkeeping is negligible). Results are commands per second. One {@link EventLog} is
 * reused for every command, as one ring slot would be.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RealisticMixBenchmark extends ForkedBenchmark
{
    /** Commands per invocation. */
    static final int WINDOW = 4096;

    /** Commands in the random part of the plan; the plan loops. */
    @Param({"2000000"})
    public int planCommands;

    private MatchingEngine engine;
    private CommandRing ring;
    private final EventLog events = new EventLog();

    /**
     * Generates the plan, builds the engine and runs one whole pass of the plan, unmeasured, to check that
     * every command is accepted.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final MixWorkload workload = MixWorkload.generate(MixSpec.standard(planCommands));
        System.out.print(workload.describe());
        engine = workload.newFixture().engine();
        ring = new CommandRing(workload.plan(), WINDOW);
        long rejects = 0;
        while (ring.position() < workload.plan().size())
        {
            ring.refill();
            for (int i = 0; i < WINDOW; i++)
            {
                engine.process(ring.command(i), events);
                if (events.get(0).type() == EventType.REJECTED)
                {
                    rejects++;
                }
            }
        }
        if (rejects != 0)
        {
            throw new IllegalStateException(rejects + " commands of the plan were rejected: a workload bug");
        }
    }

    /** Moves the window on; not measured. */
    @Setup(Level.Invocation)
    public void refill()
    {
        ring.refill();
    }

    /**
     * @return events of the last command, so that nothing is dead code.
     */
    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public int mix()
    {
        for (int i = 0; i < WINDOW; i++)
        {
            engine.process(ring.command(i), events);
        }
        return events.size();
    }
}
