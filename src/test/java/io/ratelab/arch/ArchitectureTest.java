package io.ratelab.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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

    /**
     * The proxy and its rooms ({@code upstream}, {@code admin}, {@code demo}, {@code record}) form no cycle. The
     * root package {@code io.ratelab.proxy} is a slice of its own, so a cycle through it counts too (the plain
     * pattern {@code io.ratelab.proxy.(**)} would leave the root's classes out).
     */
    @Test
    void proxyRoomsAreFreeOfCycles() {
        SliceAssignment proxyRooms = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                if (p.equals("io.ratelab.proxy")) {
                    return SliceIdentifier.of("proxy");
                }
                if (p.startsWith("io.ratelab.proxy.")) {
                    return SliceIdentifier.of("proxy." + p.substring("io.ratelab.proxy.".length()).split("\\.")[0]);
                }
                return SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "io.ratelab.proxy and each of its sub-packages";
            }
        };
        ArchRule rule = slices().assignedFrom(proxyRooms).should().beFreeOfCycles()
                .because("the proxy's rooms depend one way (ARCHITECTURE.md, proxy/)");
        rule.check(classes);
    }
}
