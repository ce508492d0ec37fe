package io.ratelab.ui;

import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * What "fits the window" means in the UI tests (issue 21 item 4): no visible text of a control cut to an ellipsis,
 * and every table column reachable (inside the table, or a horizontal scroll bar to get there). FX thread only.
 */
final class WindowFit {

    private WindowFit() {
    }

    /**
     * The texts under {@code root} that show cut ("Sim…" for "Simulate"): "text shown | whole text" each. A label
     * cut with its whole text as its tooltip (the status bar's upstream, warning and message) is not counted.
     */
    static List<String> truncatedTexts(Parent root) {
        List<String> cut = new ArrayList<>();
        for (Node n : all(root)) {
            if (!(n instanceof Labeled l) || !showing(l) || l.getText() == null || l.getText().isEmpty()
                    || l.getText().equals(l.getAccessibleHelp())) {
                continue;
            }
            for (Node child : l.getChildrenUnmodifiable()) {
                if (child instanceof Text t && t.getStyleClass().contains("text") && !t.getText().equals(l.getText())
                        && (t.getText().endsWith("…") || t.getText().endsWith("..."))) {
                    cut.add(t.getText() + " | " + l.getText() + " (" + l.getClass().getSimpleName() + ")");
                }
            }
        }
        return cut;
    }

    /** The buttons and check boxes under {@code root} that the window's edge cuts off ("Comp" for "Compare"). */
    static List<String> clippedControls(Parent root) {
        List<String> cut = new ArrayList<>();
        double sceneWidth = root.getScene().getWidth();
        for (Node n : all(root)) {
            if (n instanceof javafx.scene.control.ButtonBase b && showing(b) && !inStatusBar(b)) {
                Bounds r = b.localToScene(b.getLayoutBounds());
                if (r.getMaxX() > sceneWidth + 0.5) {
                    cut.add(b.getText() + " ends at x=" + Math.round(r.getMaxX()) + " of " + Math.round(sceneWidth));
                }
            }
        }
        return cut;
    }

    /**
     * The texts under {@code root} that run into the padding of the panel (card) they stand in, or out of it: the
     * limiter's rate unit "N/s, N/m or N/h" ran past its card's edge at 1024x700.
     */
    static List<String> outOfPanel(Parent root) {
        List<String> out = new ArrayList<>();
        for (Node panel : all(root)) {
            if (!(panel instanceof Region p) || !p.getStyleClass().contains("panel") || !showing(p)) {
                continue;
            }
            double edge = p.localToScene(p.getLayoutBounds()).getMaxX() - p.snappedRightInset();
            for (Node n : all(p)) {
                if (n instanceof Labeled l && showing(l) && l.getText() != null && !l.getText().isEmpty()) {
                    double right = l.localToScene(l.getLayoutBounds()).getMaxX();
                    if (right > edge + 0.5) {
                        out.add("'" + l.getText() + "' ends at x=" + Math.round(right) + ", its panel's padding at "
                                + Math.round(edge));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The wrapped labels under {@code root} that must break a word in two because it is wider than the label: the
     * Trace tab's "First request 2024-11-19T09:00:00.129Z" stood on three lines, cut inside the time.
     */
    static List<String> brokenWords(Parent root) {
        List<String> out = new ArrayList<>();
        Text measure = new Text();
        for (Node n : all(root)) {
            if (!(n instanceof Labeled l) || !l.isWrapText() || !showing(l) || l.getText() == null) {
                continue;
            }
            double room = l.getWidth() - l.snappedLeftInset() - l.snappedRightInset();
            measure.setFont(l.getFont());
            for (String word : l.getText().split("\\s+")) {
                measure.setText(word);
                if (measure.getLayoutBounds().getWidth() > room + 0.5) {
                    out.add("'" + word + "' is " + Math.round(measure.getLayoutBounds().getWidth()) + " px wide in "
                            + Math.round(room) + " px");
                }
            }
        }
        return out;
    }

    private static boolean inStatusBar(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if ("statusBar".equals(p.getId())) {
                return true;
            }
        }
        return false;
    }

    /** The tables under {@code root} whose columns do not all fit and that offer no horizontal scroll bar. */
    static List<String> unreachableColumns(Parent root) {
        List<String> bad = new ArrayList<>();
        for (Node n : all(root)) {
            if (!(n instanceof TableView<?> t) || !showing(t)) {
                continue;
            }
            double columns = t.getVisibleLeafColumns().stream().mapToDouble(TableColumnBase::getWidth).sum();
            double room = t.getWidth() - t.snappedLeftInset() - t.snappedRightInset() - verticalBarWidth(t);
            if (columns > room + 1 && !horizontalBarShowing(t)) {
                bad.add((t.getId() == null ? "a table" : t.getId()) + ": columns " + Math.round(columns) + " px in "
                        + Math.round(room) + " px, no scroll bar");
            }
            for (TableColumnBase<?, ?> c : t.getVisibleLeafColumns()) {
                if (c.getWidth() < 1) {
                    bad.add(t.getId() + ": column '" + c.getText() + "' has no width");
                }
            }
        }
        return bad;
    }

    private static double verticalBarWidth(TableView<?> t) {
        for (Node n : all(t)) {
            if (n instanceof ScrollBar b && b.getOrientation() == Orientation.VERTICAL && b.isVisible()) {
                return b.getWidth();
            }
        }
        return 0;
    }

    private static boolean horizontalBarShowing(TableView<?> t) {
        for (Node n : all(t)) {
            if (n instanceof ScrollBar b && b.getOrientation() == Orientation.HORIZONTAL && showing(b)
                    && b.getHeight() > 0) {
                return true;
            }
        }
        return false;
    }

    /** Visible, with every ancestor visible, and with some area on screen. */
    static boolean showing(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        Bounds b = n.localToScene(n.getLayoutBounds());
        return b.getWidth() > 0 && b.getHeight() > 0 && n.getScene() != null
                && b.getMaxX() > 0 && b.getMinX() < n.getScene().getWidth()
                && b.getMaxY() > 0 && b.getMinY() < n.getScene().getHeight();
    }

    private static List<Node> all(Parent root) {
        List<Node> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<Node> out) {
        out.add(n);
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, out);
            }
        }
    }
}
