package io.ratelab.load;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Non-blocking HTTP/1.1 for the load generator: Undertow's client on an XNIO worker with a few IO threads, bounded
 * keep-alive connection pools, and no thread per request.
 *
 * <p>A client (group, client) always goes through the same IO thread, so one client's requests share its pool
 * (and, for source-address identities, its bound address). The connection budget is split evenly over the pools:
 * {@code max(1, maxConnections / pools)} each, where pools = IO threads for header or anonymous identities and the
 * number of distinct source addresses otherwise.
 *
 * <p>Besides, the engine holds at most {@code maxOpenConnections} connections open (or opening) at once, over all its
 * pools ({@link ConnectionBound}: what the file limit allows). A pool that must open a connection when the engine is
 * at its bound closes the least recently used idle connection of any pool first; if none is idle, its attempts wait
 * (and leave late) until a connection frees up. So 100 000 clients that each send a few requests a minute cost the
 * bound in connections, not one each. The bound is split evenly over the IO threads (each evicts among its own
 * pools, on its own thread, without locks); clients spread evenly over them.
 *
 * <p>Why Undertow's client: it parses HTTP/1.1 fully (chunked, keep-alive, {@code Connection: close}), binds a local
 * address per connection (needed for per-IP identities, which {@code java.net.http.HttpClient} cannot), runs on the
 * XNIO threads the proxy already uses, and is in the project already; Netty here has no HTTP codec on the classpath.
 *
 * <p>Thread-safety: {@link #submit} may be called from any thread and never blocks; listener callbacks run on IO
 * threads.
 */
public final class HttpEngine implements AutoCloseable {

    private final XnioWorker worker;
    private final Lane[] lanes;
    private final LongSupplier clock;
    private final int targets;
    private final AtomicInteger nextTarget = new AtomicInteger();
    private final int maxOpenConnections;
    private final IdleCloser closer;

    /**
     * @param target         where requests go
     * @param routes         the request line of each traffic group (by group index)
     * @param identities     the distinct client identities (for sizing the pools)
     * @param ioThreads      IO threads (1 or 2 on a small machine)
     * @param maxConnections total connection budget, split over the pools
     * @param maxWaiting     per pool, how many attempts may wait for a connection before new ones are dropped
     * @param listener       told about every attempt, on IO threads
     * @param clock          nanosecond clock for send and end times ({@code System::nanoTime} live)
     */
    public HttpEngine(HttpTarget target, List<Route> routes, List<ClientIdentity> identities, int ioThreads,
                      int maxConnections, int maxWaiting, AttemptListener listener, LongSupplier clock)
            throws IOException {
        this(List.of(target), routes, identities, ioThreads, maxConnections,
                Math.max(ioThreads, ConnectionBound.forRemoteTarget().connections()), maxWaiting, listener, clock);
    }

    /**
     * An engine that spreads attempts round-robin over several targets (replicas of one service behind a
     * round-robin balancer): attempt k, first attempts and retries alike, goes to {@code targets[k mod n]}. The
     * connection budget is split over the targets too.
     *
     * @param maxOpenConnections the most connections open (or opening) at once over all pools and targets; at least
     *                           {@code ioThreads}
     */
    public HttpEngine(List<HttpTarget> targets, List<Route> routes, List<ClientIdentity> identities, int ioThreads,
                      int maxConnections, int maxOpenConnections, int maxWaiting, AttemptListener listener,
                      LongSupplier clock) throws IOException {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("at least one target is required");
        }
        if (ioThreads <= 0 || maxConnections <= 0 || maxWaiting <= 0) {
            throw new IllegalArgumentException("ioThreads, maxConnections and maxWaiting must be positive, got "
                    + ioThreads + ", " + maxConnections + ", " + maxWaiting);
        }
        if (maxOpenConnections < ioThreads) {
            throw new IllegalArgumentException("the bound on open connections (" + maxOpenConnections
                    + ") must be at least the number of IO threads (" + ioThreads + ")");
        }
        this.maxOpenConnections = maxOpenConnections;
        this.clock = clock;
        this.worker = Xnio.getInstance(HttpEngine.class.getClassLoader()).createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.WORKER_TASK_CORE_THREADS, 1)
                .set(Options.WORKER_TASK_MAX_THREADS, 1)
                .set(Options.WORKER_NAME, "ratelab-load")
                .getMap());
        this.targets = targets.size();
        this.closer = new IdleCloser(worker);
        Context context = new Context(new DefaultByteBufferPool(true, 16_384),
                OptionMap.create(Options.TCP_NODELAY, true), listener, clock, maxWaiting,
                routes.toArray(Route[]::new), closer);
        Set<InetAddress> sources = new HashSet<>();
        for (ClientIdentity id : identities) {
            sources.add(id.sourceAddress());
        }
        int pools = sources.contains(null) ? Math.max(ioThreads, sources.size()) : sources.size();
        int perPool = Math.max(1, maxConnections / Math.max(1, pools * targets.size()));
        this.lanes = new Lane[ioThreads];
        HttpTarget[] all = targets.toArray(HttpTarget[]::new);
        for (int i = 0; i < ioThreads; i++) {
            int share = maxOpenConnections / ioThreads + (i < maxOpenConnections % ioThreads ? 1 : 0);
            lanes[i] = new Lane(context, all, worker.getIoThread(i), perPool, share);
        }
    }

    /** Hands an attempt to its client's IO thread. Never blocks; any thread. */
    public void submit(Attempt attempt) {
        if (targets > 1) {
            attempt.target = Math.floorMod(nextTarget.getAndIncrement(), targets);
        }
        lanes[Math.floorMod(attempt.laneHash(), lanes.length)].submit(attempt);
    }

    /**
     * Opens connections before the run, so that its first requests do not wait for TCP handshakes: one connection in
     * the pool that each of {@code firstAttempts} would use (the first attempts of the schedule, or one per user),
     * as far as the pools' limits allow. Only connects — never sends a request, because against a rate limiter a
     * priming request would take tokens. Waits at most {@code timeoutNanos}; connections still opening then carry on
     * in the background. A failed connect is not reported (the run's own attempts will meet the same failure).
     * Attempt k goes to target k mod n, as {@link #submit} sends the first n attempts. Call before the first
     * {@link #submit}, from the driving thread.
     *
     * @return how many connections opened within the timeout
     */
    public int preconnect(List<Attempt> firstAttempts, long timeoutNanos) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(firstAttempts.size());
        AtomicInteger opened = new AtomicInteger();
        Consumer<Boolean> report = ok -> {
            if (ok) {
                opened.incrementAndGet();
            }
            ended.countDown();
        };
        List<List<Attempt>> byLane = new ArrayList<>();
        for (int i = 0; i < lanes.length; i++) {
            byLane.add(new ArrayList<>());
        }
        for (int k = 0; k < firstAttempts.size(); k++) {
            Attempt a = firstAttempts.get(k);
            a.target = k % targets;
            byLane.get(Math.floorMod(a.laneHash(), lanes.length)).add(a);
        }
        for (int i = 0; i < lanes.length; i++) {
            if (!byLane.get(i).isEmpty()) {
                lanes[i].preconnect(byLane.get(i), report);
            }
        }
        ended.await(timeoutNanos, TimeUnit.NANOSECONDS);
        return opened.get();
    }

    /** Runs {@code task} on the IO thread of {@code attempt}'s client after {@code delayNanos} (think time). */
    public void schedule(Attempt attempt, long delayNanos, Runnable task) {
        lanes[Math.floorMod(attempt.laneHash(), lanes.length)].thread()
                .executeAfter(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** What the connections did so far: opened, idle ones closed for the bound, the most open at once. */
    public ConnectionStats connectionStats() {
        long opened = 0;
        long closedIdle = 0;
        int peak = 0;
        for (Lane lane : lanes) {
            opened += lane.slots().opened();
            closedIdle += lane.slots().closedIdle();
            peak += lane.slots().peakOpen();
        }
        return new ConnectionStats(maxOpenConnections, opened, closedIdle, peak);
    }

    /** The engine's clock. */
    public LongSupplier clock() {
        return clock;
    }

    /** Closes every connection and stops the IO threads, waiting up to 5 seconds. Idempotent. */
    @Override
    public void close() {
        if (worker.isShutdown()) {
            return;
        }
        // XNIO stops its threads only once every channel is closed, so close the pools' connections first
        CountDownLatch closed = new CountDownLatch(lanes.length);
        for (Lane lane : lanes) {
            lane.closeAll(closed);
        }
        try {
            closed.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closer.run();
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new UncheckedIOException(new IOException("load IO threads did not stop within 5 s"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Context(ByteBufferPool buffers, OptionMap connectOptions,
                           AttemptListener listener, LongSupplier clock, int maxWaiting, Route[] routes,
                           IdleCloser closer)
            implements ConnectionPool.EngineContext {
    }
}
