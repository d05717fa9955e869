package io.resx.server.batch;

import io.resx.engine.pipeline.EventSink;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.ndjson.NdjsonEventWriter;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The publisher's end of a batch run: every event as one NDJSON line, and the counts for the summary. */
final class BatchEventSink implements EventSink
{
    private final NdjsonEventWriter writer;
    private final BatchSummary summary;

    BatchEventSink(final NdjsonEventWriter writer, final BatchSummary summary)
    {
        this.writer = writer;
        this.summary = summary;
    }

    @Override
    public void onOutcome(final Command command, final EventLog events)
    {
        summary.count(events);
        try
        {
            writer.write(events);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write events: " + ex.getMessage(), ex);
        }
    }

    @Override
    public void endOfBatch()
    {
        // What the publisher released is in the file, not in a buffer, at the end of every batch.
        try
        {
            writer.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write events: " + ex.getMessage(), ex);
        }
    }
}
