package io.ratelab.load;

import io.ratelab.metrics.IntervalListener;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.Outcome;
import io.ratelab.metrics.RunMetrics;
import io.ratelab.traffic.ArrivalProcess;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Open-loop load, the way wrk2 and Hyperfoil do it: every request is scheduled at the intended time given by an
 * {@link ArrivalProcess} — the same objects the simulator replays — whether or not earlier requests have been
 * answered. Latency is recorded from the intended time (corrected, free of coordinated omission) and from the actual
 * send (raw); sends more than the late threshold behind schedule are counted; an achieved rate below
 * {@code shortfallRatio} of the target produces a loud warning.
 *
 * <p>The scheduler thread only waits (parks, never spins) for the next intended time and hands the request to an IO
 * thread through a lock-free queue; it never touches the network. Clients take turns (round robin) in arrival order.
 *
 * <p>Not reusable: {@link #run} once. {@link #metrics()} may be polled from any thread (the UI) while it runs.
 */
public final class OpenLoopGenerator {

    private final HttpTarget target;
    private final ArrivalProcess arrivals;
    private final long durationNanos;
    private final List<ClientIdentity> clients;
    private final LoadOptions options;
    private final List<IntervalListener> listeners = new CopyOnWriteArrayList<>();
    private volatile RunMetrics metrics;

    /**
     * @param arrivals      intended send times in nanoseconds since the run start; arrivals at or after
     *                      {@code durationNanos} are not sent
     * @param durationNanos the run window
     * @param clients       the simulated clients, used in turn
     */
    public OpenLoopGenerator(HttpTarget target, ArrivalProcess arrivals, long durationNanos,
                             List<ClientIdentity> clients, LoadOptions options) {
        if (target == null || arrivals == null || options == null) {
            throw new IllegalArgumentException("target, arrivals and options are required");
        }
        if (durationNanos <= 0) {
            throw new IllegalArgumentException("duration must be positive, got " + durationNanos + " ns");
        }
        if (clients == null || clients.isEmpty()) {
            throw new IllegalArgumentException("clients: at least one client identity is required");
        }
        this.target = target;
        this.arrivals = arrivals;
        this.durationNanos = durationNanos;
        this.clients = List.copyOf(clients);
        this.options = options;
    }

    /** Adds a listener for each closed 1 s interval (progress lines, hlog). Call before {@link #run}. */
    public OpenLoopGenerator addIntervalListener(IntervalListener listener) {
        listeners.add(listener);
        return this;
    }

    /** The live metrics once {@link #run} has started, else null. */
    public RunMetrics metrics() {
        return metrics;
    }

    /** Runs the schedule to the end of the window, waits for the last answers, and reports. */
    public LoadResult run() throws IOException, InterruptedException {
        try (RunHarness h = new RunHarness(target, clients, options.connections(), durationNanos,
                options.lateThresholdNanos(), options, new ArrayList<>(listeners))) {
            metrics = h.metrics;
            long scheduled = schedule(h);
            RunHarness.waitUntil(h.endNanos);
            long unfinished = h.drain();
            MetricsSnapshot snapshot = h.finish();
            return result(h, scheduled, unfinished, snapshot);
        }
    }

    private long schedule(RunHarness h) {
        long scheduled = 0;
        int n = clients.size();
        for (long t = arrivals.nextNanos(); t != ArrivalProcess.END && t < durationNanos; t = arrivals.nextNanos()) {
            long due = h.startNanos + t;
            if (!RunHarness.waitUntil(due)) {
                break;
            }
            int client = (int) (scheduled % n);
            h.metrics.count(0, Outcome.SCHEDULED);
            h.recorder.started();
            h.engine.submit(new Attempt(client, clients.get(client), 0, due, due, 0));
            scheduled++;
        }
        return scheduled;
    }

    private LoadResult result(RunHarness h, long scheduled, long unfinished, MetricsSnapshot m) {
        double seconds = durationNanos / 1e9;
        double targetRate = scheduled / seconds;
        double achieved = h.recorder.sentInWindow() / seconds;
        List<String> warnings = new ArrayList<>();
        Shortfall.check(targetRate, achieved, options.shortfallRatio(), m, h.recorder.maxLagNanos(),
                options.connections(), options.lateThresholdNanos()).ifPresent(warnings::add);
        if (unfinished > 0) {
            warnings.add("WARNING: " + unfinished + " requests were still unanswered "
                    + options.drainTimeoutNanos() / 1_000_000 + " ms after the run ended");
        }
        return new LoadResult("open", target.toString(), durationNanos, scheduled, targetRate,
                h.recorder.sentInWindow(), achieved, h.recorder.maxLagNanos(), unfinished, m, warnings);
    }
}
