package io.resx.perf;

import io.resx.engine.pipeline.CommandFiller;
import io.resx.engine.pipeline.EventSink;
import io.resx.engine.pipeline.ExchangePipeline;
import io.resx.engine.pipeline.PipelineContext;
import io.resx.engine.pipeline.Sequencer;
import io.resx.engine.pipeline.WaitStrategyKind;
import io.resx.perf.workload.CommandRing;
import io.resx.perf.workload.MixSpec;
import io.resx.perf.workload.MixWorkload;
import io.resx.protocol.codec.CommandCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.replay.ChainHash;
import io.resx.replay.ChronicleCommandJournal;
import io.resx.replay.JournalContext;
import io.resx.replay.JournalPosition;
import io.resx.replay.JournalReader;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Journal and replay speed on the realistic mix: (1) the chain hash against SHA-256 on real record bytes,
 * (2) appending the plan to a Chronicle Queue journal (async), (3) reading it back — every record's version,
 * chain hash and sequence verified and its command decoded — and (4) replaying it through the full pipeline
 * (reader → sequencer → engine → publisher with a counting sink). The replay starts from the plan's fixture
 * engine (instruments listed, accounts open), as {@code resx replay} would from a snapshot.
 * <p>
 * Run: {@code java <flags> -cp perf/target/benchmarks.jar io.resx.perf.JournalReplayHarness --rounds 5}.
 */
public final class JournalReplayHarness
{
    private static final String USAGE = "JournalReplayHarness [--rounds 5] [--commands 2000000] " +
        "[--plan-commands 2000000] [--dir /tmp] [--wait YIELDING] [--ring-size 256]";
    private static final CommandFiller<Command> COPY = Command::copyFrom;

    private JournalReplayHarness()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     * @throws Exception when the journal cannot be written or read.
     */
    public static void main(final String[] args) throws Exception
    {
        final HarnessArgs options = new HarnessArgs(args, USAGE, "rounds", "commands", "plan-commands", "dir",
            "wait", "ring-size");
        final int ringSize = options.intValue("ring-size", PipelineContext.DEFAULT_RING_SIZE);
        final int rounds = options.intValue("rounds", 5);
        final int commands = options.intValue("commands", 2_000_000);
        final WaitStrategyKind wait = WaitStrategyKind.valueOf(options.stringValue("wait", "YIELDING"));
        final MixWorkload workload = MixWorkload.generate(MixSpec.standard(options.intValue("plan-commands",
            MixSpec.STANDARD_MIX_COMMANDS)));
        System.out.print(workload.describe());
        System.out.println(Environment.describe());
        final Path dir = Files.createTempDirectory(Path.of(options.stringValue("dir",
            System.getProperty("java.io.tmpdir"))), "resx-journal-bench");
        final JournalContext context = new JournalContext().directory(dir.resolve("journal"));
        try
        {
            compareHashes(workload, rounds);
            write(workload, context, commands);
            final double[] read = new double[rounds];
            final double[] replay = new double[rounds];
            for (int r = 0; r < rounds; r++)
            {
                read[r] = readBack(context, commands);
                replay[r] = replay(workload, context, commands, wait, ringSize);
                System.out.printf(Locale.ROOT, "round %d: read back %,12.0f commands/s, full pipeline %,12.0f " +
                    "commands/s%n", r + 1, read[r], replay[r]);
            }
            System.out.printf(Locale.ROOT, "median: read back %,.0f commands/s, full pipeline (%s, ring %d) %,.0f " +
                "commands/s%n", median(read), wait, ringSize, median(replay));
        }
        finally
        {
            delete(dir);
        }
    }

