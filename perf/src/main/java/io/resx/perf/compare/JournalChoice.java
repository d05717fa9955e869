package io.resx.perf.compare;

import io.resx.replay.CommandJournal;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which {@link CommandJournal} the "with journaling" ResX runs plug in, by name: {@code none} is
 * {@link CommandJournal#NONE}; {@code chronicle} is the Chronicle Queue journal of the {@code replay} module;
 * any other name is taken as the class name of a {@link CommandJournal} with a public constructor taking the
 * journal's directory ({@link Path}), or a public static {@code open(Path)}.
 * <p>
 * When the class is not on the classpath (the Chronicle journal has not landed yet) {@link #open} returns null and
 * {@link #unavailableReason} says why, so the harness reports "not available" instead of a made-up figure.
 */
final class JournalChoice
{
    /** Class expected to implement the Chronicle journal once it lands in {@code replay}. */
    static final String CHRONICLE_CLASS = "io.resx.replay.ChronicleCommandJournal";

    private final String name;
    private String unavailableReason;

    /**
     * @param name {@code none}, {@code chronicle} or a class name.
     */
    JournalChoice(final String name)
    {
        this.name = name;
    }

    /** @return the name given. */
    String name()
    {
        return name;
    }

    /**
     * @param directory where the journal writes (fresh, deleted by the caller afterwards).
     * @return a new journal, or null when not available (see {@link #unavailableReason}).
     */
    CommandJournal open(final Path directory)
    {
        if ("none".equals(name.toLowerCase(Locale.ROOT)))
        {
            return CommandJournal.NONE;
        }
        final String className = "chronicle".equals(name.toLowerCase(Locale.ROOT)) ? CHRONICLE_CLASS : name;
        final Class<?> type;
        try
        {
            type = Class.forName(className);
        }
        catch (final ClassNotFoundException ex)
        {
            unavailableReason = "journal '" + name + "' not available yet: " + className + " is not on the classpath";
            return null;
        }
        try
        {
            try
            {
                return (CommandJournal)type.getConstructor(Path.class).newInstance(directory);
            }
            catch (final NoSuchMethodException ex)
            {
                return (CommandJournal)type.getMethod("open", Path.class).invoke(null, directory);
            }
        }
        catch (final NoSuchMethodException | InstantiationException | IllegalAccessException ex)
        {
            unavailableReason = "journal '" + name + "': " + className + " has no public (Path) constructor or " +
                "static open(Path): adapt JournalChoice to its API";
            return null;
        }
        catch (final InvocationTargetException ex)
        {
            throw new IllegalStateException("journal '" + name + "' failed to open in " + directory, ex.getCause());
        }
    }

    /** @return why {@link #open} returned null, or null. */
    String unavailableReason()
    {
        return unavailableReason;
    }
}
