package io.ratelab.load;

import io.ratelab.metrics.ClientRoster;
import io.ratelab.metrics.IntervalListener;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.RunMetrics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Closed-loop load: {@code users} virtual users, each with its own keep-alive connection, each sending its next
 * request as soon as the previous answer arrived plus an optional think time — maximum throughput, like
 * {@code wrk -c users}. There is no schedule, so a request's intended time is when its user issues it: corrected and
 * raw latency agree and nothing is late (the closed model hides queueing; use open loop to see it).
 *
 * <p>Each user's connection is opened before the clock starts (TCP only). An optional {@linkplain #warmUp warm-up}
 * starts the users that much earlier; they keep running into the measured window, and only requests issued inside
 * the window are counted.
 *
 * <p>Users live on the IO threads: the next request is dispatched from the completion callback (think time via the
 * IO thread's timer, millisecond resolution). Not reusable; {@link #metrics()} may be polled while it runs.
 */
public final class ClosedLoopGenerator {

    private final HttpTarget target;
    private final int users;
    private final long thinkNanos;
    private final long durationNanos;
    private final List<ClientIdentity> clients;
    private final LoadOptions options;
    private final List<IntervalListener> listeners = new CopyOnWriteArrayList<>();
    private volatile RunMetrics metrics;
    private long warmupNanos;

    /**
     * @param users      concurrent users (and connections)
     * @param thinkNanos pause between an answer and the user's next request, 0 for none
     * @param clients    identities; user {@code u} is client {@code u % clients.size()}
     */
    public ClosedLoopGenerator(HttpTarget target, int users, long thinkNanos, long durationNanos,
                               List<ClientIdentity> clients, LoadOptions options) {
        if (target == null || options == null) {
            throw new IllegalArgumentException("target and options are required");
        }
        if (users <= 0) {
            throw new IllegalArgumentException("users must be positive, got " + users);
        }
        if (thinkNanos < 0) {
            throw new IllegalArgumentException("think time must not be negative, got " + thinkNanos + " ns");
        }
        if (durationNanos <= 0) {
            throw new IllegalArgumentException("duration must be positive, got " + durationNanos + " ns");
        }
        if (clients == null || clients.isEmpty()) {
            throw new IllegalArgumentException("clients: at least one client identity is required");
        }
        this.target = target;
        this.users = users;
        this.thinkNanos = thinkNanos;
        this.durationNanos = durationNanos;
        this.clients = List.copyOf(clients);
        this.options = options;
    }

    /** Adds a listener for each closed 1 s interval. Call before {@link #run}. */
    public ClosedLoopGenerator addIntervalListener(IntervalListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Starts the users {@code nanos} before the measured window; what they send before it is counted nowhere, and
     * they run on into the window on the same connections. 0 (the default) for none. Call before {@link #run}.
     */
    public ClosedLoopGenerator warmUp(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("warm-up must not be negative, got " + nanos + " ns");
        }
        this.warmupNanos = nanos;
        return this;
    }

    /** The live metrics once {@link #run} has started, else null. */
    public RunMetrics metrics() {
        return metrics;
    }

    /** Runs the users until the window ends, waits for their last answers, and reports. */
    public LoadResult run() throws IOException, InterruptedException {
        List<ClientIdentity> perUser = new ArrayList<>(users);
        for (int u = 0; u < users; u++) {
            perUser.add(clients.get(u % clients.size()));
        }
        // each user is its own "client" for the engine, so users spread over the IO threads; the pools hold one
        // connection per user
        int connections = users;
        List<Attempt> first = new ArrayList<>(users);
        for (int u = 0; u < users; u++) {
            first.add(new Attempt(u, perUser.get(u), 0, 0, 0, 0));
        }
        // no schedule, nothing can be late: the threshold is infinite
        // each user is counted as a client, labelled with its identity's key
        ClientRoster roster = ClientRoster.of(new int[]{users}, (g, u) -> perUser.get(u).key());
        try (RunHarness h = new RunHarness(List.of(target), List.of("users"), roster,
                List.of(new Route("GET", target.pathAndQuery())), perUser, connections, first, warmupNanos,
                durationNanos, Long.MAX_VALUE, options, new ArrayList<>(listeners))) {
            metrics = h.metrics;
            h.recorder.setFollowUp((attempt, status, retryAfter, endNanos) -> next(h, perUser, attempt));
            long t0 = h.warmupStartNanos;
            for (int u = 0; u < users; u++) {
                h.recorder.started();
                h.engine.submit(userAttempt(h, perUser, u, t0));
            }
            RunHarness.waitUntil(h.endNanos);
            long unfinished = h.drain();
            MetricsSnapshot m = h.finish();
            double achieved = h.recorder.sentInWindow() / (durationNanos / 1e9);
            List<String> warnings = unfinished > 0
                    ? List.of("WARNING: " + unfinished + " users were still waiting for an answer "
                    + options.drainTimeoutNanos() / 1_000_000 + " ms after the run ended")
                    : List.of();
            return new LoadResult("closed", target.toString(), durationNanos, 0, 0, h.recorder.sentInWindow(),
                    achieved, h.recorder.maxLagNanos(), Long.MAX_VALUE, unfinished, warmupNanos,
                    h.recorder.warmupSent(), m, warnings, h.engine.connectionStats());
        }
    }

    /** Called on the IO thread when a user's request ended: issue its next one unless the window is over. */
    private boolean next(RunHarness h, List<ClientIdentity> perUser, Attempt done) {
        long now = RunHarness.CLOCK.getAsLong();
        if (now + thinkNanos >= h.endNanos) {
            return false;
        }
        int u = done.client;
        if (thinkNanos == 0) {
            h.engine.submit(userAttempt(h, perUser, u, now));
        } else {
            h.engine.schedule(done, thinkNanos, () -> {
                long at = RunHarness.CLOCK.getAsLong();
                h.engine.submit(userAttempt(h, perUser, u, at));
            });
        }
        return true;
    }

    /** User {@code u}'s next request, issued at {@code at}: a warm-up one while the window has not begun. */
    private static Attempt userAttempt(RunHarness h, List<ClientIdentity> perUser, int u, long at) {
        return new Attempt(u, perUser.get(u), 0, at, at, 0, null, h.inWarmup(at), Long.MAX_VALUE);
    }
}
