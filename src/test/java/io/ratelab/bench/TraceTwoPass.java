package io.ratelab.bench;

import io.ratelab.traffic.trace.TraceFormat;
import io.ratelab.traffic.trace.TraceOptions;
import io.ratelab.traffic.trace.TraceSummary;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Issue 18's check, side by side on a shared machine: the default two-pass read (a first pass over the stamps, then
 * the full read with the measured window) against the one-pass read with a given window, on the same 1M-line combined
 * log as {@link TraceImportBenchmark}. The two alternate, round after round, in one JVM (after warm-up rounds), so
 * both see the same load; it prints each round's wall-clock and thread-CPU times and the medians of both and of the
 * per-round ratios.
 *
 * <pre>mvn -o -Pbench test-compile exec:exec -Dbench.main=io.ratelab.bench.TraceTwoPass -Dbench.args='7 2'</pre>
 * (rounds, warm-up rounds)
 */
public final class TraceTwoPass {

    private TraceTwoPass() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dir = Files.createTempDirectory("ratelab-two-pass");
        Path log = dir.resolve("access.log");
        try {
            TraceImportBenchmark.write(log, TraceImportBenchmark.LINES);
            TraceOptions one = TraceOptions.defaults().withFormat(TraceFormat.COMBINED)
                    .withReorderWindowNanos(5_000_000_000L);
            TraceOptions two = TraceOptions.defaults().withFormat(TraceFormat.COMBINED);
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            double[][] wall = new double[2][rounds];
            double[][] thread = new double[2][rounds];
            for (int r = -warmup; r < rounds; r++) {
                for (int k = 0; k < 2; k++) {
                    // alternate which goes first, so neither always follows the other's garbage
                    int which = (r + k) % 2 == 0 ? 0 : 1;
                    long c0 = cpu.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    TraceSummary s = TraceSummary.scan(log, which == 0 ? one : two, 10);
                    long t1 = System.nanoTime();
                    long c1 = cpu.getCurrentThreadCpuTime();
                    if (s.requests() != TraceImportBenchmark.LINES - TraceImportBenchmark.LINES / 10_000) {
                        throw new IllegalStateException("read " + s.requests());
                    }
                    if (r >= 0) {
                        wall[which][r] = (t1 - t0) / 1e9;
                        thread[which][r] = (c1 - c0) / 1e9;
                    }
                    System.out.printf(Locale.ROOT, "%s %-8s wall %6.2f s  cpu %6.2f s%n", r < 0 ? "warm-up" : "round",
                            which == 0 ? "one-pass" : "two-pass", (t1 - t0) / 1e9, (c1 - c0) / 1e9);
                }
            }
            double[] wallRatio = new double[rounds];
            double[] cpuRatio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                wallRatio[r] = wall[1][r] / wall[0][r];
                cpuRatio[r] = thread[1][r] / thread[0][r];
            }
            System.out.printf(Locale.ROOT, "median wall: one-pass %.2f s, two-pass %.2f s; median ratio %.2f%n",
                    median(wall[0]), median(wall[1]), median(wallRatio));
            System.out.printf(Locale.ROOT, "median thread CPU: one-pass %.2f s, two-pass %.2f s; median ratio %.2f%n",
                    median(thread[0]), median(thread[1]), median(cpuRatio));
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(dir);
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
