package io.resx.gateway.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * API keys of the HTTP API: bearer keys per participant, stored in the participants file as SHA-256 hashes only.
 * <pre>
 *   { "id": "OPERATOR-A", ..., "apiKeys": ["sha256$9f86d081884c7d65..."], "apiRateLimitPerSecond": 1000 }
 * </pre>
 * A key is 32 random bytes (256 bits), so a fast hash is enough: there is nothing to brute-force, unlike a human
 * password, and a request pays one SHA-256 (about a microsecond) instead of a PBKDF2 run (about 100 ms at the FIX
 * logon's 210,000 iterations), which would cap the API at a few requests per second per core.
 * Immutable once loaded; every thread may authenticate.
 */
public final class ApiKeys
{
    /** The stored form's prefix. */
    public static final String SCHEME = "sha256$";
    private static final int KEY_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, Participant> byHash;
    private final Map<String, Integer> rateLimits;

    private ApiKeys(final Map<String, Participant> byHash, final Map<String, Integer> rateLimits)
    {
        this.byHash = byHash;
        this.rateLimits = rateLimits;
    }

    /**
     * Reads the {@code apiKeys} of each participant from the same file the participants come from.
     *
     * @param location     a participants file path, or {@link ParticipantDirectory#DEMO_NAME}.
     * @param participants the participants loaded from it.
     * @return the keys.
     * @throws IOException when the file cannot be read.
     * @throws IllegalArgumentException for a plain-text key, a malformed hash or one hash listed twice.
     */
    public static ApiKeys load(final String location, final ParticipantDirectory participants) throws IOException
    {
        final JsonNode root;
        if (ParticipantDirectory.DEMO_NAME.equals(location))
        {
            try (InputStream in = ParticipantDirectory.class.getResourceAsStream(ParticipantDirectory.DEMO_RESOURCE))
            {
                root = new ObjectMapper().readTree(in);
            }
        }
        else
        {
            root = new ObjectMapper().readTree(Files.readString(Path.of(location)));
        }
        final Map<String, Participant> byId = new HashMap<>();
        participants.participants().forEach(p -> byId.put(p.id(), p));
        final Map<String, Participant> byHash = new HashMap<>();
        final Map<String, Integer> rateLimits = new HashMap<>();
        for (final JsonNode node : root.path("participants"))
        {
            final String id = node.path("id").asText();
            if (node.has("apiRateLimitPerSecond"))
            {
                final int limit = node.get("apiRateLimitPerSecond").asInt(0);
                if (limit <= 0)
                {
                    throw new IllegalArgumentException("participant " + id + ": apiRateLimitPerSecond must be a " +
                        "positive whole number");
                }
                rateLimits.put(id, limit);
            }
            if (node.has("apiKey"))
            {
                throw new IllegalArgumentException("participant " + id + ": plain-text \"apiKey\" is not accepted; " +
                    "store its hash in \"apiKeys\" (./resx passwd --api-key prints a new key and its hash)");
            }
            for (final JsonNode hash : node.path("apiKeys"))
            {
                final String stored = hash.asText();
                if (!isHash(stored))
                {
                    throw new IllegalArgumentException("participant " + id + ": \"apiKeys\" entries must look like " +
                        SCHEME + "<64 hex digits>, not " + (stored.length() > 12 ? stored.substring(0, 12) + "..." :
                        stored));
                }
                if (byHash.putIfAbsent(stored.toLowerCase(java.util.Locale.ROOT), byId.get(id)) != null)
                {
                    throw new IllegalArgumentException("participant " + id + ": an API key hash is listed twice");
                }
            }
        }
        return new ApiKeys(byHash, rateLimits);
    }

    /**
     * @param participant a participant.
     * @param defaultLimit the server's http.rateLimitPerSecond.
     * @return its requests per second per key: its own apiRateLimitPerSecond, else the default.
     */
    public int rateLimit(final Participant participant, final int defaultLimit)
    {
        return rateLimits.getOrDefault(participant.id(), defaultLimit);
    }

    /** @return no keys: every key is refused (public streams only). */
    public static ApiKeys none()
    {
        return new ApiKeys(Map.of(), Map.of());
    }

    /**
     * @param key a key as sent by a client.
     * @return its participant, or null when no participant has this key.
     */
    public Participant authenticate(final String key)
    {
        if (key == null || key.isEmpty() || key.length() > 200)
        {
            return null;
        }
        return byHash.get(hash(key));
    }

    /** @return how many keys are known. */
    public int size()
    {
        return byHash.size();
    }

    /** @return a new random key: "rxk_" and 43 URL-safe base64 characters (256 bits). */
    public static String newKey()
    {
        final byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        return "rxk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @param key a key.
     * @return its stored form, {@code sha256$} and 64 lower-case hex digits.
     */
    public static String hash(final String key)
    {
        try
        {
            return SCHEME + HEX.formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is not available in this JDK", ex);
        }
    }

    /**
     * @param stored text claimed to be a stored key.
     * @return whether it has the shape of one.
     */
    public static boolean isHash(final String stored)
    {
        return stored != null && stored.startsWith(SCHEME) && stored.length() == SCHEME.length() + 64 &&
            stored.substring(SCHEME.length()).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }
}
