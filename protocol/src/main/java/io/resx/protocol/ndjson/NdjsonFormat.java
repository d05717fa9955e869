package io.resx.protocol.ndjson;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.resx.protocol.command.CommandType;

import java.util.Locale;

/** What the reader and the writer share: one configured {@link JsonFactory} and the names of the commands. */
final class NdjsonFormat
{
    /**
     * Thread-safe once built. No root separator, so that each event is exactly one object and one newline;
     * targets belong to the caller, so closing a generator never closes them.
     */
    static final JsonFactory JSON_FACTORY = new JsonFactoryBuilder()
        .rootValueSeparator((String)null)
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .build();

    private static final CommandType[] COMMAND_TYPES = CommandType.values();
    private static final String[] COMMAND_NAMES = new String[COMMAND_TYPES.length];

    static
    {
        for (final CommandType type : COMMAND_TYPES)
        {
            final String name = type == CommandType.NEW_ORDER ? "new" : camelCase(type.name());
            COMMAND_NAMES[type.ordinal()] = name;
        }
    }

    private NdjsonFormat()
    {
    }

    /**
     * @param constant an enum constant's name such as {@code SETTLEMENT_FAILED}.
     * @return its lower camel case, {@code settlementFailed}: how the format names commands and events.
     */
    static String camelCase(final String constant)
    {
        final StringBuilder name = new StringBuilder(constant.length());
        boolean upper = false;
        for (final char c : constant.toLowerCase(Locale.ROOT).toCharArray())
        {
            if (c == '_')
            {
                upper = true;
            }
            else
            {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    /**
     * @param type command type.
     * @return its {@code cmd} name, e.g. {@code "new"} for NEW_ORDER; {@code "invalid"} for INVALID.
     */
    static String commandName(final CommandType type)
    {
        return COMMAND_NAMES[type.ordinal()];
    }

    /**
     * @param name a {@code cmd} value.
     * @return the command type it names, or null; {@code "invalid"} is output only and names none.
     */
    static CommandType commandType(final CharSequence name)
    {
        for (final CommandType type : COMMAND_TYPES)
        {
            if (type != CommandType.INVALID && COMMAND_NAMES[type.ordinal()].contentEquals(name))
            {
                return type;
            }
        }
        return null;
    }
}
