package io.resx.server.markets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resx.protocol.instrument.Domain;
import io.resx.protocol.instrument.InstrumentSymbol;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled market files are data the demo and new deployments start from; this keeps them honest. */
class DefaultMarketFileTest
{
    private static final String DEFAULT_MARKET = "default-market.ndjson";
    private static final String EXAMPLE_DAY = "example-day.ndjson";
    private static final BigDecimal CASH_UNIT = new BigDecimal("0.000001");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> listCommands;
    private static Map<String, JsonNode> listedBySymbol;

    @BeforeAll
    static void readDefaultMarket() throws IOException
    {
        listCommands = read(DEFAULT_MARKET);
        listedBySymbol = new LinkedHashMap<>();
        for (final JsonNode command : listCommands)
        {
            listedBySymbol.put(command.path("symbol").asText(), command);
        }
    }

    @Test
    void shouldHoldOnlyListCommandsWithValidSymbols()
    {
        for (final JsonNode command : listCommands)
        {
            assertThat(command.path("cmd").asText()).as(command.toString()).isEqualTo("list");
            final String symbol = command.path("symbol").asText();
            assertThat(InstrumentSymbol.parse(symbol)).hasToString(symbol);
        }
    }

    @Test
    void shouldListEachSymbolOnce()
    {
        assertThat(listedBySymbol).hasSameSizeAs(listCommands);
    }

    @Test
    void shouldListTheAgreedInstrumentsPerDomain()
    {
        final Map<String, Integer> counts = new HashMap<>();
        for (final String text : listedBySymbol.keySet())
        {
            final InstrumentSymbol symbol = InstrumentSymbol.parse(text);
            final String kind = symbol.domain() + (symbol.isLease() ? " lease" : "");
            counts.merge(kind, 1, Integer::sum);
        }

        assertThat(counts).containsOnly(
            Map.entry("SPECTRUM", 30),
            Map.entry("SPECTRUM lease", 30 * 24),
            Map.entry("COMPUTE", 4),
            Map.entry("COMPUTE lease", 4 * 24),
            Map.entry("ENERGY", 3 * 96));
    }

    @Test
    void shouldListTheUnderlyingUnitOfEveryLease()
    {
        for (final String text : listedBySymbol.keySet())
        {
            final InstrumentSymbol symbol = InstrumentSymbol.parse(text);
            assertThat(listedBySymbol).as(text).containsKey(symbol.ownershipSymbol().toString());
        }
    }

    @Test
    void shouldSortByDomainThenSymbol()
    {
        final List<String> symbols = new ArrayList<>(listedBySymbol.keySet());
        final List<String> sorted = new ArrayList<>(symbols);
        sorted.sort(Comparator.comparing((String s) -> InstrumentSymbol.parse(s).domain())
            .thenComparing(Comparator.naturalOrder()));

        assertThat(symbols).containsExactlyElementsOf(sorted);
        assertThat(InstrumentSymbol.parse(symbols.get(0)).domain()).isEqualTo(Domain.SPECTRUM);
    }

    @Test
    void shouldHavePositiveTicksAndLotsWhoseProductIsWholeCash()
    {
        for (final JsonNode command : listCommands)
        {
            final BigDecimal tick = new BigDecimal(command.path("tick").asText());
            final BigDecimal lot = new BigDecimal(command.path("lot").asText());

            assertThat(tick).as(command.toString()).isPositive();
            assertThat(lot).as(command.toString()).isPositive();
            assertThat(tick.multiply(lot).remainder(CASH_UNIT)).as(command.toString()).isZero();
        }
    }

    @Test
    void shouldTradeOnlyListedSymbolsOnTickAndLotInTheExampleDay() throws IOException
    {
        final List<JsonNode> day = read(EXAMPLE_DAY);
        final Set<String> used = new HashSet<>();
        for (final JsonNode command : day)
        {
            if (command.has("symbol"))
            {
                used.add(command.path("symbol").asText());
                assertOnTickAndLot(command, command);
            }
            for (final JsonNode leg : command.path("legs"))
            {
                used.add(leg.path("symbol").asText());
                assertOnTickAndLot(command, leg);
            }
        }

        assertThat(used).hasSizeGreaterThanOrEqualTo(20);
        assertThat(listedBySymbol.keySet()).containsAll(used);
    }

    @Test
    void shouldUseEachClOrdIdOncePerAccountInTheExampleDay() throws IOException
    {
        final Set<String> seen = new HashSet<>();
        for (final JsonNode command : read(EXAMPLE_DAY))
        {
            if (command.has("clOrdId"))
            {
                final String key = command.path("account").asText() + '/' + command.path("clOrdId").asText();
                assertThat(seen.add(key)).as(key).isTrue();
            }
        }
    }

    private static void assertOnTickAndLot(final JsonNode command, final JsonNode order)
    {
        final JsonNode listing = listedBySymbol.get(order.path("symbol").asText());
        if (null == listing)
        {
            return; // reported by the caller as an unlisted symbol
        }
        if (order.has("price"))
        {
            assertThat(new BigDecimal(order.path("price").asText())
                .remainder(new BigDecimal(listing.path("tick").asText()))).as(command.toString()).isZero();
        }
        if (order.has("qty"))
        {
            assertThat(new BigDecimal(order.path("qty").asText())
                .remainder(new BigDecimal(listing.path("lot").asText()))).as(command.toString()).isZero();
        }
    }

    private static List<JsonNode> read(final String resource) throws IOException
    {
        final List<JsonNode> commands = new ArrayList<>();
        try (InputStream in = DefaultMarketFileTest.class.getResourceAsStream(resource))
        {
            assertThat(in).as(resource + " on the classpath").isNotNull();
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while (null != (line = reader.readLine()))
            {
                commands.add(JSON.readTree(line));
            }
        }
        return commands;
    }
}
