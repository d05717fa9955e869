/**
 * The command journal on Chronicle Queue, its snapshots, and the checks that make replay trustworthy.
 *
 * <h2>Journal</h2>
 * {@link io.resx.replay.ChronicleCommandJournal} is the pipeline's journal stage: each sequenced command
 * becomes a {@link io.resx.replay.JournalRecord} — record format version, type, sequence, sequencer time, the
 * SBE-encoded command ({@code CommandCodec}, itself versioned) and a running hash chained over the previous record
 * ({@link io.resx.replay.ChainHash}, keyed SipHash-2-4) — and the records of one pipeline batch go to the queue as
 * one Chronicle document at the batch's end (record version 2; version 1 wrote a document per record and is still
 * read). The publisher releases a command's outcome only after the journal stage has passed its batch (the
 * Disruptor wiring in {@code ExchangePipeline}), so nothing is acknowledged that the journal does not hold.
 * <ul>
 *   <li>Directory: {@code ./data/journal} by default ({@link io.resx.replay.JournalContext}); snapshots in its
 *       {@code snapshots/} folder.</li>
 *   <li>Rolling: a new file per hour by default, or every five minutes or day ({@link io.resx.replay.JournalRoll},
 *       UTC). Retention ({@link io.resx.replay.JournalRetention}): files older than the setting are deleted, but
 *       only once a snapshot covers every record in them, and never the current file; zero keeps everything.</li>
 *   <li>Durability ({@link io.resx.replay.Durability}): {@code ASYNC} appends to the memory-mapped file (the page
 *       cache), which survives the process dying ({@code kill -9}) but not the machine; {@code SYNC} also
 *       forces the file to the device before the stage passes a command — at the end of every batch the stage
 *       takes from the ring, and within a long batch every N commands or T µs, whichever is first.</li>
 *   <li>Key: the chain's 128-bit key defaults to a public constant: the chain then detects corruption and
 *       edits by anyone who does not recompute it; set a secret one to detect forgers too.</li>
 * </ul>
 *
 * <h2>Reading and verifying</h2>
 * {@link io.resx.replay.JournalReader} checks every record: a record format version other than its own is
 * refused ({@code UNKNOWN_VERSION}), not misread; a hash that does not follow from the previous record means
 * an edited, dropped, inserted or reordered record ({@code CHAIN_BROKEN}, naming the first bad record); a
 * sequence that does not follow is {@code SEQUENCE_BROKEN}. A damaged last record is a torn write
 * ({@code TORN_TAIL}): start-up recovery cuts it by appending a {@code CUT} record that names it, and readers
 * then skip it (it stays on disk for forensics) and list it in {@link io.resx.replay.JournalReader#cuts()}.
 * A damaged record inside a document is torn only when nothing after it in the document chains on from it;
 * otherwise it was edited ({@code CHAIN_BROKEN}). An edit of the very last record cannot be told from a torn
 * write: it is reported as torn.
 *
 * <h2>Snapshots</h2>
 * {@link io.resx.replay.SnapshotStore} writes one file per snapshot, named by the sequence it covers, holding
 * the {@link io.resx.replay.JournalPosition} (sequence, Chronicle index, chain hash) and one named, separately
 * versioned section per state owner; a checksum over the file; written to a temporary name, forced, renamed.
 * A file of another format version is refused ({@code SNAPSHOT}); a damaged one is reported and recovery
 * falls back to an older one ({@code SNAPSHOT_DAMAGED}). The sections themselves are written by their owners
 * ({@code AccountRegistryCodec}, {@code ClearingRiskCodec}, {@code EngineStateCodec}), composed in
 * {@code io.resx.engine.recovery.EngineState}; this module knows only their names, versions and bytes.
 */
package io.resx.replay;
