package io.ratelab.ui.controls;

import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;

import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Configures table columns that show numbers right-aligned, with thousands separators or fixed decimals, and header
 * tooltips.
 */
public final class NumberColumns {

    private NumberColumns() {
    }

    /** A text column. */
    public static <R> void text(TableColumn<R, String> column, Function<R, String> value) {
        column.setCellValueFactory(c -> new SimpleStringProperty(value.apply(c.getValue())));
        textCells(column);
    }

    /** The cells of {@link #text}: the whole text, the column widened to it ({@link TableFit#growToFit}). */
    static <R> void textCells(TableColumn<R, String> column) {
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                TableFit.growToFit(this, getText());
            }
        });
    }

    /**
     * Whole numbers: {@code 12,345} with grouping below a million, then three significant digits with a suffix
     * ({@code 6.30 M}, {@code 1.25 G}) so that a long run's counts fit their column; the exact number is in the
     * cell's tooltip.
     */
    public static <R> void count(TableColumn<R, Number> column, ToLongFunction<R> value) {
        column.setCellValueFactory(c -> new SimpleObjectProperty<>(value.applyAsLong(c.getValue())));
        countCells(column);
    }

    /** The cells of {@link #count}: compact counts, the exact number in the tooltip from a million on. */
    static <R> void countCells(TableColumn<R, Number> column) {
        column.setCellFactory(c -> cell(n -> compactCount(n.longValue()),
                n -> Math.abs(n.longValue()) >= 1_000_000 ? String.format(Locale.ROOT, "%,d", n.longValue()) : null));
    }

    /** Milliseconds with the decimals their size deserves: {@code 1.23}, {@code 12.3}, {@code 8,489}; NaN a dash. */
    public static <R> void millis(TableColumn<R, Number> column, ToDoubleFunction<R> value) {
        column.setCellValueFactory(c -> new SimpleObjectProperty<>(value.applyAsDouble(c.getValue())));
        millisCells(column);
    }

    /** The cells of {@link #millis}. */
    static <R> void millisCells(TableColumn<R, Number> column) {
        column.setCellFactory(c -> cell(n -> millis(n.doubleValue()), n -> null));
    }

    /** {@code 12,345} below a million, else three significant digits and M or G: {@code 6.30 M}, {@code 123 M}. */
    static String compactCount(long n) {
        long a = Math.abs(n);
        if (a < 1_000_000) {
            return String.format(Locale.ROOT, "%,d", n);
        }
        double v = a >= 1_000_000_000 ? n / 1e9 : n / 1e6;
        String unit = a >= 1_000_000_000 ? " G" : " M";
        double m = Math.abs(v);
        String f = m < 10 ? "%.2f" : m < 100 ? "%.1f" : "%.0f";
        return String.format(Locale.ROOT, f, v) + unit;
    }

    /** Milliseconds: two decimals below 10, one below 100, none (grouped) above; NaN a dash. */
    static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "–";
        }
        double a = Math.abs(ms);
        String f = a < 10 ? "%.2f" : a < 100 ? "%.1f" : "%,.0f";
        return String.format(Locale.ROOT, f, ms);
    }

    /** Decimals: {@code 12.3}; NaN shows as a dash. */
    public static <R> void decimal(TableColumn<R, Number> column, ToDoubleFunction<R> value, int decimals) {
        column.setCellValueFactory(c -> new SimpleObjectProperty<>(value.applyAsDouble(c.getValue())));
        decimalCells(column, decimals);
    }

    /** The cells of {@link #decimal}. */
    static <R> void decimalCells(TableColumn<R, Number> column, int decimals) {
        String f = "%,." + decimals + "f";
        column.setCellFactory(c -> cell(n -> Double.isNaN(n.doubleValue()) ? "–"
                : String.format(Locale.ROOT, f, n.doubleValue())));
    }

    /** Moves a column's title into a label with a tooltip (a header has no tooltip of its own). */
    public static void headerTip(TableColumn<?, ?> column, String tip) {
        Label l = new Label(column.getText());
        Tips.set(l, tip);
        column.setText("");
        column.setGraphic(l);
    }

    private static <R> TableCell<R, Number> cell(Function<Number, String> format) {
        return cell(format, n -> null);
    }

    /** A right-aligned number cell; {@code exact} gives the tooltip's text, or null for none. */
    private static <R> TableCell<R, Number> cell(Function<Number, String> format, Function<Number, String> exact) {
        TableCell<R, Number> cell = new TableCell<>() {
            @Override
            protected void updateItem(Number item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : format.apply(item));
                TableFit.growToFit(this, getText());
                String tip = empty || item == null ? null : exact.apply(item);
                if (tip == null) {
                    setTooltip(null);
                } else if (getTooltip() == null) {
                    setTooltip(new Tooltip(tip));
                } else {
                    getTooltip().setText(tip);
                }
            }
        };
        cell.getStyleClass().add("numeric-cell");
        return cell;
    }
}
