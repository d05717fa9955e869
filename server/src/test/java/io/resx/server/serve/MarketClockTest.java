package io.resx.server.serve;

import io.resx.engine.node.AeronOutcomePublisher;
import io.resx.engine.node.CommandSubmitter;
import io.resx.engine.node.ListingDirectory;
import io.resx.engine.matching.MatchingEngine;
import io.resx.engine.pipeline.CommandFiller;
import io.resx.protocol.command.Command;
import io.resx.protocol.event.EventLog;
import io.resx.protocol.event.EventType;
import io.resx.risk.AccountRegistry;
import io.resx.risk.RiskStage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine node's clock duty against a real engine: the template's slots are listed ahead on the horizon, the
 * horizon stays full as time passes, ticks come at every gate closure and end, and a new clock over a recovered
 * directory (a restart) lists nothing twice. Time is what the test feeds in, from an arbitrary moment.
 */
final class MarketClockTest
{
    private static final Instant T0 = Instant.parse("2031-06-15T12:07:00Z");
    private static final String UNIT = "SPEC.3550-3560.CELL042";

    private final MatchingEngine engine = new MatchingEngine(new AccountRegistry(), RiskStage.NONE, 64);
    private final ListingDirectory listings = new ListingDirectory();
    private final EventLog events = new EventLog();
    private final List<String> journal = new ArrayList<>();
    private long sequence;
    private long nowNs;

    /** Stamps and runs each command on the engine, then lets the directory learn its outcome like the publisher. */
    private final CommandSubmitter engineNode = new CommandSubmitter()
    {
        @Override
        public <A> void submit(final CommandFiller<A> filler, final A input)
        {
            final Command command = new Command();
            filler.fill(command, input);
            command.stamp(++sequence, nowNs);
            engine.process(command, events);
            AeronOutcomePublisher.learn(listings, command, events);
            journal.add(command.type() + " " + command.symbol() + " " + events.get(0).type());
            for (int i = 1; i < events.size(); i++)
            {
                if (events.get(i).type() == EventType.CLOSED || events.get(i).type() == EventType.EXPIRED)
                {
                    journal.add(events.get(i).type() + " " + events.get(i).symbol());
                }
            }
        }
    };

    private MarketTemplate template() throws IOException
    {
        final Path file = Files.createTempFile("template", ".ndjson");
        Files.writeString(file, String.join("\n",
            "{\"list\":\"" + UNIT + "\",\"tick\":\"0.01\",\"lot\":\"0.1\"}",
            "{\"slots\":\"" + UNIT + "\",\"every\":\"PT1H\",\"tick\":\"0.01\",\"lot\":\"1\"}",
            "{\"slots\":\"ENRG.KWH.NODE17\",\"every\":\"PT15M\",\"tick\":\"0.0001\",\"lot\":\"0.01\"}", ""));
        return MarketTemplate.load(file.toString());
    }

    private MarketClock clock() throws IOException
    {
        return new MarketClock(template(), Duration.ofHours(3), Duration.ofMinutes(30), listings);
    }

    private void at(final Instant moment)
    {
        nowNs = moment.getEpochSecond() * 1_000_000_000L;
    }

    private Set<String> listed()
    {
        final Set<String> symbols = new HashSet<>();
        for (int i = 0; i < engine.bookCount(); i++)
        {
            symbols.add(engine.book(i).symbol().toString());
        }
        return symbols;
    }

    @Test
    void shouldListTheSlotsWhoseGateClosureIsAheadWithinTheHorizon() throws IOException
    {
        final MarketClock clock = clock();
        at(T0);
        clock.onTime(nowNs, engineNode);

        // PT1H: 13:00 (closes 12:30) .. 15:00 (starts before 15:07); 12:00 is under way, its closure passed
        assertThat(listed()).contains(UNIT, UNIT + "@2031-06-15T13:00Z/PT1H", UNIT + "@2031-06-15T15:00Z/PT1H")
            .doesNotContain(UNIT + "@2031-06-15T12:00Z/PT1H", UNIT + "@2031-06-15T16:00Z/PT1H");
        // PT15M: 12:45 (closes 12:15) .. 15:00
        assertThat(listed()).contains("ENRG.KWH.NODE17@2031-06-15T12:45Z/PT15M",
            "ENRG.KWH.NODE17@2031-06-15T15:00Z/PT15M").doesNotContain("ENRG.KWH.NODE17@2031-06-15T12:30Z/PT15M",
            "ENRG.KWH.NODE17@2031-06-15T15:15Z/PT15M");
        assertThat(journal).filteredOn(line -> line.startsWith("LIST")).allMatch(line -> line.endsWith("ACCEPTED"));
        assertThat(clock.nextDeadlineNs()).as("the 12:45 interval closes first, at 12:15")
            .isEqualTo(Instant.parse("2031-06-15T12:15:00Z").getEpochSecond() * 1_000_000_000L);
    }

