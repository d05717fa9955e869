package io.resx.simulation;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The market runs on simulated time and seeded draws only: what makes a run reproducible. */
class SimulatedTimeRulesTest
{
    private static final JavaClasses SIMULATION = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.resx.simulation");

    @Test
    void shouldReadNoWallClockOutsideTheCommandLine()
    {
        // The command line times the whole run for its last line; nothing that shapes the market reads a clock.
        noClasses().that().doNotHaveSimpleName("SimulateCommand")
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(Instant.class, "now")
            .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
            .check(SIMULATION);
    }

    @Test
    void shouldDrawOnlyFromSeededGenerators()
    {
        noClasses()
            .should().callMethod(Math.class, "random")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.SecureRandom")
            .orShould().callConstructor(java.util.Random.class)
            .check(SIMULATION);
    }
}
