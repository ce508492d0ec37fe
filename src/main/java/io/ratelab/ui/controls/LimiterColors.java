package io.ratelab.ui.controls;

import io.ratelab.report.plot.SeriesColor;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each limiter's colour in the window's charts, kept by name for the whole session: a limiter keeps its colour
 * whichever limiters a comparison includes, across comparisons and across tabs (issue 21: gcra was teal in one run
 * and orange in the next, because colours went by position among the limiters picked). A name seen for the first
 * time takes the first colour no other limiter of the scenario has. FX thread only; no nodes.
 */
public final class LimiterColors {

    private static final int COLORS = SeriesColor.values().length;

    private final Map<String, SeriesColor> byName = new HashMap<>();
    private List<String> scenario = List.of();

    /**
     * The scenario's limiters, in order: each keeps its colour unless an earlier one of them has it (two limiters of
     * one scenario never share a colour while there are enough); those without one get the first free one.
     */
    public void scenario(List<String> names) {
        scenario = List.of();
        Set<SeriesColor> used = new HashSet<>();
        for (String n : names) {
            SeriesColor c = byName.get(n);
            if (c == null || used.contains(c)) {
                c = firstFree(used);
                byName.put(n, c);
            }
            used.add(c);
        }
        scenario = List.copyOf(names);
    }

    /** The colour of the limiter named {@code name}, given it now if it has none. */
    public SeriesColor of(String name) {
        SeriesColor c = byName.get(name);
        if (c == null) {
            c = firstFree(Set.of());
            byName.put(name, c);
        }
        return c;
    }

    /**
     * The first colour (in {@link SeriesColor#distinct} order) not taken by a limiter of the scenario nor in
     * {@code alsoTaken}; the first one when all are.
     */
    public SeriesColor firstFree(Set<SeriesColor> alsoTaken) {
        Set<SeriesColor> taken = new HashSet<>(alsoTaken);
        for (String n : scenario) {
            SeriesColor c = byName.get(n);
            if (c != null) {
                taken.add(c);
            }
        }
        for (int i = 0; i < COLORS; i++) {
            if (!taken.contains(SeriesColor.distinct(i))) {
                return SeriesColor.distinct(i);
            }
        }
        return SeriesColor.distinct(0);
    }
}
