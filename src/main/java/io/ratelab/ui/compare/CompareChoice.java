package io.ratelab.ui.compare;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** A limiter of the scenario and whether the next comparison includes it. */
public final class CompareChoice {

    private final String name;
    private final BooleanProperty chosen = new SimpleBooleanProperty();

    CompareChoice(String name, boolean chosen) {
        this.name = name;
        this.chosen.set(chosen);
    }

    public String name() {
        return name;
    }

    public BooleanProperty chosenProperty() {
        return chosen;
    }
}
