package io.ratelab.ui;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes PNGs of the window under {@code target/screenshots} (system property {@code ratelab.screenshots}) for people
 * to look at: light and dark theme.
 */
@ExtendWith(ApplicationExtension.class)
class ScreenshotTest {

    private Stage stage;
    private Workbench app;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new Workbench();
        app.start(stage);
    }

    static Path dir() {
        return Path.of(System.getProperty("ratelab.screenshots", "target/screenshots"));
    }

    @Test
    void lightAndDarkWindow(FxRobot robot) throws Exception {
        Path light = dir().resolve("window-light.png");
        Path dark = dir().resolve("window-dark.png");
        robot.interact(() -> shoot(light));
        robot.interact(() -> app.viewModel().darkProperty().set(true));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> shoot(dark));
        assertTrue(Files.size(light) > 10_000);
        assertTrue(Files.size(dark) > 10_000);
    }

    private void shoot(Path file) {
        try {
            ChartSnapshots.savePng(stage.getScene().getRoot(), file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
