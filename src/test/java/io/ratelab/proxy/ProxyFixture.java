package io.ratelab.proxy;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.proxy.demo.DemoServiceTime;
import io.ratelab.scenario.KeyRule;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Test helpers: configs on loopback with free ports, a manual clock, and a plain HTTP client. */
public final class ProxyFixture {

    public static final HostPort ANY_PORT = HostPort.parse("127.0.0.1:0");

    private ProxyFixture() {
    }

    public static LimiterSpec tokenBucket(String rate, long burst) {
        return LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse(rate), burst);
    }

    public static ProxyConfig config(URI upstream, KeyRule key, LimiterSpec limiter) {
        return config(upstream, key, limiter, List.of(), false, ProxyConfig.Timeouts.DEFAULT, null);
    }

    public static ProxyConfig config(URI upstream, KeyRule key, LimiterSpec limiter, List<String> trusted, boolean legacy,
                              ProxyConfig.Timeouts timeouts, String record) {
        return ProxyConfig.builder().listen(ANY_PORT).admin(ANY_PORT).upstream(upstream).key(key).trustedProxies(trusted)
                .limiter(limiter).legacyHeaders(legacy).record(record).timeouts(timeouts).ioThreads(2).build();
    }

    public static DemoUpstream demo() throws IOException {
        return demo(Duration.ZERO, 0);
    }

    public static DemoUpstream demo(Duration latency, int capacity) throws IOException {
        return DemoUpstream.start(DemoUpstream.Spec.withCapacity(ANY_PORT,
                new DemoServiceTime(DemoServiceTime.Kind.CONSTANT, latency), 0, capacity, 1, 1));
    }

    public static URI url(HostPort at) {
        return URI.create("http://" + at);
    }

    public static URI url(HostPort at, String path) {
        return URI.create("http://" + at + path);
    }

    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public static HttpResponse<String> get(HttpClient client, URI uri, String... headers) throws IOException,
            InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends {@code n} GET /x one after another and returns their statuses; asserts each was answered within
     * {@code boundNanos} ({@code Long.MAX_VALUE}: only the client's own 20 s bound).
     */
    static List<Integer> statuses(HttpClient client, LimitingProxy proxy, int n, long boundNanos) throws IOException,
            InterruptedException {
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = get(client, url(proxy.listenAddress(), "/x"));
            long took = System.nanoTime() - start;
            if (took >= boundNanos) {
                throw new AssertionError("request waited " + took / 1_000_000 + " ms");
            }
            out.add(r.statusCode());
        }
        return out;
    }

    /**
     * The totals once every received request has completed: a client can read its response a moment before the
     * proxy's completion listener counts it, so counts are compared only after in-flight reaches zero (a condition
     * polled with yields, bounded at 10 s, not a sleep standing in for it).
     */
    public static ProxyMetrics.Totals settled(LimitingProxy proxy) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        ProxyMetrics.Totals t = proxy.metrics().totals();
        while (t.inFlight() != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("requests still in flight after 10 s: " + t);
            }
            Thread.yield();
            t = proxy.metrics().totals();
        }
        return t;
    }

    /** A clock the test moves by hand. */
    public static final class ManualClock {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        long now() {
            return nanos.get();
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }
    }
}
