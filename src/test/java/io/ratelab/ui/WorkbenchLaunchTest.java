package io.ratelab.ui;

import io.ratelab.ui.live.LiveSession;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window opens headless (Monocle) with its title and icons; it follows the launch arguments ({@code --open FILE
 * --start}); its pulse log carries the live rates.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchLaunchTest {

    private Stage stage;
    private Workbench app;

    @TempDir
    Path dir;

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
    void windowTitleBeginsWithRateLabAndCarriesTheIcons() throws Exception {
        assertTrue(stage.getTitle().startsWith("RateLab"), stage.getTitle());
        assertTrue(stage.isShowing());
        // decoded off the FX thread, then set on it
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                stage.getIcons().size() == Workbench.ICON_SIZES.length).get());
        assertEquals(16, stage.getIcons().get(0).getWidth(), "smallest icon first");
    }

    @Test
    void opensTheScenarioAndStartsItsLiveRunWhenAsked(FxRobot robot) throws Exception {
        Path file = dir.resolve("tiny.yaml");
        Files.writeString(file, """
                name: tiny
                duration: 30s
                key: header:X-Api-Key
                limiters:
                  - {name: tb, algorithm: token-bucket, rate: 20/s, burst: 5}
                traffic:
                  - {name: callers, clients: 3, arrival: {process: constant, rate: 10/s}}
                """);
        robot.interact(() -> app.follow(WindowArguments.parse(List.of("--open", file.toString(), "--start"))));
        MainWindowViewModel vm = app.viewModel();
        assertTrue(stage.getTitle().contains("tiny"), stage.getTitle());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                vm.runs().session() != null && vm.runs().session().state() == LiveSession.State.RUNNING
                        && vm.live().offeredProperty().get() > 0).get());
        assertEquals("tiny", vm.runs().session().scenario().name());
    }

    @Test
    void aScenarioThatCannotBeReadIsReportedAndNothingStarts(FxRobot robot) throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "name: broken\nduration: soon\n");
        robot.interact(() -> app.follow(new WindowArguments(file, true)));
        assertFalse(app.viewModel().runs().runningProperty().get());
        String status = WaitForAsyncUtils.asyncFx(() -> app.viewModel().status().warningProperty().get()).get();
        assertTrue(status.startsWith("⚠ Cannot open the scenario: ") && status.contains("duration"), status);
    }

    @Test
    void helpTextsFromTheFxmlBecomeTooltipsOnHover(FxRobot robot) {
        Button start = robot.lookup("#startButton").queryButton();
        assertTrue(start.getAccessibleHelp().startsWith("Start or stop live traffic"), start.getAccessibleHelp());
        robot.moveTo(start);
        assertEquals(start.getAccessibleHelp(), start.getTooltip().getText());
        TextField rate = robot.lookup("#param-rate").query();   // a help text set in code (Tips.set)
        robot.moveTo(rate);
        assertTrue(rate.getTooltip().getText().startsWith("Sustained rate"), rate.getTooltip().getText());
    }

    @Test
    void windowArgumentsAreOpenAndStartOnly() {
        assertEquals(new WindowArguments(Path.of("a.yaml"), true), WindowArguments.parse(List.of("--start",
                "--open=a.yaml")));
        assertEquals(WindowArguments.NONE, WindowArguments.parse(List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WindowArguments.parse(List.of("--opne", "a.yaml")));
        assertTrue(e.getMessage().contains("'--opne'"), e.getMessage());
    }

    @Test
    void thePulseLogHasOneLinePerSecondWithGapsHeapAndLiveRates(FxRobot robot) throws Exception {
        Path log = dir.resolve("pulse.log");
        FramePump pump = new FramePump(log);
        pump.logAlso(() -> "live.offeredPerS=42");
        long ms = 1_000_000L;
        robot.interact(() -> {
            // ticks at 0, 16 and 96 ms (an 80 ms gap), then 1.1 s: the first tick starts the log's clock
            for (long t : new long[]{0, 16 * ms, 96 * ms, 1_100 * ms, 1_116 * ms}) {
                pump.handle(t);
            }
            pump.stop();
        });
        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        assertTrue(line.contains(" frames=3 ") && line.contains(" longPulses=2 ") && line.contains(" maxGapMs=1004.0 ")
                && line.contains(" heapUsedMB=") && line.endsWith(" live.offeredPerS=42"), line);
    }
}
