package io.resx.gateway.common;

import io.aeron.Publication;
import org.agrona.DirectBuffer;

import java.util.concurrent.TimeUnit;

/**
 * Sends one encoded message to the engine over Aeron, the way every gateway does: back-pressure is waited out for
 * at most a second (the engine is busy, not gone), a closed or unconnected stream fails at once.
 */
public final class EngineOffer
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);

    private EngineOffer()
    {
    }

    /**
     * @param publication the stream to the engine.
     * @param buffer      the encoded message, from offset 0.
     * @param length      its length.
     * @return null when sent, else why not ("the engine is not connected" / "the engine is not keeping up").
     */
    public static String offer(final Publication publication, final DirectBuffer buffer, final int length)
    {
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        while (true)
        {
            final long result = publication.offer(buffer, 0, length);
            if (result > 0)
            {
                return null;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                return "the engine is not connected";
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                return "the engine is not keeping up";
            }
            Thread.yield();
        }
    }
}
