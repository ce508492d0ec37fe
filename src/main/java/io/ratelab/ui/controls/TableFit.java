package io.ratelab.ui.controls;

import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * Tables that fit any window (issue 21): no column narrower than its header's text, no cell text cut to an ellipsis,
 * and when the columns need more room than the table has, a horizontal scroll bar instead of squeezed columns.
 *
 * <p>{@link #apply} sets the columns' minimum widths to their headers and lets the columns fill the table when there
 * is room; {@link #growToFit} is called by cells as they show a text, and widens their column when it does not fit
 * (columns only grow, so a live table does not jitter). FX thread only.
 */
public final class TableFit {

    /** Room a header needs beside its text: padding and the sort arrow. */
    private static final double HEADER_PAD = 28;
    /** Room a cell needs beside its text: padding on both sides. */
    private static final double CELL_PAD = 14;

    private static final Text MEASURE = new Text();

    private TableFit() {
    }

    /** Fits {@code table}: header-wide columns, filling the table, scrolling sideways when they cannot. */
    public static void apply(TableView<?> table) {
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        for (TableColumn<?, ?> c : table.getColumns()) {
            fitHeader(c);
        }
        table.widthProperty().addListener((obs, o, n) -> fill(table));
        table.getColumns().forEach(c -> c.minWidthProperty().addListener((obs, o, n) -> fill(table)));
    }

    /**
     * Widens the columns to use all of the table's width when they need less (in proportion to their preferred
     * widths); when they need more, they keep their widths and the table scrolls.
     */
    private static void fill(TableView<?> table) {
        double room = table.getWidth() - table.snappedLeftInset() - table.snappedRightInset() - 18;
        double want = 0;
        for (TableColumn<?, ?> c : table.getColumns()) {
            if (c.isVisible()) {
                want += Math.max(c.getMinWidth(), basePref(c));
            }
        }
        double scale = want > 0 && room > want ? room / want : 1;
        for (TableColumn<?, ?> c : table.getColumns()) {
            if (c.isVisible()) {
                c.setPrefWidth(Math.floor(Math.max(c.getMinWidth(), basePref(c)) * scale));
            }
        }
    }

    /** The column's preferred width from the FXML, remembered before {@link #fill} changes it. */
    private static double basePref(TableColumn<?, ?> c) {
        Object base = c.getProperties().computeIfAbsent("ratelab.basePrefWidth", k -> c.getPrefWidth());
        return (Double) base;
    }

    /** No narrower than the header's text (its label's, when a tooltip moved the title into a label). */
    private static void fitHeader(TableColumnBase<?, ?> c) {
        String title = c.getGraphic() instanceof Label l ? l.getText() : c.getText();
        double need = width(title == null ? "" : title, Font.font(Font.getDefault().getFamily(), FontWeight.BOLD,
                Font.getDefault().getSize())) + HEADER_PAD;
        c.setMinWidth(Math.max(c.getMinWidth(), Math.ceil(need)));
        basePref((TableColumn<?, ?>) c);
    }

    /** Called by a cell that shows {@code text}: widens its column when the text would be cut. */
    public static void growToFit(TableCell<?, ?> cell, String text) {
        TableColumn<?, ?> c = cell.getTableColumn();
        if (c == null || text == null || text.isEmpty()) {
            return;
        }
        double need = Math.ceil(width(text, cell.getFont()) + CELL_PAD);
        if (need > c.getMinWidth()) {
            c.setMinWidth(need);
        }
    }

    private static double width(String s, Font font) {
        MEASURE.setFont(font);
        MEASURE.setText(s);
        return MEASURE.getLayoutBounds().getWidth();
    }
}
