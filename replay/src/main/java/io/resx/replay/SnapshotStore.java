package io.resx.replay;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.resx.replay.JournalException.Kind;

/**
 * The snapshots of one journal, in its {@code snapshots/} folder, one file per covered sequence number:
 * {@code snapshot-<sequence, 20 digits>.resxsnap}. A file is written whole to a temporary name, forced to
 * the device and renamed, so a crash leaves either the old set or the new one, never half a snapshot.
 * <pre>
 *   0  "RESXSNAP"  8  u32 formatVersion  12  i64 sequence  20  i64 timestampNs  28  i64 journalIndex
 *   36  i64 journalHash  44  u32 sectionCount
 *   per section: u16 nameLength, name (ASCII), u32 sectionVersion, u32 length, bytes
 *   last 8 bytes: i64 checksum = ChainHash(GENESIS, every byte before)
 * </pre>
 * Little-endian. A file of another {@code formatVersion} is refused with a specific error, as is a damaged
 * one; each section's own version is checked by the owner that reads it.
 */
public final class SnapshotStore
{
    /** Snapshot file format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The folder, inside the journal directory. */
    public static final String FOLDER = "snapshots";
    /** File name suffix. */
    public static final String SUFFIX = ".resxsnap";

    private static final String PREFIX = "snapshot-";
    private static final byte[] MAGIC = "RESXSNAP".getBytes(StandardCharsets.US_ASCII);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int HEADER_LENGTH = 48;

    private final Path folder;
    private final ChainHash checksum;

    /**
     * @param context the journal whose snapshots these are.
     */
    public SnapshotStore(final JournalContext context)
    {
        this.folder = context.directory().resolve(FOLDER);
        this.checksum = context.chainHash();
    }

    /** @return the folder holding the snapshots. */
    public Path folder()
    {
        return folder;
    }

    /**
     * Encodes a snapshot as its file holds it (header, sections, checksum): what {@link #write} puts on disk and
     * what a replicated node sends its peers.
     *
     * @param position the last journal record the state includes.
     * @param sections by name, in order: each section's version and bytes.
     * @param out      to write into, from offset 0; grows as needed.
     * @return bytes written.
     */
    public int encode(
        final JournalPosition position, final Map<String, Snapshot.Section> sections, final ExpandableArrayBuffer out)
    {
        out.putBytes(0, MAGIC);
        out.putInt(8, FORMAT_VERSION, LE);
        out.putLong(12, position.sequence(), LE);
        out.putLong(20, position.timestampNs(), LE);
        out.putLong(28, position.index(), LE);
        out.putLong(36, position.hash(), LE);
        out.putInt(44, sections.size(), LE);
        int at = HEADER_LENGTH;
        for (final Map.Entry<String, Snapshot.Section> entry : sections.entrySet())
        {
            final byte[] name = entry.getKey().getBytes(StandardCharsets.US_ASCII);
            final Snapshot.Section section = entry.getValue();
            out.putShort(at, (short)name.length, LE);
            out.putBytes(at + 2, name);
            at += 2 + name.length;
            out.putInt(at, section.version(), LE);
            out.putInt(at + 4, section.length(), LE);
            out.putBytes(at + 8, section.bytes(), section.offset(), section.length());
            at += 8 + section.length();
        }
        out.putLong(at, checksum.hash(ChainHash.GENESIS, out, 0, at), LE);
        return at + Long.BYTES;
    }

