package io.resx.gateway.common;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Password hashes as the participants file stores them: PBKDF2 with HMAC-SHA256 from the JDK, never plain text.
 * <pre>
 *   pbkdf2-sha256$ITERATIONS$SALT_BASE64$HASH_BASE64
 * </pre>
 */
public final class PasswordHash
{
    /** The scheme's prefix. */
    public static final String SCHEME = "pbkdf2-sha256";
    /** Iterations for new hashes: logons are rare, so a slow hash costs nothing on the order path. */
    public static final int DEFAULT_ITERATIONS = 210_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private PasswordHash()
    {
    }

    /**
     * @param password   the secret.
     * @param iterations PBKDF2 iterations.
     * @return a new hash with a random salt.
     */
    public static String hash(final char[] password, final int iterations)
    {
        final byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        final Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" +
            b64.encodeToString(derive(password, salt, iterations));
    }

    /**
     * @param password the secret offered.
     * @param stored   a hash made by {@link #hash}.
     * @return whether they match; false for a malformed hash.
     */
    public static boolean matches(final char[] password, final String stored)
    {
        final String[] parts = stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0]))
        {
            return false;
        }
        try
        {
            final int iterations = Integer.parseInt(parts[1]);
            final byte[] salt = Base64.getDecoder().decode(parts[2]);
            final byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, iterations));
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    /**
     * @param stored text claimed to be a hash.
     * @return whether it has the shape of one.
     */
    public static boolean isHash(final String stored)
    {
        return stored != null && stored.startsWith(SCHEME + "$") && stored.split("\\$").length == 4;
    }

    private static byte[] derive(final char[] password, final byte[] salt, final int iterations)
    {
        try
        {
            final PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
            try
            {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            }
            finally
            {
                spec.clearPassword();
            }
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", ex);
        }
    }
}
