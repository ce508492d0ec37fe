package io.ratelab.ui;

import javafx.scene.Parent;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 21 item 4: every view works at 1024×700 and at 1920×1080 — with a live run, a comparison and a trace on
 * screen, no button, header or cell text is cut to an ellipsis, broken inside a word or runs out of its panel, every
 * table column can be reached, and the window's split keeps its proportion when the window shrinks and grows back.
 * Writes {@code fit-<size>-<tab>.png}.
 */
@ExtendWith(ApplicationExtension.class)
class WindowFitUiTest {

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

    @Test
    void everyViewFitsAt1024x700() throws Exception {
        checkAt(1024, 700);
    }

    @Test
    void everyViewFitsAt1920x1080() throws Exception {
        checkAt(1920, 1080);
    }

    @Test
    void theSidePanelKeepsItsShareWhenTheWindowShrinksAndGrowsBack(FxRobot robot) throws Exception {
        SplitPane main = robot.lookup("#mainSplit").query();
        robot.interact(() -> resize(1360, 860));
        double atLaunch = fx(() -> main.getDividerPositions()[0]);
        robot.interact(() -> resize(1024, 700));
        double left = fx(() -> main.getItems().get(0).getLayoutBounds().getWidth());
        assertEquals(true, left >= 299, "the side panel keeps its minimum width: " + left);
        robot.interact(() -> resize(1360, 860));
        assertEquals(atLaunch, fx(() -> main.getDividerPositions()[0]), 0.005, "the same share as at launch");
    }

    private void checkAt(int w, int h) throws Exception {
        MainWindowViewModel vm = app.viewModel();
        WaitForAsyncUtils.asyncFx(() -> resize(w, h)).get();
        WaitForAsyncUtils.asyncFx(vm.runs()::toggleRun).get();
        await(() -> vm.live().topClients().size() >= 20 && vm.live().groupRows().size() == 2);
        TabPane tabs = (TabPane) stage.getScene().lookup("#tabs");
        List<String> problems = new ArrayList<>();
        problems.addAll(check("Live", w, h));

        WaitForAsyncUtils.asyncFx(() -> tabs.getSelectionModel().select(1)).get();
        WaitForAsyncUtils.asyncFx(() -> app.view().compareView()).get();
        WaitForAsyncUtils.asyncFx(vm.runs()::runComparison).get();
        await(() -> vm.compareMode().result() != null && !vm.compareMode().rows().isEmpty());
        problems.addAll(check("Compare", w, h));

        WaitForAsyncUtils.asyncFx(() -> tabs.getSelectionModel().select(2)).get();
        WaitForAsyncUtils.asyncFx(() -> app.view().traceView()).get();
        WaitForAsyncUtils.asyncFx(() -> vm.trace().open(Path.of("simulations/traces/tuesday.log"))).get();
        await(() -> vm.trace().loadedProperty().get());
        problems.addAll(check("Trace", w, h));
        WaitForAsyncUtils.asyncFx(vm.runs()::toggleRun).get();

        // a scenario with longer names ("per-IP token bucket"), its limiters compared and its trace simulated
        assertEquals(null, fx(() -> vm.document().open(Path.of("simulations/trace-tuesday.yaml"))));
        WaitForAsyncUtils.asyncFx(vm.runs()::simulateTrace).get();
        await(() -> !vm.trace().simulation().textProperty().get().startsWith("Simulating"));
        problems.addAll(check("Trace (trace-tuesday)", w, h));
        WaitForAsyncUtils.asyncFx(() -> tabs.getSelectionModel().select(1)).get();
        WaitForAsyncUtils.asyncFx(vm.runs()::runComparison).get();
        await(() -> vm.compareMode().result() != null && !vm.compareMode().staleProperty().get()
                && !vm.compareMode().runningProperty().get());
        problems.addAll(check("Compare (trace-tuesday)", w, h));
        WaitForAsyncUtils.asyncFx(() -> tabs.getSelectionModel().select(0)).get();
        problems.addAll(check("Live (trace-tuesday)", w, h));
        assertEquals(List.of(), problems);
    }

    private List<String> check(String tab, int w, int h) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return fx(() -> {
            Parent root = stage.getScene().getRoot();
            root.applyCss();
            root.layout();
            ScreenshotTest.shoot(root, ScreenshotTest.dir().resolve("fit-" + w + "x" + h + "-" + tab.toLowerCase()
                    + ".png"));
            List<String> out = new ArrayList<>();
            for (String s : WindowFit.truncatedTexts(root)) {
                out.add(tab + " at " + w + "x" + h + ": cut text " + s);
            }
            for (String s : WindowFit.clippedControls(root)) {
                out.add(tab + " at " + w + "x" + h + ": cut off " + s);
            }
            for (String s : WindowFit.outOfPanel(root)) {
                out.add(tab + " at " + w + "x" + h + ": out of its panel " + s);
            }
            for (String s : WindowFit.brokenWords(root)) {
                out.add(tab + " at " + w + "x" + h + ": a word broken in two, " + s);
            }
            for (String s : WindowFit.unreachableColumns(root)) {
                out.add(tab + " at " + w + "x" + h + ": " + s);
            }
            return out;
        });
    }

    private void resize(double w, double h) {
        stage.setWidth(w);
        stage.setHeight(h);
        stage.getScene().getRoot().applyCss();
        stage.getScene().getRoot().layout();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get();
    }

    private static void await(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return WaitForAsyncUtils.asyncFx(condition).get();
        });
    }
}
