package io.ratelab.ui;

import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.util.List;

/**
 * Help › Keyboard and mouse: the keys and gestures as a two-column table (keys left, what they do right), in two
 * sections. A table and not tab-separated text: a dialog's label does not align tabs, and "click a legend name" ran
 * into "hide or show its line" (issue 21).
 */
public final class ShortcutsHelp {

    /** One row: the keys or the gesture, and what it does. */
    record Row(String keys, String does) {
    }

    static final List<Row> WINDOW = List.of(
            new Row("Ctrl+N", "a new scenario (the built-in example)"),
            new Row("Ctrl+O", "open a scenario"),
            new Row("Ctrl+S", "save it (Ctrl+Shift+S: save as)"),
            new Row("F5, Ctrl+R", "start or stop live traffic"),
            new Row("Ctrl+M", "compare the limiters (simulated)"),
            new Row("Ctrl+E", "export the selected limiter"),
            new Row("Ctrl+T", "open a trace"),
            new Row("Ctrl+1 to Ctrl+4", "the Live, Compare, Trace and Tune tabs"),
            new Row("Ctrl+Shift+D", "light or dark theme"),
            new Row("Ctrl+Q", "quit (asks first about unsaved changes)"));

    static final List<Row> CHART = List.of(
            new Row("hover", "read each line's value at the pointer"),
            new Row("drag", "zoom in on a time span"),
            new Row("double-click, Escape", "zoom out (Escape: the chart with the focus)"),
            new Row("click a legend name", "hide or show its line"),
            new Row("right-click", "the lines, zoom out, copy the chart as an image"),
            new Row("Shift+F10, menu key", "the chart's menu"));

    private ShortcutsHelp() {
    }

    /** The table, ready for a dialog's content. */
    public static GridPane table() {
        GridPane grid = new GridPane();
        grid.setId("shortcutsTable");
        grid.setHgap(18);
        grid.setVgap(4);
        grid.setPadding(new Insets(4, 8, 4, 8));
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints does = new ColumnConstraints();
        does.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(keys, does);
        int row = section(grid, 0, "In the window", WINDOW);
        section(grid, row + 1, "On a chart", CHART);
        return grid;
    }

    private static int section(GridPane grid, int row, String title, List<Row> rows) {
        Label heading = new Label(title);
        heading.getStyleClass().add("section-title");
        grid.add(heading, 0, row, 2, 1);
        int r = row + 1;
        for (Row x : rows) {
            Label k = new Label(x.keys());
            k.getStyleClass().add("shortcut-keys");
            k.setMinWidth(Region.USE_PREF_SIZE);
            Label d = new Label(x.does());
            d.setWrapText(true);
            GridPane.setValignment(k, VPos.TOP);
            grid.add(k, 0, r);
            grid.add(d, 1, r);
            r++;
        }
        return r;
    }
}
