package io.ratelab.proxy.demo;

import io.ratelab.metrics.LatencySummary;
import io.ratelab.metrics.RunMetrics;
import io.ratelab.proxy.HostPort;
import io.ratelab.proxy.HttpListeners;
import io.ratelab.scenario.ServiceTimeSampler;
import io.ratelab.scenario.ServiceTimeSpec;
import io.ratelab.scenario.UpstreamSpec;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The demo upstream, so everything works out of the box — and the live twin of the simulator's upstream: the same
 * model ({@link UpstreamSpec}), the same sampler ({@link ServiceTimeSampler}) seeded the same way.
 * {@code concurrency} servers; a request that finds them all busy waits in a FIFO queue; with a {@code queueLimit}, one
 * that finds that many already waiting is answered 503 at once and never served. A served request is answered after
 * its service time: {@code 200 ok}, or {@code 500} for the {@code errorRate} fraction. Per accepted request one service
 * time and then (with an error rate) one uniform are drawn, in arrival order, as the simulator draws them.
 *
 * <p>Service time is waited with {@code executeAfter} on the IO thread, so no thread sleeps and thousands of requests
 * can be in service at once; its timer has millisecond resolution, so the demo upstream reports what it actually
 * served ({@link #stats()}): the drawn service time, the service time as served (start to answer) and the wait in the
 * queue, each as a histogram, so that a difference from the simulator can be traced to its cause.
 *
 * <p>Thread-safety: IO threads call in concurrently; the queue, the server count and the draws are guarded by one
 * lock (held for a few field updates, never across I/O); the histograms are HdrHistogram {@link Recorder}s.
 */
public final class DemoUpstream implements AutoCloseable {

    /**
     * What the demo upstream does.
     *
     * @param listen      where it listens
     * @param serviceTime service time distribution
     * @param errorRate   fraction of served requests answered 500, 0-1
     * @param concurrency requests served at once; 0 = unbounded (no queue)
     * @param queueLimit  requests that may wait for a server, beyond which 503 at once; -1 = unbounded
     * @param seed        seed of the random draws
     * @param ioThreads   IO threads
     */
    public record Spec(HostPort listen, ServiceTimeSpec serviceTime, double errorRate, int concurrency,
                       int queueLimit, long seed, int ioThreads) {
        public Spec {
            if (listen == null || serviceTime == null) {
                throw new IllegalArgumentException("listen and service time are required");
            }
            if (!(errorRate >= 0 && errorRate <= 1)) {
                throw new IllegalArgumentException("error rate must be between 0 and 1, got " + errorRate);
            }
            if (concurrency < 0) {
                throw new IllegalArgumentException("concurrency must be 0 (unbounded) or more, got " + concurrency);
            }
            if (queueLimit < -1) {
                throw new IllegalArgumentException("queue limit must be -1 (unbounded) or more, got " + queueLimit);
            }
            if (ioThreads < 1) {
                throw new IllegalArgumentException("ioThreads must be positive, got " + ioThreads);
            }
        }

        /**
         * The scenario's upstream on a free loopback port, one IO thread: the one translation {@code ratelab run}
         * and the workbench share. Without an upstream model: answered at once, no bound.
         */
        public static Spec of(UpstreamSpec upstream, long seed) {
            if (upstream == null) {
                return new Spec(HostPort.parse("127.0.0.1:0"), ServiceTimeSpec.constant(Duration.ZERO), 0, 0, -1,
                        seed, 1);
            }
            return new Spec(HostPort.parse("127.0.0.1:0"), upstream.serviceTime(), upstream.errorRateOrZero(),
                    upstream.concurrency(), upstream.queueLimitOrUnbounded(), seed, 1);
        }

        /**
         * {@code ratelab upstream}'s form: a mean-based latency and a capacity: {@code capacity} requests in service,
         * none waiting, 503 beyond (0 = unbounded).
         */
        public static Spec withCapacity(HostPort listen, DemoServiceTime latency, double errorRate, int capacity,
                                        long seed, int ioThreads) {
            return new Spec(listen, latency.serviceTime(), errorRate, capacity, capacity > 0 ? 0 : -1, seed,
                    ioThreads);
        }
    }

    /**
     * What the demo upstream did so far: requests served, failed (500) and refused (503); the service times drawn,
     * the service times as served (start of service to the answer; the timer's millisecond shows here) and the waits
     * in the queue, in nanoseconds.
     */
    public record Stats(long served, long errors, long refused, LatencySummary drawn, LatencySummary serviceTime,
                        LatencySummary queueWait) {
    }

    /** A latency recorder many threads write, and its cumulative total, which {@link #summary} brings up to date. */
    private static final class Tally {
        private final Recorder recorder = new Recorder(RunMetrics.LOWEST_NANOS, RunMetrics.HIGHEST_NANOS,
                RunMetrics.DIGITS);
        private final Histogram total = new Histogram(RunMetrics.LOWEST_NANOS, RunMetrics.HIGHEST_NANOS,
                RunMetrics.DIGITS);

        void record(long nanos) {
            recorder.recordValue(Math.min(Math.max(nanos, 0), RunMetrics.HIGHEST_NANOS));
        }

        synchronized LatencySummary summary() {
            total.add(recorder.getIntervalHistogram());
            return LatencySummary.of(total);
        }
    }

    private static final ByteBuffer OK = direct("ok\n");
    private static final ByteBuffer ERROR = direct("demo upstream: injected error\n");

    private final Spec spec;
    private final HttpListeners listeners;
    private final HostPort address;
    private final Object lock = new Object();
    private final SplittableRandom random;
    private final ServiceTimeSampler sampler;
    private final ArrayDeque<Ticket> queue = new ArrayDeque<>();
    private int busy;
    private final LongAdder served = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final Tally drawn = new Tally();
    private final Tally serviceTimes = new Tally();
    private final Tally queueWaits = new Tally();

    /** One request's passage: written under the lock or before its task is handed on, read by its answer. */
    private static final class Ticket {
        final HttpServerExchange exchange;
        final long arrivalNanos = System.nanoTime();
        Runnable answer;
        long serviceNanos;
        long startNanos;
        boolean fail;
        boolean refused;

        Ticket(HttpServerExchange exchange) {
            this.exchange = exchange;
        }
    }

    private DemoUpstream(Spec spec) throws IOException {
        this.spec = spec;
        this.random = ServiceTimeSampler.randomFor(spec.seed());
        this.sampler = new ServiceTimeSampler(spec.serviceTime(), random);
        this.listeners = new HttpListeners(spec.ioThreads(), true);
        try {
            InetSocketAddress bound = listeners.listen(spec.listen(), this::handle);
            this.address = spec.listen().withPort(bound.getPort());
        } catch (IOException | RuntimeException e) {
            listeners.close();
            throw e;
        }
    }

    public static DemoUpstream start(Spec spec) throws IOException {
        return new DemoUpstream(spec);
    }

    public HostPort listenAddress() {
        return address;
    }

    /** Requests in service now (not those waiting). */
    public int inService() {
        synchronized (lock) {
            return busy;
        }
    }

    /** Requests waiting for a server now. */
    public int waiting() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** What it served since it started. Any thread. */
    public Stats stats() {
        return new Stats(served.sum(), errors.sum(), refused.sum(), drawn.summary(), serviceTimes.summary(),
                queueWaits.summary());
    }

    private void handle(HttpServerExchange exchange) {
        Ticket t = new Ticket(exchange);
        // the arrival is decided once the handler has returned and the exchange is dispatched (kept open)
        exchange.dispatch(task -> {
            t.answer = task;
            arrive(t);
        }, ex -> respond(t));
    }

    private void arrive(Ticket t) {
        boolean startNow;
        synchronized (lock) {
            startNow = spec.concurrency() == 0 || busy < spec.concurrency();
            if (!startNow && spec.queueLimit() >= 0 && queue.size() >= spec.queueLimit()) {
                t.refused = true;
            } else {
                t.serviceNanos = sampler.next();
                t.fail = spec.errorRate() > 0 && random.nextDouble() < spec.errorRate();
                if (startNow) {
                    busy++;
                } else {
                    queue.addLast(t);
                }
            }
        }
        if (t.refused) {
            refused.increment();
            t.answer.run();
        } else if (startNow) {
            begin(t);
        }
    }

    /** Starts serving {@code t}: its server is taken. Any thread. */
    private void begin(Ticket t) {
        t.startNanos = System.nanoTime();
        queueWaits.record(t.startNanos - t.arrivalNanos);
        drawn.record(t.serviceNanos);
        if (t.serviceNanos <= 0) {
            t.exchange.getIoThread().execute(t.answer);
        } else {
            t.exchange.getIoThread().executeAfter(t.answer, t.serviceNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void respond(Ticket t) {
        HttpServerExchange exchange = t.exchange;
        if (t.refused) {
            exchange.setStatusCode(503);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getResponseSender().send("demo upstream at capacity (" + spec.concurrency() + " in service, "
                    + spec.queueLimit() + " waiting)\n");
            return;
        }
        serviceTimes.record(System.nanoTime() - t.startNanos);
        served.increment();
        Ticket next;
        synchronized (lock) {
            next = queue.pollFirst();
            if (next == null) {
                busy--;
            }
        }
        if (next != null) {
            begin(next);
        }
        if (t.fail) {
            errors.increment();
        }
        ByteBuffer body = (t.fail ? ERROR : OK).duplicate();
        exchange.setStatusCode(t.fail ? 500 : 200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.remaining());
        exchange.getResponseSender().send(body);
    }

    /** One line for the log: what listens where and how it behaves. */
    public String describe() {
        ServiceTimeSpec s = spec.serviceTime();
        return "ratelab demo upstream listening on http://" + address + " | service time " + describe(s)
                + " | errors " + spec.errorRate() + " | concurrency "
                + (spec.concurrency() == 0 ? "unbounded" : spec.concurrency() + ", queue "
                + (spec.queueLimit() < 0 ? "unbounded" : "at most " + spec.queueLimit()));
    }

    private static String describe(ServiceTimeSpec s) {
        return switch (s.distribution()) {
            case CONSTANT -> "constant " + ms(s.median());
            case EXPONENTIAL -> "exponential, median " + ms(s.median());
            case LOGNORMAL -> "lognormal, median " + ms(s.median()) + ", p99 " + ms(s.p99());
            case UNIFORM -> "uniform " + ms(s.min()) + " to " + ms(s.max());
        };
    }

    private static String ms(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.3gms", d.toNanos() / 1e6);
    }

    @Override
    public void close() {
        listeners.close();
    }

    private static ByteBuffer direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(b.length).put(b).flip().asReadOnlyBuffer();
    }
}
