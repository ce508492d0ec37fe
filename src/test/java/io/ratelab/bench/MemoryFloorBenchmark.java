package io.ratelab.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The hardware floor under a keyed decision at a million keys: what touching one random 24-byte slot of a table the
 * size of {@code KeyedLimiter}'s at 2^20 keys (2^21 slots of three longs, 48 MB) costs on this machine, with nothing
 * of a rate limiter around it. Run it next to {@link KeyedDecisionBenchmark} to see how much of a decision is the
 * limiter and how much is memory:
 * <ul>
 *   <li>{@code read}: a plain load of a random slot. Iterations do not depend on each other, so the CPU overlaps
 *       several cache misses; this is the cheapest any table lookup can be.</li>
 *   <li>{@code casUpdate}: a compare-and-set on a random slot, the least a thread-safe read-modify-write of per-key
 *       state needs. A locked instruction on x86 waits for earlier memory operations, so misses stop overlapping.</li>
 *   <li>{@code lockedUpdate}: the same update under one of 256 monitors, as {@code KeyedLimiter}'s segments do.</li>
 * </ul>
 * Slots are visited in a fixed-seed random order read sequentially from an index array, as the decision benchmark
 * reads its keys.
 *
 * <pre>mvn -o -Pbench test-compile exec:exec -Dbench.args='(MemoryFloor|KeyedDecision.*rateLab) -p keyCount=1048576
 *     -f 1 -wi 3 -i 5 -w 1 -r 2'</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class MemoryFloorBenchmark {

    private static final int SLOTS = 1 << 21;
    private static final int STRIDE = 3;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    long[] table;
    int[] visits;
    Object[] locks;

    @Setup(Level.Trial)
    public void build() {
        table = new long[SLOTS * STRIDE];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < table.length; i++) {
            table[i] = random.nextLong();
        }
        visits = new int[1 << 20];
        for (int i = 0; i < visits.length; i++) {
            visits[i] = random.nextInt(SLOTS) * STRIDE;
        }
        locks = new Object[256];
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** Each thread's position in the visits. */
    @State(Scope.Thread)
    public static class Cursor {
        int position;

        int next(MemoryFloorBenchmark b) {
            int p = position;
            position = (p + 1) & (b.visits.length - 1);
            return b.visits[p];
        }
    }

    @Benchmark
    @Threads(1)
    public long read(Cursor c) {
        return table[next(c) + 2];
    }

    @Benchmark
    @Threads(1)
    public boolean casUpdate(Cursor c) {
        int i = next(c) + 2;
        long v = (long) LONGS.getVolatile(table, i);
        return LONGS.compareAndSet(table, i, v, v + 1);
    }

    @Benchmark
    @Threads(1)
    public long lockedUpdate(Cursor c) {
        int i = next(c);
        synchronized (locks[(i >>> 4) & 255]) {
            return ++table[i + 2];
        }
    }

    private int next(Cursor c) {
        return c.next(this);
    }
}
