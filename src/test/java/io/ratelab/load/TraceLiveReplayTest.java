package io.ratelab.load;

import io.ratelab.traffic.ArrivalStream;
import io.ratelab.traffic.RetryPolicy;
import io.ratelab.traffic.TrafficGroup;
import io.ratelab.traffic.TrafficPlan;
import io.ratelab.traffic.trace.TraceOptions;
import io.ratelab.traffic.trace.TraceReplay;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A trace replayed live against a loopback server that timestamps each arrival: the arrivals' offsets from the first
 * one match the recorded offsets ÷ speed within a few milliseconds, at speed 1 and 10, and each client keeps its
 * identity (its key header, or its own 127.0.0.x source address).
 */
class TraceLiveReplayTest {

    private static final long MS = 1_000_000L;
    private static final int REQUESTS = 80;
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    private Undertow server;
    private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> byKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> byAddress = new ConcurrentHashMap<>();
    /** {@code client METHOD /path?query} of every request the server received (client: key header or address). */
    private final ConcurrentLinkedQueue<String> requestLines = new ConcurrentLinkedQueue<>();
    private volatile CountDownLatch latch = new CountDownLatch(0);
    private String url;
    private long[] recordedNanos;
    private Map<String, Long> recordedPerClient;

    @BeforeEach
    void start() throws Exception {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(2).setHandler(this::handle).build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        url = "http://127.0.0.1:" + port + "/replay";
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private void handle(HttpServerExchange exchange) {
        arrivals.add(System.nanoTime());
        String key = exchange.getRequestHeaders().getFirst(new HttpString("X-Client"));
        byKey.computeIfAbsent(String.valueOf(key), k -> new AtomicLong()).incrementAndGet();
        byAddress.computeIfAbsent(exchange.getSourceAddress().getAddress().getHostAddress(), k -> new AtomicLong())
                .incrementAndGet();
        String query = exchange.getQueryString();
        String target = exchange.getRequestURI() + (query.isEmpty() ? "" : "?" + query);
        String client = key != null ? key : exchange.getSourceAddress().getAddress().getHostAddress();
        requestLines.add(client + " " + exchange.getRequestMethod() + " " + target);
        exchange.getResponseSender().send("ok");
        latch.countDown();
    }

    /** 80 requests over about 1.6 s from 4 clients, millisecond stamps, seeded gaps of 5 to 35 ms. */
    private Path writeTrace() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        List<String> lines = new ArrayList<>(List.of("timestamp,key,method,path"));
        recordedNanos = new long[REQUESTS];
        recordedPerClient = new TreeMap<>();
        long ms = 1_732_010_400_000L;
        for (int i = 0; i < REQUESTS; i++) {
            String client = "user-" + random.nextInt(CLIENTS);
            lines.add(ms + "," + client + ",GET,/items");
            recordedNanos[i] = (ms - 1_732_010_400_000L) * MS;
            recordedPerClient.merge(client, 1L, Long::sum);
            ms += 5 + random.nextInt(31);
        }
        Path f = dir.resolve("live.csv");
        Files.write(f, lines);
        return f;
    }

    private long lastMaxLagNanos;

    private long[] replay(Path trace, double speed, ClientKeys keys) throws Exception {
        TraceReplay replay = TraceReplay.of(trace, TraceOptions.defaults(), speed, false);
        TrafficPlan plan = new TrafficPlan(List.of(new TrafficGroup("recorded", replay.clients(), 0, "GET /",
                RetryPolicy.none(), replay)), replay.lengthNanos() + 20 * MS, 1);
        arrivals.clear();
        requestLines.clear();
        byKey.clear();
        byAddress.clear();
        latch = new CountDownLatch(REQUESTS);
        LoadResult r = new OpenLoopGenerator(HttpTarget.parse(url), plan, keys,
                LoadOptions.defaults().withConnections(16)).run();
        lastMaxLagNanos = r.maxLagNanos();
        assertTrue(latch.await(10, TimeUnit.SECONDS), "the server saw every request");
        assertEquals(REQUESTS, r.scheduled());
        long[] times = arrivals.stream().mapToLong(Long::longValue).sorted().toArray();
        assertEquals(REQUESTS, times.length);
        return times;
    }

