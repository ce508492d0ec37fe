package io.ratelab.ui;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 item 5: Help › Keyboard and mouse is a two-column table — every key in the left column, what it does in
 * the right one, side by side and whole ("click a legend name" no longer runs into "hide or show its line").
 */
@ExtendWith(ApplicationExtension.class)
class ShortcutsHelpUiTest {

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
    void theShortcutsAreATwoColumnTable(FxRobot robot) throws Exception {
        MenuItem item = WaitForAsyncUtils.asyncFx(() -> {
            MenuBar bar = robot.lookup("#menuBar").query();
            Menu help = bar.getMenus().stream().filter(m -> m.getText().equals("_Help")).findFirst().orElseThrow();
            return help.getItems().get(0);
        }).get();
        WaitForAsyncUtils.asyncFx(item::fire);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !robot.lookup("#shortcutsTable").queryAll().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        GridPane grid = robot.lookup("#shortcutsTable").query();
        List<String> problems = WaitForAsyncUtils.asyncFx(() -> {
            List<String> out = new java.util.ArrayList<>(WindowFit.truncatedTexts(grid));
            for (Node n : grid.getChildren()) {
                if (GridPane.getColumnIndex(n) != null && GridPane.getColumnIndex(n) == 1) {
                    Label does = (Label) n;
                    Label keys = keysOf(grid, GridPane.getRowIndex(n));
                    double keysRight = keys.getBoundsInParent().getMaxX();
                    if (keysRight >= does.getBoundsInParent().getMinX()) {
                        out.add("'" + keys.getText() + "' runs into '" + does.getText() + "'");
                    }
                }
            }
            return out;
        }).get();
        assertEquals(List.of(), problems);
        Label legend = WaitForAsyncUtils.asyncFx(() -> grid.getChildren().stream()
                .filter(n -> n instanceof Label l && l.getText().equals("click a legend name")).map(Label.class::cast)
                .findFirst().orElseThrow()).get();
        assertEquals("hide or show its line", WaitForAsyncUtils.asyncFx(() ->
                ((Label) grid.getChildren().stream().filter(n -> GridPane.getRowIndex(n).equals(
                        GridPane.getRowIndex(legend)) && GridPane.getColumnIndex(n) == 1).findFirst().orElseThrow())
                        .getText()).get());
        assertTrue(ShortcutsHelp.WINDOW.stream().anyMatch(r -> r.keys().equals("Ctrl+N")));
        WaitForAsyncUtils.asyncFx(() -> grid.getScene().getWindow().hide()).get();
    }

    private static Label keysOf(GridPane grid, int row) {
        return (Label) grid.getChildren().stream().filter(n -> GridPane.getRowIndex(n) == row
                && (GridPane.getColumnIndex(n) == null || GridPane.getColumnIndex(n) == 0)).findFirst().orElseThrow();
    }
}
