package io.resx.replay;

/**
 * How far a journaled command has travelled before the pipeline may release its outcome. Either way the
 * publisher releases a command only after the journal stage has appended it (see {@link CommandJournal}).
 */
public enum Durability
{
    /**
     * Appended to the memory-mapped queue file, that is to the operating system's page cache. Survives the
     * {@code resx} process crashing or being killed ({@code kill -9}); a crash of the machine or a power cut
     * may lose the last seconds the kernel had not written back yet. Fastest.
     */
    ASYNC,
    /**
     * As {@link #ASYNC}, and the file is also forced to the device ({@code msync}) before the journal stage
     * lets the publisher pass: at the end of every batch the stage takes from the ring, and inside a long batch
     * after every {@code syncEveryCommands} commands or {@code syncEveryMicros} µs, whichever comes first.
     * Survives a machine crash or power cut to the extent the device honours a flush.
     */
    SYNC
}
