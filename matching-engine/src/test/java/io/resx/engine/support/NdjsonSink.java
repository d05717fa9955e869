package io.resx.engine.support;

import io.resx.engine.pipeline.EventSink;
import io.resx.protocol.ndjson.NdjsonEventWriter;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The pipeline's events written as NDJSON, the way a live run and its replay are compared byte for byte. */
public final class NdjsonSink
{
    private NdjsonSink()
    {
    }

    /**
     * @param writer where each outcome's events go.
     * @return a sink writing every event to it.
     */
    public static EventSink into(final NdjsonEventWriter writer)
    {
        return (command, log) ->
        {
            try
            {
                writer.write(log);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        };
    }
}
