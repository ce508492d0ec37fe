package io.ratelab.ui.controls;

import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.util.Duration;

/**
 * Hover help made on demand. A node's help text is its {@linkplain Node#accessibleHelpProperty() accessible help}
 * (what a screen reader reads; FXML sets it with {@code accessibleHelp="..."}), and its tooltip is made the first
 * time the pointer enters it, in a scene that {@link #enable}d this. Making every tooltip up front cost about a tenth
 * of the FX thread's start-up: each one is a popup window with its own scene (issue 10). The tooltip follows later
 * changes of the help text.
 */
public final class Tips {

    private static final String MADE = "io.ratelab.ui.controls.Tips.made";
    private static final String DELAY = "io.ratelab.ui.controls.Tips.delay";
    /** Where {@link Tooltip#install} keeps a node's tooltip. */
    private static final String TOOLTIP = "javafx.scene.control.Tooltip";
    /** Long help wraps at this width rather than running across the screen. */
    private static final double MAX_WIDTH = 380;

    private Tips() {
    }

    /** Gives {@code node} the help text {@code text}, shown as its tooltip on hover; null or empty removes it. */
    public static void set(Node node, String text) {
        node.setAccessibleHelp(text);
        if ((text == null || text.isEmpty()) && node.getProperties().remove(MADE) != null) {
            if (node instanceof Control c) {
                if (c.getTooltip() != null && c.getTooltip().textProperty().isBound()) {
                    c.setTooltip(null);
                }
            } else if (node.getProperties().get(TOOLTIP) instanceof Tooltip t) {
                Tooltip.uninstall(node, t);
            }
        }
    }

    /** Like {@link #set(Node, String)}, shown only after the pointer rested on the node for {@code showDelay}. */
    public static void set(Node node, String text, Duration showDelay) {
        node.getProperties().put(DELAY, showDelay);
        set(node, text);
    }

    /**
     * Keeps {@code node}'s help text equal to {@code text} (none while it is empty): for a status label whose text
     * can be longer than its place, so the whole text shows on hover.
     */
    public static void follow(Node node, ObservableValue<String> text) {
        set(node, text.getValue());
        text.addListener((obs, o, n) -> set(node, n));
    }

    /** Makes the tooltips of {@code scene}'s nodes as the pointer first enters each. */
    public static void enable(Scene scene) {
        scene.addEventFilter(MouseEvent.MOUSE_ENTERED_TARGET, e -> {
            if (e.getTarget() instanceof Node n) {
                make(n);
            }
        });
    }

    /**
     * Installs {@code node}'s tooltip from its help text, once; nothing when it has no help or a tooltip of its own.
     */
    static void make(Node node) {
        String help = node.getAccessibleHelp();
        if (help == null || help.isEmpty() || node.getProperties().containsKey(MADE)) {
            return;
        }
        node.getProperties().put(MADE, Boolean.TRUE);
        if (node instanceof Control c) {
            if (c.getTooltip() == null) {
                c.setTooltip(tooltip(node));
            }
        } else {
            Tooltip.install(node, tooltip(node));
        }
    }

    private static Tooltip tooltip(Node node) {
        Tooltip t = new Tooltip();
        t.textProperty().bind(node.accessibleHelpProperty());
        t.setWrapText(true);
        t.setMaxWidth(MAX_WIDTH);
        if (node.getProperties().get(DELAY) instanceof Duration delay) {
            t.setShowDelay(delay);
        }
        return t;
    }
}
