package io.ratelab.ui;

import io.ratelab.export.ExportFormat;
import javafx.scene.control.ComboBox;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Export dialog from the window: Ctrl+E opens it for the selected limiter, the preview shows the nginx
 * configuration, picking HAProxy shows a stick-table, and Close closes it. Writes {@code export-dialog.png}.
 */
@ExtendWith(ApplicationExtension.class)
class ExportUiTest {

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
    void ctrlEPreviewsTheSelectedLimiterInEachFormat(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL).type(KeyCode.E).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> dialog().isPresent()).get());
        Stage dialog = WaitForAsyncUtils.asyncFx(() -> dialog().orElseThrow()).get();
        String limiter = WaitForAsyncUtils.asyncFx(() -> app.viewModel().limiters().selectedLimiter().name()).get();
        assertTrue(dialog.getTitle().contains(limiter), dialog.getTitle());
        TextArea preview = (TextArea) dialog.getScene().lookup("#preview");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> preview.getText().contains("limit_req_zone")).get());

        @SuppressWarnings("unchecked")
        ComboBox<ExportFormat> format = (ComboBox<ExportFormat>) dialog.getScene().lookup("#formatPicker");
        robot.interact(() -> format.setValue(ExportFormat.HAPROXY));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> preview.getText().contains("stick-table")).get());

        // an invalid upstream: no stale preview, Copy and Save disabled (issue 21); valid again, both come back
        javafx.scene.control.TextField upstream = (javafx.scene.control.TextField) dialog.getScene()
                .lookup("#upstreamField");
        javafx.scene.control.Button save = (javafx.scene.control.Button) dialog.getScene().lookup("#saveButton");
        javafx.scene.control.Button copy = (javafx.scene.control.Button) dialog.getScene().lookup("#copyButton");
        robot.interact(() -> upstream.setText("http://[bad"));
        assertEquals("", WaitForAsyncUtils.asyncFx(() -> preview.getText()).get());
        assertTrue(save.isDisabled() && copy.isDisabled(), "nothing to save or copy");
        robot.interact(() -> upstream.setText("http://127.0.0.1:9000"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> preview.getText().contains("127.0.0.1:9000") && !save.isDisabled() && !copy.isDisabled()).get());

        Path png = ScreenshotTest.dir().resolve("export-dialog.png");
        robot.interact(() -> {
            try {
                ChartSnapshots.savePng(dialog.getScene().getRoot(), png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        double[] size = WaitForAsyncUtils.asyncFx(() -> new double[] {dialog.getScene().getWidth(),
                dialog.getScene().getHeight()}).get();
        ScreenshotTest.assertPainted(png, size[0], size[1]);

        robot.clickOn("#closeButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Optional.empty(), WaitForAsyncUtils.asyncFx(ExportUiTest::dialog).get().map(Stage::getTitle));
    }

    private static Optional<Stage> dialog() {
        return Window.getWindows().stream().filter(w -> w instanceof Stage s && s.isShowing()
                        && s.getTitle() != null && s.getTitle().startsWith("RateLab — export"))
                .map(Stage.class::cast).findFirst();
    }
}
