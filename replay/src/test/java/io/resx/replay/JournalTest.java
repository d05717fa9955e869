package io.resx.replay;

import io.resx.protocol.command.Command;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalTest
{
    @TempDir
    Path dir;

    private JournalContext context()
    {
        return new JournalContext().directory(dir.resolve("journal"));
    }

    @Test
    void shouldReadBackEveryCommandInOrderWithItsStamp()
    {
        final JournalContext context = context();
        final JournalPosition end = JournalFixture.write(context, JournalPosition.START, 50);

        final List<Long> sequences = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(context))
        {
            final Command command = new Command();
            while (reader.next())
            {
                reader.command(command);
                final Command expected = JournalFixture.order(reader.sequence());
                assertThat(command.clOrdId().toString()).isEqualTo(expected.clOrdId().toString());
                assertThat(command.price()).isEqualTo(expected.price());
                assertThat(command.timestampNs()).isEqualTo(expected.timestampNs());
                sequences.add(command.sequence());
            }
            assertThat(reader.position()).isEqualTo(new JournalPosition(end.index(), 50,
                JournalFixture.START_NS + 50_000, end.hash()));
        }
        assertThat(sequences).hasSize(50).startsWith(1L, 2L).endsWith(50L);
    }

    @Test
    void shouldCarryTheChainOnAcrossReopeningAndSyncMode()
    {
        final JournalContext context = context().durability(Durability.SYNC).syncEveryCommands(3);
        final JournalPosition first = JournalFixture.write(context, JournalPosition.START, 20);
        JournalFixture.write(context, first, 20);

        try (JournalReader reader = JournalReader.open(context))
        {
            int count = 0;
            while (reader.next())
            {
                count++;
            }
            assertThat(count).isEqualTo(40);
        }
    }

    @Test
    void shouldStartAfterAKnownPositionAndRefuseAPositionOfAnotherJournal()
    {
        final JournalContext context = context();
        JournalFixture.write(context, JournalPosition.START, 30);
        final JournalPosition at10;
        try (JournalReader reader = JournalReader.open(context))
        {
            while (reader.sequence() < 10 && reader.next())
            {
                assertThat(reader.sequence()).isPositive();
            }
            at10 = reader.position();
        }

        try (JournalReader reader = JournalReader.open(context).startAfter(at10))
        {
            assertThat(reader.next()).isTrue();
            assertThat(reader.sequence()).isEqualTo(11);
        }
        final JournalPosition foreign = new JournalPosition(at10.index(), 10, 0, at10.hash() + 1);
        assertThatThrownBy(() -> JournalReader.open(context).startAfter(foreign))
            .isInstanceOfSatisfying(JournalException.class, ex ->
                assertThat(ex.kind()).isEqualTo(JournalException.Kind.SNAPSHOT))
            .hasMessageContaining("another journal");
    }

    @Test
    void shouldDetectAnEditedRecordAndNameIt() throws IOException
    {
        final JournalContext context = context();
        JournalFixture.write(context, JournalPosition.START, 20);
        final Path file = JournalFixture.queueFiles(context.directory()).get(0);
        final long offset = JournalFixture.offsetOf(file, 12);
        final long priceAt = offset + JournalRecord.HEADER_LENGTH + 8 + 32;
        final byte[] price = JournalFixture.read(file, priceAt, 1);
        price[0]++;
        JournalFixture.write(file, priceAt, price);

        assertThat(readAll(context)).isInstanceOfSatisfying(JournalException.class, ex ->
        {
            assertThat(ex.kind()).isEqualTo(JournalException.Kind.CHAIN_BROKEN);
            assertThat(ex.getMessage()).contains("after sequence 11").contains("edited");
        });
    }

    @Test
    void shouldDetectADroppedDocument() throws IOException
    {
        final JournalContext context = context();
        JournalFixture.write(context, JournalPosition.START, 30);
        final Path file = JournalFixture.queueFiles(context.directory()).get(0);
        // The fixture flushes every 10 commands: 11 starts the second document. Chronicle's 4-byte header sits
        // before it: its meta-data bit hides the document (records 11 to 20) from readers.
        final long headerAt = JournalFixture.offsetOf(file, 11) - 4;
        final byte[] header = JournalFixture.read(file, headerAt, 4);
        header[3] |= 0x40;
        JournalFixture.write(file, headerAt, header);

        assertThat(readAll(context)).isInstanceOfSatisfying(JournalException.class, ex ->
        {
            assertThat(ex.kind()).isEqualTo(JournalException.Kind.CHAIN_BROKEN);
            assertThat(ex.getMessage()).contains("after sequence 10").contains("dropped");
        });
    }

    @Test
    void shouldWriteABatchAsOneDocumentAndFindAnEditToAnyOfItsRecords() throws IOException
    {
        final JournalContext context = context();
        JournalFixture.write(context, JournalPosition.START, 20);
        final Path file = JournalFixture.queueFiles(context.directory()).get(0);
        // Records 11 to 20 follow one another in one document: no Chronicle header between them.
        for (long sequence = 12; sequence <= 20; sequence++)
        {
            final long previous = JournalFixture.offsetOf(file, sequence - 1);
            assertThat(previous + JournalFixture.recordLength(file, previous))
                .isEqualTo(JournalFixture.offsetOf(file, sequence));
        }
        try (JournalReader reader = JournalReader.open(context))
        {
            final java.util.Set<Long> indices = new java.util.HashSet<>();
            while (reader.next())
            {
                indices.add(reader.position().index());
            }
            assertThat(indices).hasSize(2);
        }

        // Edit the quantity of record 15, in the middle of the document: the chain breaks there, not before.
        final long offset = JournalFixture.offsetOf(file, 15);
        final long at = offset + JournalRecord.HEADER_LENGTH + 8 + 40;
        final byte[] bytes = JournalFixture.read(file, at, 1);
        bytes[0] ^= 0x01;
        JournalFixture.write(file, at, bytes);
        final List<Long> read = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(context))
        {
            assertThatThrownBy(() ->
            {
                while (reader.next())
                {
                    read.add(reader.sequence());
                }
            }).isInstanceOfSatisfying(JournalException.class, ex ->
            {
                assertThat(ex.kind()).isEqualTo(JournalException.Kind.CHAIN_BROKEN);
                assertThat(ex.getMessage()).contains("after sequence 14").contains("edited");
            });
        }
        assertThat(read).hasSize(14).endsWith(14L);
    }

    @Test
    void shouldReadAJournalOfVersionOneRecordsOneDocumentEachAndCarryOnInBatches()
    {
        final JournalContext context = context();
        // What ResX wrote before batch documents: version 1, one record per document.
        JournalPosition end = JournalPosition.START;
        final ChainHash chain = context.chainHash();
        final io.resx.protocol.codec.CommandCodec codec = new io.resx.protocol.codec.CommandCodec();
        final org.agrona.concurrent.UnsafeBuffer record = new org.agrona.concurrent.UnsafeBuffer(new byte[1024]);
        try (SingleChronicleQueue queue = JournalFiles.open(context, false);
            ExcerptAppender appender = queue.createAppender())
        {
            long hash = ChainHash.GENESIS;
            for (long sequence = 1; sequence <= 5; sequence++)
            {
                final Command command = JournalFixture.order(sequence);
                final int body = codec.encode(command, record, JournalRecord.HEADER_LENGTH);
                record.putByte(JournalRecord.VERSION_OFFSET, (byte)1);
                record.putByte(JournalRecord.TYPE_OFFSET, (byte)JournalRecord.COMMAND);
                record.putShort(2, (short)0);
                record.putInt(JournalRecord.BODY_LENGTH_OFFSET, body, java.nio.ByteOrder.LITTLE_ENDIAN);
                record.putLong(JournalRecord.SEQUENCE_OFFSET, sequence, java.nio.ByteOrder.LITTLE_ENDIAN);
                record.putLong(JournalRecord.TIMESTAMP_OFFSET, command.timestampNs(), java.nio.ByteOrder.LITTLE_ENDIAN);
                hash = chain.hash(hash, record, 0, JournalRecord.HEADER_LENGTH + body);
                record.putLong(JournalRecord.HEADER_LENGTH + body, hash, java.nio.ByteOrder.LITTLE_ENDIAN);
                try (DocumentContext document = appender.writingDocument())
                {
                    document.wire().bytes().write(record.byteArray(), 0, JournalRecord.length(body));
                }
                end = new JournalPosition(appender.lastIndexAppended(), sequence, command.timestampNs(), hash);
            }
        }
        final JournalPosition at3;
        try (JournalReader reader = JournalReader.open(context))
        {
            while (reader.sequence() < 3 && reader.next())
            {
                assertThat(reader.sequence()).isPositive();
            }
            at3 = reader.position();
        }
        JournalFixture.write(context, end, 15);

        try (JournalReader reader = JournalReader.open(context).startAfter(at3))
        {
            final Command command = new Command();
            final List<Long> sequences = new ArrayList<>();
            while (reader.next())
            {
                sequences.add(reader.command(command).sequence());
                assertThat(command.clOrdId().toString()).isEqualTo("c" + reader.sequence());
            }
            assertThat(sequences).hasSize(17).startsWith(4L, 5L, 6L).endsWith(20L);
        }
    }

    @Test
    void shouldDetectReorderedRecords() throws IOException
    {
        final JournalContext context = context();
        JournalFixture.write(context, JournalPosition.START, 20);
        final Path file = JournalFixture.queueFiles(context.directory()).get(0);
        final long at4 = JournalFixture.offsetOf(file, 4);
        final long at5 = JournalFixture.offsetOf(file, 5);
        final int length = JournalFixture.recordLength(file, at4);
        assertThat(JournalFixture.recordLength(file, at5)).isEqualTo(length);
        final byte[] four = JournalFixture.read(file, at4, length);
        final byte[] five = JournalFixture.read(file, at5, length);
        JournalFixture.write(file, at4, five);
        JournalFixture.write(file, at5, four);

        assertThat(readAll(context)).isInstanceOfSatisfying(JournalException.class, ex ->
        {
            assertThat(ex.kind()).isEqualTo(JournalException.Kind.CHAIN_BROKEN);
            assertThat(ex.getMessage()).contains("after sequence 3");
        });
    }

    @Test
    void shouldRefuseARecordOfAnUnknownVersion() throws IOException
    {
        final JournalContext context = context();
        JournalFixture.write(context, JournalPosition.START, 5);
        final Path file = JournalFixture.queueFiles(context.directory()).get(0);
        JournalFixture.write(file, JournalFixture.offsetOf(file, 3), new byte[] {3});

        assertThat(readAll(context)).isInstanceOfSatisfying(JournalException.class, ex ->
        {
            assertThat(ex.kind()).isEqualTo(JournalException.Kind.UNKNOWN_VERSION);
            assertThat(ex.getMessage()).contains("format version 3").contains("reads versions 1 to 2");
        });
    }

    @Test
    void shouldReportATornLastRecordAndSkipItOnceCut()
    {
        final JournalContext context = context();
        final JournalPosition end = JournalFixture.write(context, JournalPosition.START, 10);
        appendTornRecord(context);

        assertThat(readAll(context)).isInstanceOfSatisfying(JournalException.class, ex ->
        {
            assertThat(ex.kind()).isEqualTo(JournalException.Kind.TORN_TAIL);
            assertThat(ex.getMessage()).contains("after sequence 10").contains("torn");
        });

        final long tornIndex;
        try (JournalReader reader = JournalReader.open(context))
        {
            while (true)
            {
                try
                {
                    if (!reader.next())
                    {
                        throw new AssertionError("torn record not seen");
                    }
                }
                catch (final JournalException ex)
                {
                    break;
                }
            }
            tornIndex = reader.badIndex();
            assertThat(reader.position()).isEqualTo(new JournalPosition(end.index(), 10,
                JournalFixture.START_NS + 10_000, end.hash()));
        }
        final JournalPosition cut;
        try (ChronicleCommandJournal journal = ChronicleCommandJournal.open(context, end))
        {
            journal.cut(tornIndex, 0);
            cut = journal.position();
        }
        JournalFixture.write(context, cut, 5);

        try (JournalReader reader = JournalReader.open(context))
        {
            int count = 0;
            while (reader.next())
            {
                count++;
            }
            assertThat(count).isEqualTo(15);
            assertThat(reader.sequence()).isEqualTo(15);
            assertThat(reader.cuts()).singleElement().asString().contains("after sequence 10");
        }
    }

    @Test
    void shouldTellAMissingJournalFromAnEmptyOne() throws IOException
    {
        final JournalContext context = context();
        assertThatThrownBy(() -> JournalReader.open(context)).isInstanceOfSatisfying(JournalException.class, ex ->
            assertThat(ex.kind()).isEqualTo(JournalException.Kind.MISSING));

        Files.createDirectories(context.directory());
        assertThatThrownBy(() -> JournalReader.open(context)).isInstanceOfSatisfying(JournalException.class, ex ->
            assertThat(ex.kind()).isEqualTo(JournalException.Kind.EMPTY));
    }

    @Test
    void shouldRollIntoANewFileEachPeriodAndReadAcrossThem() throws IOException
    {
        final SetTimeProvider clock = new SetTimeProvider(TimeUnit.NANOSECONDS.toMillis(JournalFixture.START_NS));
        final JournalContext context = context().roll(JournalRoll.FIVE_MINUTELY).timeProvider(clock);
        JournalPosition end = JournalPosition.START;
        for (int period = 0; period < 3; period++)
        {
            end = JournalFixture.write(context, end, 10);
            clock.advanceMillis(TimeUnit.MINUTES.toMillis(5));
        }

        assertThat(JournalFixture.queueFiles(context.directory())).hasSize(3);
        try (JournalReader reader = JournalReader.open(context))
        {
            int count = 0;
            while (reader.next())
            {
                count++;
            }
            assertThat(count).isEqualTo(30);
        }
    }

    @Test
    void shouldDeleteOnlyFilesPastRetentionThatASnapshotCovers() throws IOException
    {
        final SetTimeProvider clock = new SetTimeProvider(TimeUnit.NANOSECONDS.toMillis(JournalFixture.START_NS));
        final JournalContext context = context().roll(JournalRoll.FIVE_MINUTELY).timeProvider(clock)
            .retention(java.time.Duration.ofMinutes(1));
        final List<JournalPosition> ends = new ArrayList<>();
        JournalPosition end = JournalPosition.START;
        for (int period = 0; period < 3; period++)
        {
            end = JournalFixture.write(context, end, 10);
            ends.add(end);
            clock.advanceMillis(TimeUnit.MINUTES.toMillis(5));
        }

        assertThat(JournalRetention.apply(context, ends.get(0))).isEmpty();
        assertThat(JournalRetention.apply(context, ends.get(1))).hasSize(1);
        assertThat(JournalFixture.queueFiles(context.directory())).hasSize(2);
        assertThat(JournalRetention.apply(context, ends.get(2))).hasSize(1);
        assertThat(JournalFixture.queueFiles(context.directory())).hasSize(1);

        assertThatThrownBy(() -> JournalReader.open(context).startAfter(ends.get(1)))
            .hasMessageContaining("no longer holds the record of sequence 20");
        assertThat(readAll(context)).isInstanceOfSatisfying(JournalException.class, ex ->
        {
            assertThat(ex.kind()).isEqualTo(JournalException.Kind.OUT_OF_RANGE);
            assertThat(ex.getMessage()).contains("starts at sequence 21").contains("retention");
        });
    }

    private static Throwable readAll(final JournalContext context)
    {
        try (JournalReader reader = JournalReader.open(context))
        {
            final Command command = new Command();
            while (reader.next())
            {
                reader.command(command);
            }
            return null;
        }
        catch (final JournalException ex)
        {
            return ex;
        }
    }

    private static void appendTornRecord(final JournalContext context)
    {
        // What a crash mid-write leaves when the document's header reached the disk and its body did not.
        try (SingleChronicleQueue queue = JournalFiles.open(context, false);
            ExcerptAppender appender = queue.createAppender();
            DocumentContext document = appender.writingDocument())
        {
            document.wire().bytes().write(new byte[] {JournalRecord.VERSION, JournalRecord.COMMAND, 0, 0, 90, 0, 0});
        }
    }
}