    /**
     * Writes a snapshot durably.
     *
     * @param position the last journal record the state includes.
     * @param sections by name, in order: each section's version and bytes.
     * @return the file written.
     * @throws UncheckedIOException when the file cannot be written.
     */
    public Path write(final JournalPosition position, final Map<String, Snapshot.Section> sections)
    {
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(1 << 16);
        final int length = encode(position, sections, out);
        final Path file = folder.resolve(String.format("%s%020d%s", PREFIX, position.sequence(), SUFFIX));
        final Path temporary = folder.resolve(file.getFileName() + ".tmp");
        try
        {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                final ByteBuffer bytes = ByteBuffer.wrap(out.byteArray(), 0, length);
                while (bytes.hasRemaining())
                {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write snapshot " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** @return snapshot files, newest (highest sequence) first. */
    public List<Path> files()
    {
        if (!Files.isDirectory(folder))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder))
        {
            final List<Path> found = new ArrayList<>();
            files.filter(f -> f.getFileName().toString().startsWith(PREFIX) &&
                f.getFileName().toString().endsWith(SUFFIX)).sorted().forEach(found::add);
            Collections.reverse(found);
            return found;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list snapshots in " + folder + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param file a snapshot file of this store.
     * @return the sequence it covers, read from its name (without reading the file).
     */
    public static long sequenceOf(final Path file)
    {
        final String name = file.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    /**
     * @param file a snapshot file.
     * @return what it holds.
     * @throws JournalException ({@link JournalException.Kind#SNAPSHOT}) when it is not a ResX snapshot, is of
     *                          another format version, or is damaged.
     */
    public Snapshot read(final Path file)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new JournalException(Kind.SNAPSHOT, "cannot read snapshot " + file + ": " + ex.getMessage(), ex);
        }
        return decode(file, new UnsafeBuffer(bytes), bytes.length);
    }

    /**
     * Decodes a snapshot as {@link #encode} wrote it.
     *
     * @param source where it came from, named in errors (a file, or null for one received from a peer).
     * @param in          its bytes from offset 0; the sections returned are views of them.
     * @param totalLength how many.
     * @return what it holds.
     * @throws JournalException ({@link JournalException.Kind#SNAPSHOT}) when it is not a ResX snapshot, is of
     *                          another format version, or is damaged.
     */
    public Snapshot decode(final Path source, final DirectBuffer in, final int totalLength)
    {
        final Path file = source;
        if (totalLength < HEADER_LENGTH + Long.BYTES || !startsWithMagic(in))
        {
            throw new JournalException(Kind.SNAPSHOT_DAMAGED, "snapshot " + file + " is not a ResX snapshot");
        }
        final int version = in.getInt(8, LE);
        if (version != FORMAT_VERSION)
        {
            throw new JournalException(Kind.SNAPSHOT, "snapshot " + file + " is format version " + version +
                "; this ResX reads version " + FORMAT_VERSION + ". Use the ResX that wrote it, or move it away " +
                "to recover from an older snapshot or from the journal alone");
        }
        final int end = totalLength - Long.BYTES;
        if (checksum.hash(ChainHash.GENESIS, in, 0, end) != in.getLong(end, LE))
        {
            throw new JournalException(Kind.SNAPSHOT_DAMAGED, "snapshot " + file + " is damaged: its checksum does not " +
                "match its contents (or it was written with another journal key)");
        }
        final JournalPosition position = new JournalPosition(
            in.getLong(28, LE), in.getLong(12, LE), in.getLong(20, LE), in.getLong(36, LE));
        final int count = in.getInt(44, LE);
        final Map<String, Snapshot.Section> sections = new LinkedHashMap<>();
        int at = HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            final int nameLength = in.getShort(at, LE) & 0xffff;
            final String name = in.getStringWithoutLengthAscii(at + 2, nameLength);
            at += 2 + nameLength;
            final int sectionVersion = in.getInt(at, LE);
            final int length = in.getInt(at + 4, LE);
            at += 8;
            if (length < 0 || at + length > end)
            {
                throw new JournalException(Kind.SNAPSHOT, "snapshot " + file + ": section '" + name +
                    "' runs past the end of the file");
            }
            sections.put(name, new Snapshot.Section(sectionVersion, in, at, length));
            at += length;
        }
        return new Snapshot(file, position, sections);
    }

    /**
     * Deletes all but the newest {@code keep} snapshots.
     *
     * @param keep how many to keep, at least 1.
     */
    public void prune(final int keep)
    {
        final List<Path> files = files();
        for (int i = Math.max(1, keep); i < files.size(); i++)
        {
            try
            {
                Files.deleteIfExists(files.get(i));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot delete old snapshot " + files.get(i) + ": " +
                    ex.getMessage(), ex);
            }
        }
    }

    private static boolean startsWithMagic(final DirectBuffer bytes)
    {
        for (int i = 0; i < MAGIC.length; i++)
        {
            if (bytes.getByte(i) != MAGIC[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param version the section's layout version.
     * @param buffer  holding the section from offset 0.
     * @param length  its length.
     * @return a section over those bytes.
     */
    public static Snapshot.Section section(final int version, final DirectBuffer buffer, final int length)
    {
        return new Snapshot.Section(version, buffer, 0, length);
    }
}
