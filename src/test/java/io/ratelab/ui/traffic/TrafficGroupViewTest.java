package io.ratelab.ui.traffic;

import io.ratelab.scenario.ArrivalSpec;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import io.ratelab.ui.controls.ViewLoader;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The traffic panel on screen with a trace group beside a modelled one: the trace group shows its file, format,
 * replay and key, and no clients, arrival process or arrival fields (it read "poisson 5/s" before); the modelled
 * group keeps all of them.
 */
@ExtendWith(ApplicationExtension.class)
class TrafficGroupViewTest {

    private static final String SCENARIO = """
            name: mixed
            duration: 30s
            limiters:
              - {name: tb, algorithm: token-bucket, rate: 2/s, burst: 10}
            traffic:
              - name: tuesday
                trace: {path: traces/tuesday.log, format: combined, speed: 10, loop: false, key: ip}
              - {name: callers, clients: 3, arrival: {process: poisson, rate: 5/s}}
            """;

    @Start
    void start(Stage stage) {
        Scenario s = Scenario.parse(SCENARIO, "mixed.yaml", FileFormats.yaml(), Path.of("simulations").toAbsolutePath());
        TrafficPanelViewModel vm = new TrafficPanelViewModel();
        vm.load(s.duration(), s.key(), s.traffic(), s.upstream());
        Parent panel = ViewLoader.load(new TrafficPanelView(vm));
        stage.setScene(new Scene(panel, 420, 900));
        stage.show();
    }

    private static boolean shown(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aTraceGroupShowsItsTraceAndNoArrivalFields(FxRobot robot) {
        Label file = robot.lookup("#tuesday-trace-file").queryAs(Label.class);
        assertTrue(shown(file));
        assertEquals("traces/tuesday.log", file.getText());
        Node editor = file.getParent().getParent();
        List<String> texts = robot.from(editor).lookup(".label").queryAllAs(Label.class).stream()
                .filter(TrafficGroupViewTest::shown).map(Label::getText).toList();
        assertTrue(texts.containsAll(List.of("combined", "10×, once", "ip")), texts.toString());
        assertTrue(robot.lookup("#tuesday-rate").queryAll().isEmpty(), "no arrival fields for a trace");

        List<Object> processes = robot.lookup(".choice-box").queryAllAs(ChoiceBox.class).stream()
                .filter(TrafficGroupViewTest::shown).map(b -> (Object) b.getValue())
                .filter(v -> v instanceof ArrivalSpec.Process).toList();
        assertEquals(List.of(ArrivalSpec.Process.POISSON), processes, "only the modelled group has a process");
        assertTrue(shown(robot.lookup("#callers-rate").query()), "the modelled group keeps its fields");
    }
}
