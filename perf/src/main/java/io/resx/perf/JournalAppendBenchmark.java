package io.resx.perf;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.command.Side;
import io.resx.replay.ChainHash;
import io.resx.replay.ChronicleCommandJournal;
import io.resx.replay.Durability;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalPosition;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The journal stage's cost per command: {@link ChronicleCommandJournal#append} of a limit order (SBE encode,
 * the SipHash chain, Chronicle's append) in {@code ASYNC} durability, flushed every 64 commands as the
 * pipeline flushes at the end of a batch; and the chain hash alone over a record of the same size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JournalAppendBenchmark extends ForkedBenchmark
{
    private static final int BATCH = 64;

    private final Command order = new Command();
    private final ChainHash hash = new ChainHash(JournalContext.DEFAULT_KEY_0, JournalContext.DEFAULT_KEY_1);
    private final UnsafeBuffer record = new UnsafeBuffer(new byte[256]);
    private Path directory;
    private ChronicleCommandJournal journal;
    private long sequence;
    private long chain;

    /**
     * @throws IOException when the temporary journal folder cannot be made.
     */
    @Setup(Level.Trial)
    public void open() throws IOException
    {
        directory = Files.createTempDirectory("resx-journal-bench");
        journal = ChronicleCommandJournal.open(
            new JournalContext().directory(directory).durability(Durability.ASYNC), JournalPosition.START);
        order.type(CommandType.NEW_ORDER).side(Side.SELL).price(FixedPoint.parse("10.25")).qty(FixedPoint.ONE);
        order.clOrdId().set("OP-A-1-000123");
        order.account().set("OP-A-1");
        order.symbol().set("SPEC.3550-3560.CELL042@2026-12-01T10:00Z/PT1H");
    }

    /**
     * @throws IOException when the journal folder cannot be removed.
     */
    @TearDown(Level.Trial)
    public void close() throws IOException
    {
        journal.close();
        try (Stream<Path> files = Files.walk(directory))
        {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Appends the next command, flushing at the end of each batch of 64. */
    @Benchmark
    public void append()
    {
        order.stamp(++sequence, sequence);
        journal.append(order);
        if ((sequence & (BATCH - 1)) == 0)
        {
            journal.flush();
        }
    }

    /** @return the chain hash over a 243-byte record, the average record of the realistic mix. */
    @Benchmark
    public long chainHash()
    {
        chain = hash.hash(chain, record, 0, 243);
        return chain;
    }
}
