package io.resx.settlement.bridge;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Properties;

/**
 * Where the settlement bridge is in the {@code events} queue, stored in a small file so that a restart resumes there
 * instead of reading the history again: a clearing system's checkpoint on its input log.
 * <p>
 * The invariant, which only facts read back from {@code events} move (never a transaction merely sent, nor a command
 * merely offered to the engine): every trade at or before {@link #settledThrough()} is finished — its batch's
 * {@code batchSettled} or its own {@code settlementRefused} is in {@code events}. Trades after it are in batches not
 * finished yet, in the open window, or not read yet; a restart reads {@code events} after {@code settledThrough} and
 * cuts the same windows again (a window always starts at the first trade after a finished batch), so it finds the
 * same batch ids, sees which of them the chain already settled, and misses nothing.
 *
 * @param settledThrough the last events sequence up to which every trade is finished; restarts read after it.
 * @param taken          the last events sequence the bridge had read when it wrote this (≥ settledThrough).
 * @param chainEvent     the last chain event whose command was read back from {@code events} by {@code taken}.
 * @param vault          the vault these batches settle in; a position of another vault is not used.
 * @param window         the window policy the batches after {@code settledThrough} were cut by.
 */
public record SettlementPosition(long settledThrough, long taken, ChainPosition chainEvent, String vault,
    String window)
{
    /** The file's name in the bridge's folder ({@code data/chain} in serve). */
    public static final String FILE_NAME = "settlement-position.properties";

    /** Checks the fields. */
    public SettlementPosition
    {
        Objects.requireNonNull(chainEvent, "chainEvent");
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(window, "window");
        if (settledThrough < 0 || taken < settledThrough)
        {
            throw new IllegalArgumentException("settledThrough " + settledThrough + " must be between 0 and taken " +
                taken);
        }
    }

    /**
     * @param vault  the vault.
     * @param window the window policy in words.
     * @return the position of a bridge that has read nothing.
     */
    public static SettlementPosition start(final String vault, final String window)
    {
        return new SettlementPosition(0, 0, ChainPosition.NONE, vault, window);
    }

    /**
     * @param file the position file.
     * @return the stored position, or null when there is none.
     * @throws UncheckedIOException when it exists but cannot be read.
     * @throws IllegalArgumentException when it is not a position file.
     */
    public static SettlementPosition load(final Path file)
    {
        if (!Files.exists(file))
        {
            return null;
        }
        final Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            p.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the settlement position " + file, ex);
        }
        try
        {
            final ChainPosition chain = new ChainPosition(Long.parseLong(p.getProperty("chainEvent.block")),
                Long.parseLong(p.getProperty("chainEvent.logIndex")));
            return new SettlementPosition(Long.parseLong(p.getProperty("settledThrough")),
                Long.parseLong(p.getProperty("taken")), chain, p.getProperty("vault", ""), p.getProperty("window", ""));
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("not a settlement position file: " + file + " (" + ex.getMessage() + ")",
                ex);
        }
    }

    /**
     * Writes the position durably and atomically: a temporary file, forced to disk, renamed over the old one, so a
     * crash leaves the old position or the new one, never half of one.
     *
     * @param file the position file.
     * @throws UncheckedIOException when it cannot be written.
     */
    public void save(final Path file)
    {
        final Properties p = new Properties();
        p.setProperty("settledThrough", Long.toString(settledThrough));
        p.setProperty("taken", Long.toString(taken));
        p.setProperty("chainEvent.block", Long.toString(chainEvent.block()));
        p.setProperty("chainEvent.logIndex", Long.toString(chainEvent.logIndex()));
        p.setProperty("vault", vault);
        p.setProperty("window", window);
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try
        {
            if (file.getParent() != null)
            {
                Files.createDirectories(file.getParent());
            }
            try (OutputStream out = Files.newOutputStream(tmp))
            {
                p.store(out, "settlement bridge: events read after settledThrough at restart");
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE))
            {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the settlement position " + file, ex);
        }
    }
}
