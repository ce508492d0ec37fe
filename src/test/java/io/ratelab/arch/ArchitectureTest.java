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

import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
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

    @Test
    void noPackageCycleAtAnyDepth() {
        ArchRule rule = slices().matching("io.ratelab.(**)")
                .should().beFreeOfCycles()
                .because("arrows point one way, between top-level packages and inside them (ARCHITECTURE.md)");
        rule.check(classes);
    }

    @Test
    void layersFollowThePlan() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("entry point").definedBy("io.ratelab")
                .layer("faces").definedBy("io.ratelab.ui..", "io.ratelab.cli..")
                .layer("engines").definedBy("io.ratelab.tune..", "io.ratelab.sim..", "io.ratelab.proxy..",
                        "io.ratelab.load..", "io.ratelab.export..", "io.ratelab.report..")
                .layer("model").definedBy("io.ratelab.scenario..", "io.ratelab.traffic..", "io.ratelab.metrics..")
                .layer("shared limits").definedBy("io.ratelab.redis..")
                .layer("limiter core").definedBy("io.ratelab.limit..")
                .whereLayer("entry point").mayNotBeAccessedByAnyLayer()
                .whereLayer("faces").mayOnlyBeAccessedByLayers("entry point")
                .whereLayer("engines").mayOnlyBeAccessedByLayers("entry point", "faces")
                .whereLayer("model").mayOnlyBeAccessedByLayers("entry point", "faces", "engines")
                .whereLayer("shared limits").mayOnlyBeAccessedByLayers("entry point", "faces", "engines")
                .whereLayer("limiter core")
                .mayOnlyBeAccessedByLayers("entry point", "faces", "engines", "model", "shared limits")
                .because("arrows point one way: ui and cli -> tune/sim/proxy/load/export/report"
                        + " -> scenario/traffic/metrics -> limit; redis holds the I/O so that limit stays pure");
        rule.check(classes);
    }

    @Test
    void theWorkbenchDoesNotGoThroughTheCli() {
        ArchRule rule = noClasses().that().resideInAPackage("io.ratelab.ui..")
                .should().dependOnClassesThat().resideInAPackage("io.ratelab.cli..")
                .because("the workbench drives the engines itself; only the entry point chooses between the faces");
        rule.check(classes);
    }

    @Test
    void enginesMeetOnlyInTheSimulator() {
        String[] enginesButSim = {"io.ratelab.tune..", "io.ratelab.proxy..", "io.ratelab.load..",
                "io.ratelab.export..", "io.ratelab.report.."};
        for (String engine : enginesButSim) {
            List<String> others = new ArrayList<>(List.of(enginesButSim));
            others.remove(engine);
            noClasses().that().resideInAPackage(engine)
                    .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
                    .because("tune, export and report reuse the simulator; no engine reaches into another")
                    .check(classes);
        }
        noClasses().that().resideInAPackage("io.ratelab.sim..")
                .should().dependOnClassesThat().resideInAnyPackage(enginesButSim)
                .because("the simulator runs in virtual time: no socket, no report, no tuner (ARCHITECTURE.md)")
                .check(classes);
    }

    @Test
    void onlyTheProxyUsesRedis() {
        noClasses().that().resideInAnyPackage("io.ratelab.sim..", "io.ratelab.tune..", "io.ratelab.load..",
                        "io.ratelab.export..", "io.ratelab.report..", "io.ratelab.scenario..",
                        "io.ratelab.traffic..", "io.ratelab.metrics..", "io.ratelab.limit..")
                .should().dependOnClassesThat().resideInAPackage("io.ratelab.redis..")
                .because("limits shared in Redis serve live proxies; simulation and export stay off the network")
                .check(classes);
    }

    @Test
    void uiPackagesFormNoCycle() {
        ArchRule subPackages = slices().matching("io.ratelab.ui.(**)").should().beFreeOfCycles()
                .because("the features share ui.controls and ui.chart, never each other in a circle");
        subPackages.check(classes);
        // "io.ratelab.ui.(**)" leaves out io.ratelab.ui itself, where the main window lives: slice it in too.
        ArchRule withTheWindow = slices().assignedFrom(UI_PACKAGES).should().beFreeOfCycles()
                .because("the main window imports the features; nothing imports the main window back");
        withTheWindow.check(classes);
    }

    /** One slice per ui package, the root package (the main window) included. */
    private static final SliceAssignment UI_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            return pkg.equals("io.ratelab.ui") || pkg.startsWith("io.ratelab.ui.")
                    ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "io.ratelab.ui and each package under it";
        }
    };

    @Test
    void uiFeaturePackagesDoNotImportTheRootUiPackage() {
        ArchRule rule = noClasses().that().resideInAPackage("io.ratelab.ui..")
                .and().resideOutsideOfPackage("io.ratelab.ui")
                .should().dependOnClassesThat().resideInAPackage("io.ratelab.ui")
                .because("io.ratelab.ui holds the main window; shared widgets live in io.ratelab.ui.controls"
                        + " (outside ui, only the entry point uses it: see nothingButTheUiAndTheEntryPointUsesTheUi)");
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