    @Test
    void shouldKeepTheHorizonFullAndTickAtEveryClosureAndEnd() throws IOException
    {
        final MarketClock clock = clock();
        at(T0);
        clock.onTime(nowNs, engineNode);
        final int before = clock.onTime(nowNs, engineNode);
        assertThat(before).as("nothing is due before the next deadline").isZero();

        // a day in 30-second steps: the clock acts only at its deadlines
        for (Instant t = T0; t.isBefore(T0.plus(Duration.ofDays(1))); t = t.plusSeconds(30))
        {
            at(t);
            clock.onTime(nowNs, engineNode);
            final Instant now = t;
            assertThat(listed()).as("at %s", now).contains(UNIT + "@" + slotAfter(now.plus(Duration.ofMinutes(31)),
                Duration.ofHours(1)) + "/PT1H");
        }
        assertThat(journal).contains("CLOSED " + UNIT + "@2031-06-15T13:00Z/PT1H",
            "EXPIRED " + UNIT + "@2031-06-15T13:00Z/PT1H");
        assertThat(journal).filteredOn(line -> line.startsWith("LIST")).allMatch(line -> line.endsWith("ACCEPTED"));
        // ended slots left the engine: the ownership, lease slots starting within (now - 1 h, now + 3 h), energy
        // intervals within (now - 15 min, now + 3 h), and at most one of each whose end came since the last step
        assertThat(engine.bookCount()).isBetween(1 + 3 + 12, 1 + 4 + 13 + 2);
    }

    @Test
    void shouldListNothingTwiceAfterARestart() throws IOException
    {
        at(T0);
        clock().onTime(nowNs, engineNode);
        final int books = engine.bookCount();
        final int commands = journal.size();

        // a restart: a new clock over what the recovered engine holds, a minute later
        at(T0.plusSeconds(60));
        clock().onTime(nowNs, engineNode);

        assertThat(engine.bookCount()).isEqualTo(books);
        assertThat(journal.subList(commands, journal.size())).as("only the first tick").containsExactly("TICK  ACCEPTED");
    }

    @Test
    void shouldTickAtTheGateClosureOfAnInstrumentAnAdminListed() throws IOException
    {
        final MarketClock clock = clock();
        at(T0);
        clock.onTime(nowNs, engineNode);
        // an admin lists a short slot that closes before the clock's own next deadline (12:15)
        final String adminSlot = UNIT + "@2031-06-15T12:10Z/PT5M";
        final Command list = new Command().type(io.resx.protocol.command.CommandType.LIST)
            .tick(io.resx.protocol.FixedPoint.parse("0.01")).lot(io.resx.protocol.FixedPoint.parse("1"))
            .atNs(Instant.parse("2031-06-15T12:08:00Z").getEpochSecond() * 1_000_000_000L);
        list.symbol().set(adminSlot);
        engineNode.submit((command, input) -> command.copyFrom(input), list);
        final int ticksBefore = journal.size();

        at(Instant.parse("2031-06-15T12:08:00Z"));
        assertThat(clock.onTime(nowNs, engineNode)).as("a tick at the admin slot's gate closure").isPositive();
        assertThat(journal.subList(ticksBefore, journal.size())).contains("CLOSED " + adminSlot);
    }

    @Test
    void shouldRefuseAHorizonNoLongerThanTheGateClosure() throws IOException
    {
        final MarketTemplate template = template();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                new MarketClock(template, Duration.ofMinutes(30), Duration.ofMinutes(30), listings))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("market.horizon");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                new MarketClock(template, Duration.ofHours(3), Duration.ofMinutes(-5), listings))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("market.gateClosure");
    }

    private static String slotAfter(final Instant moment, final Duration every)
    {
        final long s = every.getSeconds();
        return Instant.ofEpochSecond((moment.getEpochSecond() + s - 1) / s * s).toString().substring(0, 16) + "Z";
    }
}
