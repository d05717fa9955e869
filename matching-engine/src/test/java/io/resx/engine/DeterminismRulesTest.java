package io.resx.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The matching and risk code must be a pure function of the command stream (ARCHITECTURE.md): these rules
 * fail the build when it reaches for a clock, randomness, I/O or threads.
 */
class DeterminismRulesTest
{
    private static final String[] STATE_MACHINE = {"io.resx.engine.matching..", "io.resx.risk.."};

    private final JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.resx.engine", "io.resx.risk", "io.resx.protocol");

    @Test
    void shouldReadNoClockInMatchingOrRisk()
    {
        noClasses().that().resideInAnyPackage(STATE_MACHINE)
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().dependOnClassesThat().resideInAnyPackage("java.time..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.agrona.concurrent.EpochNanoClock")
            .check(classes);
    }

    @Test
    void shouldUseNoRandomnessInMatchingOrRisk()
    {
        noClasses().that().resideInAnyPackage(STATE_MACHINE)
            .should().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.SecureRandom")
            .orShould().callMethod(Math.class, "random")
            .check(classes);
    }

    @Test
    void shouldDoNoIoAndStartNoThreadsInMatchingOrRisk()
    {
        noClasses().that().resideInAnyPackage(STATE_MACHINE)
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
            .orShould().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..")
            .check(classes);
    }

    @Test
    void shouldKeepTheMatcherIndependentOfThePipeline()
    {
        noClasses().that().resideInAnyPackage(STATE_MACHINE)
            .should().dependOnClassesThat().resideInAnyPackage("io.resx.engine.pipeline..", "com.lmax..")
            .check(classes);
    }
}
