package io.resx.replay;

/**
 * A journal that cannot be read as asked, with a specific {@link Kind} and a message that names the
 * journal, the record and what to do. Commands print the message and exit non-zero; they never go on with a
 * partial answer.
 */
public final class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** What is wrong. */
    public enum Kind
    {
        /** No journal directory. */
        MISSING,
        /** A directory with no journal records. */
        EMPTY,
        /** A record of a format version this code does not read. */
        UNKNOWN_VERSION,
        /** The last record is incomplete: a crash mid-write that recovery has not cut yet. */
        TORN_TAIL,
        /** A record's hash does not follow from the one before: edited, dropped, inserted or reordered. */
        CHAIN_BROKEN,
        /** A record's sequence number does not follow from the one before. */
        SEQUENCE_BROKEN,
        /** A record whose hash holds but whose command cannot be decoded. */
        CORRUPT,
        /** A sequence or time the journal does not hold. */
        OUT_OF_RANGE,
        /** A snapshot that must not be used: another format version, or not matching the journal. */
        SNAPSHOT,
        /** A snapshot file that is damaged (checksum): recovery reports it and falls back to an older one. */
        SNAPSHOT_DAMAGED
    }

    private final Kind kind;

    /**
     * @param kind    what is wrong.
     * @param message the specifics.
     */
    public JournalException(final Kind kind, final String message)
    {
        super(message);
        this.kind = kind;
    }

    /**
     * @param kind    what is wrong.
     * @param message the specifics.
     * @param cause   the underlying failure.
     */
    public JournalException(final Kind kind, final String message, final Throwable cause)
    {
        super(message, cause);
        this.kind = kind;
    }

    /** @return what is wrong. */
    public Kind kind()
    {
        return kind;
    }
}
