package io.ratelab.ui;

import io.ratelab.ui.chart.CanvasChart;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compare mode in the window: Ctrl+M simulates the picked limiters of the default scenario and the charts show one
 * series per limiter, and a limiter's line hidden in one chart is hidden in all; un-picking one and comparing again
 * shows one fewer; "Use live" selects a limiter.
 */
@ExtendWith(ApplicationExtension.class)
class CompareUiTest {

    private Workbench app;

    @Start
    void start(Stage stage) {
        app = new Workbench();
        app.start(stage);
    }

    @Test
    void ctrlMComparesThePickedLimitersOnTheSameTraffic(FxRobot robot) throws Exception {
        MainWindowViewModel vm = app.viewModel();
        int limiters = WaitForAsyncUtils.asyncFx(() -> vm.limiters().limiters().size()).get();
        robot.press(KeyCode.CONTROL).type(KeyCode.M).release(KeyCode.CONTROL);
        CanvasChart admitted = app.view().compareView().charts().get(0);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> admitted.seriesCount() == limiters && vm.compareMode().rows().size() == limiters).get());
        for (CanvasChart c : app.view().compareView().charts()) {
            assertEquals(limiters, WaitForAsyncUtils.asyncFx(c::seriesCount).get(), c.getTitle());
        }
        // hiding a limiter's line in one chart hides it in all three, and the menu shows it again
        List<CanvasChart> charts = app.view().compareView().charts();
        long painted = WaitForAsyncUtils.asyncFx(admitted::paintCount).get();
        robot.interact(() -> charts.get(1).setSeriesVisible("gcra", false));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> admitted.paintCount() > painted).get());
        for (CanvasChart c : charts) {
            assertFalse(WaitForAsyncUtils.asyncFx(() -> c.isSeriesVisible("gcra")).get(), c.getTitle());
            assertTrue(WaitForAsyncUtils.asyncFx(() -> c.isSeriesVisible("token bucket")).get(), c.getTitle());
        }
        // issue 21 item 8: ▸ shows a limiter's traffic groups; the best value of a column is marked
        int rows = WaitForAsyncUtils.asyncFx(() -> vm.compareMode().rows().size()).get();
        javafx.scene.control.Button toggle = robot.lookup(".row-toggle").queryButton();
        robot.clickOn(toggle);
        assertEquals(rows + 2, WaitForAsyncUtils.asyncFx(() -> vm.compareMode().rows().size()).get(),
                "the default scenario's two groups under the limiter");
        javafx.css.PseudoClass best = javafx.css.PseudoClass.getPseudoClass("best");
        assertTrue(robot.lookup(".table-cell").queryAll().stream()
                .anyMatch(n -> n.getPseudoClassStates().contains(best)), "a best value is marked");
        assertTrue(robot.lookup("#bestLegend").queryLabeled().getText().startsWith("Bold: the best limiter"));
        robot.interact(() -> charts.get(2).setSeriesVisible("gcra", true));
        assertTrue(WaitForAsyncUtils.asyncFx(() -> admitted.isSeriesVisible("gcra")).get());
        robot.clickOn("#compare-choice-gcra");
        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> admitted.seriesCount() == limiters - 1).get());
        Path dir = Path.of(System.getProperty("ratelab.screenshots", "target/screenshots")).resolve("compare-report");
        List<Path> files = WaitForAsyncUtils.asyncFx(() -> vm.runs().saveReport(dir, true)).get();
        assertTrue(Files.readString(files.get(0)).contains("<svg"), "a self-contained HTML report with charts");
        assertTrue(Files.exists(dir.resolve("summary.csv")));
        robot.interact(() -> vm.runs().sendToProxy("sliding window"));
        assertEquals("sliding window", WaitForAsyncUtils.asyncFx(() -> vm.limiters().selectedLimiter().name()).get());
    }

    /** Issue 21 item 3: opening another scenario, or editing this one, greys the comparison and says why. */
    @Test
    void openingOrEditingAScenarioMarksTheComparisonStale(FxRobot robot, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        MainWindowViewModel vm = app.viewModel();
        robot.press(KeyCode.CONTROL).type(KeyCode.M).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> vm.compareMode().result() != null).get());
        javafx.scene.Node results = robot.lookup("#results").query();
        javafx.css.PseudoClass stale = javafx.css.PseudoClass.getPseudoClass("stale");
        assertFalse(results.getPseudoClassStates().contains(stale));

        Path other = dir.resolve("other.yaml");
        Files.writeString(other, """
                name: other
                duration: 30s
                key: ip
                limiters:
                  - {name: a, algorithm: token-bucket, rate: 20/s, burst: 5}
                  - {name: b, algorithm: gcra, rate: 20/s, burst: 5}
                traffic:
                  - {name: callers, clients: 3, arrival: {process: constant, rate: 10/s}}
                """);
        robot.interact(() -> vm.document().open(other));
        assertTrue(results.getPseudoClassStates().contains(stale), "greyed");
        javafx.scene.control.Label message = robot.lookup("#message").query();
        assertTrue(message.getText().contains("from the previous scenario — run the comparison again"),
                message.getText());

        robot.press(KeyCode.CONTROL).type(KeyCode.M).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> !results.getPseudoClassStates().contains(stale)
                        && vm.compareMode().rows().size() == 2).get());
        robot.interact(() -> ((javafx.scene.control.TextField) robot.lookup("#param-rate").query()).setText("25/s"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> results.getPseudoClassStates().contains(stale)).get());
        assertTrue(message.getText().contains("of the scenario before your edit"), message.getText());
    }
}
