package io.resx.replay;

import net.openhft.chronicle.core.time.TimeProvider;

import java.nio.file.Path;
import java.time.Duration;

/** Settings of a journal: where it lives, how it rolls and is kept, how durable an append is, its hash key. */
public final class JournalContext
{
    /** Default journal directory, relative to the working directory. */
    public static final Path DEFAULT_DIRECTORY = Path.of("data", "journal");
    /** Default: a sync after at most this many commands inside one batch. */
    public static final int DEFAULT_SYNC_EVERY_COMMANDS = 512;
    /** Default: a sync at most this many microseconds after the oldest unsynced command. */
    public static final long DEFAULT_SYNC_EVERY_MICROS = 1_000;
    /**
     * The public default key of the hash chain. With it the chain detects corruption and edits by anyone who
     * does not recompute the chain; a secret key ({@link #hashKey}) makes it evidence against forgers too.
     */
    public static final long DEFAULT_KEY_0 = 0x5265_5378_2d6a_6f75L;
    /** Second half of the default key. */
    public static final long DEFAULT_KEY_1 = 0x726e_616c_2d76_3100L;

    private Path directory = DEFAULT_DIRECTORY;
    private JournalRoll roll = JournalRoll.HOURLY;
    private Duration retention = Duration.ZERO;
    private Durability durability = Durability.ASYNC;
    private int syncEveryCommands = DEFAULT_SYNC_EVERY_COMMANDS;
    private long syncEveryMicros = DEFAULT_SYNC_EVERY_MICROS;
    private long key0 = DEFAULT_KEY_0;
    private long key1 = DEFAULT_KEY_1;
    private TimeProvider timeProvider;

    /** @return the journal directory (created on first write). */
    public Path directory()
    {
        return directory;
    }

    /**
     * @param directory the journal directory.
     * @return this context.
     */
    public JournalContext directory(final Path directory)
    {
        this.directory = directory;
        return this;
    }

    /** @return how often a new file starts. */
    public JournalRoll roll()
    {
        return roll;
    }

    /**
     * @param roll how often a new file starts.
     * @return this context.
     */
    public JournalContext roll(final JournalRoll roll)
    {
        this.roll = roll;
        return this;
    }

    /** @return how long journal files are kept; zero keeps them all. */
    public Duration retention()
    {
        return retention;
    }

    /**
     * @param retention how long journal files are kept once a snapshot covers them; zero keeps them all.
     * @return this context.
     */
    public JournalContext retention(final Duration retention)
    {
        if (retention.isNegative())
        {
            throw new IllegalArgumentException("retention must not be negative: " + retention);
        }
        this.retention = retention;
        return this;
    }

    /** @return the durability of an append. */
    public Durability durability()
    {
        return durability;
    }

    /**
     * @param durability the durability of an append.
     * @return this context.
     */
    public JournalContext durability(final Durability durability)
    {
        this.durability = durability;
        return this;
    }

    /** @return in {@link Durability#SYNC}, most commands appended between two syncs. */
    public int syncEveryCommands()
    {
        return syncEveryCommands;
    }

    /**
     * @param commands in {@link Durability#SYNC}, most commands appended between two syncs; at least 1.
     * @return this context.
     */
    public JournalContext syncEveryCommands(final int commands)
    {
        if (commands < 1)
        {
            throw new IllegalArgumentException("sync every commands must be at least 1: " + commands);
        }
        this.syncEveryCommands = commands;
        return this;
    }

    /** @return in {@link Durability#SYNC}, longest time in µs a command waits for its sync inside a batch. */
    public long syncEveryMicros()
    {
        return syncEveryMicros;
    }

    /**
     * @param micros in {@link Durability#SYNC}, longest wait in µs for a sync inside a batch; at least 1.
     * @return this context.
     */
    public JournalContext syncEveryMicros(final long micros)
    {
        if (micros < 1)
        {
            throw new IllegalArgumentException("sync every micros must be at least 1: " + micros);
        }
        this.syncEveryMicros = micros;
        return this;
    }

    /**
     * @param k0 first half of the 128-bit hash-chain key.
     * @param k1 second half.
     * @return this context.
     */
    public JournalContext hashKey(final long k0, final long k1)
    {
        this.key0 = k0;
        this.key1 = k1;
        return this;
    }

    /**
     * @param other a journal.
     * @return this context, with the hash-chain key of {@code other}.
     */
    public JournalContext hashKeyOf(final JournalContext other)
    {
        return hashKey(other.key0, other.key1);
    }

    /** @return a hash function with this journal's key. */
    public ChainHash chainHash()
    {
        return new ChainHash(key0, key1);
    }

    /** @return the clock that decides which file a record goes into, or null for the system clock. */
    public TimeProvider timeProvider()
    {
        return timeProvider;
    }

    /**
     * @param timeProvider the clock that decides which file a record goes into (tests roll with it).
     * @return this context.
     */
    public JournalContext timeProvider(final TimeProvider timeProvider)
    {
        this.timeProvider = timeProvider;
        return this;
    }

    /** The folder of the {@code events} queue inside a journal directory. */
    public static final String EVENTS_FOLDER = "events";

    /**
     * @return the settings of the {@code events} queue that goes with this {@code commands} journal: the same
     * roll, durability, key and clock, in its {@value #EVENTS_FOLDER} folder.
     */
    public JournalContext events()
    {
        final JournalContext events = new JournalContext()
            .directory(directory.resolve(EVENTS_FOLDER))
            .roll(roll)
            .retention(retention)
            .durability(durability)
            .syncEveryCommands(syncEveryCommands)
            .syncEveryMicros(syncEveryMicros)
            .hashKey(key0, key1);
        return timeProvider == null ? events : events.timeProvider(timeProvider);
    }
}
