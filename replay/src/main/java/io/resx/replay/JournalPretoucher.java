package io.resx.replay;

import net.openhft.posix.PosixAPI;
import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults in the pages of a journal's mapped file ahead of its appender, on a thread of its own, so that the
 * appender's thread (the pipeline's journal or serial stage) does not pay for them.
 * <p>
 * Why: a journal only ever writes into pages the file never had. The first write to such a page stops the writer
 * in the kernel, which allocates a page-cache page, zeroes it and maps it; on the project's VM that is ~7 µs a
 * page (the hypervisor backs the fresh page too), and at ~700 journal bytes per command it was 37 % of the serial
 * stage's time (docs/PERFORMANCE.md, "Issue 16, session 7"). Chronicle Queue's own pre-toucher is an Enterprise
 * feature; this one asks the kernel directly: {@code madvise(MADV_POPULATE_WRITE)} (Linux 5.14+) on the
 * appender's own mapping makes the pages ahead resident and writable <em>without changing a byte</em>, so it is
 * safe whatever the appender writes meanwhile, and a range that is no longer mapped (the appender moved to the
 * next chunk and Chronicle unmapped the old one) is only an error code, never a fault.
 * <p>
 * The appender {@link #publish}es, after each document, where it will write next and where its mapped chunk
 * ends (a sequence lock, so the pair is never read torn); {@link #doWork} keeps the pages from there up to
 * {@link #AHEAD_BYTES} ahead populated, a {@link #STEP_BYTES} step at a time. Where the kernel lacks the advice
 * the pre-toucher logs it once and stops: the journal still works, its writer faults as before.
 */
final class JournalPretoucher implements Agent
{
    /** How far ahead of the write position pages are kept populated. */
    static final long AHEAD_BYTES = 8L << 20;
    /** Pages are populated this much at a time at least (fewer calls; ~256 pages, ~2 ms here). */
    static final long STEP_BYTES = 1L << 20;
    /** Linux's {@code MADV_POPULATE_WRITE} (include/uapi/asm-generic/mman-common.h). */
    static final int MADV_POPULATE_WRITE = 23;

    private static final Logger LOG = LoggerFactory.getLogger(JournalPretoucher.class);
    private static final long PAGE = 4096;
    private static final int EINVAL = 22;

    private final String name;
    private final PosixAPI posix;
    private final int advice;
    // the appender's position, published under a sequence lock: odd while it writes the two addresses
    private final AtomicLong version = new AtomicLong();
    private volatile long writeAddress;
    private volatile long limitAddress;
    private final AtomicLong populatedBytes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private long mappingLimit;
    private long populatedTo;
    private volatile boolean disabled;

    /**
     * @param name  the journal's name, for the thread and the log.
     * @param posix the native calls.
     */
    JournalPretoucher(final String name, final PosixAPI posix)
    {
        this(name, posix, MADV_POPULATE_WRITE);
    }

    /**
     * @param name   the journal's name, for the thread and the log.
     * @param posix  the native calls.
     * @param advice the {@code madvise} advice that populates ({@link #MADV_POPULATE_WRITE}; tests pass one the
     *               kernel refuses, as an older kernel refuses this one).
     */
    JournalPretoucher(final String name, final PosixAPI posix, final int advice)
    {
        this.name = name;
        this.posix = posix;
        this.advice = advice;
    }

    /**
     * Called by the appender's thread after a document: where the next one goes, and where its chunk's mapping
     * ends (both virtual addresses). Four ordered stores, no allocation.
     *
     * @param nextWriteAddress the address the appender writes next.
     * @param mappedLimit      the end of the mapped chunk it writes into.
     */
    void publish(final long nextWriteAddress, final long mappedLimit)
    {
        final long v = version.get();
        version.set(v + 1);
        writeAddress = nextWriteAddress;
        limitAddress = mappedLimit;
        version.set(v + 2);
    }

    @Override
    public int doWork()
    {
        if (disabled)
        {
            return 0;
        }
        final long v = version.get();
        final long write = writeAddress;
        final long limit = limitAddress;
        if ((v & 1) != 0 || v != version.get() || write == 0)
        {
            return 0; // being published, or nothing yet
        }
        if (limit != mappingLimit || write > populatedTo)
        {
            // a new chunk, or the appender overtook us: start at its write position (pages behind it are written)
            mappingLimit = limit;
            populatedTo = write & -PAGE;
        }
        final long target = Math.min(limit, (write + AHEAD_BYTES) & -PAGE);
        final long length = target - populatedTo;
        if (length <= 0 || length < STEP_BYTES && target != limit)
        {
            return 0;
        }
        final int rc = posix.madvise(populatedTo, length, advice);
        if (rc != 0)
        {
            final int errno = posix.lastError();
            failures.incrementAndGet();
            if (errno == EINVAL)
            {
                disabled = true;
                LOG.warn("journal {}: the kernel does not populate pages ahead (madvise MADV_POPULATE_WRITE: {}); " +
                    "the journal's writer faults its pages in itself", name, posix.strerror(errno));
            }
            // otherwise the chunk was unmapped since it was published (ENOMEM): the next publish moves us on
        }
        else
        {
            populatedBytes.addAndGet(length);
        }
        populatedTo = target;
        return 1;
    }

    @Override
    public String roleName()
    {
        return "resx-pretouch-" + name;
    }

    /** @return bytes populated ahead of the appender so far. */
    long populatedBytes()
    {
        return populatedBytes.get();
    }

    /** @return calls the kernel refused (a chunk unmapped meanwhile, or no support). */
    long failures()
    {
        return failures.get();
    }

    /** @return true once the kernel said it has no {@code MADV_POPULATE_WRITE}. */
    boolean disabled()
    {
        return disabled;
    }
}
