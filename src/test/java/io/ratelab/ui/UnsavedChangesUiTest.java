package io.ratelab.ui;

import javafx.scene.control.Button;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 item 1: quit, the window's close button, Open, New and a recent file ask Save / Discard / Cancel when the
 * scenario has unsaved changes, and lose nothing on Cancel. Every path through the real menus and the real dialog;
 * only Quit's final exit and the native file chooser are replaced (headless, they would end the toolkit or hang).
 */
@ExtendWith(ApplicationExtension.class)
class UnsavedChangesUiTest {

    private static final String SCENARIO = """
            name: edited
            duration: 30s
            key: ip
            limiters:
              - {name: tb, algorithm: token-bucket, rate: 20/s, burst: 5}
            traffic:
              - {name: callers, clients: 3, arrival: {process: constant, rate: 10/s}}
            """;

    @TempDir
    Path dir;
    private Stage stage;
    private Workbench app;
    private final AtomicInteger exits = new AtomicInteger();
    private Path file;
    private Path other;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new Workbench();
        app.start(stage);
    }

    @BeforeEach
    void openAndEdit(FxRobot robot) throws Exception {
        file = dir.resolve("edited.yaml");
        Files.writeString(file, SCENARIO);
        other = dir.resolve("other.yaml");
        Files.writeString(other, SCENARIO.replace("name: edited", "name: other"));
        robot.interact(() -> {
            app.view().onExit(exits::incrementAndGet);
            assertEquals(null, app.viewModel().document().open(file));
            TextField rate = robot.lookup("#param-rate").query();
            rate.setText("30/s");
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                stage.getTitle().endsWith(" •")).get());
    }

    @AfterEach
    void stop(FxRobot robot) {
        robot.interact(() -> app.viewModel().shutdown());
    }

    private static void ctrl(FxRobot robot, KeyCode key) {
        robot.press(KeyCode.CONTROL).press(key).release(key).release(KeyCode.CONTROL);
    }

    /** Clicks the dialog's button {@code text} once the question shows. */
    private static void answer(FxRobot robot, String text) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane .button")
                .queryAllAs(Button.class).stream().anyMatch(b -> b.getText().equals(text)));
        Button b = robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream()
                .filter(x -> x.getText().equals(text)).findFirst().orElseThrow();
        robot.clickOn(b);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String name() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> app.viewModel().document().scenarioNameProperty().get()).get();
    }

    @Test
    void quitAsksAndCancelKeepsTheEditDiscardQuitsAndSaveWritesFirst(FxRobot robot) throws Exception {
        ctrl(robot, KeyCode.Q);
        answer(robot, "Cancel");
        assertEquals(0, exits.get(), "Cancel stays");
        assertTrue(stage.getTitle().endsWith(" •"), "the edit is still there: " + stage.getTitle());

        ctrl(robot, KeyCode.Q);
        answer(robot, "Discard");
        assertEquals(1, exits.get());
        assertFalse(Files.readString(file).contains("30/s"), "discarded, not written");

        ctrl(robot, KeyCode.Q);
        answer(robot, "Save");
        assertEquals(2, exits.get());
        assertTrue(Files.readString(file).contains("30/s"), Files.readString(file));
    }

    @Test
    void quitWithNothingUnsavedDoesNotAsk(FxRobot robot) throws Exception {
        robot.interact(() -> app.viewModel().document().saveAs(file));
        ctrl(robot, KeyCode.Q);
        assertEquals(1, exits.get());
        assertTrue(robot.lookup(".dialog-pane").queryAll().isEmpty(), "no question");
    }

    @Test
    void theWindowsCloseButtonAsksAndStaysOpenOnCancel(FxRobot robot) throws Exception {
        WindowEvent cancelled = new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST);
        Future<Void> pending = WaitForAsyncUtils.asyncFx(() -> stage.getOnCloseRequest().handle(cancelled));
        answer(robot, "Cancel");
        pending.get(10, TimeUnit.SECONDS);
        assertTrue(cancelled.isConsumed(), "the close is refused");

        WindowEvent discarded = new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST);
        pending = WaitForAsyncUtils.asyncFx(() -> stage.getOnCloseRequest().handle(discarded));
        answer(robot, "Discard");
        pending.get(10, TimeUnit.SECONDS);
        assertFalse(discarded.isConsumed(), "the window may close");
    }

    @Test
    void openAsksBeforeTheChooserAndCancelOpensNothing(FxRobot robot) throws Exception {
        AtomicInteger asked = new AtomicInteger();
        robot.interact(() -> app.view().chooseScenarioWith(() -> {
            asked.incrementAndGet();
            return other;
        }));
        ctrl(robot, KeyCode.O);
        answer(robot, "Cancel");
        assertEquals(0, asked.get(), "no chooser after Cancel");
        assertTrue(name().startsWith("edited"), name());

        ctrl(robot, KeyCode.O);
        answer(robot, "Discard");
        assertEquals(1, asked.get());
        assertTrue(name().startsWith("other"), name());
    }

    @Test
    void newAsksAndSaveKeepsTheEditInItsFile(FxRobot robot) throws Exception {
        ctrl(robot, KeyCode.N);
        answer(robot, "Cancel");
        assertTrue(name().startsWith("edited"), name());

        ctrl(robot, KeyCode.N);
        answer(robot, "Save");
        assertEquals("workbench demo", name(), "the built-in scenario, unsaved");
        assertTrue(Files.readString(file).contains("30/s"));
        assertFalse(WaitForAsyncUtils.asyncFx(() -> app.viewModel().document().isModified()).get());
    }

    @Test
    void aRecentFileAsksToo(FxRobot robot) throws Exception {
        robot.interact(() -> app.viewModel().document().remember(other));
        MenuItem recent = WaitForAsyncUtils.asyncFx(() -> {
            MenuBar bar = robot.lookup("#menuBar").query();
            Menu fileMenu = bar.getMenus().get(0);
            Menu open = (Menu) fileMenu.getItems().stream().filter(i -> "Open _recent".equals(i.getText()))
                    .findFirst().orElseThrow();
            return open.getItems().stream().filter(i -> i.getText().startsWith("other.yaml")).findFirst()
                    .orElseThrow();
        }).get();
        WaitForAsyncUtils.asyncFx(recent::fire);
        answer(robot, "Cancel");
        assertTrue(name().startsWith("edited"), name());

        WaitForAsyncUtils.asyncFx(recent::fire);
        answer(robot, "Discard");
        assertTrue(name().startsWith("other"), name());
    }
}
