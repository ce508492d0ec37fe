package io.ratelab.ui;

import io.ratelab.ui.chart.CanvasChart;
import io.ratelab.ui.trace.TraceView;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shadow-mode loop in the window, headless: the Export dialog's "Shadow mode" check box turns the nginx preview
 * into a dry run with its shadow log; in the Trace tab, "Compare with what the engine decided" on the curated shadow
 * recording shows the verification and charts predicted against recorded rejections per second.
 */
@ExtendWith(ApplicationExtension.class)
class ShadowUiTest {

    private static final Path RECORDING = Path.of("simulations/traces/shadow-recording.jsonl");

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
    void theExportDialogsShadowBoxAndTheTraceTabsEngineComparison(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL).type(KeyCode.E).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> dialog().isPresent()).get());
        Stage dialog = WaitForAsyncUtils.asyncFx(() -> dialog().orElseThrow()).get();
        TextArea preview = (TextArea) dialog.getScene().lookup("#preview");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> preview.getText().contains("limit_req_zone")).get());
        assertTrue(!WaitForAsyncUtils.asyncFx(() -> preview.getText()).get().contains("limit_req_dry_run"));
        CheckBox shadow = (CheckBox) dialog.getScene().lookup("#shadowToggle");
        robot.clickOn(shadow);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> preview.getText().contains("limit_req_dry_run on;")
                        && preview.getText().contains("access_log shadow.log ratelab_shadow;")).get());
        robot.clickOn("#closeButton");
        WaitForAsyncUtils.waitForFxEvents();

        MainWindowViewModel vm = app.viewModel();
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        robot.interact(() -> vm.trace().open(RECORDING));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> vm.trace().loadedProperty().get()).get());
        TraceView view = app.view().traceView();
        CanvasChart engine = view.charts().get(2);
        robot.clickOn("#verifyButton");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> engine.seriesCount() == 2).get());
        Labeled label = robot.lookup("#engineLabel").queryLabeled();
        String text = WaitForAsyncUtils.asyncFx(() -> label.getText()).get();
        assertTrue(text.startsWith("verify ") && text.contains("587 requests compared")
                && text.contains("predicted"), text);
        assertTrue(WaitForAsyncUtils.asyncFx(() -> label.isVisible()).get());
    }

    private static Optional<Stage> dialog() {
        return Window.getWindows().stream().filter(w -> w instanceof Stage s && s.isShowing()
                        && s.getTitle() != null && s.getTitle().startsWith("RateLab — export"))
                .map(Stage.class::cast).findFirst();
    }
}