    /**
     * |arrival offset − recorded offset ÷ speed| of each request in ms, sorted. Offsets are taken from the replay's
     * start as the server sees it: the median of (arrival − recorded offset ÷ speed), so that one late first request
     * (a connection being opened) shifts nothing — a constant shift is not a timing error, a spread is.
     */
    private double[] errorsMs(long[] arrived, double speed) {
        double[] signed = new double[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            signed[i] = (arrived[i] - arrived[0] - recordedNanos[i] / speed) / 1e6;
        }
        double[] sorted = signed.clone();
        Arrays.sort(sorted);
        double shift = sorted[REQUESTS / 2];
        double[] e = new double[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            e[i] = Math.abs(signed[i] - shift);
        }
        Arrays.sort(e);
        return e;
    }

    /**
     * The schedule exactly, then the wall clock with a tolerance the generator itself reports.
     *
     * <p>First, without any clock: the plan's intended send times are the recorded offsets divided by the speed, to
     * the nanosecond. Then, live: every arrival at the server lies within {@code maxLag + 20 ms} of its recorded
     * offset ÷ speed (after removing a constant shift), and the replay's span matches the recorded one within the
     * same bound, where {@code maxLag} is the largest lateness of a send behind its intended time that the generator
     * reported for that replay, and 20 ms allows for delivery to the server, which the generator cannot see. On a quiet
     * machine maxLag is about a millisecond, so the bound is about 21 ms (ignoring the speed or misplacing requests is
     * off by hundreds of ms). On the shared 2-core build machine a stall of the scheduler shows up as reported lag and
     * widens the bound by exactly that much, never more. A replay that misses (a stall of the server thread, which no
     * one reports) or whose reported lag exceeds 200 ms (it proves nothing) is repeated, up to five replays; a replay
     * that is wrong (bad offsets, speed not applied, clients mixed up) fails all five.
     */
    private void assertReplayTiming(Path trace, double speed) throws Exception {
        assertScheduleIsTheRecordingAtSpeed(trace, speed);
        List<String> attempts = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            long[] arrived = replay(trace, speed, ClientKeys.header("X-Client"));
            double[] errors = errorsMs(arrived, speed);
            double median = errors[REQUESTS / 2];
            double max = errors[REQUESTS - 1];
            double spanMs = (arrived[REQUESTS - 1] - arrived[0]) / 1e6;
            double recordedSpanMs = recordedNanos[REQUESTS - 1] / speed / 1e6;
            double lagMs = lastMaxLagNanos / 1e6;
            double boundMs = lagMs + 20;
            attempts.add(String.format("median %.2f ms, max %.2f ms, span %.1f ms (recorded %.1f), reported lag"
                    + " %.2f ms", median, max, spanMs, recordedSpanMs, lagMs));
            assertEquals(CLIENTS, byKey.size(), "one key per recorded client: " + byKey);
            assertEquals(recordedPerClient.values().stream().sorted().toList(),
                    byKey.values().stream().map(AtomicLong::get).sorted().toList(), "requests per client kept");
            if (lagMs <= 200 && max <= boundMs && Math.abs(spanMs - recordedSpanMs) <= boundMs) {
                System.out.println("live replay at speed " + speed + ": " + attempts.get(attempt));
                return;
            }
        }
        throw new AssertionError("speed " + speed + ": no replay within its reported lag + 20 ms (or every one"
                + " lagged more than 200 ms): " + attempts);
    }

    /** The plan's intended first-attempt times are exactly the recorded offsets ÷ speed, client by client. */
    private void assertScheduleIsTheRecordingAtSpeed(Path trace, double speed) throws Exception {
        TraceReplay replay = TraceReplay.of(trace, TraceOptions.defaults(), speed, false);
        TrafficPlan plan = new TrafficPlan(List.of(new TrafficGroup("recorded", replay.clients(), 0, "GET /",
                RetryPolicy.none(), replay)), replay.lengthNanos() + 20 * MS, 1);
        ArrivalStream stream = plan.stream();
        List<Long> intended = new ArrayList<>();
        while (stream.advance()) {
            intended.add(stream.timeNanos());
        }
        List<Long> expected = new ArrayList<>();
        for (long t : recordedNanos) {
            expected.add((long) (t / speed));
        }
        assertEquals(expected, intended.stream().sorted().toList(), "intended send times at speed " + speed);
    }

    @Test
    void arrivalsFollowTheRecordedTimesAtSpeed1And10WithEachClientsKeyHeader() throws Exception {
        Path trace = writeTrace();
        replay(trace, 10, ClientKeys.header("X-Client"));   // warms up the JVM's HTTP path; not measured
        assertReplayTiming(trace, 1);
        assertReplayTiming(trace, 10);
    }

    /**
     * A trace of varied methods, paths and queries (and one unreadable request line) from 4 clients, as combined log
     * lines with millisecond-free stamps: what the server receives, per client, is exactly the recorded request lines
     * — not the group's route ({@code GET /}) — and the unreadable one falls back to the group's route.
     */
    private Path writeVariedTrace(Map<String, List<String>> expectedPerAddress) throws Exception {
        String[] targets = {"/items?page=2", "/items/17", "/search?q=rate+limit&sort=asc", "/login", "/a/b/c?x=%2F"};
        String[] methods = {"GET", "POST", "DELETE", "PUT"};
        SplittableRandom random = new SplittableRandom(11);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            int c = random.nextInt(CLIENTS);
            String ip = "10.1.0." + (c + 1);
            String line = i == 5 ? "-" : methods[random.nextInt(methods.length)] + " " + targets[random.nextInt(targets.length)];
            lines.add(ip + " - - [19/Nov/2024:10:00:" + String.format("%02d", i / 10) + " +0000] \"" + line
                    + " HTTP/1.1\" 200 12 \"-\" \"test\"");
            expectedPerAddress.computeIfAbsent(ip, k -> new ArrayList<>()).add(i == 5 ? "GET /replay" : line);
        }
        Path f = dir.resolve("varied.log");
        Files.write(f, lines);
        return f;
    }

    @Test
    void eachRequestSendsItsRecordedMethodPathAndQueryFromItsClient() throws Exception {
        Map<String, List<String>> expected = new TreeMap<>();
        Path trace = writeVariedTrace(expected);
        replay(trace, 50, ClientKeys.header("X-Client"));
        Map<String, List<String>> received = new TreeMap<>();
        for (String r : requestLines) {
            int sp = r.indexOf(' ');
            received.computeIfAbsent(r.substring(0, sp), k -> new ArrayList<>()).add(r.substring(sp + 1));
        }
        assertEquals(CLIENTS, received.size(), "one key per recorded client: " + received.keySet());
        List<List<String>> want = expected.values().stream().map(l -> l.stream().sorted().toList())
                .sorted(Comparator.comparing(Object::toString)).toList();
        List<List<String>> got = received.values().stream().map(l -> l.stream().sorted().toList())
                .sorted(Comparator.comparing(Object::toString)).toList();
        assertEquals(want, got, "each client's recorded request lines, query included");

        replay(trace, 50, ClientKeys.sourceAddress());
        Map<String, List<String>> byAddressLines = new TreeMap<>();
        for (String r : requestLines) {
            int sp = r.indexOf(' ');
            byAddressLines.computeIfAbsent(r.substring(0, sp), k -> new ArrayList<>()).add(r.substring(sp + 1));
        }
        assertTrue(byAddressLines.keySet().stream().allMatch(a -> a.startsWith("127.0.")), byAddressLines.keySet().toString());
        assertEquals(want, byAddressLines.values().stream().map(l -> l.stream().sorted().toList())
                .sorted(Comparator.comparing(Object::toString)).toList(), "the same lines from each own source address");
    }

    @Test
    void eachRecordedClientSendsFromItsOwnLoopbackAddress() throws Exception {
        Path trace = writeTrace();
        replay(trace, 10, ClientKeys.sourceAddress());
        assertEquals(CLIENTS, byAddress.size(), "one source address per recorded client: " + byAddress);
        assertTrue(byAddress.keySet().stream().allMatch(a -> a.startsWith("127.0.")), byAddress.toString());
        assertEquals(recordedPerClient.values().stream().sorted().toList(),
                byAddress.values().stream().map(AtomicLong::get).sorted().toList());
    }
}
