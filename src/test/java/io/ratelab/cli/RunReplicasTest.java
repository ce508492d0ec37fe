package io.ratelab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratelab.testing.Needs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ratelab run} with {@code replicas: 2}: two proxies limiting alone admit about twice what the shared limit
 * admits (one proxy for {@code store: local}, two proxies sharing Redis for {@code store: redis}); the traffic is
 * spread round-robin, each replica counting half.
 */
class RunReplicasTest {

    private static final String SCENARIO = """
            name: replicas-live
            duration: 2s
            seed: 3
            key: header:X-Api-Key
            replicas: 2
            store: STORE
            limiters:
              - name: tb
                algorithm: token-bucket
                rate: 10/s
                burst: 5
            traffic:
              - name: callers
                clients: 3
                arrival: { process: constant, rate: 40/s }
            """;

    @Test
    void localReplicasAdmitTwiceTheSharedLimit(@TempDir Path dir) throws Exception {
        check(dir, "local");
    }

    @Test
    void replicasSharingRedisAdmitTheLimitOnce(@TempDir Path dir) throws Exception {
        Needs.redisOn6379();
        LoadCommandTest.Run r = check(dir, "redis");
        assertTrue(r.err().contains("shared through redis"), r.err());
    }

    private static LoadCommandTest.Run check(Path dir, String store) throws Exception {
        Path file = dir.resolve("replicas.yaml");
        Files.writeString(file, SCENARIO.replace("STORE", store));
        Path report = dir.resolve("report");
        LoadCommandTest.Run r = LoadCommandTest.run("run", file.toString(), "--report", report.toString(),
                "--warmup", "0s");
        assertEquals(0, r.exit(), r.err());
        JsonNode limiters = new ObjectMapper().readTree(report.resolve("summary.json").toFile()).get("limiters");
        assertEquals("tb (2 local)", limiters.get(0).get("limiter").asText());
        assertEquals("tb (shared)", limiters.get(1).get("limiter").asText());
        long local = limiters.get(0).get("status").get("200").asLong();
        long shared = limiters.get(1).get("status").get("200").asLong();
        // per client and per bucket: burst 5 + 10/s x 2 s = 25 (one more for a refill on the edge); 3 clients, whose
        // sends alternate over the replicas (3 clients in turn, 2 replicas in turn), so each replica sees 20/s of each.
        // The refill lasts as long as the bucket's decisions span: each falls between its planned send and its answer,
        // so at most the planned 2 s plus the run's largest latency from planned send to answer (a few ms on a quiet
        // machine: 26, as always; a stall that makes the last sends late refills the buckets that much longer, and
        // the bound follows the run's own report instead of failing it). At least burst + 1 s of refill, 15: a stall
        // at the start finds only the burst for the backlog, and a second of it costs no more. Either way one shared
        // limit admits half what two local ones do, and the bounds do not overlap.
        long perBucketShared = mostPerBucket(limiters.get(1));
        long perBucketLocal = mostPerBucket(limiters.get(0));
        assertTrue(shared >= 3 * 15 && shared <= 3 * perBucketShared, "one shared limit: about 3 x 25, admitted "
                + shared + " (at most " + perBucketShared + " per client)");
        assertTrue(local >= 2 * 3 * 15 && local <= 2 * 3 * perBucketLocal, "two local limits: about 2 x 3 x 25,"
                + " admitted " + local + " (at most " + perBucketLocal + " per client and replica)");
        Matcher m = Pattern.compile("replica (\\d) \\S+: received (\\d+)").matcher(r.err());
        long received = 0;
        int replicas = 0;
        while (m.find() && replicas < 2) {
            received += Long.parseLong(m.group(2));
            replicas++;
            assertEquals(120, Long.parseLong(m.group(2)), 1.0, "round-robin: half of 240 each\n" + r.err());
        }
        assertEquals(2, replicas, r.err());
        assertEquals(240, received, "3 clients x 40/s x 2 s, every request received once");
        return r;
    }

    /** Burst 5 + 10/s over the planned 2 s and the run's largest latency, and one on the edge. */
    private static long mostPerBucket(JsonNode run) {
        double latestMs = run.get("latencyMs").get("max").asDouble();
        return (long) Math.floor(5 + 10 * (2 + latestMs / 1000)) + 1;
    }
}
