package io.ratelab.ui.chart;

import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.Decimator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;

/**
 * A line chart drawn on one {@link Canvas}: readable axes with units, a legend, a hover read-out, and per-pixel
 * decimation ({@link Decimator}) so that it stays smooth with hundreds of thousands of points — where the JavaFX
 * {@code LineChart} creates a node per point and has no percentile (log) axis.
 *
 * <p>Setting {@link #dataProperty() data} only marks the chart dirty; it repaints during the next layout pass, so at
 * most once per frame however often data arrives. FX thread only.
 */
public final class CanvasChart extends Region {

    private final Canvas canvas = new Canvas();
    private final ChartRenderer renderer = new ChartRenderer();
    private final ObjectProperty<ChartData> data = new SimpleObjectProperty<>(this, "data");
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");
    private final StringProperty title = new SimpleStringProperty(this, "title", "");
    private double hoverX = -1;
    private boolean dirty = true;
    private long paints;

    public CanvasChart() {
        getStyleClass().add("canvas-chart");
        getChildren().add(canvas);
        data.addListener((obs, o, n) -> invalidate());
        dark.addListener((obs, o, n) -> invalidate());
        title.addListener((obs, o, n) -> invalidate());
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(e.getX()));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(-1));
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

    /** How many times the chart has painted; tests use it to see that new data was drawn. */
    public long paintCount() {
        return paints;
    }

    /** The number of series currently drawn. */
    public int seriesCount() {
        ChartData d = data.get();
        return d == null ? 0 : d.series().size();
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
        renderer.paint(canvas.getGraphicsContext2D(), w, h, d, title.get(), palette, hoverX);
    }

    @Override
    protected double computePrefWidth(double height) {
        return 600;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 300;
    }
}
