package io.resx.replay;

/**
 * The layout of one journal record. A Chronicle Queue document holds one record (version 1) or several, one after
 * the other (version 2: the records of one pipeline batch; a reader takes a one-record document as the case of one).
 * Little-endian.
 * <pre>
 *   0        1      2          4            8          16            24            24 + L
 *   | version | type | reserved | bodyLength L | sequence | timestampNs | body (L bytes) | chainHash |
 * </pre>
 * <ul>
 *   <li>{@code version} — {@link #VERSION}; a reader refuses any other instead of misreading it.</li>
 *   <li>{@code type} — {@link #COMMAND}: the body is one command encoded by the SBE {@code CommandCodec}
 *       (its own schema id and version in its header). {@link #CUT}: written by recovery after a torn
 *       record; the body is the cut record's Chronicle index (8 bytes), and the record's sequence is the last
 *       good command's. Readers skip the torn record a CUT names; it stays on disk for forensics.
 *       {@link #EVENTS}: only in the {@code events} queue; the body is one command's outcome as
 *       {@code GatewayCodec.encodeSequenced} writes it (the command as sequenced, then its events in the packed
 *       layout, {@code PackedEventsMessage}; the SBE {@code EventsMessage} of schema versions 1-3 is still read).</li>
 *   <li>{@code sequence}, {@code timestampNs} — the sequencer's stamp, repeated outside the body so that
 *       seeking by sequence or time needs no decoding.</li>
 *   <li>{@code chainHash} — {@link ChainHash} of the previous record's hash (or {@link ChainHash#GENESIS})
 *       followed by bytes 0 to 24 + L of this record.</li>
 * </ul>
 */
public final class JournalRecord
{
    /** Record format version this code writes: 2, records of a batch share a Chronicle document. */
    public static final int VERSION = 2;
    /** The oldest version this code reads: 1, one record per Chronicle document. */
    public static final int OLDEST_VERSION = 1;
    /** A sequenced command. */
    public static final int COMMAND = 1;
    /** Marks the record before it as torn and cut by recovery. */
    public static final int CUT = 2;
    /** One command's outcome in the {@code events} queue: the command as sequenced and its events. */
    public static final int EVENTS = 3;

    /** Offset of the version byte. */
    public static final int VERSION_OFFSET = 0;
    /** Offset of the type byte. */
    public static final int TYPE_OFFSET = 1;
    /** Offset of the body length. */
    public static final int BODY_LENGTH_OFFSET = 4;
    /** Offset of the sequence number. */
    public static final int SEQUENCE_OFFSET = 8;
    /** Offset of the timestamp. */
    public static final int TIMESTAMP_OFFSET = 16;
    /** Offset of the body: the header's length. */
    public static final int HEADER_LENGTH = 24;
    /** Bytes after the body: the chain hash. */
    public static final int TRAILER_LENGTH = Long.BYTES;

    private JournalRecord()
    {
    }

    /**
     * @param bodyLength the body's length.
     * @return the record's total length.
     */
    public static int length(final int bodyLength)
    {
        return HEADER_LENGTH + bodyLength + TRAILER_LENGTH;
    }
}
