package io.ratelab.ui.controls;

import javafx.beans.property.ObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Rows replaced in the model reach the table as values set in place: the table's items change only in number. */
class RowSlotsTest {

    @Test
    void newRowsAreSetIntoTheSameSlotsAndOnlyACountChangeAddsOrRemovesSlots() {
        ObservableList<String> rows = FXCollections.observableArrayList("a", "b");
        ObservableList<ObjectProperty<String>> slots = RowSlots.follow(rows);
        assertEquals(List.of("a", "b"), slots.stream().map(ObjectProperty::get).toList());
        ObjectProperty<String> first = slots.get(0);
        int[] itemChanges = {0};
        slots.addListener((ListChangeListener<ObjectProperty<String>>) c -> itemChanges[0]++);
        int[] firstChanges = {0};
        first.addListener((obs, o, n) -> firstChanges[0]++);

        rows.setAll("a", "c");
        assertEquals(0, itemChanges[0], "same number of rows: the table's items stay");
        assertEquals(0, firstChanges[0], "an equal row is not set again");
        assertEquals("c", slots.get(1).get());

        rows.setAll("x", "c", "d");
        assertEquals(1, itemChanges[0], "one slot added");
        assertSame(first, slots.get(0));
        assertEquals(List.of("x", "c", "d"), slots.stream().map(ObjectProperty::get).toList());

        rows.setAll("y");
        assertEquals(List.of("y"), slots.stream().map(ObjectProperty::get).toList());
        rows.clear();
        assertEquals(0, slots.size());
    }
}
