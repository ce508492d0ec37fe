package io.ratelab.proxy;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves the demo upstream's capacity bound, error rate and latency distributions. */
class DemoUpstreamTest {

    @Test
    void beyondCapacityIs503AtOnce() throws Exception {
        try (DemoUpstream up = DemoUpstream.start(new DemoUpstream.Spec(ANY_PORT,
                new LatencyDistribution(LatencyDistribution.Kind.CONSTANT, Duration.ofSeconds(30)), 0, 2, 1, 1))) {
            HttpClient client = client();
            CompletableFuture<?> a = client.sendAsync(HttpRequest.newBuilder(url(up.listenAddress())).build(),
                    HttpResponse.BodyHandlers.discarding());
            CompletableFuture<?> b = client.sendAsync(HttpRequest.newBuilder(url(up.listenAddress())).build(),
                    HttpResponse.BodyHandlers.discarding());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (up.inService() < 2 && System.nanoTime() < deadline) {
                Thread.yield();
            }
            assertEquals(2, up.inService(), "two requests in service");
            HttpResponse<String> third = get(client, url(up.listenAddress()));
            assertEquals(503, third.statusCode());
            assertTrue(third.body().contains("capacity"), third.body());
            a.cancel(true);
            b.cancel(true);
        }
    }

    @Test
    void errorRateOneFailsEveryRequest() throws Exception {
        try (DemoUpstream up = DemoUpstream.start(new DemoUpstream.Spec(ANY_PORT,
                new LatencyDistribution(LatencyDistribution.Kind.CONSTANT, Duration.ofMillis(1)), 1.0, 0, 1, 1))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(500, get(client(), url(up.listenAddress())).statusCode());
            }
        }
    }

    @Test
    void distributionsHaveTheirMean() {
        Duration mean = Duration.ofMillis(20);
        for (LatencyDistribution.Kind k : LatencyDistribution.Kind.values()) {
            LatencyDistribution d = new LatencyDistribution(k, mean);
            Random r = new Random(42);
            int n = 200_000;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += d.sampleNanos(r);
            }
            double observed = sum / n / 1e6;
            assertEquals(20.0, observed, 20.0 * 0.02, k + " mean within 2% over " + n + " draws (seed 42)");
        }
    }
}
