package io.ratelab.report.plot;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decimation keeps the envelope of a series while bounding the points drawn by the pixel width. */
class DecimatorTest {

    private static final Scale X = new LinearScale(0, 1_000_000, 0, 500, 5);
    private static final Scale Y = new LinearScale(0, 1000, 1000, 0, 5);

    @Test
    void aMillionPointsBecomeAtMostFourPerPixelColumn() {
        int n = 1_000_001;
        double[] x = new double[n];
        double[] y = new double[n];
        Random r = new Random(7);
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = 100 + r.nextInt(50);
        }
        y[123_456] = 999;
        y[654_321] = 1;
        Decimator d = new Decimator();
        int out = d.decimate(new ChartSeries("s", SeriesColor.BLUE, false, x, y, n), X, Y);
        assertTrue(out <= 4 * 502, "points drawn " + out);
        double minPixel = Double.MAX_VALUE;
        double maxPixel = -Double.MAX_VALUE;
        for (int i = 0; i < out; i++) {
            minPixel = Math.min(minPixel, d.ys()[i]);
            maxPixel = Math.max(maxPixel, d.ys()[i]);
        }
        assertEquals(Y.toPixel(999), minPixel, 1e-9, "the spike up survives");
        assertEquals(Y.toPixel(1), maxPixel, 1e-9, "the spike down survives");
    }

    @Test
    void sparseSeriesKeepsEveryPoint() {
        double[] x = {0, 250_000, 500_000, 1_000_000};
        double[] y = {1, 2, 3, 4};
        Decimator d = new Decimator();
        assertEquals(4, d.decimate(ChartSeries.of("s", SeriesColor.RED, false, x, y), X, Y));
        assertEquals(125, d.xs()[1], 1e-9);
        assertEquals(Y.toPixel(3), d.ys()[2], 1e-9);
    }

    @Test
    void gapsBecomeNaNMarkers() {
        double[] x = {0, 1000, 500_000, 600_000};
        double[] y = {1, Double.NaN, 3, 4};
        Decimator d = new Decimator();
        int out = d.decimate(ChartSeries.of("s", SeriesColor.RED, false, x, y), X, Y);
        assertEquals(4, out);
        assertTrue(Double.isNaN(d.ys()[1]));
    }

    @Test
    void pointsOutsideTheDomainAreSkippedButOneNeighbourEachSideIsKept() {
        double[] x = new double[100];
        double[] y = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i * 100_000;
            y[i] = i;
        }
        Scale window = new LinearScale(2_000_000, 3_000_000, 0, 1000, 5);
        Decimator d = new Decimator();
        int out = d.decimate(ChartSeries.of("s", SeriesColor.RED, false, x, y), window, Y);
        assertEquals(13, out, "11 inside plus one neighbour on each side");
    }

    @Test
    void aZoomedChartKeepsTheVisibleSpanAndFitsItsHeight() {
        double[] x = new double[100];
        double[] y = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i;
            y[i] = i < 50 ? 10 : 1000;
        }
        ChartData d = new ChartData(AxisKind.LINEAR, "t", "r", ValueFormat.elapsedSeconds(), ValueFormat.number(""),
                0, 99, java.util.List.of(ChartSeries.of("s", SeriesColor.BLUE, false, x, y)), "");
        ChartData z = d.zoomed(10, 20);
        assertEquals(10, z.xMin());
        assertEquals(20, z.xMax());
        assertEquals(13, z.series().get(0).size(), "11 inside plus a neighbour each side");
        assertEquals(10, z.maxY(), "the y range fits the visible span");
        assertEquals(1000, d.maxY());
    }
}
