package io.ratelab.ui.traffic;

import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import io.ratelab.ui.controls.ViewLoader;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The traffic panel at its narrowest (at 1024x700 the side panel keeps 300 px, its traffic card about 240): a group of 100 000 clients shows all
 * six digits. The clients field used to give way to the group's name and read "1000" (seen under Xvfb with
 * hundred-thousand-clients open).
 */
@ExtendWith(ApplicationExtension.class)
class TrafficGroupFitTest {

    @Start
    void start(Stage stage) {
        Scenario s = Scenario.parse("""
                name: crowd
                duration: 1m
                limiters:
                  - {name: tb, algorithm: token-bucket, rate: 1/s, burst: 5}
                traffic:
                  - {name: everyone, clients: 100000, arrival: {process: poisson, rate: 6/m}}
                """, "crowd.yaml", FileFormats.yaml(), Path.of("."));
        TrafficPanelViewModel vm = new TrafficPanelViewModel();
        vm.load(s.duration(), s.key(), s.traffic(), s.upstream());
        Parent panel = ViewLoader.load(new TrafficPanelView(vm));
        stage.setScene(new Scene(panel, 240, 700));
        stage.show();
    }

    @Test
    void aSixDigitClientCountShowsWhole(FxRobot robot) {
        TextField clients = robot.lookup((TextField f) -> "100000".equals(f.getText())).queryAs(TextField.class);
        Text probe = new Text(clients.getText());
        probe.setFont(clients.getFont());
        Insets in = clients.getInsets();
        double needed = probe.getLayoutBounds().getWidth() + in.getLeft() + in.getRight();
        assertTrue(clients.getWidth() >= needed, "the field is " + clients.getWidth() + " px wide, its text needs "
                + needed);
    }
}
