package io.ratelab.proxy;

import io.ratelab.fuzz.Mutator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Fuzzing of the sidecar's config readers with fixed seeds: mutated proxy config files ({@code ratelab proxy
 * --config}) and mutated {@code PUT /config} bodies. The property: each reads, or is refused with one line that says
 * what is wrong (as {@code ratelab proxy} prints it and as the 400 body carries it) without Java or Jackson insides,
 * within 10 s.
 */
class ConfigFuzzTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final List<String> FILES = List.of(
            "listen: 127.0.0.1:8080\nupstream: http://127.0.0.1:9000/api\nadmin: 127.0.0.1:9901\nkey: ip\n"
                    + "trustedProxies: [10.0.0.0/8, 192.168.0.0/16]\nlimiter: {name: api, algorithm: token-bucket,"
                    + " rate: 100/s, burst: 50}\nrejectStatus: 429\nlegacyHeaders: false\nrecord: trace.jsonl\n"
                    + "timeouts: {connect: 2s, request: 30s}\nioThreads: 1\nconnectionsPerThread: 256\nmaxQueue: 4096\n"
                    + "maxKeys: 1048576\n",
            "upstream: http://127.0.0.1:9000\nkey: route+header:X-Api-Key\nlimiter:\n  algorithm: nginx-limit-req\n"
                    + "  rate: 5/s\n  burst: 9\n  delay: 2\nstore: redis://127.0.0.1:6379\nstoreFailure: local\n"
                    + "replicas: 3\nstoreTimeout: 50ms\nadmin: 0.0.0.0:9901\nadminTokenFile: /run/secrets/token\n",
            "{\"upstream\": \"http://127.0.0.1:9000\", \"key\": \"global\", \"limiter\": {\"algorithm\": \"gcra\","
                    + " \"rate\": \"20/s\", \"burst\": 5}, \"timeouts\": {\"connect\": \"1s\", \"request\": \"9s\"}}\n");
    private static final List<String> BODIES = List.of(
            "key: header:X-Api-Key\nlimiter: {algorithm: token-bucket, rate: 10/m, burst: 1, name: tight}\n"
                    + "legacyHeaders: true\n",
            "{\"key\": \"ip\", \"limiter\": {\"algorithm\": \"sliding-window\", \"rate\": \"100/m\", \"window\": \"1m\"},"
                    + " \"trustedProxies\": [\"10.0.0.0/8\"], \"rejectStatus\": 503}",
            "limiter:\n  algorithm: envoy-local\n  rate: 29/s\n  burst: 29\n  fillInterval: 1s\n");
    private static Path dir;
    private static final Mutator CONFIGS = new Mutator(FILES);
    private static final Mutator PUTS = new Mutator(BODIES);

    @BeforeContainer
    static void directory() throws IOException {
        dir = Files.createTempDirectory("ratelab-config-fuzz");
    }

    @AfterContainer
    static void clean() throws IOException {
        for (String f : new String[]{"c.yaml", "c.json"}) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir);
    }

    @Property(tries = 1500, seed = "19080619", shrinking = ShrinkingMode.OFF)
    void aMutatedConfigFileReadsOrIsRefusedInOneLine(@ForAll @IntRange(max = 1000) int which, @ForAll long edits) {
        byte[] bytes = CONFIGS.mutate(which, edits);
        Path file = write(Math.floorMod(which, FILES.size()) == 2 ? "c.json" : "c.yaml", bytes);
        assertTimeoutPreemptively(BOUND, () -> {
            try {
                ProxyConfig.read(file);
            } catch (IOException | IllegalArgumentException e) {
                assertOneCleanLine(e.getMessage(), bytes);
            }
        }, () -> "hung on " + new String(bytes, StandardCharsets.UTF_8));
    }

    @Property(tries = 1500, seed = "20261206", shrinking = ShrinkingMode.OFF)
    void aMutatedPutBodyParsesOrIsRefusedInOneLine(@ForAll @IntRange(max = 1000) int which, @ForAll long edits) {
        String body = new String(PUTS.mutate(which, edits), StandardCharsets.UTF_8);
        assertTimeoutPreemptively(BOUND, () -> {
            try {
                ProxyAdminTarget.parseSettings(body);
            } catch (IOException | RuntimeException e) {
                assertOneCleanLine(ConfigErrors.describe(e), body.getBytes(StandardCharsets.UTF_8));
            }
        }, () -> "hung on " + body);
    }

    private static void assertOneCleanLine(String message, byte[] input) {
        String in = " (input: " + new String(input, StandardCharsets.UTF_8) + ")";
        assertEquals(1, message.strip().lines().count(), "one line: " + message + in);
        String ours = message.replaceAll("'[^'\n]*'", "''");
        for (String inside : new String[]{"Exception", "java.", "io.ratelab.", "fasterxml", "`Json", "`Stream",
            "Coercion", "REDACTED", "JsonToken", "null\b"}) {
            assertFalse(ours.contains(inside), "no '" + inside + "' in: " + message + in);
        }
    }

    private static Path write(String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
