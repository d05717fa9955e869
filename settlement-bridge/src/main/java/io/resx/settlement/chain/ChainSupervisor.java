package io.resx.settlement.chain;

import io.resx.settlement.bridge.Backoff;
import io.resx.settlement.bridge.SettlementBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the embedded chain node of {@code resx serve} running: when its process dies, starts it again from its
 * state file (on a new loopback port), rewrites the settlement directory file with the new RPC URL, points the
 * bridge at it and logs each step. A restart that fails is tried again after a capped back-off. One daemon thread.
 */
public final class ChainSupervisor implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ChainSupervisor.class);
    private static final long CHECK_EVERY_MS = 500;

    private final LocalChain local;
    private final SettlementBridge bridge;
    private final Path directoryFile;
    private final Thread thread;
    private final Backoff backoff = new Backoff(1_000, 30_000);
    private final AtomicLong restarts = new AtomicLong();
    private volatile boolean running = true;

    /**
     * @param local         the embedded node to keep running.
     * @param bridge        the bridge to point at the restarted node.
     * @param directoryFile the settlement directory file to rewrite with the new URL.
     */
    public ChainSupervisor(final LocalChain local, final SettlementBridge bridge, final Path directoryFile)
    {
        this.local = local;
        this.bridge = bridge;
        this.directoryFile = directoryFile;
        this.thread = new Thread(this::run, "resx-chain-supervisor");
        this.thread.setDaemon(true);
    }

    /** @return this supervisor, its thread started. */
    public ChainSupervisor start()
    {
        thread.start();
        return this;
    }

    private void run()
    {
        int failures = 0;
        while (running)
        {
            long pauseMs = CHECK_EVERY_MS;
            if (!local.alive() && running && !shuttingDown())
            {
                LOG.warn("embedded chain node at {} died; restarting it from its state file", local.rpcUrl());
                try
                {
                    final String url = local.restart();
                    local.directory().save(directoryFile);
                    bridge.retarget(url);
                    restarts.incrementAndGet();
                    failures = 0;
                    LOG.warn("embedded chain node restarted at {} (restart {}); directory {} updated; settlement " +
                        "resumes", url, restarts.get(), directoryFile);
                }
                catch (final IOException | RuntimeException ex)
                {
                    failures++;
                    pauseMs = backoff.delayMs(failures);
                    LOG.error("embedded chain node did not restart (attempt {}), next try in {} ms: {}", failures,
                        pauseMs, ex.getMessage());
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMs));
        }
    }

    /**
     * The node's own shutdown hook kills it when the JVM exits, possibly before serve closes this supervisor: a
     * restart then would leave an orphan node behind.
     *
     * @return whether the JVM is shutting down (a hook can no longer be added).
     */
    private static boolean shuttingDown()
    {
        final Thread probe = new Thread(() -> { });
        try
        {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        }
        catch (final IllegalStateException ex)
        {
            return true;
        }
    }

    /** @return restarts done. */
    public long restarts()
    {
        return restarts.get();
    }

    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
