package io.resx.settlement.bridge;

/**
 * Deploys the resource token of an asset that has none yet (an energy interval, an instrument listed after the
 * chain was set up), before a batch needs it; the bridge calls it once per missing token, from its own thread.
 */
@FunctionalInterface
public interface TokenProvisioner
{
    /** No deployment: a trade on an asset without a token is refused ({@code NoToken}). */
    TokenProvisioner NONE = symbol -> null;

    /**
     * @param symbol an ownership or energy symbol without a token.
     * @return the new token's address (now in the directory), or null when it cannot be deployed here.
     */
    String deploy(String symbol);
}
