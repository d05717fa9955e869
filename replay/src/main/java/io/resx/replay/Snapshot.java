package io.resx.replay;

import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of the engine's whole state as read from a file: the journal position it covers and one section
 * per state owner (the matching engine, the account registry, later risk), each with its own version. Each
 * owner decodes its own section and refuses a version it does not know.
 *
 * @param file     where it was read from (null for one being written).
 * @param position the last journal record whose command the state includes.
 * @param sections by name, in the order they were written.
 */
public record Snapshot(Path file, JournalPosition position, Map<String, Section> sections)
{
    /**
     * One state owner's part.
     *
     * @param version the section's own layout version.
     * @param bytes   its bytes.
     * @param offset  where they start.
     * @param length  how many.
     */
    public record Section(int version, DirectBuffer bytes, int offset, int length)
    {
    }

    /**
     * @param file     where it was read from.
     * @param position what it covers.
     * @param sections by name.
     */
    public Snapshot
    {
        sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    /**
     * @param name a section name.
     * @return the section.
     * @throws JournalException when the snapshot has no such section.
     */
    public Section section(final String name)
    {
        final Section section = sections.get(name);
        if (section == null)
        {
            throw new JournalException(JournalException.Kind.SNAPSHOT, "snapshot " + file + " has no section '" +
                name + "' (it has " + sections.keySet() + "): written by another version of ResX?");
        }
        return section;
    }
}
