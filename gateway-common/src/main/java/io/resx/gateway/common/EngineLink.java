package io.resx.gateway.common;

import io.aeron.Publication;
import org.agrona.DirectBuffer;

/**
 * Where a gateway's encoded requests (Route + SBE command, from {@link EngineProxy}) go: the single node's Aeron
 * stream ({@link #of(Publication)}) or the engine cluster ({@code cluster.ClusterLink}). Called from any of the
 * gateway's threads.
 */
public interface EngineLink
{
    /**
     * @param buffer the encoded request, from offset 0; copied before this returns.
     * @param length its length.
     * @return null when taken, else why not ("the engine is not connected", "... not keeping up").
     */
    String offer(DirectBuffer buffer, int length);

    /** @return whether requests can reach the engine now. */
    boolean isConnected();

    /**
     * @param publication the single node's input stream (concurrent: many threads offer).
     * @return a link that offers to it, waiting out back-pressure for at most a second ({@link EngineOffer}).
     */
    static EngineLink of(final Publication publication)
    {
        return new EngineLink()
        {
            @Override
            public String offer(final DirectBuffer buffer, final int length)
            {
                return EngineOffer.offer(publication, buffer, length);
            }

            @Override
            public boolean isConnected()
            {
                return publication.isConnected();
            }
        };
    }
}
