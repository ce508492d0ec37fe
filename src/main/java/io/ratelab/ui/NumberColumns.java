package io.ratelab.ui;

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
    }

    /** Whole numbers with grouping: {@code 12,345}. */
    public static <R> void count(TableColumn<R, Number> column, ToLongFunction<R> value) {
        column.setCellValueFactory(c -> new SimpleObjectProperty<>(value.applyAsLong(c.getValue())));
        column.setCellFactory(c -> cell(n -> String.format(Locale.ROOT, "%,d", n.longValue())));
    }

    /** Decimals: {@code 12.3}; NaN shows as a dash. */
    public static <R> void decimal(TableColumn<R, Number> column, ToDoubleFunction<R> value, int decimals) {
        column.setCellValueFactory(c -> new SimpleObjectProperty<>(value.applyAsDouble(c.getValue())));
        String f = "%,." + decimals + "f";
        column.setCellFactory(c -> cell(n -> Double.isNaN(n.doubleValue()) ? "–"
                : String.format(Locale.ROOT, f, n.doubleValue())));
    }

    /** Moves a column's title into a label with a tooltip (a header has no tooltip of its own). */
    public static void headerTip(TableColumn<?, ?> column, String tip) {
        Label l = new Label(column.getText());
        Tooltip t = new Tooltip(tip);
        t.setWrapText(true);
        t.setMaxWidth(380);
        l.setTooltip(t);
        column.setText("");
        column.setGraphic(l);
    }

    private static <R> TableCell<R, Number> cell(Function<Number, String> format) {
        TableCell<R, Number> cell = new TableCell<>() {
            @Override
            protected void updateItem(Number item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : format.apply(item));
            }
        };
        cell.getStyleClass().add("numeric-cell");
        return cell;
    }
}
