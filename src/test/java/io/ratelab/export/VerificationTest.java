package io.ratelab.export;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.proxy.HostPort;
import io.ratelab.proxy.demo.DemoServiceTime;
import io.ratelab.proxy.LimitingProxy;
import io.ratelab.proxy.ProxyConfig;
import io.ratelab.scenario.KeyRule;
import io.ratelab.traffic.trace.TraceException;
import io.ratelab.traffic.trace.TraceFormat;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves {@code verify}: on a recording made by the proxy itself — enforcing, then switched to shadow mode while
 * traffic flows, real sockets, the proxy's own clock — the model predicts every decision exactly, per request, per
 * second and per key; a deliberately mis-set limiter is reported as disagreeing, with where and by how much; an nginx
 * log's {@code $limit_req_status} and the HAProxy shadow log are read as the engines' decisions; what cannot be
 * verified is refused with the reason.
 */
class VerificationTest {

    private static final HostPort ANY = HostPort.parse("127.0.0.1:0");

    /**
     * Records five clients (one thread each, so one key's requests are decided in the order of their clock
     * readings) sending Poisson traffic above their limit; half-way the limiter is switched to shadow mode.
     */
    private static Path record(Path dir, LimiterSpec spec, KeyRule key) throws Exception {
        Path trace = dir.resolve("recording.jsonl");
        try (DemoUpstream upstream = DemoUpstream.start(DemoUpstream.Spec.withCapacity(ANY,
                new DemoServiceTime(DemoServiceTime.Kind.CONSTANT, Duration.ZERO), 0, 0, 1, 1))) {
            ProxyConfig config = ProxyConfig.builder().listen(ANY).admin(ANY)
                    .upstream(URI.create("http://" + upstream.listenAddress())).key(key).limiter(spec)
                    .record(trace.toString()).ioThreads(2).build();
            LimitingProxy proxy = LimitingProxy.start(config);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            ExecutorService pool = Executors.newFixedThreadPool(5);
            try {
                List<Future<?>> clients = new ArrayList<>();
                for (int c = 0; c < 5; c++) {
                    String id = "client-" + c;
                    SplittableRandom random = new SplittableRandom(100 + c);
                    boolean switcher = c == 0;
                    clients.add(pool.submit(() -> {
                        for (int i = 0; i < 60; i++) {
                            // ~25 requests per second per client, against 10/s: the limit bites
                            LockSupport.parkNanos((long) (-Math.log(1 - random.nextDouble()) * 40_000_000L));
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://"
                                            + proxy.listenAddress() + "/items/" + i)).header("X-Api-Key", id)
                                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                            assertTrue(r.statusCode() == 200 || r.statusCode() == 429, r.statusCode() + r.body());
                            if (switcher && i == 30) {
                                proxy.apply(proxy.settings().withShadow(true, null));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : clients) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
                proxy.close();
            }
        }
        return trace;
    }

    @Test
    void aRecordingMadeByTheProxyIsPredictedExactlyAndAMisSetLimiterIsNot(@TempDir Path dir) throws Exception {
        LimiterSpec api = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("10/s"), 5L).withName("api");
        KeyRule key = KeyRule.header("X-Api-Key");
        Path trace = record(dir, api, key);

        VerificationReport r = Verification.verify(api, key, trace, Verification.Options.DEFAULT);
        assertEquals(300, r.compared(), r.text());
        assertTrue(r.observedRejected() > 20, "the limit bit: " + r.text());
        assertTrue(r.shadow() > 0 && r.shadow() < r.compared(), "both enforced and shadow decisions: " + r.text());
        assertTrue(r.agrees(), r.text());
        assertEquals(r.observedRejected(), r.predictedRejected());
        assertEquals(5, r.keys().size());
        assertEquals(0, r.maxPerSecondDifference());
        assertTrue(r.text().contains("agree: every one of the 300 requests"), r.text());
        assertEquals(TraceFormat.RATELAB.toString(), r.format());

        LimiterSpec misSet = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("10/s"), 3L).withName("api");
        VerificationReport wrong = Verification.verify(misSet, key, trace, Verification.Options.DEFAULT);
        assertFalse(wrong.agrees(), wrong.text());
        assertTrue(wrong.predictedRejected() > wrong.observedRejected(), "a smaller burst predicts more: "
                + wrong.text());
        assertTrue(wrong.predictedOnly() > 0);
        assertFalse(wrong.differingSeconds().isEmpty());
        assertFalse(wrong.differingKeys().isEmpty());
        assertEquals(wrong.differing(), wrong.predictedOnly() + wrong.observedOnly());
        assertEquals(Verification.FIRST_DIFFERENCES, wrong.firstDifferences().size());
        long sum = wrong.keys().stream().mapToLong(k -> k.observed() - k.predicted()).sum();
        assertEquals(wrong.observedRejected() - wrong.predictedRejected(), sum, "per key adds up");
        assertTrue(wrong.text().contains("differ: ") && wrong.text().contains("per key: "), wrong.text());
    }

    @Test
    void aFixedWindowIsAlignedAsTheProxyAlignedIt(@TempDir Path dir) throws Exception {
        // windows are aligned to time 0 of the limiter's clock: the proxy's clock reads epoch time, so a replay at
        // the recorded epoch times meets the same windows
        LimiterSpec fw = LimiterSpec.builder(Algorithm.FIXED_WINDOW).name("fw").rate(Rate.parse("30/s"))
                .window(Duration.ofMillis(100)).build();
        Path trace = record(dir, fw, KeyRule.header("X-Api-Key"));
        VerificationReport r = Verification.verify(fw, KeyRule.header("X-Api-Key"), trace,
                Verification.Options.DEFAULT);
        assertTrue(r.observedRejected() > 0, r.text());
        assertTrue(r.agrees(), r.text());
    }

    @Test
    void linesOfOtherLimitersAreLeftOutAndTheOnlyRecordedLimiterIsFound(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("two.jsonl");
        Files.writeString(trace, String.join("\n",
                "{\"ts\":1732400000.000000000,\"key\":\"a\",\"method\":\"GET\",\"path\":\"/\",\"limiter\":\"old\","
                        + "\"outcome\":\"admitted\",\"status\":200}",
                "{\"ts\":1732400000.100000000,\"key\":\"a\",\"method\":\"GET\",\"path\":\"/\",\"limiter\":\"new\","
                        + "\"outcome\":\"admitted\",\"status\":200}",
                "{\"ts\":1732400000.200000000,\"key\":\"a\",\"method\":\"GET\",\"path\":\"/\",\"limiter\":\"new\","
                        + "\"outcome\":\"admitted\",\"shadow\":\"rejected\",\"status\":200}") + "\n");
        LimiterSpec one = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("1/s"), 1L).withName("new");
        VerificationReport r = Verification.verify(one, KeyRule.IP, trace, Verification.Options.DEFAULT);
        assertEquals(2, r.compared());
        assertEquals(1, r.otherLimiter());
        assertTrue(r.agrees(), r.text());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Verification.verify(one,
                KeyRule.IP, trace, new Verification.Options(null, null, "gone")));
        assertTrue(e.getMessage().contains("old") && e.getMessage().contains("new"), e.getMessage());
    }

    @Test
    void nginxLimitReqStatusIsTheEnginesDecision(@TempDir Path dir) throws Exception {
        // nginx rate=1r/s burst=1 nodelay for a token bucket 1/s burst 2: two at once, then one a second
        LimiterSpec tb = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("1/s"), 2L);
        String format = NginxExporter.shadowLogLine(KeyRule.IP, EngineMapping.forNginx(tb).engine());
        Path log = dir.resolve("shadow.log");
        Files.writeString(log, String.join("\n",
                "10.0.0.1 [1732400000.000] \"GET /a HTTP/1.1\" 200 0.000 PASSED",
                "10.0.0.1 [1732400000.010] \"GET /a HTTP/1.1\" 200 0.000 PASSED",
                "10.0.0.1 [1732400000.020] \"GET /a HTTP/1.1\" 200 0.000 REJECTED_DRY_RUN",
                "10.0.0.2 [1732400000.020] \"GET /b HTTP/1.1\" 200 0.000 PASSED",
                "10.0.0.1 [1732400000.500] \"GET /a HTTP/1.1\" 404 0.000 -",
                "10.0.0.1 [1732400001.100] \"GET /a HTTP/1.1\" 200 0.000 PASSED",
                "10.0.0.1 [1732400001.200] \"GET /a HTTP/1.1\" 200 0.000 PASSED") + "\n");
        VerificationReport r = Verification.verify(tb, KeyRule.IP, log, Verification.Options.DEFAULT);
        assertEquals(format, r.format(), "the shadow export's format is recognised");
        assertEquals(Verification.Deployed.NGINX, r.deployed());
        assertEquals(6, r.compared());
        assertEquals(1, r.noDecision(), "a request no limit decided is left out");
        assertFalse(r.agrees(), r.text());
        assertEquals(1, r.predictedOnly(), "the last was admitted though nginx's model rejects it: " + r.text());
        assertEquals(0, r.observedOnly(), r.text());
        assertEquals(7, r.firstDifferences().get(0).line(), r.text());
        assertEquals(2, r.keys().size());
    }

    @Test
    void theHaproxyShadowLogIsReadPastNoticesAndSyslogPrefixes(@TempDir Path dir) throws Exception {
        // HAProxy: http_req_rate(1s) gt 2 for a token bucket 2/s burst 2
        LimiterSpec tb = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("2/s"), 2L);
        Path log = dir.resolve("haproxy.log");
        Files.writeString(log, String.join("\n",
                "[NOTICE]   (1234) : haproxy version is 2.6.12",
                "<134>Dec  6 01:00:00 host haproxy[1]: ratelab-shadow 1732400000000 10.0.0.1 200 - \"GET /a HTTP/1.1\""
                        + " 10.0.0.1",
                "ratelab-shadow 1732400000100 10.0.0.1 200 - \"GET /a?x=1 HTTP/1.1\" 10.0.0.1",
                "ratelab-shadow 1732400000200 10.0.0.1 200 would-reject \"GET /a HTTP/1.1\" 10.0.0.1",
                "ratelab-shadow 1732400000300 10.0.0.2 200 - \"GET /b HTTP/1.1\" 10.0.0.2") + "\n");
        VerificationReport r = Verification.verify(tb, KeyRule.IP, log, Verification.Options.DEFAULT);
        assertEquals("haproxy", r.format());
        assertEquals(Verification.Deployed.HAPROXY, r.deployed());
        assertEquals(4, r.compared());
        assertEquals(4, r.shadow());
        assertEquals(0, r.unreadable(), "notices are not requests, and not garbage either");
        assertTrue(r.agrees(), r.text());
    }

    @Test
    void whatCannotBeVerifiedIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("plain.jsonl");
        Files.writeString(jsonl, "{\"ts\":1732400000,\"key\":\"a\"}\n");
        LimiterSpec tb = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("1/s"), 1L);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Verification.verify(tb, KeyRule.IP, jsonl, Verification.Options.DEFAULT));
        assertTrue(none.getMessage().contains("records no limiter decisions"), none.getMessage());
        LimiterSpec conc = LimiterSpec.builder(Algorithm.CONCURRENCY).concurrency(4).build();
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> Verification.verify(conc, KeyRule.IP, jsonl, Verification.Options.DEFAULT));
        assertTrue(c.getMessage().contains("in flight"), c.getMessage());
        Path combined = dir.resolve("access.log");
        Files.writeString(combined, "10.0.0.1 - - [19/Nov/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\""
                + " \"curl\"\n");
        TraceException t = assertThrows(TraceException.class,
                () -> Verification.verify(tb, KeyRule.IP, combined, Verification.Options.DEFAULT));
        assertTrue(t.getMessage().contains("$limit_req_status"), t.getMessage());
    }
}
