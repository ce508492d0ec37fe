package io.ratelab.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves shadow mode: on one trace (manual clock, fixed seed) a shadow proxy makes exactly the enforcing proxy's
 * decisions — same {@code RateLimit} fields, same per-key refusals, its would-be rejections counted and recorded where
 * the enforcing one rejected — yet rejects nothing and forwards everything; the shadow field reaches the upstream and
 * the client only when configured, and a client cannot forge it; a shaping limiter delays nothing; a concurrency
 * limit's shadow refusals hold no permit; and switching shadow on and off under load keeps every count reconciled.
 */
class ShadowModeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request of the trace: when (ms after start) and from which API key. */
    private record Send(long atMillis, String key) {
    }

    private static List<Send> trace() {
        SplittableRandom random = new SplittableRandom(23);
        List<Send> sends = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 120; i++) {
            t += (long) (-Math.log(1 - random.nextDouble()) * 40);
            sends.add(new Send(t, "k" + random.nextInt(4)));
        }
        return sends;
    }

    /** What one proxy answered to the trace. */
    private record Answers(List<Integer> statuses, List<String> rateLimit, List<String> shadowField,
                           ProxyMetrics.Totals totals, List<JsonNode> recording, int upstreamSaw) {
    }

    private static Answers replay(LimitSettings settings, Path record) throws Exception {
        ManualClock clock = new ManualClock();
        HttpClient client = client();
        try (RecordingUpstream upstream = new RecordingUpstream()) {
            ProxyConfig config = config(url(upstream.address()), settings.key(), settings.limiter(), List.of(), false,
                    ProxyConfig.Timeouts.DEFAULT, record.toString()).withSettings(settings);
            LimitingProxy proxy = LimitingProxy.start(config, clock::now);
            List<Integer> statuses = new ArrayList<>();
            List<String> rateLimit = new ArrayList<>();
            List<String> shadow = new ArrayList<>();
            long at = 0;
            for (Send s : trace()) {
                clock.advance(Duration.ofMillis(s.atMillis - at));
                at = s.atMillis;
                HttpResponse<String> r = get(client, url(proxy.listenAddress(), "/items"), "X-Api-Key", s.key);
                statuses.add(r.statusCode());
                rateLimit.add(r.headers().firstValue("RateLimit").orElse(""));
                shadow.add(r.headers().firstValue("X-RateLimit-Shadow").orElse(null));
            }
            ProxyMetrics.Totals totals = settled(proxy);
            String metrics = proxy.metrics().prometheus();
            proxy.close();
            assertTrue(metrics.contains("ratelab_proxy_shadow_rejected_total{limiter=\"api\"} "
                    + totals.shadowRejected() + "\n"), metrics);
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(record)) {
                lines.add(JSON.readTree(line));
            }
            return new Answers(statuses, rateLimit, shadow, totals, lines, upstream.count.get());
        }
    }

    @Test
    void shadowDecidesAndCountsExactlyAsEnforcingButForwardsEverything(@TempDir Path dir) throws Exception {
        LimitSettings enforcing = LimitSettings.of(KeyRule.parse("header:X-Api-Key"),
                tokenBucket("5/s", 3).withName("api"));
        Answers e = replay(enforcing, dir.resolve("enforcing.jsonl"));
        Answers s = replay(enforcing.withShadow(true, LimitSettings.DEFAULT_SHADOW_HEADER),
                dir.resolve("shadow.jsonl"));
        int n = trace().size();
        long refused = e.statuses.stream().filter(st -> st == 429).count();
        assertTrue(refused > 10 && refused < n - 10, "the trace exercises the limit: " + refused + " of " + n);

        assertEquals(e.rateLimit, s.rateLimit, "the same RateLimit fields, request by request");
        for (int i = 0; i < n; i++) {
            assertEquals(200, s.statuses.get(i), "shadow mode rejects nothing (request " + i + ")");
            assertEquals(e.statuses.get(i) == 429 ? "would-reject" : null, s.shadowField.get(i),
                    "the shadow field marks exactly the enforcing run's rejections (request " + i + ")");
            assertNull(e.shadowField.get(i), "no shadow field when enforcing");
            JsonNode el = e.recording.get(i);
            JsonNode sl = s.recording.get(i);
            assertEquals("admitted", sl.get("outcome").asText());
            assertEquals(el.get("outcome").asText(), sl.get("shadow").asText(),
                    "the recording's would-be outcome is the enforcing outcome (line " + i + ")");
            assertFalse(el.has("shadow"), "an enforcing recording has no shadow field");
            assertEquals("api", sl.get("limiter").asText());
        }

        assertEquals(refused, e.totals.rejected());
        assertEquals(0, e.totals.shadowRejected());
        assertEquals(refused, s.totals.shadowRejected(), "would-be rejections counted as the enforcing rejections");
        assertEquals(0, s.totals.rejected());
        assertEquals(n, s.totals.admitted());
        assertEquals(n, s.upstreamSaw, "everything reached the upstream");
        assertEquals(n - refused, e.upstreamSaw);
        assertEquals(s.totals.received(), s.totals.admitted() + s.totals.rejected() + s.totals.errors());
    }

    @Test
    void theShadowFieldReachesTheApplicationOnlyWhenConfiguredAndCannotBeForged() throws Exception {
        ManualClock clock = new ManualClock();
        HttpClient client = client();
        try (RecordingUpstream upstream = new RecordingUpstream()) {
            LimitSettings quiet = LimitSettings.of(KeyRule.GLOBAL, tokenBucket("1/m", 1).withName("one"))
                    .withShadow(true, null);
            LimitingProxy proxy = LimitingProxy.start(config(url(upstream.address()), KeyRule.GLOBAL,
                    quiet.limiter()).withSettings(quiet), clock::now);
            try {
                HttpResponse<String> first = get(client, url(proxy.listenAddress()), "X-Shadow", "would-reject");
                HttpResponse<String> second = get(client, url(proxy.listenAddress()));
                assertEquals(200, second.statusCode());
                assertFalse(second.headers().firstValue("X-RateLimit-Shadow").isPresent(), "off by default");
                assertEquals("\"one\";r=0;t=60", second.headers().firstValue("RateLimit").orElseThrow(),
                        "the RateLimit field is computed as for a rejection");
                assertFalse(second.headers().firstValue("Retry-After").isPresent(), "the answer is no refusal");
                assertEquals(200, first.statusCode());

                proxy.apply(quiet.withShadow(true, "X-Shadow"));
                upstream.received.clear();
                HttpResponse<String> third = get(client, url(proxy.listenAddress()));
                assertEquals("would-reject", third.headers().firstValue("X-Shadow").orElseThrow());
                assertEquals("would-reject", upstream.received.take().headers().getFirst("X-Shadow"),
                        "the application sees it on the request");
                clock.advance(Duration.ofMinutes(1));
                HttpResponse<String> admitted = get(client, url(proxy.listenAddress()), "X-Shadow", "would-reject");
                assertFalse(admitted.headers().firstValue("X-Shadow").isPresent());
                assertNull(upstream.received.take().headers().getFirst("X-Shadow"),
                        "a client's own field of that name is dropped");
                assertEquals(2, settled(proxy).shadowRejected());
            } finally {
                proxy.close();
            }
        }
    }

    @Test
    void putConfigAndReloadSwitchShadowModeKeepingEachKeysState() throws Exception {
        ManualClock clock = new ManualClock();
        HttpClient client = client();
        try (DemoUpstream upstream = demo()) {
            LimiterSpec spec = tokenBucket("1/m", 2).withName("api");
            ProxyConfig config = config(url(upstream.listenAddress()), KeyRule.GLOBAL, spec);
            LimitingProxy proxy = LimitingProxy.start(config, clock::now);
            try {
                assertEquals(200, get(client, url(proxy.listenAddress())).statusCode());
                assertEquals(200, get(client, url(proxy.listenAddress())).statusCode());
                HttpResponse<String> put = client.send(HttpRequest.newBuilder(url(proxy.adminAddress(), "/config"))
                        .timeout(Duration.ofSeconds(10)).PUT(HttpRequest.BodyPublishers.ofString("key: global\n"
                                + "limiter: {name: api, algorithm: token-bucket, rate: 1/m, burst: 2}\n"
                                + "shadow: true\nshadowHeader: X-Shadow\n")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, put.statusCode(), put.body());
                JsonNode shown = JSON.readTree(get(client, url(proxy.adminAddress(), "/config")).body());
                assertTrue(shown.get("shadow").asBoolean(), shown.toString());
                assertEquals("X-Shadow", shown.get("shadowHeader").asText());
                HttpResponse<String> third = get(client, url(proxy.listenAddress()));
                assertEquals(200, third.statusCode());
                assertEquals("would-reject", third.headers().firstValue("X-Shadow").orElseThrow(),
                        "the bucket emptied while enforcing is still empty in shadow mode");

                // what --watch does with a re-read file
                String said = proxy.reload(config.withShadow(false, null));
                assertFalse(said.contains("shadow"), said);
                assertEquals(429, get(client, url(proxy.listenAddress())).statusCode());
                assertTrue(proxy.reload(config.withShadow(true, null)).contains("in shadow mode"));
                assertEquals(200, get(client, url(proxy.listenAddress())).statusCode());
                ProxyMetrics.Totals t = settled(proxy);
                assertEquals(1, t.rejected());
                assertEquals(2, t.shadowRejected());
            } finally {
                proxy.close();
            }
        }
    }

    @Test
    void shadowModeDelaysNothingAndConcurrencyRefusalsHoldNoPermit() throws Exception {
        ManualClock clock = new ManualClock();
        HttpClient client = client();
        try (DemoUpstream upstream = demo()) {
            LimiterSpec queue = new LimiterSpec("queue", Algorithm.LEAKY_QUEUE, Rate.parse("1/m"),
                    5L, null, null, null, null, null, null, null);
            LimitSettings shaping = LimitSettings.of(KeyRule.GLOBAL, queue).withShadow(true, "X-Shadow");
            LimitingProxy proxy = LimitingProxy.start(config(url(upstream.listenAddress()), KeyRule.GLOBAL, queue)
                    .withSettings(shaping), clock::now);
            try {
                long start = System.nanoTime();
                for (int i = 0; i < 3; i++) {
                    // enforcing, the second and third would wait a minute each
                    assertEquals(200, get(client, url(proxy.listenAddress())).statusCode());
                }
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos(), "no request was held");

                LimiterSpec one = new LimiterSpec("one-at-a-time", Algorithm.CONCURRENCY, null, null, null, null,
                        null, null, null, null, 1L);
                proxy.apply(LimitSettings.of(KeyRule.GLOBAL, one).withShadow(true, "X-Shadow"));
                HttpResponse<String> r = get(client, url(proxy.listenAddress()));
                assertEquals(200, r.statusCode());
                assertFalse(r.headers().firstValue("X-Shadow").isPresent(),
                        "sequential requests never exceed one in flight: permits went back");
                assertEquals(0, settled(proxy).shadowRejected());
            } finally {
                proxy.close();
            }
        }
    }

    /**
     * Eight clients send 200 requests each while one of them switches the limiter between shadow and enforcing
     * every 20 requests (same limiter, so per-key state is kept). Every answer is counted once: the 429s the clients
     * saw are the rejected count, the would-reject fields they saw the shadow count, and the recording says the same
     * line by line.
     */
    @Test
    void switchingShadowAndEnforcingUnderLoadKeepsTheCountsReconciled(@TempDir Path dir) throws Exception {
        Path record = dir.resolve("switch.jsonl");
        int clients = 8;
        int perClient = 200;
        try (DemoUpstream upstream = demo()) {
            LimitSettings enforcing = LimitSettings.of(KeyRule.parse("header:X-Client"),
                    tokenBucket("100/s", 5).withName("switching"));
            LimitingProxy proxy = LimitingProxy.start(config(url(upstream.listenAddress()), enforcing.key(),
                    enforcing.limiter(), List.of(), false, ProxyConfig.Timeouts.DEFAULT, record.toString()));
            HttpClient client = client();
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger limited = new AtomicInteger();
            AtomicInteger marked = new AtomicInteger();
            AtomicInteger switches = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> running = new ArrayList<>();
            try {
                for (int c = 0; c < clients; c++) {
                    String id = "client-" + c;
                    boolean switcher = c == 0;
                    running.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < perClient; i++) {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                                            URI.create("http://" + proxy.listenAddress() + "/x"))
                                            .timeout(Duration.ofSeconds(20)).header("X-Client", id).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            switch (r.statusCode()) {
                                case 200 -> ok.incrementAndGet();
                                case 429 -> limited.incrementAndGet();
                                default -> throw new AssertionError("unexpected " + r.statusCode() + " " + r.body());
                            }
                            if (r.headers().firstValue("X-RateLimit-Shadow").isPresent()) {
                                marked.incrementAndGet();
                            }
                            if (switcher && i % 20 == 19) {
                                boolean on = switches.getAndIncrement() % 2 == 0;
                                proxy.apply(enforcing.withShadow(on, LimitSettings.DEFAULT_SHADOW_HEADER));
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : running) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            ProxyMetrics.Totals t = settled(proxy);
            proxy.close();
            assertTrue(switches.get() >= 9, "switched " + switches.get() + " times");
            assertEquals(clients * perClient, ok.get() + limited.get(), "one answer per request");
            assertEquals(clients * perClient, t.received());
            assertEquals(t.received(), t.admitted() + t.rejected() + t.errors());
            assertEquals(limited.get(), t.rejected());
            assertEquals(ok.get(), t.admitted());
            assertEquals(marked.get(), t.shadowRejected());
            assertTrue(t.rejected() > 0 && t.shadowRejected() > 0,
                    "both modes refused some: rejected " + t.rejected() + ", shadow " + t.shadowRejected());
            List<String> lines = Files.readAllLines(record);
            assertEquals(clients * perClient, lines.size());
            long recordedRejected = 0;
            long recordedShadow = 0;
            for (String line : lines) {
                JsonNode n = JSON.readTree(line);
                recordedRejected += n.get("outcome").asText().equals("rejected") ? 1 : 0;
                recordedShadow += n.has("shadow") && n.get("shadow").asText().equals("rejected") ? 1 : 0;
            }
            assertEquals(t.rejected(), recordedRejected);
            assertEquals(t.shadowRejected(), recordedShadow);
        }
    }
}
