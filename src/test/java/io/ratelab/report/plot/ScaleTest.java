package io.ratelab.report.plot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Axis arithmetic: nice steps, zero-based domains, readable labels, the percentile (nines) scale. */
class ScaleTest {

    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(1, LinearScale.niceStep(0.7), 1e-12);
        assertEquals(2, LinearScale.niceStep(1.3), 1e-12);
        assertEquals(5, LinearScale.niceStep(3), 1e-12);
        assertEquals(10, LinearScale.niceStep(7), 1e-12);
        assertEquals(2000, LinearScale.niceStep(1234), 1e-9);
        assertEquals(0.05, LinearScale.niceStep(0.031), 1e-12);
    }

    @Test
    void zeroBasedDomainEndsOnATickAtOrAboveTheData() {
        LinearScale s = LinearScale.zeroBased(0, 1234, 300, 0, 5);
        assertEquals(0, s.min());
        assertTrue(s.max() >= 1234 && s.max() <= 1600, "max " + s.max());
        List<Scale.Tick> ticks = s.ticks(ValueFormat.number("req/s"));
        assertEquals(0, ticks.get(0).value());
        assertEquals(s.max(), ticks.get(ticks.size() - 1).value(), 1e-9);
        assertEquals(300, ticks.get(0).pixel(), 1e-9);
        assertEquals(0, ticks.get(ticks.size() - 1).pixel(), 1e-9);
    }

    @Test
    void linearMapsBothWays() {
        LinearScale s = new LinearScale(10, 20, 100, 200, 5);
        assertEquals(150, s.toPixel(15), 1e-12);
        assertEquals(15, s.fromPixel(150), 1e-12);
    }

    @Test
    void degenerateDomainIsWidened() {
        LinearScale s = new LinearScale(5, 5, 0, 100, 5);
        assertEquals(6, s.max());
    }

    @Test
    void tickLabelsCarryUnitsAndSuffixes() {
        ValueFormat rate = ValueFormat.number("req/s");
        assertEquals("0 req/s", rate.format(0, 5000));
        assertEquals("20k req/s", rate.format(20_000, 5000));
        assertEquals("2.5k req/s", rate.format(2500, 500));
        assertEquals("1.5M req/s", rate.format(1_500_000, 500_000));
        assertEquals("0.2", ValueFormat.number("").format(0.2, 0.1));
        assertEquals("250 ms", ValueFormat.millis().format(250, 50));
        assertEquals("1.5 s", ValueFormat.millis().format(1500, 500));
        assertEquals("0.05 ms", ValueFormat.millis().format(0.05, 0.01));
        assertEquals("45s", ValueFormat.elapsedSeconds().format(45, 5));
        assertEquals("2m30s", ValueFormat.elapsedSeconds().format(150, 30));
        assertEquals("1h5m", ValueFormat.elapsedSeconds().format(3900, 300));
        assertEquals("0.5s", ValueFormat.elapsedSeconds().format(0.5, 0.1));
    }

    @Test
    void percentileScalePutsEachNineOneDecadeApart() {
        PercentileScale s = new PercentileScale(99.999, 0, 500);
        assertEquals(0, s.toPixel(0), 1e-9);
        assertEquals(100, s.toPixel(90), 1e-6);
        assertEquals(200, s.toPixel(99), 1e-6);
        assertEquals(300, s.toPixel(99.9), 1e-6);
        assertEquals(500, s.toPixel(99.999), 1e-6);
        assertEquals(99.9, s.fromPixel(300), 1e-9);
        List<String> labels = s.ticks(ValueFormat.percent()).stream().map(Scale.Tick::label).toList();
        assertEquals(List.of("0%", "50%", "90%", "99%", "99.9%", "99.99%", "99.999%"), labels);
    }

    @Test
    void timeAxesTickOnSecondsMinutesAndHours() {
        assertEquals(15, LinearScale.timeStep(12), 1e-12);
        assertEquals(60, LinearScale.timeStep(45), 1e-12);
        assertEquals(120, LinearScale.timeStep(100), 1e-12);
        assertEquals(0.5, LinearScale.timeStep(0.4), 1e-12);
        List<String> labels = new LinearScale(0, 600, 0, 1000, 6, true).ticks(ValueFormat.elapsedSeconds())
                .stream().map(Scale.Tick::label).toList();
        assertEquals(List.of("0s", "2m", "4m", "6m", "8m", "10m"), labels);
    }
}
