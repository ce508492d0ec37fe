package io.ratelab.proxy.demo;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.proxy.HostPort;
import io.ratelab.proxy.LimitSettings;
import io.ratelab.proxy.LimitingProxy;
import io.ratelab.proxy.ProxyConfig;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Warms the JIT before a proxy takes traffic. A JVM runs its first seconds interpreted and then compiles the hot
 * code: measured on the project's machine, a fresh proxy served about half its steady rate for its first 10 s. So
 * {@code ratelab proxy --warmup 10s} first runs a throw-away proxy with the same IO threads and key rule, in front of
 * an internal demo upstream on an ephemeral loopback port, and drives it from a few keep-alive connections: half the
 * time through a limiter that admits everything, half through one that rejects everything, so both paths compile.
 * Nothing leaves the machine and the real listener opens only afterwards (a Kubernetes readiness probe then sees a
 * warm proxy). Blocking; call it before {@link LimitingProxy#start}.
 */
public final class Warmup {

    private static final int CONNECTIONS = 8;
    private static final byte[] REQUEST = ("GET /warmup HTTP/1.1\r\nHost: warmup\r\nX-Api-Key: warmup\r\n"
            + "User-Agent: ratelab-warmup\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private Warmup() {
    }

    /**
     * Runs the warm-up for about {@code duration}.
     *
     * @return requests served during the warm-up
     * @throws IOException when the internal upstream or proxy cannot start
     */
    public static long run(ProxyConfig like, Duration duration) throws IOException, InterruptedException {
        HostPort loopback = HostPort.parse("127.0.0.1:0");
        try (DemoUpstream upstream = DemoUpstream.start(DemoUpstream.Spec.withCapacity(loopback,
                DemoServiceTime.INSTANT, 0, 0, 1, 1))) {
            ProxyConfig config = ProxyConfig.builder().listen(loopback).admin(loopback)
                    .upstream(java.net.URI.create("http://" + upstream.listenAddress())).key(like.key())
                    .limiter(spec(Rate.parse("1000000/s"), 1_000_000)).ioThreads(like.ioThreads()).build();
            LimitingProxy proxy = LimitingProxy.start(config);
            try {
                AtomicLong served = new AtomicLong();
                long half = duration.toNanos() / 2;
                drive(proxy.listenAddress().port(), half, served);
                proxy.apply(LimitSettings.of(like.key(), spec(Rate.parse("1/h"), 1)));
                drive(proxy.listenAddress().port(), half, served);
                return served.get();
            } finally {
                proxy.close();
            }
        }
    }

    private static LimiterSpec spec(Rate rate, long burst) {
        return LimiterSpec.builder(Algorithm.TOKEN_BUCKET).name("warmup").rate(rate).burst(burst).build();
    }

    /** Keeps {@link #CONNECTIONS} keep-alive connections busy for {@code nanos}. */
    private static void drive(int port, long nanos, AtomicLong served) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            Thread t = new Thread(() -> loop(port, end, served), "ratelab-warmup-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void loop(int port, long end, AtomicLong served) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            while (System.nanoTime() < end) {
                out.write(REQUEST);
                out.flush();
                if (!readResponse(in)) {
                    return;
                }
                served.incrementAndGet();
            }
        } catch (IOException e) {
            // a warm-up connection failing only shortens the warm-up
        }
    }

    /** Reads one response with a Content-Length body; false at end of stream. */
    private static boolean readResponse(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        long length = 0;
        boolean headEnded = false;
        while (!headEnded) {
            line.setLength(0);
            int c;
            while ((c = in.read()) != '\n') {
                if (c == -1) {
                    return false;
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            if (line.length() == 0) {
                headEnded = true;
            } else if (line.length() > 15 && line.substring(0, 15).equalsIgnoreCase("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        in.skipNBytes(length);
        return true;
    }
}
