package io.ratelab.traffic;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Arrival processes against their math: exact times for even spacing, Poisson statistics at fixed seeds. */
class ArrivalProcessTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void constantIsAMetronomeStartingAtZeroAndStopsAtTheDuration() {
        ArrivalProcess p = ArrivalProcess.constant(10, 2 * SECOND);
        List<Long> times = drain(p);
        assertEquals(20, times.size());
        for (int k = 0; k < 20; k++) {
            assertEquals(k * 100_000_000L, times.get(k));
        }
        assertEquals(ArrivalProcess.END, p.nextNanos(), "stays ended");
    }

    @Test
    void poissonCountAndGapsMatchTheExponentialWithinFourSigma() {
        double rate = 1000;
        long duration = 100 * SECOND;
        List<Long> times = drain(ArrivalProcess.poisson(new SplittableRandom(42), rate, duration));
        double expected = rate * 100;
        assertEquals(expected, times.size(), 4 * Math.sqrt(expected), "count ~ Poisson(λT)");
        double[] gaps = gapsSeconds(times);
        double mean = mean(gaps);
        double variance = variance(gaps, mean);
        // Exp(λ): mean 1/λ (relative s.e. 1/√n), variance 1/λ² (relative s.e. √(8/n) since the kurtosis is 9)
        assertEquals(1 / rate, mean, 4 / rate / Math.sqrt(gaps.length));
        assertEquals(1 / (rate * rate), variance, 4 * Math.sqrt(8.0 / gaps.length) / (rate * rate));
        double dispersion = dispersionPerSecond(times, 100);
        assertEquals(1.0, dispersion, 0.6, "per-second counts have variance ≈ mean");
    }

    @Test
    void samesSeedSameTimesOtherSeedOtherTimes() {
        assertEquals(drain(ArrivalProcess.poisson(new SplittableRandom(7), 50, 10 * SECOND)),
                drain(ArrivalProcess.poisson(new SplittableRandom(7), 50, 10 * SECOND)));
        assertTrue(!drain(ArrivalProcess.poisson(new SplittableRandom(7), 50, 10 * SECOND))
                .equals(drain(ArrivalProcess.poisson(new SplittableRandom(8), 50, 10 * SECOND))));
    }

    @Test
    void everyShapeDeliversItsExpectedCountEvenAndPoisson() {
        long t = 120 * SECOND;
        List<RateProfile> shapes = List.of(
                RateProfile.bursts(200, 10, 2 * SECOND, 8 * SECOND),
                RateProfile.ramp(0, 300, 60 * SECOND),
                RateProfile.ramp(400, 20, 90 * SECOND),
                RateProfile.step(50, 150, 30 * SECOND),
                RateProfile.spike(20, 2000, 40 * SECOND, 5 * SECOND),
                RateProfile.sine(100, 80, 30 * SECOND),
                RateProfile.schedule(List.of(new RateSchedule.Entry(0, 5), new RateSchedule.Entry(10 * SECOND, 0),
                        new RateSchedule.Entry(20 * SECOND, 70))));
        for (RateProfile shape : shapes) {
            double expected = shape.expectedCount(t);
            int even = drain(ArrivalProcess.of(shape, Spacing.EVEN, null, t)).size();
            assertEquals(expected, even, 1.0, "even arrivals of " + shape);
            int poisson = drain(ArrivalProcess.of(shape, Spacing.POISSON, new SplittableRandom(3), t)).size();
            assertEquals(expected, poisson, 4 * Math.sqrt(expected), "Poisson arrivals of " + shape);
        }
    }

    @Test
    void arrivalsFollowTheShapeWithinEachInterval() {
        RateProfile step = RateProfile.step(50, 150, 30 * SECOND);
        List<Long> times = drain(ArrivalProcess.of(step, Spacing.POISSON, new SplittableRandom(11), 60 * SECOND));
        long before = times.stream().filter(x -> x < 30 * SECOND).count();
        assertEquals(1500, before, 4 * Math.sqrt(1500));
        assertEquals(4500, times.size() - before, 4 * Math.sqrt(4500));

        RateProfile ramp = RateProfile.ramp(0, 100, 10 * SECOND);
        List<Long> even = drain(ArrivalProcess.of(ramp, Spacing.EVEN, null, 10 * SECOND));
        // Λ(t) = 5·t², so the k-th arrival is at √(k/5) seconds
        for (int k = 0; k < even.size(); k += 37) {
            assertEquals(Math.sqrt(k / 5.0) * SECOND, even.get(k), 2.0, "arrival " + k);
        }
    }

    @Test
    void inverseUndoesTheIntegral() {
        List<RateProfile> shapes = List.of(RateProfile.sine(100, 100, 7 * SECOND),
                RateProfile.bursts(50, 0, SECOND, 3 * SECOND), RateProfile.ramp(400, 20, 90 * SECOND));
        for (RateProfile p : shapes) {
            for (double s = 0.5; s < 5000; s *= 1.7) {
                long time = p.timeOfCount(s);
                assertEquals(s, p.expectedCount(time), 1e-6 * s + 0.01, p + " at s=" + s);
            }
        }
    }

    @Test
    void aSilentStretchIsSkippedNotFilled() {
        RateProfile bursts = RateProfile.bursts(10, 0, SECOND, 9 * SECOND);
        List<Long> times = drain(ArrivalProcess.of(bursts, Spacing.EVEN, null, 30 * SECOND));
        assertEquals(30, times.size());
        for (long x : times) {
            assertTrue(x % (10 * SECOND) < SECOND, "arrival in an off period at " + x);
        }
        assertEquals(0.0, bursts.rateAt(5 * SECOND));
        assertEquals(10.0, bursts.rateAt(20 * SECOND + 5));
    }

    static List<Long> drain(ArrivalProcess p) {
        List<Long> out = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (long x = p.nextNanos(); x != ArrivalProcess.END; x = p.nextNanos()) {
            assertTrue(x >= previous, "non-decreasing");
            out.add(x);
            previous = x;
        }
        return out;
    }

    static double[] gapsSeconds(List<Long> times) {
        double[] gaps = new double[times.size() - 1];
        for (int i = 1; i < times.size(); i++) {
            gaps[i - 1] = (times.get(i) - times.get(i - 1)) / 1e9;
        }
        return gaps;
    }

    static double mean(double[] xs) {
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.length;
    }

    static double variance(double[] xs, double mean) {
        double sum = 0;
        for (double x : xs) {
            sum += (x - mean) * (x - mean);
        }
        return sum / (xs.length - 1);
    }

    static double dispersionPerSecond(List<Long> times, int seconds) {
        double[] counts = new double[seconds];
        for (long x : times) {
            counts[(int) (x / SECOND)]++;
        }
        double m = mean(counts);
        return variance(counts, m) / m;
    }
}