    private static void compareHashes(final MixWorkload workload, final int rounds) throws NoSuchAlgorithmException
    {
        final CommandRing ring = new CommandRing(workload.plan(), 4_096);
        ring.refill();
        final CommandCodec codec = new CommandCodec();
        final UnsafeBuffer[] records = new UnsafeBuffer[ring.size()];
        final int[] lengths = new int[ring.size()];
        long bytes = 0;
        for (int i = 0; i < ring.size(); i++)
        {
            records[i] = new UnsafeBuffer(new byte[CommandCodec.MAX_ENCODED_LENGTH + 24]);
            lengths[i] = 24 + codec.encode(ring.command(i), records[i], 24);
            bytes += lengths[i];
        }
        final ChainHash sip = new ChainHash(1, 2);
        final MessageDigest sha = MessageDigest.getInstance("SHA-256");
        final byte[] digest = new byte[32];
        final int passes = 500;
        for (int r = 0; r < rounds; r++)
        {
            long hash = ChainHash.GENESIS;
            long startNs = System.nanoTime();
            for (int p = 0; p < passes; p++)
            {
                for (int i = 0; i < records.length; i++)
                {
                    hash = sip.hash(hash, records[i], 0, lengths[i]);
                }
            }
            final double sipNs = (System.nanoTime() - startNs) / (double)(passes * records.length);
            startNs = System.nanoTime();
            for (int p = 0; p < passes; p++)
            {
                for (int i = 0; i < records.length; i++)
                {
                    sha.update(digest);
                    sha.update(records[i].byteArray(), 0, lengths[i]);
                    try
                    {
                        sha.digest(digest, 0, 32);
                    }
                    catch (final java.security.DigestException ex)
                    {
                        throw new IllegalStateException(ex);
                    }
                }
            }
            final double shaNs = (System.nanoTime() - startNs) / (double)(passes * records.length);
            System.out.printf(Locale.ROOT, "hash round %d: records of %.0f bytes on average: SipHash-2-4 %.1f ns, " +
                "SHA-256 %.1f ns per record (%x)%n", r + 1, bytes / (double)records.length, sipNs, shaNs,
                hash ^ digest[0]);
        }
    }

    private static void write(final MixWorkload workload, final JournalContext context, final int commands)
    {
        final CommandRing ring = new CommandRing(workload.plan(), 65_536);
        final Command stamped = new Command();
        final long startNs = System.nanoTime();
        try (ChronicleCommandJournal journal = ChronicleCommandJournal.open(context, JournalPosition.START))
        {
            int index = ring.size();
            for (int n = 1; n <= commands; n++)
            {
                if (index == ring.size())
                {
                    ring.refill();
                    index = 0;
                }
                stamped.copyFrom(ring.command(index++)).stamp(n, 1_796_119_200_000_000_000L + n);
                journal.append(stamped);
                if ((n & 1023) == 0)
                {
                    journal.flush();
                }
            }
        }
        final double perSecond = commands * 1e9 / (System.nanoTime() - startNs);
        System.out.printf(Locale.ROOT, "wrote %,d commands (async, plan refill included): %,.0f commands/s, %s%n",
            commands, perSecond, size(context.directory()));
    }

    private static double readBack(final JournalContext context, final int commands)
    {
        final Command command = new Command();
        final long startNs = System.nanoTime();
        long count = 0;
        try (JournalReader reader = JournalReader.open(context))
        {
            while (reader.next())
            {
                reader.command(command);
                count++;
            }
        }
        check(count, commands);
        return count * 1e9 / (System.nanoTime() - startNs);
    }

    private static double replay(final MixWorkload workload, final JournalContext context, final int commands,
        final WaitStrategyKind wait, final int ringSize)
    {
        final AtomicLong published = new AtomicLong();
        final EventSink sink = new EventSink()
        {
            private long count;

            @Override
            public void onOutcome(final Command command, final EventLog events)
            {
                count++;
            }

            @Override
            public void endOfBatch()
            {
                published.lazySet(count);
            }
        };
        final PipelineContext pipelineContext = new PipelineContext().engine(workload.newFixture().engine())
            .sink(sink).waitStrategy(wait).ringSize(ringSize);
        final Command decoded = new Command();
        final long startNs = System.nanoTime();
        long count = 0;
        try (JournalReader reader = JournalReader.open(context);
            ExchangePipeline pipeline = new ExchangePipeline(pipelineContext))
        {
            final Sequencer sequencer = pipeline.sequencer();
            while (reader.next())
            {
                reader.command(decoded);
                sequencer.submit(COPY, decoded);
                count++;
            }
            while (published.get() < count)
            {
                Thread.onSpinWait();
            }
        }
        check(count, commands);
        return count * 1e9 / (System.nanoTime() - startNs);
    }

    private static void check(final long count, final int commands)
    {
        if (count != commands)
        {
            throw new IllegalStateException("read " + count + " commands, wrote " + commands);
        }
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String size(final Path dir)
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            final long bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            return String.format(Locale.ROOT, "%,d MB of files (sparse, pre-allocated)", bytes >> 20);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void delete(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
