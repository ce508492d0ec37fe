package io.ratelab.bench;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Decision;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.limit.store.KeyedLimiter;
import io.ratelab.redis.FailurePolicy;
import io.ratelab.redis.RedisStore;
import io.ratelab.redis.SharedLimiter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A shared decision through the Redis on 127.0.0.1:6379 (token bucket script, Redis's clock, 1024 client keys) next
 * to the same decision in memory ({@link KeyedLimiter}): the latency of one decision on one thread
 * ({@code SampleTime}: its p99 is the latency a request gains), and decisions per second with 64 calls in flight
 * ({@code pipelined}, how the proxy's IO threads use the store: nobody waits for a reply before sending the next).
 *
 * <pre>mvn -o -Pbench test-compile exec:exec -Dbench.args='RedisStore -f 1 -wi 2 -i 3 -w 1 -r 2'</pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisStoreBenchmark {

    private static final int KEYS = 1024;
    private static final int IN_FLIGHT = 64;

    private RedisStore store;
    private SharedLimiter shared;
    private KeyedLimiter local;
    private final String[] keys = new String[KEYS];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        LimiterSpec spec = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.perSecond(1_000_000), 1000L)
                .withName("bench-" + Long.toHexString(System.nanoTime()));
        store = RedisStore.connect("redis://127.0.0.1:6379", Duration.ofSeconds(1));
        shared = new SharedLimiter(store, spec, SharedLimiter.Clock.SERVER, FailurePolicy.CLOSED, 1);
        local = KeyedLimiter.builder(spec.build()).build();
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "client-" + i;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
    }

    private String key() {
        next = (next + 1) & (KEYS - 1);
        return keys[next];
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @Threads(1)
    public Decision redisOne() {
        return shared.tryAcquire(key(), System.nanoTime()).toCompletableFuture().join();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @Threads(1)
    public Decision memoryOne() {
        return local.tryAcquire(key(), System.nanoTime());
    }

    /** {@value #IN_FLIGHT} decisions sent before the first reply is awaited; score per batch. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @Threads(1)
    public long redisPipelined() {
        @SuppressWarnings("unchecked")
        CompletableFuture<Decision>[] batch = new CompletableFuture[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            batch[i] = shared.tryAcquire(key(), System.nanoTime()).toCompletableFuture();
        }
        long admitted = 0;
        for (CompletableFuture<Decision> f : batch) {
            admitted += f.join().allowed() ? 1 : 0;
        }
        return admitted;
    }
}
