package io.ratelab.ui.chart;

import io.ratelab.report.plot.AxisKind;
import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.Decimator;
import io.ratelab.ui.controls.Tips;
import javafx.beans.InvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import io.ratelab.report.plot.ChartSeries;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import javafx.collections.SetChangeListener;
import javafx.geometry.Point2D;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.util.Duration;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * A line chart drawn on one {@link Canvas}: readable axes with units, a legend whose entries hide and show their
 * lines, a hover read-out, drag to zoom, a context menu, and per-pixel decimation ({@link Decimator}) so that it
 * stays smooth with hundreds of thousands of points — where the JavaFX {@code LineChart} creates a node per point and
 * has no percentile (log) axis.
 *
 * <p>Setting {@link #dataProperty() data} only marks the chart dirty; it repaints during the next layout pass, so at
 * most once per frame however often data arrives. FX thread only.
 */
public final class CanvasChart extends Region {

    /** How to use any chart, in its hover help. */
    static final String GESTURES = "Drag across the chart to zoom in on a time span; double-click (or Escape) to see"
            + " everything again. Click a name in the legend to hide or show its line; right-click for more.";

    private final Canvas canvas = new Canvas();
    private final ChartRenderer renderer = new ChartRenderer();
    private final ObjectProperty<ChartData> data = new SimpleObjectProperty<>(this, "data");
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");
    private final StringProperty title = new SimpleStringProperty(this, "title", "");
    private double hoverX = -1;
    private double dragFromX = Double.NaN;
    private double dragToX = Double.NaN;
    /** The time span shown, or null for all of it; charts over the same time axis share one. */
    private ObjectProperty<Span> zoom = new SimpleObjectProperty<>(this, "zoom");
    private final InvalidationListener repaintOnZoom = o -> invalidate();
    /**
     * Names of the series the user hid; kept across new data, so a hidden line stays hidden while a run goes on.
     * Charts of the same things (the compare tab's, one line per limiter) share one set.
     */
    private ObservableSet<String> hidden = FXCollections.observableSet(new LinkedHashSet<>());
    private final SetChangeListener<String> repaintOnHide = c -> invalidate();
    private ContextMenu openMenu;
    private boolean dirty = true;
    private long paints;

    public CanvasChart() {
        getStyleClass().add("canvas-chart");
        getChildren().add(canvas);
        data.addListener((obs, o, n) -> invalidate());
        hidden.addListener(repaintOnHide);
        zoom.addListener(repaintOnZoom);
        dark.addListener((obs, o, n) -> invalidate());
        title.addListener((obs, o, n) -> invalidate());
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            canvas.setCursor(renderer.legendAt(e.getX(), e.getY()) != null ? Cursor.HAND : Cursor.DEFAULT);
            hover(e.getX());
        });
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(-1));
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            dragFromX = e.getX();
            dragToX = Double.NaN;
        });
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            dragToX = e.getX();
            hover(e.getX());
        });
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> zoomToSelection());
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() != MouseButton.PRIMARY) {
                return;
            }
            String entry = renderer.legendAt(e.getX(), e.getY());
            if (entry != null) {
                setSeriesVisible(entry, hidden.contains(entry));
            } else if (e.getClickCount() == 2) {
                resetZoom();
            }
        });
        // the chart takes the keyboard focus (Tab, or a click): Escape zooms out, the menu key or Shift+F10 opens the
        // context menu, so that hiding a line or zooming out does not need a mouse
        setFocusTraversable(true);
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> requestFocus());
        setOnContextMenuRequested(e -> {
            openMenu(e.isKeyboardTrigger() ? null : new Point2D(e.getScreenX(), e.getScreenY()));
            e.consume();
        });
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && isZoomed()) {
                resetZoom();
                e.consume();
            } else if (e.getCode() == KeyCode.CONTEXT_MENU || e.getCode() == KeyCode.F10 && e.isShiftDown()) {
                // not every platform turns these keys into a context-menu event; where one does, the menu is open
                // already and openMenu leaves it
                openMenu(null);
                e.consume();
            }
        });
        setHelp("");
        setMinSize(160, 120);
        setPrefSize(600, 300);
    }

    /** What to draw; null draws an empty frame. */
    public ObjectProperty<ChartData> dataProperty() {
        return data;
    }

    public ChartData getData() {
        return data.get();
    }

    public void setData(ChartData value) {
        data.set(value);
    }

    /** Paints with the dark palette when true. */
    public BooleanProperty darkProperty() {
        return dark;
    }

    /** The title painted at the top left (so that PNG snapshots carry it). */
    public StringProperty titleProperty() {
        return title;
    }

    public String getTitle() {
        return title.get();
    }

    public void setTitle(String value) {
        title.set(value == null ? "" : value);
    }

    /**
     * Says what this chart shows, ahead of how to use it, in the chart's hover help. The help belongs on the canvas,
     * the node under the pointer: a tooltip on the chart itself would never show beneath the canvas's own.
     */
    public void setHelp(String about) {
        Tips.set(canvas, (about.isEmpty() ? "" : about + "\n\n") + GESTURES, Duration.seconds(2));
    }

    /** The renderer, whose last plot and legend tests hit-test against. */
    ChartRenderer renderer() {
        return renderer;
    }

    /** How many times the chart has painted; tests use it to see that new data was drawn. */
    public long paintCount() {
        return paints;
    }

    /** The number of series currently drawn. */
    public int seriesCount() {
        ChartData d = data.get();
        return d == null ? 0 : d.series().size();
    }

    /** True while the series named {@code name} is drawn (it is, unless the user hid it). */
    public boolean isSeriesVisible(String name) {
        return !hidden.contains(name);
    }

    /** Hides or shows the series named {@code name}; the choice outlives new data with a series of that name. */
    public void setSeriesVisible(String name, boolean visible) {
        if (visible) {
            hidden.remove(name);
        } else {
            hidden.add(name);
        }
    }

    /**
     * Hides and shows lines together with {@code others}: a line hidden in one of them is hidden in all (for charts
     * whose series are the same things, such as one line per limiter). Lines hidden so far in the others are shown.
     */
    public void shareHiddenLinesWith(List<CanvasChart> others) {
        for (CanvasChart o : others) {
            if (o != this) {
                o.hidden.removeListener(o.repaintOnHide);
                o.hidden = hidden;
                hidden.addListener(o.repaintOnHide);
                o.invalidate();
            }
        }
    }

    /** Shows the context menu at {@code at} on screen, or at the chart's centre when null; once at a time. */
    private void openMenu(Point2D at) {
        if (openMenu != null && openMenu.isShowing()) {
            return;
        }
        Point2D where = at != null ? at : localToScreen(getWidth() / 2, getHeight() / 2);
        openMenu = contextMenu();
        openMenu.show(this, where.getX(), where.getY());
    }

    /** The menu on right-click: a check item per series, show all, zoom out and copy the chart as an image. */
    ContextMenu contextMenu() {
        ContextMenu menu = new ContextMenu();
        ChartData d = data.get();
        if (d != null) {
            for (ChartSeries s : d.series()) {
                CheckMenuItem item = new CheckMenuItem(s.name());
                item.setSelected(isSeriesVisible(s.name()));
                item.setOnAction(e -> setSeriesVisible(s.name(), item.isSelected()));
                menu.getItems().add(item);
            }
        }
        MenuItem showAll = new MenuItem("Show all lines");
        showAll.setDisable(hidden.isEmpty());
        showAll.setOnAction(e -> hidden.clear());
        MenuItem zoomOut = new MenuItem("Zoom out");
        zoomOut.setDisable(!isZoomed());
        zoomOut.setOnAction(e -> resetZoom());
        MenuItem copy = new MenuItem("Copy image");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putImage(snapshot(null, null));
            Clipboard.getSystemClipboard().setContent(content);
        });
        if (!menu.getItems().isEmpty()) {
            menu.getItems().add(new SeparatorMenuItem());
        }
        menu.getItems().addAll(showAll, zoomOut, copy);
        return menu;
    }

    /** A zoomed-in span of the x axis. */
    public record Span(double lo, double hi) {
    }

    /** Shows all of the data again after a zoom. */
    public void resetZoom() {
        zoom.set(null);
        invalidate();
    }

    /** True while the chart shows a zoomed-in span. */
    public boolean isZoomed() {
        return zoom.get() != null;
    }

    /** The span shown, or null when the chart shows all of its data. */
    public Span zoomSpan() {
        return zoom.get();
    }

    /**
     * Zooms together with {@code others}, charts over the same time axis: a span dragged in one is shown in all, and
     * a double-click in any zooms them all out.
     */
    public void shareZoomWith(List<CanvasChart> others) {
        for (CanvasChart o : others) {
            if (o != this) {
                o.zoom.removeListener(o.repaintOnZoom);
                o.zoom = zoom;
                zoom.addListener(o.repaintOnZoom);
                o.invalidate();
            }
        }
    }

    private void zoomToSelection() {
        ChartRenderer.Plot plot = renderer.lastPlot();
        ChartData d = data.get();
        double a = dragFromX;
        double b = dragToX;
        dragFromX = Double.NaN;
        dragToX = Double.NaN;
        if (plot == null || d == null || d.xKind() != AxisKind.LINEAR || Double.isNaN(b) || Math.abs(b - a) < 6) {
            invalidate();
            return;
        }
        double lo = plot.x().fromPixel(Math.max(plot.left(), Math.min(a, b)));
        double hi = plot.x().fromPixel(Math.min(plot.right(), Math.max(a, b)));
        if (hi > lo) {
            zoom.set(new Span(lo, hi));
        }
        invalidate();
    }

    private void hover(double x) {
        hoverX = x;
        invalidate();
    }

    private void invalidate() {
        dirty = true;
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth());
        double h = Math.floor(getHeight());
        if (w != canvas.getWidth() || h != canvas.getHeight()) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            dirty = true;
        }
        if (dirty && w > 0 && h > 0) {
            paint(w, h);
        }
    }

    private void paint(double w, double h) {
        dirty = false;
        paints++;
        ChartData d = data.get();
        ChartPalette palette = dark.get() ? ChartPalette.DARK : ChartPalette.LIGHT;
        if (d == null) {
            canvas.getGraphicsContext2D().setFill(palette.background());
            canvas.getGraphicsContext2D().fillRect(0, 0, w, h);
            return;
        }
        Span z = zoom.get();
        ChartData shown = z != null ? d.zoomed(z.lo(), z.hi()) : d;
        renderer.paint(canvas.getGraphicsContext2D(), w, h, shown, hidden, title.get(), palette, hoverX);
        if (!Double.isNaN(dragFromX) && !Double.isNaN(dragToX)) {
            renderer.paintSelection(canvas.getGraphicsContext2D(), palette, dragFromX, dragToX);
        }
    }

}
