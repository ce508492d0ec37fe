package io.ratelab.ui;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: at 1024×700 the status bar cut its warning and message ("⚠ Catching up: …", "Simulated 2 limiters on
 * identical t…") with the whole text only in a tooltip. With a running proxy's address, upstream and rate beside them,
 * both now show whole (wrapped to the room left), inside the window; with neither, the bar is one line high.
 */
@ExtendWith(ApplicationExtension.class)
class StatusBarFitUiTest {

    private static final String MESSAGE = "Simulated 2 limiters on identical traffic (120 s, seed 42)";

    private Stage stage;
    private Workbench app;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new Workbench();
        app.start(stage);
    }

    @AfterEach
    void stop(FxRobot robot) {
        robot.interact(() -> app.viewModel().shutdown());
    }

    @Test
    void theWarningAndTheMessageShowWholeAt1024x700(FxRobot robot) throws Exception {
        robot.interact(() -> resize(1024, 700));
        Parent bar = robot.lookup("#statusBar").query();
        double quiet = WaitForAsyncUtils.asyncFx(() -> bar.getLayoutBounds().getHeight()).get();

        StatusBarViewModel s = app.viewModel().status();
        robot.interact(() -> {
            s.running("http://127.0.0.1:18080", "http://127.0.0.1:19080");
            s.rates(20_000, 10_000, true, 9_000);
            s.say(MESSAGE);
            resize(1024, 700);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(StatusBarViewModel.CATCHING_UP, s.warningProperty().get());
        List<String> problems = WaitForAsyncUtils.asyncFx(() -> {
            ScreenshotTest.shoot(stage.getScene().getRoot(), ScreenshotTest.dir().resolve("status-bar-1024x700.png"));
            List<String> out = new ArrayList<>(WindowFit.truncatedTexts(bar));
            double sceneW = stage.getScene().getWidth();
            double sceneH = stage.getScene().getHeight();
            for (Node n : bar.lookupAll(".label")) {
                if (n instanceof Label l && l.isVisible() && !l.getText().isEmpty()) {
                    Bounds b = l.localToScene(l.getLayoutBounds());
                    if (b.getMaxX() > sceneW + 0.5 || b.getMaxY() > sceneH + 0.5) {
                        out.add("'" + l.getText() + "' ends at " + b.getMaxX() + "," + b.getMaxY() + " outside "
                                + sceneW + "x" + sceneH);
                    }
                }
            }
            return out;
        }).get();
        assertEquals(List.of(), problems);
        List<String> shown = WaitForAsyncUtils.asyncFx(() -> bar.lookupAll(".label").stream()
                .filter(n -> n instanceof Label l && l.isVisible()).map(n -> ((Label) n).getText()).toList()).get();
        assertTrue(shown.contains(StatusBarViewModel.CATCHING_UP) && shown.contains(MESSAGE), shown.toString());

        robot.interact(() -> {
            s.say("");
            s.stopped();
            s.rates(0, 0, false);
            s.warn(null);
            resize(1024, 700);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(quiet, WaitForAsyncUtils.asyncFx(() -> bar.getLayoutBounds().getHeight()).get(), 0.5,
                "no warning and no message take no line");
    }

    private void resize(double w, double h) {
        stage.setWidth(w);
        stage.setHeight(h);
        stage.getScene().getRoot().applyCss();
        stage.getScene().getRoot().layout();
    }
}
