package io.ratelab.ui.controls;

import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.input.MouseEvent;

/**
 * Keeps a {@link SplitPane}'s dividers at the shares the user last chose (at first the FXML's), whatever the window's
 * size: on a resize the shares are set again, and the panes' minimum sizes clamp them where the window is small.
 *
 * <p>Why: left to itself, a split pane remembers where a minimum size pushed a divider, so a window shrunk to
 * 1024×700 and grown back kept its side panel wider than at launch (issue 21). Only a drag of a divider (a mouse
 * release on it) changes the wanted shares. FX thread only.
 */
public final class SplitShares {

    private final SplitPane pane;
    private double[] wanted;

    private SplitShares(SplitPane pane) {
        this.pane = pane;
        this.wanted = pane.getDividerPositions();
        (pane.getOrientation() == Orientation.HORIZONTAL ? pane.widthProperty() : pane.heightProperty())
                .addListener((obs, o, n) -> restore());
        pane.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            if (e.getTarget() instanceof Node n && onDivider(n)) {
                wanted = pane.getDividerPositions();
            }
        });
    }

    /** Keeps {@code pane}'s current divider positions as its wanted shares from now on. */
    public static void keep(SplitPane pane) {
        new SplitShares(pane);
    }

    private void restore() {
        pane.setDividerPositions(wanted);
    }

    private static boolean onDivider(Node n) {
        for (Node p = n; p != null && !(p instanceof SplitPane); p = p.getParent()) {
            if (p.getStyleClass().contains("split-pane-divider")) {
                return true;
            }
        }
        return false;
    }
}
