package io.ratelab.traffic;

import io.ratelab.limit.Decision;

import java.util.SplittableRandom;

/**
 * The merged, time-ordered stream of a {@link TrafficPlan}'s sends — first attempts of every group and the retries
 * scheduled after 429s — pulled one at a time, so nothing is materialised up front: a 10-million-request run holds
 * one pending arrival per group plus the retries not yet due.
 *
 * <p>A cursor, not an iterator of objects (no allocation per event): {@link #advance()} moves to the next send and
 * the accessors describe it.
 * <pre>{@code
 * ArrivalStream s = plan.stream();
 * while (s.advance()) {
 *     Decision d = limiter.tryAcquire(keyOf(s.group(), s.client()), s.timeNanos());
 *     if (!d.allowed()) {
 *         s.retryCurrent(d);                          // asks the group's RetryPolicy; may schedule attempt + 1
 *     }
 * }
 * }</pre>
 * A live generator that learns of a 429 later calls {@link #retry(int, int, int, long, long)} with what it saved of
 * the request. Events come out in non-decreasing {@link #timeNanos()} (groups in index order on ties, first attempts
 * before retries); a retry scheduled before the last event returned is returned next, stamped with that event's time.
 *
 * <p>Deterministic: the plan's seed feeds one {@link SplittableRandom} per group (split in group order) and one for
 * retry jitter. Nothing is sent at or after the plan's duration: a retry that would be is dropped (and reported as
 * {@link RetryPolicy#NO_RETRY}). Not thread-safe: one consumer.
 */
public final class ArrivalStream {

    private final TrafficPlan plan;
    private final ClientArrivals[] sources;
    private final long[] nextTimes;
    private final RetryPolicy[] retries;
    private final SplittableRandom retryRandom;
    private final RetryQueue queue = new RetryQueue();
    private long time;
    private int group = -1;
    private int client;
    private int attempt;
    private String method;
    private String target;
    private long firstAttempts;
    private long retriesSent;

    ArrivalStream(TrafficPlan plan) {
        this.plan = plan;
        int n = plan.groups().size();
        SplittableRandom root = new SplittableRandom(plan.seed());
        sources = new ClientArrivals[n];
        nextTimes = new long[n];
        retries = new RetryPolicy[n];
        for (int g = 0; g < n; g++) {
            TrafficGroup group = plan.groups().get(g);
            sources[g] = group.arrivals().open(root.split(), plan.durationNanos());
            nextTimes[g] = sources[g].nextNanos();
            retries[g] = group.retry();
        }
        retryRandom = root.split();
    }

    /**
     * The generator of retry jitter a stream of {@code plan} draws from: a live run that schedules retries itself
     * draws the same numbers, in the order its 429s come back, as the simulator does in the order it rejects.
     */
    public static SplittableRandom retryRandom(TrafficPlan plan) {
        SplittableRandom root = new SplittableRandom(plan.seed());
        for (int g = 0; g < plan.groups().size(); g++) {
            root.split();
        }
        return root.split();
    }

    /** Moves to the next send; false when every group has ended and no retry is pending. */
    public boolean advance() {
        int best = -1;
        long bestTime = ArrivalProcess.END;
        for (int g = 0; g < nextTimes.length; g++) {
            if (nextTimes[g] < bestTime) {
                bestTime = nextTimes[g];
                best = g;
            }
        }
        if (!queue.isEmpty() && queue.peekTime() < bestTime) {
            long payload = queue.peekPayload();
            time = Math.max(time, queue.peekTime());
            group = RetryQueue.group(payload);
            client = RetryQueue.client(payload);
            attempt = RetryQueue.attempt(payload);
            method = null;
            target = null;
            queue.removeFirst();
            retriesSent++;
            return true;
        }
        if (best < 0) {
            return false;
        }
        time = bestTime;
        group = best;
        client = sources[best].client();
        method = sources[best].method();
        target = sources[best].target();
        attempt = 0;
        nextTimes[best] = sources[best].nextNanos();
        firstAttempts++;
        return true;
    }

    /** The intended send time of the current event, nanos since start. */
    public long timeNanos() {
        return time;
    }

    /** The current event's group, an index into {@link TrafficPlan#groups()}. */
    public int group() {
        return group;
    }

    /** The current event's client within its group. */
    public int client() {
        return client;
    }

    /**
     * The recorded method of the current first attempt (a trace group's), or null: send the group's route. Retries
     * returned by this stream carry none (a live generator keeps the request it retries).
     */
    public String method() {
        return method;
    }

    /** The recorded target ({@code /path?query}) of the current first attempt, or null; see {@link #method()}. */
    public String target() {
        return target;
    }

    /** 0 for a first attempt, {@code n} for the {@code n}-th retry. */
    public int attempt() {
        return attempt;
    }

    public boolean isRetry() {
        return attempt > 0;
    }

    /**
     * The current event was rejected by {@code decision} at its own time: asks the group's retry policy and schedules
     * the next attempt. Returns its time, or {@link RetryPolicy#NO_RETRY}.
     */
    public long retryCurrent(Decision decision) {
        return retryCurrent(decision, time);
    }

    /**
     * The current event was rejected by {@code decision}, and the client holds the 429 at {@code answeredNanos} (its
     * time plus the round trip): asks the group's retry policy, counting from then, and schedules the next attempt.
     * Returns its time, or {@link RetryPolicy#NO_RETRY}.
     */
    public long retryCurrent(Decision decision, long answeredNanos) {
        return schedule(group, client, attempt, retries[group].retryAt(decision, answeredNanos, attempt,
                retryRandom));
    }

    /**
     * A send of {@code (group, client, attempt)} got a 429 at {@code nowNanos} with {@code Retry-After} of
     * {@code retryAfterHintNanos} (negative if none): schedules its retry as the group's policy says.
     */
    public long retry(int g, int c, int a, long nowNanos, long retryAfterHintNanos) {
        return schedule(g, c, a, retries[g].retryAt(nowNanos, a, retryAfterHintNanos, retryRandom));
    }

    private long schedule(int g, int c, int a, long at) {
        if (at == RetryPolicy.NO_RETRY || at >= plan.durationNanos()) {
            return RetryPolicy.NO_RETRY;
        }
        queue.add(at, RetryQueue.pack(g, c, a + 1));
        return at;
    }

    /** Retries scheduled and not yet returned. */
    public int pendingRetries() {
        return queue.size();
    }

    /** First attempts returned so far. */
    public long firstAttempts() {
        return firstAttempts;
    }

    /** Retries returned so far. */
    public long retries() {
        return retriesSent;
    }

    public TrafficPlan plan() {
        return plan;
    }
}
