package io.ratelab.load;

import io.ratelab.metrics.CountedColumn;
import io.ratelab.traffic.ArrivalStream;
import io.ratelab.traffic.RetryPolicy;
import io.ratelab.traffic.TrafficPlan;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The open-loop schedule of one run: the first attempts of a {@link TrafficPlan}'s {@link ArrivalStream} merged with
 * the retries its groups' {@link RetryPolicy}s schedule after 429s, each handed to the HTTP engine at its intended
 * time. A trace group's requests carry their recorded method and target ({@link Route#recorded}); others send the
 * group's route.
 *
 * <p>The scheduler thread owns the stream, the retry heap and the policies' random generator (seeded from the plan).
 * IO threads report 429s through a lock-free inbox and unpark it ({@link #after}); it asks the policy when to resend
 * and keeps the retry in a heap ordered by intended time, so a retry due before the next first attempt leaves first.
 * The thread parks until the earliest due time; it never spins and never touches the network.
 *
 * <p>Warm-up: with a warm-up plan, its arrivals (from {@link RunHarness#warmupStartNanos}) come first and the plan's
 * follow seamlessly from {@link RunHarness#startNanos} on the same engine and connections — one schedule, one
 * clock. Warm-up attempts and their retries are {@linkplain Attempt#warmup marked} and counted nowhere; neither the
 * {@code SCHEDULED} count nor {@link #run}'s result includes them. Nothing of the warm-up leaves after the window has
 * started: a warm-up attempt still waiting then (the generator or the target fell behind) is discarded, and a
 * retry due then is not scheduled, so the window starts with warm connections and without the warm-up's backlog;
 * warm-up requests already sent may still be answered in the window (uncounted).
 *
 * <p>Batching: the thread parks for at least {@link #MIN_PARK_NANOS} (0.2 ms) and then hands over everything that
 * has come due, so a request leaves at most about 0.2 ms (plus the OS timer slack) after its intended time — well
 * inside the 1 ms late threshold — and the wake-ups of the scheduler and the IO threads stay below 5,000 a second
 * whatever the rate. On a 2-core machine each park/unpark costs several microseconds of CPU; at 30,000 requests a
 * second one wake-up per request would cost more than the HTTP work itself.
 */
final class OpenLoopScheduler implements FollowUp {

    private static final int TOO_MANY_REQUESTS = 429;
    /** The shortest park: the batching window of the schedule. */
    static final long MIN_PARK_NANOS = 200_000;

    /** The warm-up's arrivals, then the window's. */
    private ArrivalStream stream;
    private ArrivalStream next;
    private boolean warmup;
    private final ClientKeys.Table identities;
    private final RunHarness harness;
    private final RetryPolicy[] policies;
    private final SplittableRandom retryRandom;
    private final SplittableRandom warmupRandom;
    private final PriorityQueue<Attempt> retries = new PriorityQueue<>(Comparator.comparingLong(Attempt::intendedNanos));
    private final ConcurrentLinkedQueue<RetryRequest> inbox = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    private volatile boolean closed;

    /**
     * @param warmupPlan the warm-up's traffic, sent from {@link RunHarness#warmupStartNanos} until the window; null
     *                   for none
     */
    OpenLoopScheduler(TrafficPlan plan, TrafficPlan warmupPlan, ClientKeys.Table identities, RunHarness harness) {
        this.warmup = warmupPlan != null;
        this.stream = warmup ? warmupPlan.stream() : plan.stream();
        this.next = warmup ? plan.stream() : null;
        this.identities = identities;
        this.harness = harness;
        this.policies = plan.groups().stream().map(g -> g.retry()).toArray(RetryPolicy[]::new);
        // the simulator's jitter draws for the window's retries; the warm-up's retries draw apart
        this.retryRandom = ArrivalStream.retryRandom(plan);
        this.warmupRandom = new SplittableRandom(plan.seed() ^ 0x5DEECE66DL);
    }

    /** Runs the schedule to the end of the window on the calling thread; returns the first attempts scheduled. */
    long run() {
        thread = Thread.currentThread();
        long scheduled = 0;
        boolean pulled = stream.advance();
        long start = warmup ? harness.warmupStartNanos : harness.startNanos;
        while (true) {
            if (!pulled && next != null) {
                // the warm-up's arrivals are over: the window's follow on the same clock
                stream = next;
                next = null;
                warmup = false;
                start = harness.startNanos;
                pulled = stream.advance();
            }
            takeRetryRequests();
            long streamDue = pulled ? start + stream.timeNanos() : Long.MAX_VALUE;
            Attempt retry = retries.peek();
            long retryDue = retry == null ? Long.MAX_VALUE : retry.intendedNanos;
            long due = Math.min(streamDue, retryDue);
            long now = RunHarness.CLOCK.getAsLong();
            if (due == Long.MAX_VALUE && now >= harness.endNanos) {
                break;
            }
            long wakeAt = due == Long.MAX_VALUE ? harness.endNanos : due;
            if (now < wakeAt) {
                // a 429 reported meanwhile unparks us early, so that its retry can be placed before `due`
                LockSupport.parkNanos(Math.max(wakeAt - now, MIN_PARK_NANOS));
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                continue;
            }
            if (retryDue <= streamDue) {
                harness.engine.submit(retries.poll());
            } else {
                int g = stream.group();
                // the warm-up counts into metrics nobody reads, through the same code (see RunRecorder)
                (warmup ? harness.warmupMetrics : harness.metrics).count(g, CountedColumn.SCHEDULED);
                if (!warmup) {
                    scheduled++;
                }
                harness.recorder.started();
                harness.engine.submit(new Attempt(stream.client(), identities.of(g, stream.client()), g, streamDue,
                        streamDue, 0, Route.recorded(stream.method(), stream.target()), warmup,
                        warmup ? harness.startNanos : Long.MAX_VALUE));
                pulled = stream.advance();
            }
        }
        closed = true;
        takeRetryRequests();
        while (!retries.isEmpty()) {
            retries.poll();
            harness.recorder.endLogical();
        }
        return scheduled;
    }

    /** IO thread: a 429 may lead to a retry; hands it to the scheduler. */
    @Override
    public boolean after(Attempt attempt, int status, String retryAfter, long endNanos) {
        if (status != TOO_MANY_REQUESTS || closed || attempt.number + 1 >= policies[attempt.group].maxAttempts()) {
            return false;
        }
        RetryRequest r = new RetryRequest(attempt, endNanos,
                RetryAfterHeader.nanos(retryAfter, System.currentTimeMillis()));
        inbox.offer(r);
        // the scheduler may have closed between the check and the offer; whoever removes the request ends it
        if (closed && inbox.remove(r)) {
            return false;
        }
        LockSupport.unpark(thread);
        return true;
    }

    private void takeRetryRequests() {
        RetryRequest r;
        while ((r = inbox.poll()) != null) {
            Attempt a = r.attempt;
            // a warm-up attempt's retry is timed on the warm-up's clock and must leave before the window starts
            long origin = a.warmup ? harness.warmupStartNanos : harness.startNanos;
            long limit = a.warmup ? harness.startNanos : harness.endNanos;
            long at = closed ? RetryPolicy.NO_RETRY : policies[a.group].retryAt(r.endNanos - origin,
                    a.number, r.hintNanos, a.warmup ? warmupRandom : retryRandom);
            if (at == RetryPolicy.NO_RETRY || origin + at >= limit) {
                harness.recorder.endLogical();
            } else {
                retries.add(a.retry(origin + at));
            }
        }
    }

    private record RetryRequest(Attempt attempt, long endNanos, long hintNanos) {
    }
}
