package io.ratelab.ui;

import io.ratelab.ui.chart.CanvasChart;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes PNGs of the window under {@code target/screenshots} (system property {@code ratelab.screenshots}) for people
 * to look at: the live tab during a real run of the default scenario (light), the compare tab after a comparison
 * (dark), and each chart on its own.
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

    @AfterEach
    void stop(FxRobot robot) {
        robot.interact(() -> app.viewModel().shutdown());
    }

    static Path dir() {
        return Path.of(System.getProperty("ratelab.screenshots", "target/screenshots"));
    }

    @Test
    void liveAndCompareInBothThemes(FxRobot robot) throws Exception {
        MainWindowViewModel vm = app.viewModel();
        robot.interact(vm::toggleRun);
        WaitForAsyncUtils.waitFor(40, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                vm.live().lastSnapshot() != null && vm.live().lastSnapshot().coarse().size() >= 8).get());
        Path live = dir().resolve("live-light.png");
        robot.interact(() -> shoot(stage.getScene().getRoot(), live));
        robot.interact(() -> {
            for (CanvasChart c : app.view().liveView().charts()) {
                shoot(c, dir().resolve("chart-live-" + ChartSnapshots.fileName(c.getTitle()) + ".png"));
            }
        });
        robot.interact(vm::toggleRun);
        robot.interact(() -> vm.darkProperty().set(true));
        robot.interact(() -> app.view().compareView());
        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.M)
                .release(javafx.scene.input.KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                vm.compareMode().result() != null).get());
        WaitForAsyncUtils.waitForFxEvents();
        Path compare = dir().resolve("compare-dark.png");
        robot.interact(() -> shoot(stage.getScene().getRoot(), compare));
        robot.interact(() -> vm.darkProperty().set(false));
        robot.interact(() -> {
            for (CanvasChart c : app.view().compareView().charts()) {
                shoot(c, dir().resolve("chart-compare-" + ChartSnapshots.fileName(c.getTitle()) + ".png"));
            }
        });
        assertTrue(Files.size(live) > 20_000);
        assertTrue(Files.size(compare) > 20_000);
    }

    static void shoot(javafx.scene.Node node, Path file) {
        try {
            ChartSnapshots.savePng(node, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
