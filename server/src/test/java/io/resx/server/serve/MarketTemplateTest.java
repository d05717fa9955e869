package io.resx.server.serve;

import io.resx.protocol.FixedPoint;
import io.resx.protocol.command.Command;
import io.resx.protocol.command.CommandType;
import io.resx.protocol.instrument.InstrumentSymbol;
import io.resx.protocol.ndjson.NdjsonCommandReader;
import io.resx.server.batch.BatchInput;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bundled template is the recorded day's market as products: laid over that day it gives exactly the
 * instruments of {@code @default-market}, with the same ticks and lots; a wrong template line is refused by name.
 */
final class MarketTemplateTest
{
    @Test
    void shouldGiveTheRecordedDaysMarketWhenLaidOverThatDay()
    {
        final Map<String, String> recorded = new HashMap<>();
        final NdjsonCommandReader reader = new NdjsonCommandReader(InstrumentSymbol::parse);
        final Command command = new Command();
        BatchInput.forEachLine("@default-market", line ->
        {
            reader.read(line, command.reset());
            assertThat(command.type()).isEqualTo(CommandType.LIST);
            recorded.put(command.symbol().toString(), command.tick() + "/" + command.lot());
        });

        final Map<String, String> templated = new HashMap<>();
        final MarketTemplate template = MarketTemplate.load("@default-template");
        template.fixed().forEach(product -> templated.put(product.symbol(), product.tick() + "/" + product.lot()));
        final Instant day = Instant.parse("2026-12-01T00:00:00Z");
        for (final MarketTemplate.Rolling product : template.rolling())
        {
            for (Instant start = day; start.isBefore(day.plus(Duration.ofDays(1))); start = start.plus(product.every()))
            {
                templated.put(product.symbolAt(start), product.tick() + "/" + product.lot());
            }
        }

        assertThat(templated).hasSize(1138).isEqualTo(recorded);
        assertThat(FixedPoint.toString(template.fixed().get(0).lot(), 1)).isEqualTo("0.1");
    }

    @Test
    void shouldRefuseAWrongProductNamingItsLine() throws IOException
    {
        final Path file = Files.createTempFile("template", ".ndjson");
        Files.writeString(file, "{\"list\":\"SPEC.3550-3560.CELL042\",\"tick\":\"0.01\",\"lot\":\"0.1\"}\n" +
            "{\"list\":\"SPEC.3550-3560.CELL042@2026-12-01T10:00Z/PT1H\",\"tick\":\"0.01\",\"lot\":\"1\"}\n");
        assertThatThrownBy(() -> MarketTemplate.load(file.toString())).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("line 2").hasMessageContaining("'slots'");

        Files.writeString(file, "{\"slots\":\"SPEC.3550-3560.CELL042\",\"every\":\"PT7M\",\"tick\":\"0.01\"," +
            "\"lot\":\"1\"}\n");
        assertThatThrownBy(() -> MarketTemplate.load(file.toString())).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("line 1");

        Files.writeString(file, "{\"slots\":\"SPEC.3550-3560.CELL042\",\"tick\":\"0.01\",\"lot\":\"1\"}\n");
        assertThatThrownBy(() -> MarketTemplate.load(file.toString())).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("line 1").hasMessageContaining("'every'");

        assertThatThrownBy(() -> MarketTemplate.load("@no-such-template")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("market.template");
    }
}
