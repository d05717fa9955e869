package io.resx.replay;

import io.resx.protocol.command.Command;
import io.resx.protocol.event.EngineEvent;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outcome larger than the appender's batch buffer (a deep book query or a mass cancel of thousands of orders),
 * arriving while smaller records are already gathered in the batch: the buffer grows, keeps what it held, and every
 * record reads back whole, in order, under the hash chain.
 */
class EventJournalLargeOutcomeTest
{
    private static final int LARGE_EVENTS = 4_000;

    @TempDir
    Path dir;

    @Test
    void shouldGrowTheBatchForAnOutcomeLargerThanItKeepingTheRecordsBeforeIt()
    {
        final JournalContext context = new JournalContext().directory(dir.resolve("events"));
        final EventLog events = new EventLog();
        try (ChronicleEventJournal journal = ChronicleEventJournal.open(context, JournalPosition.START))
        {
            for (long sequence = 1; sequence <= 6; sequence++)
            {
                final Command command = JournalFixture.order(sequence);
                fill(events, command, sequence == 4 ? LARGE_EVENTS : 2);
                journal.append(command, events); // no flush in between: records 1-3 are in the batch when 4 comes
            }
            journal.flush();
        }
        assertThat(events.size()).isEqualTo(2);

        final Command command = new Command();
        final EventLog read = new EventLog();
        long sequence = 0;
        try (EventReader reader = EventReader.open(context))
        {
            while (reader.next())
            {
                sequence++;
                assertThat(reader.sequence()).isEqualTo(sequence);
                reader.outcome(command, read);
                assertThat(command.clOrdId().toString()).isEqualTo("c" + sequence);
                final int expected = sequence == 4 ? LARGE_EVENTS : 2;
                assertThat(read.size()).as("events of outcome %d", sequence).isEqualTo(expected);
                for (final int i : new int[] {0, expected / 2, expected - 1})
                {
                    final EngineEvent event = read.get(i);
                    assertThat(event.account().toString()).isEqualTo("ACCOUNT-" + i);
                    assertThat(event.symbol().toString()).isEqualTo("COMP.GPU-H100.EU-WEST.LEVEL-" + i);
                    assertThat(event.price()).isEqualTo(1_000_000L + i);
                }
            }
        }
        assertThat(sequence).isEqualTo(6);
    }

    /** A BALANCE event per index, each with its own account and symbol: about 80 bytes an event on the wire. */
    private static void fill(final EventLog events, final Command command, final int count)
    {
        events.clear();
        for (int i = 0; i < count; i++)
        {
            final EngineEvent event = events.add().start(EventType.BALANCE, command).priceQty(1_000_000L + i, i);
            event.account().set("ACCOUNT-" + i);
            event.symbol().set("COMP.GPU-H100.EU-WEST.LEVEL-" + i);
        }
    }
}
