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
 * identical t…"); wrapped instead, they then took several lines beside a long rate (a 6-digit target, a catching-up
 * warning and a message at once), and the window's content shrank each time. With the longest realistic texts the bar
 * now keeps to two lines at most (the warning over the message, one line each), the rate whole, everything inside the
 * window, and a cut text whole in its tooltip; with no warning and no message it is one line high.
 */
@ExtendWith(ApplicationExtension.class)
class StatusBarFitUiTest {

    private static final String MESSAGE = "Simulated 2 limiters on identical traffic (120 s, seed 42)";
    /** As long as a message gets: a report in a deep directory. */
    private static final String LONG_MESSAGE = "Report written: /home/someone/projects/ratelab-reports/greedy-client"
            + "-2026-12-06T07-15-21/report.html (with JSON, CSV and PNG charts)";

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
    void theWarningAndTheMessageShowAt1024x700(FxRobot robot) throws Exception {
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
        assertEquals(List.of(), problems(bar, "status-bar-1024x700.png"));
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

    @Test
    void theLongestTextsKeepTheBarToTwoLinesAndShowWholeInTheirTooltips(FxRobot robot) throws Exception {
        robot.interact(() -> resize(1024, 700));
        Parent bar = robot.lookup("#statusBar").query();
        Label rate = robot.lookup("#rateLabel").queryAs(Label.class);
        Label warning = robot.lookup("#warningLabel").queryAs(Label.class);
        Label message = robot.lookup("#messageLabel").queryAs(Label.class);
        double quiet = WaitForAsyncUtils.asyncFx(() -> bar.getLayoutBounds().getHeight()).get();
        double line = WaitForAsyncUtils.asyncFx(rate::getHeight).get();

        StatusBarViewModel s = app.viewModel().status();
        // a 6-digit target, caught up on a backlog: the longest rate; then a shortfall: the longest warning
        for (double achieved : new double[]{260_000, 123_456}) {
            robot.interact(() -> {
                s.running("http://127.0.0.1:18080/", "http://127.0.0.1:42953/ (demo)");
                s.rates(achieved, 200_000, true, achieved > 200_000 ? 100_000 : 0);
                s.say(LONG_MESSAGE);
                resize(1024, 700);
            });
            WaitForAsyncUtils.waitForFxEvents();
            String whole = s.rateProperty().get() + " / " + s.warningProperty().get();
            assertTrue(s.rateProperty().get().contains("200,000 req/s") && !s.warningProperty().get().isEmpty(), whole);
            assertEquals(List.of(), problems(bar, "status-bar-long-" + (int) achieved + ".png"), whole);
            double height = WaitForAsyncUtils.asyncFx(() -> bar.getLayoutBounds().getHeight()).get();
            assertTrue(height <= quiet + line + 1, "two lines at most: " + height + " px, one line " + quiet + " px ("
                    + whole + ")");
            for (Label l : List.of(warning, message)) {
                double h = WaitForAsyncUtils.asyncFx(l::getHeight).get();
                assertTrue(h <= line + 1, "'" + l.getText() + "' keeps to one line: " + h + " px");
                assertEquals(l.getText(), WaitForAsyncUtils.asyncFx(l::getAccessibleHelp).get(),
                        "the whole text in the tooltip");
            }
            assertEquals(List.of(), WaitForAsyncUtils.asyncFx(() -> WindowFit.truncatedTexts(rate)).get(),
                    "the rate shows whole");
        }
    }

    /** What is cut without its whole text in a tooltip, or ends outside the window; writes a screenshot. */
    private List<String> problems(Parent bar, String png) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            ScreenshotTest.shoot(stage.getScene().getRoot(), ScreenshotTest.dir().resolve(png));
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
    }

    private void resize(double w, double h) {
        stage.setWidth(w);
        stage.setHeight(h);
        stage.getScene().getRoot().applyCss();
        stage.getScene().getRoot().layout();
    }
}
