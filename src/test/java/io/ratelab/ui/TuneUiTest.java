package io.ratelab.ui;

import io.ratelab.export.ExportFormat;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.ui.tune.TuneViewModel;
import io.ratelab.scenario.TuneSpec;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Tune tab end to end: on the curated tune-api scenario, Ctrl+4 shows the tab, Tune runs off the FX thread and fills the frontier chart
 * and the candidates table; Apply adds the recommended limiter to the limiter list; Export… opens the export dialog
 * on it, nginx preselected and the preview showing the tuned limit_req.
 */
@ExtendWith(ApplicationExtension.class)
class TuneUiTest {

    private Workbench app;

    @Start
    void start(Stage stage) {
        app = new Workbench();
        app.start(stage);
    }

    @AfterEach
    void stop(FxRobot robot) {
        robot.interact(() -> app.viewModel().shutdown());
    }

    @Test
    void tuneShowsChartAndTableApplyAddsAndExportOpensPrefilled(FxRobot robot) throws Exception {
        robot.interact(() -> app.viewModel().document().open(Path.of("simulations/tune-api.yaml").toAbsolutePath()));
        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.DIGIT4)
                .release(javafx.scene.input.KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        TuneViewModel vm = WaitForAsyncUtils.asyncFx(() -> app.view().tuneModel()).get();
        assertEquals("99.9%", WaitForAsyncUtils.asyncFx(() -> vm.spareProperty().get()).get());
        assertEquals("1200/s", WaitForAsyncUtils.asyncFx(() -> vm.maxRateProperty().get()).get());
        robot.clickOn("#tuneButton");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> vm.resultProperty().get() != null && !vm.runningProperty().get()).get());

        TableView<?> table = robot.lookup("#candidatesTable").queryTableView();
        assertTrue(WaitForAsyncUtils.asyncFx(() -> table.getItems().size()).get() >= 20);
        assertTrue(WaitForAsyncUtils.asyncFx(() -> app.view().tuneView().frontierChart().seriesCount()).get() >= 5);
        assertTrue(WaitForAsyncUtils.asyncFx(() -> vm.whyProperty().get()).get().contains("spares"));

        int before = WaitForAsyncUtils.asyncFx(() -> app.viewModel().limiters().limiters().size()).get();
        robot.clickOn("#applyButton");
        WaitForAsyncUtils.waitForFxEvents();
        ScenarioLimiter added = WaitForAsyncUtils.asyncFx(() -> app.viewModel().limiters().limiters()
                .get(app.viewModel().limiters().limiters().size() - 1)).get();
        assertEquals(before + 1, (int) WaitForAsyncUtils.asyncFx(() -> app.viewModel().limiters().limiters().size())
                .get());
        assertEquals("tuned nginx", added.name());
        assertEquals(WaitForAsyncUtils.asyncFx(() -> vm.resultProperty().get().recommended().spec()).get(),
                added.spec().withName("tuned"));

        robot.clickOn("#exportButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> dialog().isPresent()).get());
        Stage dialog = WaitForAsyncUtils.asyncFx(() -> dialog().orElseThrow()).get();
        assertTrue(dialog.getTitle().contains("tuned nginx"), dialog.getTitle());
        @SuppressWarnings("unchecked")
        ComboBox<ExportFormat> format = (ComboBox<ExportFormat>) dialog.getScene().lookup("#formatPicker");
        assertEquals(ExportFormat.NGINX, WaitForAsyncUtils.asyncFx(format::getValue).get());
        TextArea preview = (TextArea) dialog.getScene().lookup("#preview");
        String burst = "burst=" + added.spec().burst();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> preview.getText().contains(burst) && preview.getText().contains("nodelay")).get());
        robot.interact(dialog::close);
    }

    private static Optional<Stage> dialog() {
        return Window.getWindows().stream().filter(w -> w instanceof Stage s && s.isShowing()
                        && s.getTitle() != null && s.getTitle().startsWith("RateLab — export"))
                .map(Stage.class::cast).findFirst();
    }

    /**
     * Every objective is a field of the tab; an edit is validated (the message under the buttons) and, when valid,
     * written into the scenario's tune: section, which the window then shows unsaved.
     */
    @Test
    void editingAnObjectiveWritesItIntoTheScenarioUnsaved(FxRobot robot, @TempDir Path dir) throws Exception {
        robot.interact(() -> app.viewModel().document().open(Path.of("simulations/tune-api.yaml").toAbsolutePath()));
        // saved as the panels describe it, so that only the edit below makes it unsaved
        robot.interact(() -> assertTrue(app.viewModel().document().saveAs(dir.resolve("tune-api.yaml"))));
        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.DIGIT4)
                .release(javafx.scene.input.KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(WaitForAsyncUtils.asyncFx(() -> app.viewModel().document().isModified()).get());
        for (String id : List.of("#spareField", "#legitimateField", "#excludeAboveField", "#maxRateField",
                "#utilisationField", "#p99Field", "#attackGroupField", "#attackClientsField", "#attackRateField",
                "#growthField", "#replicasField", "#holdoutField", "#algorithmBox", "#spareOfBox")) {
            assertTrue(robot.lookup("#tuneRoot " + id).tryQuery().isPresent(), id);
        }
        TextField p99 = robot.lookup("#tuneRoot #p99Field").queryAs(TextField.class);
        TextField growth = robot.lookup("#tuneRoot #growthField").queryAs(TextField.class);
        Label error = robot.lookup("#tuneRoot #errorLabel").queryAs(Label.class);
        robot.interact(() -> growth.setText("half"));
        assertEquals("growth: 'half' is not a number", WaitForAsyncUtils.asyncFx(error::getText).get());
        assertFalse(WaitForAsyncUtils.asyncFx(() -> app.viewModel().document().isModified()).get(), "nothing invalid written");
        robot.interact(() -> growth.setText("1.2"));
        robot.interact(() -> p99.setText("250ms"));
        assertEquals("", WaitForAsyncUtils.asyncFx(error::getText).get());
        assertTrue(WaitForAsyncUtils.asyncFx(() -> app.viewModel().document().isModified()).get());
        TuneSpec t = WaitForAsyncUtils.asyncFx(() -> app.viewModel().document().currentScenario().tune()).get();
        assertEquals(java.time.Duration.ofMillis(250), t.protect().p99());
        assertEquals("1200/s", t.protect().maxRate().toString(), "the other objectives as they were");
        assertEquals(1.2, t.growth(), 1e-12);
        assertTrue(WaitForAsyncUtils.asyncFx(() -> app.viewModel().document().titleProperty().get()).get().endsWith("•"));
    }

    /**
     * The tab tunes the traffic read when the scenario was opened: with the trace file gone after opening, the tuning
     * still runs on what was read, and the traffic was read once.
     */
    @Test
    void theTabDoesNotReadTheTraceAgain(FxRobot robot, @TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("traces"));
        Files.copy(Path.of("simulations/traces/tuesday.log"), dir.resolve("traces/tuesday.log"));
        Path file = Files.copy(Path.of("simulations/trace-tuesday.yaml"), dir.resolve("trace-tuesday.yaml"));
        robot.interact(() -> assertEquals(null, app.viewModel().document().open(file)));
        assertEquals(1, (long) WaitForAsyncUtils.asyncFx(() -> app.viewModel().document().trafficReads()).get());
        Files.delete(dir.resolve("traces/tuesday.log"));
        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.DIGIT4)
                .release(javafx.scene.input.KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        TuneViewModel vm = WaitForAsyncUtils.asyncFx(() -> app.view().tuneModel()).get();
        robot.clickOn("#tuneButton");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> !vm.runningProperty().get() && (vm.resultProperty().get() != null
                        || !vm.errorProperty().get().isEmpty())).get());
        assertEquals("", WaitForAsyncUtils.asyncFx(() -> vm.errorProperty().get()).get());
        assertTrue(WaitForAsyncUtils.asyncFx(() -> vm.resultProperty().get().data().requests()).get() > 1000);
        assertEquals(1, (long) WaitForAsyncUtils.asyncFx(() -> app.viewModel().document().trafficReads()).get());
    }
}
