package io.ratelab.proxy;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves hot swap under concurrent load: 8 clients send 250 requests each while the clients themselves swap the
 * limiter (algorithm parameters, name and key rule) every 25 requests and try one bad configuration; afterwards every
 * request got exactly one answer, and received = admitted + rejected + errors holds exactly, with admitted equal to
 * the 200s and rejected to the 429s the clients saw.
 */
class HotSwapTest {

    private static final int CLIENTS = 8;
    private static final int PER_CLIENT = 250;
    private static final List<LimitSettings> ROTATION = List.of(
            LimitSettings.of(KeyRule.IP, tokenBucket("500/s", 20).withName("fast")),
            LimitSettings.of(KeyRule.GLOBAL, tokenBucket("50/s", 5).withName("slow")),
            LimitSettings.of(KeyRule.parse("header:X-Client"), tokenBucket("100/s", 3).withName("per-client")),
            LimitSettings.of(KeyRule.parse("route"), LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("1/s"), 1L)));

    private DemoUpstream upstream;
    private LimitingProxy proxy;

    @BeforeEach
    void start() throws Exception {
        upstream = demo();
        proxy = LimitingProxy.start(config(url(upstream.listenAddress()), KeyRule.IP, tokenBucket("200/s", 10)));
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    @Test
    void swappingWhileTrafficFlowsLosesAndDuplicatesNothing() throws Exception {
        HttpClient client = client();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        AtomicInteger swaps = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            String id = "client-" + c;
            clients.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < PER_CLIENT; i++) {
                    HttpResponse<String> r = get(client, url(proxy.listenAddress(), "/r" + (i % 3)), "X-Client", id);
                    switch (r.statusCode()) {
                        case 200 -> ok.incrementAndGet();
                        case 429 -> limited.incrementAndGet();
                        default -> throw new AssertionError("unexpected " + r.statusCode() + " " + r.body());
                    }
                    if (i % 25 == 24) {
                        proxy.apply(ROTATION.get(swaps.getAndIncrement() % ROTATION.size()));
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : clients) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThrows(RuntimeException.class, () -> proxy.apply(LimitSettings.of(KeyRule.IP,
                LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.parse("10/s"), 0L))), "burst 0 is refused");

        ProxyMetrics.Totals t = settled(proxy);
        int sent = CLIENTS * PER_CLIENT;
        assertEquals(sent, ok.get() + limited.get(), "every request got exactly one answer");
        assertEquals(sent, t.received());
        assertEquals(ok.get(), t.admitted());
        assertEquals(limited.get(), t.rejected());
        assertEquals(0, t.errors());
        assertEquals(t.received(), t.admitted() + t.rejected() + t.errors());
        assertEquals(1 + swaps.get(), t.configApplied());
        assertEquals(1, t.configRefused());
        assertTrue(ok.get() > 0 && limited.get() > 0, "both outcomes occurred: " + ok + " / " + limited);
    }
}
