package io.resx.server.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The command files of a batch run, read in order as one stream of lines. A name starting with {@code @}
 * names a file bundled with ResX: {@code @default-market} lists the default market, {@code @example-day}
 * trades on it; {@code -} is standard input, read until it closes.
 */
public final class BatchInput
{
    /** The prefix of bundled file names. */
    static final String BUNDLED = "@";
    /** The name of standard input. */
    static final String STDIN = "-";
    private static final String BUNDLED_FOLDER = "/io/resx/server/markets/";

    private BatchInput()
    {
    }

    /**
     * @param name a path, or {@code @name} of a bundled file.
     * @return null when it can be read, else why not.
     */
    public static String problemWith(final String name)
    {
        if (STDIN.equals(name))
        {
            return null;
        }
        if (name.startsWith(BUNDLED))
        {
            return BatchInput.class.getResource(bundledPath(name)) == null ?
                "no bundled command file named " + name + " (bundled: @default-market, @example-day, @default-template, @demo-funding)" : null;
        }
        final Path path = Path.of(name);
        if (!Files.isRegularFile(path))
        {
            return "no such file: " + name;
        }
        return Files.isReadable(path) ? null : "cannot read file: " + name;
    }

    /**
     * Feeds every line of the named input to {@code lines}, in order.
     *
     * @param name  a path, or {@code @name} of a bundled file.
     * @param lines receives each line, without its line terminator.
     * @throws UncheckedIOException when the input cannot be read.
     */
    public static void forEachLine(final String name, final Consumer<String> lines)
    {
        try (BufferedReader reader = open(name))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                lines.accept(line);
            }
        }
        catch (final NoSuchFileException ex)
        {
            throw new UncheckedIOException("no such file: " + name, ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + name + ": " + ex.getMessage(), ex);
        }
    }

    private static BufferedReader open(final String name) throws IOException
    {
        if (STDIN.equals(name))
        {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
        }
        if (name.startsWith(BUNDLED))
        {
            final InputStream in = BatchInput.class.getResourceAsStream(bundledPath(name));
            if (in == null)
            {
                throw new NoSuchFileException(name);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        }
        return Files.newBufferedReader(Path.of(name), StandardCharsets.UTF_8);
    }

    private static String bundledPath(final String name)
    {
        return BUNDLED_FOLDER + name.substring(BUNDLED.length()) + ".ndjson";
    }
}
