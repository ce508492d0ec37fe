package io.ratelab.ui.chart;

import io.ratelab.report.plot.AxisKind;
import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.ChartSeries;
import io.ratelab.report.plot.SeriesColor;
import io.ratelab.report.plot.ValueFormat;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart under the mouse: a click on a legend name hides its line and fits the y axis to what is left, a second
 * click shows it again; the choice outlives new data; dragging zooms and a double-click or Escape zooms out; the
 * context menu (right-click, or Shift+F10 on the focused chart) lists each line with its state.
 */
@ExtendWith(ApplicationExtension.class)
class CanvasChartTest {

    private CanvasChart chart;

    /** "big" peaks at 1000, "small" at 10, over 60 s. */
    private static ChartData data(double bigPeak) {
        int n = 61;
        double[] x = new double[n];
        double[] big = new double[n];
        double[] small = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            big[i] = bigPeak * i / (n - 1);
            small[i] = 10.0 * i / (n - 1);
        }
        return new ChartData(AxisKind.LINEAR, "time", "requests / s", ValueFormat.elapsedSeconds(),
                ValueFormat.number(""), 0, 60, List.of(ChartSeries.of("big", SeriesColor.RED, false, x, big),
                ChartSeries.of("small", SeriesColor.GREEN, false, x, small)), "no data");
    }

    @Start
    void start(Stage stage) {
        chart = new CanvasChart();
        chart.setTitle("test chart");
        chart.setData(data(1000));
        stage.setScene(new Scene(new StackPane(chart), 640, 320));
        stage.show();
    }

    private double yTop() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            chart.layout();
            ChartRenderer.Plot plot = chart.renderer().lastPlot();
            return plot.y().fromPixel(plot.top());
        }).get();
    }

    private Point2D onScreen(double x, double y) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> chart.localToScreen(x, y)).get();
    }

    private Point2D legendEntry(String name) throws Exception {
        ChartLegend.Entry e = WaitForAsyncUtils.asyncFx(() -> chart.renderer().legendEntry(name)).get();
        assertNotNull(e, "a legend entry for " + name);
        return onScreen(e.x() + e.w() / 2, e.y() + e.h() / 2);
    }

    @Test
    void clickingALegendNameHidesItsLineAndTheAxisFitsTheRest(FxRobot robot) throws Exception {
        assertTrue(yTop() >= 1000, "both lines shown: the axis reaches the big line's peak, " + yTop());

        robot.clickOn(legendEntry("big"));
        assertFalse(WaitForAsyncUtils.asyncFx(() -> chart.isSeriesVisible("big")).get());
        assertTrue(WaitForAsyncUtils.asyncFx(() -> chart.isSeriesVisible("small")).get());
        double top = yTop();
        assertTrue(top >= 10 && top < 20, "the axis fits the small line alone: " + top);

        // for a look at the greyed, struck-through legend entry
        java.nio.file.Path shot = java.nio.file.Path.of(System.getProperty("ratelab.screenshots", "target/screenshots"))
                .resolve("chart-line-hidden.png");
        WaitForAsyncUtils.asyncFx(() -> {
            io.ratelab.ui.ChartSnapshots.savePng(chart, shot);
            return null;
        }).get();

        robot.interact(() -> chart.setData(data(2000)));
        assertTrue(yTop() < 20, "a hidden line stays hidden when new data arrives");

        robot.clickOn(legendEntry("big"));
        assertTrue(WaitForAsyncUtils.asyncFx(() -> chart.isSeriesVisible("big")).get());
        assertTrue(yTop() >= 2000, "shown again: " + yTop());
    }

    @Test
    void dragZoomsInAndADoubleClickZoomsOut(FxRobot robot) throws Exception {
        ChartRenderer.Plot plot = WaitForAsyncUtils.asyncFx(() -> chart.renderer().lastPlot()).get();
        double midY = (plot.top() + plot.bottom()) / 2;
        double from = plot.left() + (plot.right() - plot.left()) * 0.25;
        double to = plot.left() + (plot.right() - plot.left()) * 0.5;
        robot.drag(onScreen(from, midY)).moveTo(onScreen(to, midY)).release(javafx.scene.input.MouseButton.PRIMARY);
        assertTrue(WaitForAsyncUtils.asyncFx(chart::isZoomed).get(), "a drag across the plot zooms in");
        double top = yTop();
        assertTrue(top <= 600, "the y axis fits the zoomed span (the big line reaches about 500 there): " + top);

        robot.doubleClickOn(onScreen((from + to) / 2, midY));
        assertFalse(WaitForAsyncUtils.asyncFx(chart::isZoomed).get(), "a double-click shows everything again");

        robot.drag(onScreen(from, midY)).moveTo(onScreen(to, midY)).release(javafx.scene.input.MouseButton.PRIMARY);
        assertTrue(WaitForAsyncUtils.asyncFx(chart::isZoomed).get());
        assertTrue(WaitForAsyncUtils.asyncFx(chart::isFocused).get(), "a click gives the chart the keyboard focus");
        robot.type(javafx.scene.input.KeyCode.ESCAPE);
        assertFalse(WaitForAsyncUtils.asyncFx(chart::isZoomed).get(), "so does Escape");

        robot.press(javafx.scene.input.KeyCode.SHIFT).type(javafx.scene.input.KeyCode.F10)
                .release(javafx.scene.input.KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.listWindows().stream().anyMatch(w -> w instanceof ContextMenu && w.isShowing()),
                "Shift+F10 opens the chart's menu from the keyboard");
        robot.type(javafx.scene.input.KeyCode.ESCAPE);
    }

    @Test
    void chartsThatShareAZoomShowTheSameSpan(FxRobot robot) throws Exception {
        CanvasChart other = WaitForAsyncUtils.asyncFx(() -> {
            CanvasChart c = new CanvasChart();
            c.setData(data(100));
            chart.shareZoomWith(List.of(c));
            ((StackPane) chart.getParent()).getChildren().add(0, c);
            return c;
        }).get();
        ChartRenderer.Plot plot = WaitForAsyncUtils.asyncFx(() -> chart.renderer().lastPlot()).get();
        double midY = (plot.top() + plot.bottom()) / 2;
        robot.drag(onScreen(plot.left() + 100, midY)).moveTo(onScreen(plot.left() + 200, midY))
                .release(javafx.scene.input.MouseButton.PRIMARY);
        CanvasChart.Span span = WaitForAsyncUtils.asyncFx(chart::zoomSpan).get();
        assertNotNull(span, "zoomed by the drag");
        assertEquals(span, WaitForAsyncUtils.asyncFx(other::zoomSpan).get(), "the other chart shows the same span");
        robot.interact(other::resetZoom);
        assertFalse(WaitForAsyncUtils.asyncFx(chart::isZoomed).get(), "zooming out of one zooms out of both");
    }

    @Test
    void aChartsOwnHelpComesFirstOnTheNodeUnderThePointer(FxRobot robot) throws Exception {
        robot.interact(() -> chart.setHelp("What this chart shows."));
        String help = WaitForAsyncUtils.asyncFx(() -> chart.getChildrenUnmodifiable().get(0).getAccessibleHelp()).get();
        assertEquals("What this chart shows.\n\n" + CanvasChart.GESTURES, help,
                "one tooltip, on the canvas, says what the chart is and how to use it");
    }

    @Test
    void theContextMenuListsEachLineAndShowsAllAgain(FxRobot robot) throws Exception {
        robot.interact(() -> chart.setSeriesVisible("small", false));
        ContextMenu menu = WaitForAsyncUtils.asyncFx(chart::contextMenu).get();
        List<MenuItem> items = menu.getItems();
        CheckMenuItem big = (CheckMenuItem) items.get(0);
        CheckMenuItem small = (CheckMenuItem) items.get(1);
        assertEquals("big", big.getText());
        assertTrue(big.isSelected());
        assertFalse(small.isSelected(), "the hidden line is unchecked");
        MenuItem showAll = items.stream().filter(i -> "Show all lines".equals(i.getText())).findFirst().orElseThrow();
        MenuItem zoomOut = items.stream().filter(i -> "Zoom out".equals(i.getText())).findFirst().orElseThrow();
        assertFalse(showAll.isDisable());
        assertTrue(zoomOut.isDisable(), "nothing to zoom out of");

        robot.interact(showAll::fire);
        assertTrue(WaitForAsyncUtils.asyncFx(() -> chart.isSeriesVisible("small")).get());

        // what a click on the item does: the menu unchecks it, then its action runs
        robot.interact(() -> {
            small.setSelected(false);
            small.fire();
        });
        assertFalse(WaitForAsyncUtils.asyncFx(() -> chart.isSeriesVisible("small")).get(), "unchecked hides the line");
    }

    @Test
    void aLongEmptyMessageWrapsToThePlotsWidth() throws Exception {
        // at 1024x700 the Trace tab's "Open a trace (File > Open trace…, Ctrl+T) to see its rate profile" ran over the
        // y axis' ticks of its chart (seen under Xvfb)
        String message = "Open a trace (File > Open trace…, Ctrl+T) to see its rate profile";
        ChartRenderer r = chart.renderer();
        List<String> lines = WaitForAsyncUtils.asyncFx(() -> r.fit().wrapped(message, ChartRenderer.LABEL_FONT, 200)).get();
        assertTrue(lines.size() >= 2, "wrapped: " + lines);
        assertEquals(message, String.join(" ", lines), "no word lost");
        for (String line : lines) {
            double w = WaitForAsyncUtils.asyncFx(() -> r.fit().width(line, ChartRenderer.LABEL_FONT)).get();
            assertTrue(w <= 200, "'" + line + "' is " + w + " px wide");
        }
        assertEquals(List.of(message), WaitForAsyncUtils.asyncFx(() -> r.fit().wrapped(message, ChartRenderer.LABEL_FONT,
                2000)).get(), "one line where it fits");
    }

    @Test
    void aShortChartSqueezesItsLegendIntoOneRowAndKeepsItsPlot() throws Exception {
        // at 1024x700 the Live tab's latency-by-percentile chart (about 330 x 135 px) drew its three long legend
        // names on three rows and no plot at all (seen under Xvfb)
        double[] x = {0, 50, 99, 99.9};
        double[] y = {1, 2, 5, 9};
        ChartData percentiles = new ChartData(AxisKind.PERCENTILE, "percentile", "latency", ValueFormat.number(""),
                ValueFormat.number(""), 0, 99.999, List.of(
                        ChartSeries.of("admitted (2xx, from intended start)", SeriesColor.GREEN, false, x, y),
                        ChartSeries.of("all answers (from intended start)", SeriesColor.BLUE, true, x, y),
                        ChartSeries.of("raw (from actual send)", SeriesColor.TEAL, false, x, y)), "no data");
        ChartRenderer r = new ChartRenderer();
        ChartRenderer.Plot plot = WaitForAsyncUtils.asyncFx(() -> {
            javafx.scene.canvas.Canvas canvas = new javafx.scene.canvas.Canvas(330, 135);
            r.paint(canvas.getGraphicsContext2D(), 330, 135, percentiles, java.util.Set.of(), "Latency by percentile",
                    ChartPalette.LIGHT, -1);
            return r.lastPlot();
        }).get();
        assertNotNull(plot, "the chart draws a plot");
        assertTrue(plot.bottom() - plot.top() >= 30, "the plot keeps room: " + (plot.bottom() - plot.top()) + " px");
        for (String name : List.of("admitted (2xx, from intended start)", "all answers (from intended start)",
                "raw (from actual send)")) {
            ChartLegend.Entry e = WaitForAsyncUtils.asyncFx(() -> r.legendEntry(name)).get();
            assertNotNull(e, "still in the legend, to click: " + name);
            assertTrue(e.x() + e.w() <= 330, name + " inside the chart");
        }
    }

    @Test
    void aSqueezedLegendKeepsItsNamesApart() throws Exception {
        // at 1024x700 the Live tab's latency-per-second chart (about 348 x 135 px) squeezed its legend into one row
        // where "admitted p50" and "admitted p99" both read "admitted…" and ran into each other (seen under Xvfb)
        List<String> names = List.of("p50 (all answers)", "p99 (all answers)", "p99 raw", "admitted p50",
                "admitted p99");
        double[] x = {0, 10, 20};
        double[] y = {1, 2, 5};
        List<ChartSeries> series = new java.util.ArrayList<>();
        for (String name : names) {
            series.add(ChartSeries.of(name, SeriesColor.GREEN, false, x, y));
        }
        ChartData perSecond = new ChartData(AxisKind.LINEAR, "time since start", "latency",
                ValueFormat.elapsedSeconds(), ValueFormat.number(""), 0, 30, series, "no data");
        ChartRenderer r = new ChartRenderer();
        List<ChartLegend.Entry> entries = WaitForAsyncUtils.asyncFx(() -> {
            javafx.scene.canvas.Canvas canvas = new javafx.scene.canvas.Canvas(348, 135);
            r.paint(canvas.getGraphicsContext2D(), 348, 135, perSecond, java.util.Set.of(),
                    "Latency per second: p50 and p99", ChartPalette.LIGHT, -1);
            return names.stream().map(r::legendEntry).toList();
        }).get();
        List<String> labels = entries.stream().map(ChartLegend.Entry::label).toList();
        assertEquals(names.size(), new java.util.HashSet<>(labels).size(), "every name told apart: " + labels);
        for (int i = 0; i < entries.size(); i++) {
            ChartLegend.Entry e = entries.get(i);
            assertEquals(entries.get(0).y(), e.y(), "one row: " + labels);
            assertTrue(e.x() + e.w() <= 348 - 4, labels.get(i) + " inside the chart");
            if (i > 0) {
                ChartLegend.Entry before = entries.get(i - 1);
                assertTrue(before.x() + before.w() <= e.x() + 0.5, labels.get(i - 1) + " runs into " + labels.get(i));
            }
        }
        assertTrue(labels.get(3).startsWith("adm") && labels.get(3).endsWith("p50")
                && labels.get(4).startsWith("adm") && labels.get(4).endsWith("p99"),
                "the admitted lines keep a head and the part that tells them apart: " + labels);
    }
}
