package io.ratelab.ui.live;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** A traffic group's switch in the rates chart: when on, its accepted and rejected lines are drawn. */
public final class GroupToggle {

    private final String group;
    private final BooleanProperty shown = new SimpleBooleanProperty(false);

    GroupToggle(String group) {
        this.group = group;
    }

    public String group() {
        return group;
    }

    public BooleanProperty shownProperty() {
        return shown;
    }
}
