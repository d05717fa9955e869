package io.resx.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module directions of ARCHITECTURE.md, pinned: each module's classes depend on no module the table does not
 * list for it. Every module's main classes are on this module's test classpath, so one import sees them all.
 */
class ModuleDirectionsTest
{
    /** Module to its root package. */
    private static final Map<String, String> PACKAGES = Map.of(
        "protocol", "io.resx.protocol..",
        "risk", "io.resx.risk..",
        "replay", "io.resx.replay..",
        "matching-engine", "io.resx.engine..",
        "engine-cluster", "io.resx.cluster..",
        "gateway-common", "io.resx.gateway.common..",
        "gateway-fix", "io.resx.gateway.fix..",
        "settlement-bridge", "io.resx.settlement..",
        "simulation", "io.resx.simulation..",
        "server", "io.resx.server..");

    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.resx");

    @ParameterizedTest(name = "{0} depends only on: {1}")
    @CsvSource(delimiter = ';', value = {
        "protocol;",
        "risk;protocol",
        "replay;protocol",
        "matching-engine;protocol risk replay",
        "engine-cluster;matching-engine protocol risk replay",
        "gateway-common;protocol replay",
        "gateway-fix;protocol gateway-common",
        "settlement-bridge;protocol replay",
        "simulation;matching-engine protocol risk replay"})
    void shouldDependOnlyOnTheModulesTheArchitectureAllows(final String module, final String allowed)
    {
        final List<String> forbidden = new ArrayList<>();
        final List<String> mayUse = allowed == null ? List.of() : List.of(allowed.split(" "));
        for (final Map.Entry<String, String> other : PACKAGES.entrySet())
        {
            if (!other.getKey().equals(module) && !mayUse.contains(other.getKey()))
            {
                forbidden.add(other.getValue());
            }
        }
        noClasses().that().resideInAPackage(PACKAGES.get(module))
            .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
            .because("ARCHITECTURE.md: " + module + " may depend on " + (mayUse.isEmpty() ? "nothing of ours" :
                String.join(", ", mayUse)))
            .check(CLASSES);
    }
}
