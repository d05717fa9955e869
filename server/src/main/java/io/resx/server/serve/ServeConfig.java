package io.resx.server.serve;

import io.resx.engine.pipeline.PipelineLayout;
import io.resx.gateway.fix.FixGatewayContext;
import io.resx.gateway.common.ParticipantDirectory;
import io.resx.gateway.common.SessionPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Settings of {@code resx serve} and {@code resx gateway}: the bundled {@code serve-defaults.properties}
 * (every setting with its default and a comment), overridden by a {@code --config} file. Unknown keys in the
 * file are refused, so a typo does not silently leave a default in force.
 */
public final class ServeConfig
{
    private static final String DEFAULTS = "/io/resx/server/serve/serve-defaults.properties";
    private static final String SESSION_PREFIX = "session.";

    private final Properties properties;

    private ServeConfig(final Properties properties)
    {
        this.properties = properties;
    }

    /**
     * @param file a properties file overriding defaults, or null.
     * @return the configuration.
     * @throws IOException when the file cannot be read.
     * @throws IllegalArgumentException when it names an unknown setting.
     */
    public static ServeConfig load(final Path file) throws IOException
    {
        final Properties defaults = new Properties();
        try (InputStream in = ServeConfig.class.getResourceAsStream(DEFAULTS))
        {
            defaults.load(in);
        }
        final Properties merged = new Properties();
        merged.putAll(defaults);
        if (file != null)
        {
            final Properties overrides = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
            {
                overrides.load(reader);
            }
            for (final String key : overrides.stringPropertyNames())
            {
                if (!defaults.containsKey(key))
                {
                    throw new IllegalArgumentException("unknown setting " + key + " in " + file +
                        " (the README's Configuration section lists every setting)");
                }
                merged.setProperty(key, overrides.getProperty(key).trim());
            }
        }
        final ServeConfig config = new ServeConfig(merged);
        config.idleProfile(); // a bad idle setting is refused at load, naming it, not when the hop starts
        config.pipelineLayout();
        return config;
    }

    /**
     * @return how each hop waits when idle ({@code idle.profile} and the per-hop overrides).
     * @throws IllegalArgumentException naming the setting whose value is not one of its kinds.
     */
    public IdleProfile idleProfile()
    {
        return IdleProfile.of(this);
    }

    /**
     * @return how the engine's journaled pipeline is laid on threads: {@code engine.pipeline}, or when it is empty
     * what suits this machine's cores ({@link PipelineLayout#forThisMachine()}).
     * @throws IllegalArgumentException when the value is neither {@code serial} nor {@code parallel}.
     */
    public PipelineLayout pipelineLayout()
    {
        return PipelineLayout.named("engine.pipeline", get("engine.pipeline"));
    }

    /**
     * @param key a setting.
     * @param value its new value (command-line options apply on top of the file).
     * @return this configuration.
     */
    public ServeConfig set(final String key, final String value)
    {
        properties.setProperty(key, value);
        return this;
    }

    /**
     * @param key a setting.
     * @return its value.
     */
    public String get(final String key)
    {
        final String value = properties.getProperty(key);
        if (value == null)
        {
            throw new IllegalArgumentException("no setting " + key);
        }
        return value.trim();
    }

    /**
     * @param key a setting.
     * @return its value as an int.
     */
    public int getInt(final String key)
    {
        try
        {
            return Integer.parseInt(get(key));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " must be a whole number, not " + get(key), ex);
        }
    }

    /**
     * @param key a setting.
     * @return its value as an ISO-8601 duration ({@code PT15M}).
     */
    public java.time.Duration getDuration(final String key)
    {
        try
        {
            return java.time.Duration.parse(get(key));
        }
        catch (final java.time.format.DateTimeParseException ex)
        {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT15M, not " + get(key),
                ex);
        }
    }

    /**
     * @param key a setting.
     * @return its value as an ISO-8601 time with its offset ({@code 2031-03-15T11:43:44Z}).
     */
    public java.time.Instant getInstant(final String key)
    {
        try
        {
            return java.time.OffsetDateTime.parse(get(key)).toInstant();
        }
        catch (final java.time.format.DateTimeParseException ex)
        {
            throw new IllegalArgumentException(key + " must be an ISO-8601 time such as 2031-03-15T11:43:44Z, not " +
                get(key), ex);
        }
    }

    /**
     * @param key a setting.
     * @return its value as a boolean.
     */
    public boolean getBoolean(final String key)
    {
        return Boolean.parseBoolean(get(key));
    }

    /**
     * @param key a comma-separated setting.
     * @return its non-empty items.
     */
    public List<String> getList(final String key)
    {
        final List<String> items = new ArrayList<>();
        for (final String item : get(key).split(","))
        {
            if (!item.isBlank())
            {
                items.add(item.trim());
            }
        }
        return items;
    }

    /**
     * @param role "serve" or "gateway-N": names the default directory.
     * @return the Aeron directory to use.
     */
    public String aeronDir(final String role)
    {
        final String configured = get("aeron.dir");
        if (!configured.isEmpty())
        {
            // one setting, several processes: every role but the engine's gets its own folder beside it
            return "serve".equals(role) ? configured : configured + "-" + role;
        }
        final Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm))
        {
            return shm.resolve("resx-" + role + "-" + get("fix.port")).toString();
        }
        return Path.of(get("data.dir"), "aeron-" + role).toString();
    }

    /** @return the per-session defaults, from the session.* settings. */
    public SessionPolicy sessionDefaults()
    {
        SessionPolicy policy = SessionPolicy.DEFAULTS;
        for (final String key : properties.stringPropertyNames())
        {
            if (key.startsWith(SESSION_PREFIX))
            {
                policy = policy.with(key.substring(SESSION_PREFIX.length()), get(key));
            }
        }
        return policy;
    }

    /**
     * @return the participants file, loaded with the session defaults.
     * @throws IOException when it cannot be read.
     */
    public ParticipantDirectory participants() throws IOException
    {
        return ParticipantDirectory.load(get("participants"), sessionDefaults());
    }

    /**
     * @param participants who may connect.
     * @param aeronDir     the media driver's directory.
     * @return a gateway context from the fix.* settings.
     */
    public FixGatewayContext gatewayContext(final ParticipantDirectory participants, final String aeronDir)
    {
        return new FixGatewayContext()
            .gatewayId(getInt("fix.gatewayId"))
            .aeronDirectoryName(aeronDir)
            .host(get("fix.host"))
            .port(getInt("fix.port"))
            .acceptorCompId(get("fix.acceptorCompId"))
            .storeDirectory(get("fix.storeDir"))
            .messageLog(getBoolean("fix.messageLog"))
            .messageLogDirectory(get("fix.messageLogDir"))
            .maxMarketDepth(getInt("fix.maxMarketDepth"))
            .preLogonMaxBytes(getInt("fix.preLogonMaxBytes"))
            .maxMessageBytes(getInt("fix.maxMessageBytes"))
            .logonTimeoutMs(getInt("fix.logonTimeoutMs"))
            .maxConnectionsPerAddress(getInt("fix.maxConnectionsPerAddress"))
            .maxQueuedMessages(getInt("fix.maxQueuedMessages"))
            .idle(idleProfile().fix())
            .engineStreamId(getInt("engine.in.stream"))
            .eventsStreamId(getInt("engine.out.stream"))
            .participants(participants);
    }
}
