package io.ratelab.proxy;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.scenario.KeyRule;
import io.ratelab.testing.Needs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import static io.ratelab.proxy.ProxyFixture.ANY_PORT;
import static io.ratelab.proxy.ProxyFixture.url;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two and four proxies sharing one limit through the Redis on 127.0.0.1:6379 admit that limit, not N times it:
 * a token bucket of 400 that refills one token per hour, 1200 concurrent requests spread round-robin, exactly 400
 * admitted (the issue allows ±1%; the setup is deterministic, so the test asks for the exact count).
 */
class SharedLimitProxyTest {

    static final int BURST = 400;

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void replicasShareOneLimit(int replicas) throws Exception {
        Needs.redisOn6379();
        LimiterSpec spec = LimiterSpec.of(Algorithm.TOKEN_BUCKET, new Rate(1, Duration.ofHours(1)), (long) BURST)
                .withName("shared-" + Long.toHexString(System.nanoTime()));
        List<LimitingProxy> proxies = new ArrayList<>();
        try (DemoUpstream upstream = ProxyFixture.demo()) {
            for (int i = 0; i < replicas; i++) {
                proxies.add(LimitingProxy.start(sharedConfig(url(upstream.listenAddress()), spec, replicas,
                        "redis://127.0.0.1:6379", "closed", Duration.ofSeconds(1))));
            }
            int admitted = fire(proxies, 3 * BURST, 64);
            assertEquals(BURST, admitted, "admitted by " + replicas + " proxies sharing a limit of " + BURST);
            long total = proxies.stream().mapToLong(p -> ProxyFixture.settled(p).admitted()).sum();
            assertEquals(BURST, total, "the proxies' own counts agree");
        } finally {
            proxies.forEach(LimitingProxy::close);
        }
    }

    static ProxyConfig sharedConfig(java.net.URI upstream, LimiterSpec spec, int replicas, String store,
                                    String failure, Duration timeout) {
        return ProxyConfig.builder().listen(ANY_PORT).admin(ANY_PORT).upstream(upstream).key(KeyRule.GLOBAL)
                .trustedProxies(List.of()).limiter(spec).timeouts(ProxyConfig.Timeouts.DEFAULT).ioThreads(2)
                .store(store).storeFailure(failure).replicas(replicas).storeTimeout(timeout).build();
    }

    /** Sends {@code count} GETs round-robin over the proxies, at most {@code concurrency} at once; returns the 200s. */
    static int fire(List<LimitingProxy> proxies, int count, int concurrency) throws InterruptedException {
        HttpClient client = ProxyFixture.client();
        Semaphore window = new Semaphore(concurrency);
        List<CompletableFuture<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            window.acquire();
            HttpRequest req = HttpRequest.newBuilder(url(proxies.get(i % proxies.size()).listenAddress(), "/r"))
                    .timeout(Duration.ofSeconds(20)).GET().build();
            statuses.add(client.sendAsync(req, HttpResponse.BodyHandlers.discarding())
                    .thenApply(HttpResponse::statusCode).whenComplete((s, e) -> window.release()));
        }
        int ok = 0;
        for (CompletableFuture<Integer> s : statuses) {
            int status = s.join();
            if (status == 200) {
                ok++;
            } else if (status != 429) {
                throw new AssertionError("unexpected status " + status);
            }
        }
        return ok;
    }

    static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
