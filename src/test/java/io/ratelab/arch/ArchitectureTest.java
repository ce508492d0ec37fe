package io.ratelab.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The house plan's arrows (ARCHITECTURE.md, STYLE.md point 1), checked on the compiled classes. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ratelab");
    }

    @Test
    void limitDependsOnNothingButTheJdkAndItself() {
        ArchRule rule = noClasses().that().resideInAPackage("io.ratelab.limit..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.ratelab.limit..", "java..")
                .because("the limiter core is pure: no framework, no I/O library, no UI");
        rule.check(classes);
    }

    @Test
    void limitReadsNoClockStartsNoThreadAndDoesNoIo() {
        ArchRule rule = noClasses().that().resideInAPackage("io.ratelab.limit..")
                .should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..",
                        "java.util.logging..", "java.time.chrono..")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
                .because("time is an argument in the limiter core (STYLE.md point 2)");
        rule.check(classes);
    }

    @Test
    void nothingButTheUiAndTheEntryPointUsesTheUi() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages("io.ratelab.ui..")
                .and().doNotHaveFullyQualifiedName("io.ratelab.RateLab")
                .should().dependOnClassesThat().resideInAPackage("io.ratelab.ui..")
                .because("no package imports ui except ui itself");
        rule.check(classes);
    }

    @Test
    void onlyTheUiUsesJavaFx() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages("io.ratelab.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("JavaFX belongs to the workbench; everything else runs headless");
        rule.check(classes);
    }

    @Test
    void viewModelsHoldNoNodes() {
        ArchRule rule = noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .because("a ViewModel holds properties and logic and is testable without the FX toolkit")
                .allowEmptyShould(true);
        rule.check(classes);
    }
}
