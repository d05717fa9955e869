package io.resx.replay;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotStoreTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRoundTripThePositionAndEverySectionAndListNewestFirst()
    {
        final SnapshotStore snapshots = new SnapshotStore(new JournalContext().directory(dir));
        snapshots.write(new JournalPosition(7, 9, 99, 1234), sections());
        final Path newest = snapshots.write(new JournalPosition(70, 90, 990, 5678), sections());

        assertThat(snapshots.files()).hasSize(2).first().isEqualTo(newest);
        final Snapshot snapshot = snapshots.read(newest);
        assertThat(snapshot.position()).isEqualTo(new JournalPosition(70, 90, 990, 5678));
        assertThat(snapshot.sections()).containsOnlyKeys("accounts", "engine");
        assertThat(snapshot.section("engine").version()).isEqualTo(3);
        assertThat(snapshot.section("engine").bytes().getStringWithoutLengthAscii(
            snapshot.section("engine").offset(), 5)).isEqualTo("books");
        assertThatThrownBy(() -> snapshot.section("risk")).hasMessageContaining("has no section 'risk'");

        snapshots.prune(1);
        assertThat(snapshots.files()).containsExactly(newest);
    }

    @Test
    void shouldRefuseASnapshotOfAnotherFormatVersion() throws IOException
    {
        final SnapshotStore snapshots = new SnapshotStore(new JournalContext().directory(dir));
        final Path file = snapshots.write(new JournalPosition(7, 9, 99, 1234), sections());
        final byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
        Files.write(file, bytes);

        assertThatThrownBy(() -> snapshots.read(file)).isInstanceOfSatisfying(JournalException.class, ex ->
        {
            assertThat(ex.kind()).isEqualTo(JournalException.Kind.SNAPSHOT);
            assertThat(ex.getMessage()).contains("is format version 2; this ResX reads version 1");
        });
    }

    @Test
    void shouldDetectADamagedSnapshot() throws IOException
    {
        final SnapshotStore snapshots = new SnapshotStore(new JournalContext().directory(dir));
        final Path file = snapshots.write(new JournalPosition(7, 9, 99, 1234), sections());
        final byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2]++;
        Files.write(file, bytes);

        assertThatThrownBy(() -> snapshots.read(file)).isInstanceOfSatisfying(JournalException.class, ex ->
            assertThat(ex.kind()).isEqualTo(JournalException.Kind.SNAPSHOT_DAMAGED));
    }

    private static Map<String, Snapshot.Section> sections()
    {
        final Map<String, Snapshot.Section> sections = new LinkedHashMap<>();
        final UnsafeBuffer accounts = new UnsafeBuffer(new byte[] {1, 2, 3});
        final UnsafeBuffer engine = new UnsafeBuffer("books and orders".getBytes());
        sections.put("accounts", new Snapshot.Section(1, accounts, 0, 3));
        sections.put("engine", new Snapshot.Section(3, engine, 0, 16));
        return sections;
    }
}
