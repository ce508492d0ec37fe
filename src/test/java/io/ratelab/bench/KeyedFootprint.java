package io.ratelab.bench;

import io.github.bucket4j.Bucket;
import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.limit.store.KeyedLimiter;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bytes per key of the keyed token bucket at a million keys, measured as the heap retained after a full GC
 * (used heap with the structure minus used heap without it; the key Strings are held by an array throughout, so they
 * are not counted), next to the table's own estimate and to Bucket4j keyed by a {@code ConcurrentHashMap}.
 *
 * <pre>mvn -o -Pbench test-compile exec:exec -Dbench.main=io.ratelab.bench.KeyedFootprint -Dbench.args=1000000</pre>
 */
public final class KeyedFootprint {

    private KeyedFootprint() {
    }

    public static void main(String[] args) {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String[] names = new String[keys];
        for (int i = 0; i < keys; i++) {
            names[i] = "client-" + i;
        }
        long base = usedAfterGc();
        KeyedLimiter table = KeyedLimiter.builder(LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("100/s"), 10L)
                .build()).maxKeys(1 << 20).build();
        for (String k : names) {
            table.tryAcquire(k, 0);
        }
        long tableBytes = usedAfterGc() - base;
        System.out.printf("RateLab KeyedLimiter  %,d keys: %6.1f bytes/key retained (estimate %.1f, %d segments)%n",
                table.size(), (double) tableBytes / keys, (double) table.footprintBytes() / keys,
                table.segmentCount());
        table = null;

        base = usedAfterGc();
        ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
        for (String k : names) {
            buckets.computeIfAbsent(k, x -> Bucket.builder()
                    .addLimit(limit -> limit.capacity(10).refillGreedy(100, Duration.ofSeconds(1))).build())
                    .tryConsume(1);
        }
        long bucketBytes = usedAfterGc() - base;
        System.out.printf("Bucket4j in a CHM     %,d keys: %6.1f bytes/key retained (key Strings not counted)%n",
                buckets.size(), (double) bucketBytes / keys);
        System.out.println(names.length + (table == null ? 0 : 1));
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
