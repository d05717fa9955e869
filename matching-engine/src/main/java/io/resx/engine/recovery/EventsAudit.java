package io.resx.engine.recovery;

import io.resx.engine.pipeline.EventSink;
import io.resx.protocol.codec.GatewayCodec;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.replay.EventReader;
import io.resx.replay.JournalContext;
import org.agrona.ExpandableArrayBuffer;

/**
 * Checks that the {@code events} queue is what the {@code commands} journal gives: replays every command through
 * the same engine and compares each recomputed outcome, byte for byte, with the stored one (sequence, time and
 * body; the hash chain of the stored queue is verified as it is read). The first difference is named. An outcome
 * stored in the events layout of schema versions 1-3 is compared by its content (see {@link GatewayCodec}).
 */
public final class EventsAudit
{
    private EventsAudit()
    {
    }

    /**
     * What the check found.
     *
     * @param compared      outcomes compared.
     * @param storedEnd     the last sequence the events queue holds.
     * @param firstMismatch the first sequence whose outcome differs (or is missing), or 0 when they agree.
     * @param problem       what differs there, or null.
     */
    public record Result(long compared, long storedEnd, long firstMismatch, String problem)
    {
        /** @return whether the two queues agree. */
        public boolean agrees()
        {
            return firstMismatch == 0;
        }
    }

    /**
     * @param commands the commands journal; its events queue is {@link JournalContext#events()}.
     * @param factory  builds the engine as the live process did.
     * @return the comparison.
     */
    public static Result check(final JournalContext commands, final EngineFactory factory)
    {
        try (EventReader stored = EventReader.open(commands.events()))
        {
            final Comparing comparing = new Comparing(stored);
            JournalReplay.run(commands, factory, 1, Long.MAX_VALUE, comparing);
            if (comparing.mismatch == 0 && stored.next())
            {
                return new Result(comparing.compared, stored.sequence(), stored.sequence(),
                    "the events queue holds an outcome for sequence " + stored.sequence() +
                    " past the commands journal's end");
            }
            return new Result(comparing.compared, comparing.mismatch == 0 ? stored.sequence() : -1,
                comparing.mismatch, comparing.problem);
        }
    }

    /** Compares each recomputed outcome with the next stored one; stops comparing at the first difference. */
    private static final class Comparing implements EventSink
    {
        private final EventReader stored;
        private final GatewayCodec codec = new GatewayCodec();
        private final ExpandableArrayBuffer recomputed = new ExpandableArrayBuffer(64 * 1024);
        private final ExpandableArrayBuffer kept = new ExpandableArrayBuffer(64 * 1024);
        private final ExpandableArrayBuffer repacked = new ExpandableArrayBuffer(64 * 1024);
        private final Command storedCommand = new Command();
        private final EventLog storedEvents = new EventLog();
        private long compared;
        private long mismatch;
        private String problem;

        Comparing(final EventReader stored)
        {
            this.stored = stored;
        }

        @Override
        public void onOutcome(final Command command, final EventLog events)
        {
            if (mismatch != 0)
            {
                return;
            }
            if (!stored.next())
            {
                fail(command.sequence(), "the events queue ends at sequence " + stored.sequence());
                return;
            }
            recomputed.checkLimit(GatewayCodec.maxOutcomeLength(events));
            final int length = codec.encodeSequenced(recomputed, 0, command, events);
            final int keptLength = stored.copyBody(kept);
            if (stored.sequence() != command.sequence() || stored.timestampNs() != command.timestampNs())
            {
                fail(command.sequence(), "the stored outcome is of sequence " + stored.sequence() + " at " +
                    stored.timestampNs() + " ns, the command's is " + command.sequence() + " at " +
                    command.timestampNs() + " ns");
            }
            else if (!sameBytes(kept, keptLength, recomputed, length) && !sameWhenPacked(length))
            {
                fail(command.sequence(), "the stored outcome (" + keptLength + " bytes) differs from the " +
                    "recomputed one (" + length + " bytes)");
            }
            compared++;
        }

        /**
         * An outcome stored in the SBE layout of schema versions 1-3 (an events queue written before the packed
         * layout) cannot equal the recomputed bytes: it is compared by what it holds, decoded and packed again.
         * For a stored outcome in the packed layout this gives back the stored bytes (the layout is canonical),
         * so a difference there is still found.
         */
        private boolean sameWhenPacked(final int length)
        {
            stored.outcome(storedCommand, storedEvents);
            repacked.checkLimit(GatewayCodec.maxOutcomeLength(storedEvents));
            final int repackedLength = codec.encodeSequenced(repacked, 0, storedCommand, storedEvents);
            return sameBytes(repacked, repackedLength, recomputed, length);
        }

        private static boolean sameBytes(
            final ExpandableArrayBuffer a, final int aLength, final ExpandableArrayBuffer b, final int length)
        {
            if (aLength != length)
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                if (a.getByte(i) != b.getByte(i))
                {
                    return false;
                }
            }
            return true;
        }

        private void fail(final long sequence, final String why)
        {
            mismatch = sequence;
            problem = why;
        }
    }
}
