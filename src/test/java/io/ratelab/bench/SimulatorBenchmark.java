package io.ratelab.bench;

import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import io.ratelab.sim.SimulationResult;
import io.ratelab.sim.Simulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Simulated requests per wall-clock second: one token-bucket limiter on a flood of {@value #REQUESTS} requests in
 * 10 s of virtual time, ten times its rate, through the whole simulator — arrival stream, limiter decision,
 * per-second and per-client counters, latency histogram of the admitted — with {@code key: global} (one client,
 * 50 000/s against a {@code SingleKeyLimiter}, 5000/s burst 100) and {@code key: ip} (1000 clients at 500/s each
 * against a {@code KeyedLimiter}, 50/s burst 10 per address); arrivals evenly spaced or Poisson. The score is in
 * simulated requests per second ({@code ops/s}).
 *
 * <pre>mvn -o -Pbench test-compile exec:exec -Dbench.args='SimulatorBenchmark -f 1 -wi 3 -i 5 -w 2 -r 3'</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SimulatorBenchmark {

    static final int REQUESTS = 5_000_000;

    @State(Scope.Benchmark)
    public static class Flood {
        @Param({"global", "ip"})
        public String key;
        @Param({"constant", "poisson"})
        public String process;
        Scenario scenario;

        @Setup(Level.Trial)
        public void read() {
            boolean global = key.equals("global");
            int clients = global ? 1 : 1000;
            int perClient = REQUESTS / 10 / clients;
            scenario = Scenario.parse("""
                    name: flood
                    duration: 10s
                    key: %s
                    limiters: [{name: tb, algorithm: token-bucket, rate: %d/s, burst: %d}]
                    traffic: [{name: flood, clients: %d, arrival: {process: %s, rate: %d/s}}]
                    """.formatted(key, perClient / 10, global ? 100 : 10, clients, process, perClient), "flood.yaml",
                    FileFormats.yaml(), Path.of("."));
        }
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public SimulationResult tokenBucketFlood(Flood flood) {
        return Simulator.run(flood.scenario, Path.of("."), null);
    }
}
