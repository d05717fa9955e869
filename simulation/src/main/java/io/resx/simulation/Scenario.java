package io.resx.simulation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The parameters of one simulated market, read from a JSON file whose fields override these defaults (an unknown
 * field is an error, so a typo cannot pass silently). Money is in cash units (the engine's price unit), values are
 * per slot. docs/SIMULATION.md explains every field.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class Scenario
{
    /** Names of the bundled scenarios, readable as {@code @name}. */
    public static final List<String> BUNDLED = List.of("scarcity-0.5", "scarcity-1", "scarcity-2", "scarcity-4");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();

    String name = "unnamed";
    long seed = 1;
    int slots = 24;
    String start = "2026-12-01T00:00Z";
    int cells = 3;
    int channelsPerCell = 6;
    int lowMhz = 3550;
    int channelMhz = 10;

    int pusPerCell = 2;
    double puOwnUse = 0.3;
    double puValue = 20;
    double sellFraction = 0.34;
    double salePremium = 1.2;

    double scarcity = 1;
    int susPerCell = 4;
    int maxDuration = 4;
    double suValueMin = 5;
    double suValueMax = 50;

    int vios = 2;
    double vioProbability = 0.3;
    double vioValue = 120;
    double computePrice = 8;
    double energyPrice = 0.3;
    int energyKwh = 10;

    double referencePrice = 20;
    int settlementEvery = 4;
    double operatingCost = 1;

    int colluders = 2;
    double cornerPremium = 1.1;
    double monopolyMarkup = 1.5;
    double washMarkup = 1.3;
    double cartelShare = 0.5;
    double cartelWithhold = 0.5;
    double cartelMarkup = 1.3;
    int defaulters = 2;
    double defaulterCredit = 600;
    int phantomUnits = 2;
    double phantomDiscount = 0.8;

    double capMax = 0.4;
    double band = 0.5;
    double collateralRatio = 4;
    double defaultFund = 100_000;
    /** Use-it-or-share-it (runs with the rule on): the clearing's floor and the share of its price owners give up. */
    double shareFloor = 10;
    double shareCut = 0.1;

    /**
     * Reads a scenario: {@code @name} for a bundled one, otherwise a JSON file.
     *
     * @param source {@code @scarcity-4} or a path.
     * @return the scenario, checked.
     * @throws IllegalArgumentException naming the problem when it cannot be read or is out of range.
     */
    public static Scenario load(final String source)
    {
        final Scenario scenario = new Scenario();
        try
        {
            if (source.startsWith("@"))
            {
                final String name = source.substring(1);
                try (InputStream in = Scenario.class.getResourceAsStream("scenarios/" + name + ".json"))
                {
                    if (in == null)
                    {
                        throw new IllegalArgumentException("no bundled scenario " + source + " (bundled: @" +
                            String.join(", @", BUNDLED) + ")");
                    }
                    MAPPER.readerForUpdating(scenario).readValue(in);
                }
            }
            else
            {
                final Path path = Path.of(source);
                if (!Files.isRegularFile(path))
                {
                    throw new IllegalArgumentException("scenario file " + source + " does not exist");
                }
                MAPPER.readerForUpdating(scenario).readValue(path.toFile());
            }
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalArgumentException("scenario " + source + ": " + ex.getOriginalMessage(), ex);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("scenario " + source + ": " + ex.getMessage(), ex);
        }
        catch (final UncheckedIOException ex)
        {
            throw new IllegalArgumentException("scenario " + source + ": " + ex.getMessage(), ex);
        }
        scenario.check();
        return scenario;
    }

    /** @return a copy with another seed. */
    Scenario withSeed(final long newSeed)
    {
        final Scenario copy = MAPPER.convertValue(MAPPER.valueToTree(this), Scenario.class);
        copy.seed = newSeed;
        return copy;
    }

    /** @return a copy with another scarcity. */
    Scenario withScarcity(final double newScarcity)
    {
        final Scenario copy = withSeed(seed);
        copy.scarcity = newScarcity;
        copy.check();
        return copy;
    }

    private void check()
    {
        require(slots >= 2 && slots <= 96, "slots must be 2..96");
        require(cells >= 1 && cells <= 99, "cells must be 1..99");
        require(channelsPerCell >= 1 && channelsPerCell <= 50, "channelsPerCell must be 1..50");
        require(pusPerCell >= 1 && pusPerCell <= channelsPerCell, "pusPerCell must be 1..channelsPerCell");
        require(susPerCell >= 1, "susPerCell must be at least 1");
        require(maxDuration >= 1 && maxDuration <= 8, "maxDuration must be 1..8 (a bundle has at most 8 legs)");
        require(scarcity > 0, "scarcity must be positive");
        require(puOwnUse >= 0 && puOwnUse < 1, "puOwnUse must be in [0, 1)");
        require(sellFraction >= 0 && sellFraction <= 1, "sellFraction must be in [0, 1]");
        require(suValueMin > 0 && suValueMax >= suValueMin, "need 0 < suValueMin <= suValueMax");
        require(vioProbability >= 0 && vioProbability <= 1, "vioProbability must be in [0, 1]");
        require(capMax > 0 && capMax <= 1, "capMax must be in (0, 1]");
        require(band > 0 && band < 1, "band must be in (0, 1)");
        require(collateralRatio > 0, "collateralRatio must be positive");
        require(cartelShare >= 0 && cartelShare <= 1 && cartelWithhold >= 0 && cartelWithhold <= 1,
            "cartelShare and cartelWithhold must be in [0, 1]");
        require(referencePrice > 0, "referencePrice must be positive");
        require(shareFloor > 0 && shareCut >= 0 && shareCut <= 1, "need shareFloor > 0 and shareCut in [0, 1]");
        require(settlementEvery >= 1, "settlementEvery must be at least 1");
        try
        {
            startInstant();
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("start must be UTC to the minute like 2026-12-01T00:00Z: " + start);
        }
    }

    private void require(final boolean ok, final String problem)
    {
        if (!ok)
        {
            throw new IllegalArgumentException("scenario " + name + ": " + problem);
        }
    }

    /** @return the first slot's start. */
    Instant startInstant()
    {
        return Instant.parse(start.endsWith("Z") && start.length() == 17 ? start.replace("Z", ":00Z") : start);
    }

    /** @return the scenario's name. */
    public String name()
    {
        return name;
    }

    /** @return the demand/supply ratio it is built for. */
    public double scarcity()
    {
        return scarcity;
    }

    /** @return the seed of its random draws. */
    public long seed()
    {
        return seed;
    }
}
