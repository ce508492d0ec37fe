package io.ratelab.ui.controls;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.TableColumn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A table of immutable rows that change while it shows them (the live tab's, twice a second), drawn by updating one
 * property per row in place instead of replacing the table's items.
 *
 * <p>Why: replacing a {@code TableView}'s items rebuilds its cells, and a rebuilt table makes JavaFX repaint the whole
 * window on the next pulse, not just the table: measured with {@code -Djavafx.pulseLogger=true}, every live update
 * cost a partial frame and then a full one (issue 21). Setting a cell's value in place repaints that cell. So the
 * table's items are one slot per row position; when the rows change, each slot whose row differs gets the new row,
 * and slots are added or removed only when the number of rows changes.
 *
 * <p>Columns read a slot through the functions given here ({@link #text}, {@link #count}, ...), which follow the
 * slot's changes and format as {@link NumberColumns} does. FX thread only.
 *
 * @param <R> the row type (an immutable record)
 */
public final class RowSlots<R> {

    private final ObservableList<R> rows;
    private final ObservableList<ObjectProperty<R>> slots = FXCollections.observableArrayList();

    private RowSlots(ObservableList<R> rows) {
        this.rows = rows;
        rows.addListener((ListChangeListener<R>) c -> sync());
        sync();
    }

    /** Slots that follow {@code rows} from now on: the items for a {@code TableView<ObjectProperty<R>>}. */
    public static <R> ObservableList<ObjectProperty<R>> follow(ObservableList<R> rows) {
        return new RowSlots<>(rows).slots;
    }

    private void sync() {
        int n = rows.size();
        if (slots.size() > n) {
            slots.remove(n, slots.size());
        }
        for (int i = 0; i < Math.min(n, slots.size()); i++) {
            if (!Objects.equals(slots.get(i).get(), rows.get(i))) {
                slots.get(i).set(rows.get(i));
            }
        }
        if (slots.size() < n) {
            List<ObjectProperty<R>> more = new ArrayList<>();
            for (int i = slots.size(); i < n; i++) {
                more.add(new SimpleObjectProperty<>(rows.get(i)));
            }
            slots.addAll(more);
        }
    }

    /** A text column. */
    public static <R> void text(TableColumn<ObjectProperty<R>, String> column, Function<R, String> value) {
        column.setCellValueFactory(c -> c.getValue().map(value));
        NumberColumns.textCells(column);
    }

    /** Whole numbers, as {@link NumberColumns#count}. */
    public static <R> void count(TableColumn<ObjectProperty<R>, Number> column, ToLongFunction<R> value) {
        column.setCellValueFactory(c -> c.getValue().<Number>map(r -> value.applyAsLong(r)));
        NumberColumns.countCells(column);
    }

    /** Milliseconds, as {@link NumberColumns#millis}. */
    public static <R> void millis(TableColumn<ObjectProperty<R>, Number> column, ToDoubleFunction<R> value) {
        column.setCellValueFactory(c -> c.getValue().<Number>map(r -> value.applyAsDouble(r)));
        NumberColumns.millisCells(column);
    }

    /** Decimals, as {@link NumberColumns#decimal}. */
    public static <R> void decimal(TableColumn<ObjectProperty<R>, Number> column, ToDoubleFunction<R> value,
                                   int decimals) {
        column.setCellValueFactory(c -> c.getValue().<Number>map(r -> value.applyAsDouble(r)));
        NumberColumns.decimalCells(column, decimals);
    }
}
