package io.ratelab.proxy;

import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the graceful stop: once it begins, new connections are refused while a request already at the upstream
 * finishes with its real answer; and the {@code proxy} command does the same on a real SIGTERM and exits 0.
 */
class GracefulStopTest {

    @Test
    void stopAcceptingThenInFlightRequestsFinish() throws Exception {
        try (RawUpstream held = new RawUpstream(false, false)) {
            LimitingProxy proxy = LimitingProxy.start(config(url(held.address()), KeyRule.GLOBAL,
                    tokenBucket("100/s", 100)));
            HttpClient client = client();
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(url(proxy.listenAddress(), "/long")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(held.firstRequest.await(10, TimeUnit.SECONDS), "the request reached the upstream");

            proxy.stopAccepting();
            assertThrows(ConnectException.class,
                    () -> new Socket(InetAddress.getLoopbackAddress(), proxy.listenAddress().port()).close(),
                    "no new connections once stopping");
            held.answers.release();
            HttpResponse<String> r = inFlight.get(10, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals("slow\n", r.body());
            assertTrue(proxy.awaitInFlight(Duration.ofSeconds(10)), "nothing left in flight");
            proxy.close();
            assertEquals(1, proxy.metrics().totals().admitted());
        }
    }

    @Test
    void sigtermLetsTheInFlightRequestFinishAndExitsZero() throws Exception {
        try (RawUpstream held = new RawUpstream(false, false)) {
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            Process p = new ProcessBuilder(List.of(javaBin, "-cp", classpath, "io.ratelab.RateLab", "proxy",
                    "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0", "--upstream", "http://" + held.address(),
                    "--rate", "100/s", "--burst", "100", "--io-threads", "1"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8));
                String started = out.readLine();
                assertTrue(started != null && started.startsWith("ratelab proxy listening on http://127.0.0.1:"),
                        "start line: " + started);
                String port = started.replaceFirst("^ratelab proxy listening on http://127\\.0\\.0\\.1:(\\d+) .*$", "$1");
                CompletableFuture<HttpResponse<String>> inFlight = client().sendAsync(HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(held.firstRequest.await(20, TimeUnit.SECONDS), "the request reached the upstream");

                p.destroy(); // SIGTERM
                held.answers.release();
                HttpResponse<String> r = inFlight.get(20, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode());
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the process ended");
                assertEquals(0, p.exitValue());
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
