package io.resx.cluster;

import io.aeron.security.Authenticator;
import io.aeron.security.SessionProxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Tells the operator's session from the gateways' when a client connects to the cluster. A client that presents
 * the operator secret as its credentials is authenticated with the {@link #OPERATOR} principal and may send admin
 * commands (listings, accounts, deposits); every other client is a {@link #GATEWAY}, whose commands the engine
 * screens as it does on the single node. The principal travels in the log with the session's opening, so every
 * node makes the same decision.
 */
final class OperatorAuthenticator implements Authenticator
{
    static final byte[] OPERATOR = "operator".getBytes(StandardCharsets.US_ASCII);
    static final byte[] GATEWAY = "gateway".getBytes(StandardCharsets.US_ASCII);

    private final byte[] secret;
    private final org.agrona.collections.Long2ObjectHashMap<byte[]> pending =
        new org.agrona.collections.Long2ObjectHashMap<>();

    /**
     * @param secret the operator secret; null or empty: no client may act as operator.
     */
    OperatorAuthenticator(final String secret)
    {
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void onConnectRequest(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
        final boolean operator = secret != null && encodedCredentials != null &&
            MessageDigest.isEqual(secret, encodedCredentials);
        pending.put(sessionId, operator ? OPERATOR : GATEWAY);
    }

    @Override
    public void onChallengeResponse(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
    }

    @Override
    public void onConnectedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        final byte[] principal = pending.remove(sessionProxy.sessionId());
        sessionProxy.authenticate(principal == null ? GATEWAY : principal);
    }

    @Override
    public void onChallengedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        onConnectedSession(sessionProxy, nowMs);
    }

    static boolean isOperator(final byte[] principal)
    {
        return principal != null && java.util.Arrays.equals(principal, OPERATOR);
    }
}
