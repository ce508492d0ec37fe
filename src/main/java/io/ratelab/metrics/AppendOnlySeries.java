package io.ratelab.metrics;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A growing list written by one thread whose {@link #view()}s are immutable: a view covers a prefix that is never
 * written again (growth copies into a new array and leaves the old one untouched), so publishing a view costs O(1)
 * instead of copying the whole series on every snapshot. Views must be published safely (e.g. through a volatile).
 */
final class AppendOnlySeries<T> {

    private Object[] items = new Object[64];
    private int size;

    void add(T item) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = item;
    }

    List<T> view() {
        return new View<>(items, size);
    }

    private static final class View<T> extends AbstractList<T> implements RandomAccess {
        private final Object[] items;
        private final int size;

        View(Object[] items, int size) {
            this.items = items;
            this.size = size;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException("index " + index + " of " + size);
            }
            return (T) items[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
