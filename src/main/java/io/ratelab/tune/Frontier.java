package io.ratelab.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.stream.IntStream;

/**
 * One family's rate–burst frontier over the legitimate keys of some data: for each setting of a log-spaced grid
 * (at least {@value #GRID} values before rounding to what the family expresses), every legitimate key's exact
 * least burst ({@link BurstMeter}), then the quantile across keys (or requests) at each spare level: the burst
 * {@code b(r)} with which rate {@code r} passes that share untouched. {@code b(r)} falls as {@code r} rises.
 *
 * <p>The grid runs from a quarter of the median legitimate key's mean rate to twice the busiest key's peak (its most
 * sends in any one second); for HAProxy it is a grid of periods, 100 ms to 10 min, and for the window algorithms
 * one of the windows people write over the same range ({@link Family#WINDOWS_MS}), the "burst" being the limit per
 * window ({@link WindowMeter}). Settings are computed in
 * parallel; the result is immutable.
 *
 * @param family the family
 * @param levels the spare levels, ascending, each a share in (0, 1]
 * @param points the settings in ascending rate, each with its burst per level
 */
public record Frontier(Family family, double[] levels, List<Point> points) {

    /** Grid values before rounding. */
    public static final int GRID = 240;

    /**
     * One setting of the frontier.
     *
     * @param setting the family's setting
     * @param bursts  per spare level, the burst sparing that share (HAProxy: the threshold N)
     */
    public record Point(Family.Setting setting, long[] bursts) {

        /** The sustained rate at level {@code i}, per second (HAProxy: {@code N / P}, which depends on the level). */
        public double perSecond(int i) {
            if (setting.period() != null) {
                return Math.max(1, bursts[i]) / (setting.period().toNanos() / 1e9);
            }
            return setting.rate().perSecondDouble();
        }
    }

    /**
     * Computes the frontier of {@code family} over {@code data}'s legitimate keys.
     *
     * @param share     the spare share asked for (always one of the levels)
     * @param ofRequests quantile over requests instead of clients
     * @param progress  told the fraction done, from the computing threads; may be null
     * @param cancelled polled between settings; when true the computation stops with {@link TuneCancelled}
     */
    public static Frontier compute(TuneData data, Family family, double share, boolean ofRequests,
                                   DoubleConsumer progress, BooleanSupplier cancelled) {
        int[] keys = legitimateKeys(data);
        if (keys.length == 0) {
            throw new IllegalArgumentException("tune: no legitimate key sends anything in the tuning data; check"
                    + " tune.legitimate and the traffic");
        }
        double[] levels = levels(share);
        List<Family.Setting> settings = grid(data, keys, family);
        Point[] points = new Point[settings.size()];
        int[] done = new int[1];
        IntStream.range(0, settings.size()).parallel().forEach(i -> {
            if (cancelled != null && cancelled.getAsBoolean()) {
                return;
            }
            points[i] = new Point(settings.get(i), bursts(data, keys, family.meter(settings.get(i)), levels,
                    ofRequests));
            if (progress != null) {
                synchronized (done) {
                    progress.accept(++done[0] / (double) points.length);
                }
            }
        });
        if (cancelled != null && cancelled.getAsBoolean()) {
            throw new TuneCancelled();
        }
        return new Frontier(family, levels, List.of(points));
    }

    /** The index of {@code share} among the levels. */
    public int level(double share) {
        for (int i = 0; i < levels.length; i++) {
            if (Math.abs(levels[i] - share) < 1e-12) {
                return i;
            }
        }
        throw new IllegalArgumentException("no level " + share);
    }

    /** The least burst sparing {@code share} at {@code setting}, computed afresh over {@code data}. */
    public static long burstAt(TuneData data, Family family, Family.Setting setting, double share,
                               boolean ofRequests) {
        return bursts(data, legitimateKeys(data), family.meter(setting), new double[]{share}, ofRequests)[0];
    }

    /** Per key, the least burst at {@code setting} (0 for a key without sends). */
    public static long[] perKey(TuneData data, Family family, Family.Setting setting) {
        BurstMeter m = family.meter(setting);
        long[] b = new long[data.keys()];
        for (int k = 0; k < b.length; k++) {
            b[k] = m.minBurst(data.keyTimes(), data.keyStart(k), data.keyStart(k + 1));
        }
        return b;
    }

    static int[] legitimateKeys(TuneData data) {
        return IntStream.range(0, data.keys()).filter(k -> data.legitimate(k) && data.count(k) > 0).toArray();
    }

    static double[] levels(double share) {
        TreeSet<Double> s = new TreeSet<>(List.of(0.9, 0.99, 0.999, 1.0));
        s.add(share);
        return s.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static long[] bursts(TuneData data, int[] keys, BurstMeter meter, double[] levels, boolean ofRequests) {
        long[] t = data.keyTimes();
        long[] packed = new long[keys.length];
        long[] b = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            int k = keys[i];
            b[i] = meter.minBurst(t, data.keyStart(k), data.keyStart(k + 1));
        }
        long[] out = new long[levels.length];
        if (!ofRequests) {
            Arrays.sort(b);
            for (int l = 0; l < levels.length; l++) {
                int need = (int) Math.ceil(levels[l] * keys.length - 1e-9);
                out[l] = b[Math.max(0, Math.min(keys.length, need) - 1)];
            }
            return out;
        }
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Long.compare(b[x], b[y]));
        long total = 0;
        for (int k : keys) {
            total += data.count(k);
        }
        int l = 0;
        long cum = 0;
        for (int i = 0; i < order.length && l < levels.length; i++) {
            cum += data.count(keys[order[i]]);
            while (l < levels.length && cum >= levels[l] * total - 1e-9) {
                out[l++] = b[order[i]];
            }
        }
        while (l < levels.length) {
            out[l++] = b[order[order.length - 1]];
        }
        return out;
    }

    /** The family's settings over the grid for this data, deduplicated, ascending. */
    static List<Family.Setting> grid(TuneData data, int[] keys, Family family) {
        double lo;
        double hi;
        if (family.gridOfPeriods()) {
            lo = 0.1;
            hi = 600;
        } else {
            double[] means = new double[keys.length];
            double seconds = Math.max(1e-3, data.spanNanos() / 1e9);
            double peak = 0;
            for (int i = 0; i < keys.length; i++) {
                means[i] = data.count(keys[i]) / seconds;
                peak = Math.max(peak, peakPerSecond(data, keys[i]));
            }
            Arrays.sort(means);
            lo = Math.max(1e-3, means[means.length / 2] / 4);
            hi = Math.max(lo * 10, peak * 2);
        }
        List<Family.Setting> out = new ArrayList<>();
        for (int i = 0; i < GRID; i++) {
            double v = lo * Math.pow(hi / lo, i / (double) (GRID - 1));
            Family.Setting s = family.snap(v);
            if (out.isEmpty() || !same(out.get(out.size() - 1), s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean same(Family.Setting a, Family.Setting b) {
        return java.util.Objects.equals(a.rate(), b.rate()) && java.util.Objects.equals(a.period(), b.period());
    }

    /** The most sends key {@code k} makes within any one second. */
    static int peakPerSecond(TuneData data, int k) {
        long[] t = data.keyTimes();
        int from = data.keyStart(k);
        int to = data.keyStart(k + 1);
        int best = 0;
        int lo = from;
        for (int j = from; j < to; j++) {
            while (t[j] - t[lo] >= 1_000_000_000L) {
                lo++;
            }
            best = Math.max(best, j - lo + 1);
        }
        return best;
    }
}
