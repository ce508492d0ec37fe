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

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
        robot.interact(vm.runs()::toggleRun);
        WaitForAsyncUtils.waitFor(40, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                vm.live().lastSnapshot() != null && vm.live().lastSnapshot().coarse().size() >= 8).get());
        Path live = dir().resolve("live-light.png");
        robot.interact(() -> shoot(stage.getScene().getRoot(), live));
        robot.interact(() -> {
            for (CanvasChart c : app.view().liveView().charts()) {
                shoot(c, dir().resolve("chart-live-" + ChartSnapshots.fileName(c.getTitle()) + ".png"));
            }
        });
        robot.interact(vm.runs()::toggleRun);
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
        double[] size = WaitForAsyncUtils.asyncFx(() -> new double[] {stage.getScene().getWidth(),
                stage.getScene().getHeight()}).get();
        assertPainted(live, size[0], size[1]);
        assertPainted(compare, size[0], size[1]);
    }

    /**
     * A minimal content check of a screenshot: the PNG reads back at the size of what was shot ({@code width} by
     * {@code height} pixels, within one for rounding) and is not blank: at least 16 colours, and at least 5% of its
     * pixels differ from the most common one (the background).
     */
    static void assertPainted(Path png, double width, double height) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " reads back as an image");
        assertEquals(width, image.getWidth(), 1.0, png + ": width");
        assertEquals(height, image.getHeight(), 1.0, png + ": height");
        Map<Integer, Integer> colours = new HashMap<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.merge(image.getRGB(x, y), 1, Integer::sum);
            }
        }
        long pixels = (long) image.getWidth() * image.getHeight();
        long background = colours.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        assertTrue(colours.size() >= 16, png + " has " + colours.size() + " colours: blank?");
        assertTrue(pixels - background >= pixels / 20, png + ": only " + (pixels - background) + " of " + pixels
                + " pixels differ from the background");
    }

    static void shoot(javafx.scene.Node node, Path file) {
        try {
            ChartSnapshots.savePng(node, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
