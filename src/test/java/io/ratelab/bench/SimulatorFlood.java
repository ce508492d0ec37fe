package io.ratelab.bench;

import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import io.ratelab.sim.LimiterResult;
import io.ratelab.sim.Simulator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * The {@link SimulatorBenchmark} flood as a plain program that prints, per run, simulated requests per wall-clock
 * second and per second of the simulating thread's CPU time — the second stays meaningful on a shared, busy machine,
 * where wall-clock rates mostly measure the other processes.
 *
 * <pre>mvn -o -Pbench test-compile exec:exec -Dbench.main=io.ratelab.bench.SimulatorFlood -Dbench.args='global poisson 10'</pre>
 * Arguments: key ({@code global} or {@code ip}), process ({@code constant} or {@code poisson}), runs (the first
 * half are warm-up; the best of the rest is printed last).
 */
public final class SimulatorFlood {

    private SimulatorFlood() {
    }

    public static void main(String[] args) {
        String key = args.length > 0 ? args[0] : "global";
        String process = args.length > 1 ? args[1] : "constant";
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        boolean global = key.equals("global");
        int clients = global ? 1 : 1000;
        int perClient = 1_000_000 / clients;
        Scenario s = Scenario.parse("""
                name: flood
                duration: 10s
                key: %s
                limiters: [{name: tb, algorithm: token-bucket, rate: %d/s, burst: %d}]
                traffic: [{name: flood, clients: %d, arrival: {process: %s, rate: %d/s}}]
                """.formatted(key, perClient / 10, global ? 100 : 10, clients, process, perClient), "flood.yaml",
                FileFormats.yaml(), Path.of("."));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double bestWall = 0;
        double bestCpu = 0;
        for (int i = 0; i < runs; i++) {
            long wall0 = System.nanoTime();
            long cpu0 = mx.getCurrentThreadCpuTime();
            LimiterResult r = Simulator.run(s, Path.of("."), null).limiters().get(0);
            double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - wall0) / 1e9;
            System.out.printf("run %d: %,d requests (%,d admitted): %.1f M/s wall-clock, %.1f M/s of thread CPU%n",
                    i + 1, r.offered(), r.admitted(), r.offered() / wall / 1e6, r.offered() / cpu / 1e6);
            if (i >= runs / 2) {
                bestWall = Math.max(bestWall, r.offered() / wall / 1e6);
                bestCpu = Math.max(bestCpu, r.offered() / cpu / 1e6);
            }
        }
        System.out.printf("%s %s flood, best of the last %d runs: %.1f M requests/s wall-clock, %.1f M/s of thread"
                + " CPU%n", key, process, runs - runs / 2, bestWall, bestCpu);
    }
}
