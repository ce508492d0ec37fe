package io.ratelab.ui;

import io.ratelab.traffic.trace.MessyLogs;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 in the window, headless: the Trace tab lists the repaired lines and how far out of order the trace was, its
 * message line is the reading report; opening a scenario that replays a trace says in the status bar what reading it
 * did.
 */
@ExtendWith(ApplicationExtension.class)
class TraceReadingUiTest {

    @TempDir
    Path dir;

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

    private static String fx(java.util.concurrent.Callable<String> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get();
    }

    @Test
    void theTraceTabAndTheStatusBarShowWhatReadingTheTraceDid(FxRobot robot) throws Exception {
        MainWindowViewModel vm = app.viewModel();
        Path log = MessyLogs.messyLog(dir);
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        robot.interact(() -> vm.trace().open(log));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> vm.trace().loadedProperty().get()).get());
        Labeled repaired = robot.lookup("#trace-fact-repaired-lines").queryLabeled();
        String r = fx(repaired::getText);
        assertTrue(r.startsWith("1\n  line 122: $http_user_agent is cut off"), r);
        String order = fx(() -> robot.lookup("#trace-fact-out-of-order").queryLabeled().getText());
        assertTrue(order.contains("up to 28.000 s out of order"), order);
        String message = fx(() -> vm.trace().messageProperty().get());
        assertTrue(message.contains("read 200 requests") && message.contains("1 repaired; 2 skipped; 0 late"),
                message);

        Path scenario = dir.resolve("messy.yaml");
        Files.writeString(scenario, String.join("\n", "name: messy", "key: ip",
                "limiters: [{name: tb, algorithm: token-bucket, rate: 1/s, burst: 5}]",
                "traffic:", "  - {name: web, trace: {path: messy.log}}", ""));
        robot.interact(() -> vm.document().open(scenario));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> vm.status().warningProperty().get().contains("trace web (messy.log, combined)")).get());
        String warning = fx(() -> vm.status().warningProperty().get());
        assertTrue(warning.contains("1 repaired; 2 skipped; 0 late"), warning);
        String shown = fx(() -> robot.lookup("#warningLabel").queryLabeled().getText());
        assertTrue(shown.contains("read 200 requests"), "the status bar shows it: " + shown);
    }
}
