package io.resx.perf;

import java.util.HashMap;
import java.util.Map;

/** The {@code --name value} options of the plain-main harnesses; anything else is refused with the usage. */
final class HarnessArgs
{
    private final Map<String, String> values = new HashMap<>();

    /**
     * @param args  command-line arguments.
     * @param usage printed when an argument is not understood.
     * @param names the accepted option names, without the dashes.
     */
    HarnessArgs(final String[] args, final String usage, final String... names)
    {
        for (int i = 0; i < args.length; i++)
        {
            final String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || i + 1 == args.length || !java.util.Arrays.asList(names).contains(name))
            {
                throw new IllegalArgumentException("unexpected argument " + args[i] + "\n" + usage);
            }
            values.put(name, args[++i]);
        }
    }

    int intValue(final String name, final int fallback)
    {
        final String value = values.get(name);
        return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
    }

    String stringValue(final String name, final String fallback)
    {
        return values.getOrDefault(name, fallback);
    }
}
