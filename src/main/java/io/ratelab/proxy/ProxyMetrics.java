package io.ratelab.proxy;

import io.ratelab.redis.FailurePolicy;
import io.ratelab.redis.StoreHealth;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The proxy's counters and latency histogram, and their Prometheus text rendering for {@code GET /metrics}.
 *
 * <p>Every received request is counted once on arrival and once on completion under the limiter that decided it, as
 * admitted, rejected or error, by status; so once traffic stops, {@code received = admitted + rejected + errors}.
 * A limiter in shadow mode forwards the requests it refuses: they complete as admitted (or error) and are counted,
 * besides, under {@code ratelab_proxy_shadow_rejected_total}, so that {@code rejected + shadow rejected} is what the
 * limiter refused whichever mode it was in.
 * Writers never block ({@link LongAdder}s); readers sum on demand. Thread-safe.
 *
 * <p>Series per limiter name are kept for the limiter in force and the {@value #RETIRED_KEPT} named before it (so a
 * scrape soon after a swap still sees the old limiter's last counts); older names' series are dropped, so renaming
 * the limiter again and again does not grow {@code /metrics}. The totals ({@link #totals()}) count every request,
 * of retired limiters too.
 */
public final class ProxyMetrics {

    /** Names retired from the limiter in force whose series are still shown. */
    static final int RETIRED_KEPT = 3;

    private final LongAdder received = new LongAdder();
    private final LongAdder[] byOutcome = java.util.stream.Stream.generate(LongAdder::new)
            .limit(Outcome.values().length).toArray(LongAdder[]::new);
    private final Deque<String> recentNames = new ArrayDeque<>();
    private final LongAdder completed = new LongAdder();
    private final Map<String, LimiterCounters> limiters = new ConcurrentSkipListMap<>();
    private final LatencyBuckets latency = new LatencyBuckets();
    private final LongAdder reloadsApplied = new LongAdder();
    private final LongAdder reloadsRefused = new LongAdder();
    private volatile LongSupplier traceDropped = () -> 0;
    private volatile LongSupplier keysHeld = () -> 0;
    private volatile String activeLimiter = "";
    private volatile StoreHealth store;
    private volatile FailurePolicy storePolicy;
    private volatile ClientGate clients;
    private volatile AdminConnections adminConnections;

    /** The counters of the limiter named {@code name}, shared by every assembly of that name. */
    LimiterCounters counters(String name) {
        return limiters.computeIfAbsent(name, LimiterCounters::new);
    }

    void received() {
        received.increment();
    }

    void completed(LimiterCounters counters, Outcome outcome, int status, long latencyNanos) {
        counters.increment(outcome, status);
        byOutcome[outcome.ordinal()].increment();
        latency.record(latencyNanos);
        completed.increment();
    }

    /** Called once per installed limiter (by one thread at a time: {@link LimiterSwitch#apply} is serialized). */
    synchronized void configApplied(String limiterName, LongSupplier keys) {
        reloadsApplied.increment();
        activeLimiter = limiterName;
        keysHeld = keys;
        recentNames.remove(limiterName);
        recentNames.addFirst(limiterName);
        while (recentNames.size() > RETIRED_KEPT + 1) {
            limiters.remove(recentNames.removeLast());
        }
    }

    /** Reports the shared store's health under {@code ratelab_proxy_store_*}. */
    void store(StoreHealth health, FailurePolicy policy) {
        this.storePolicy = policy;
        this.store = health;
    }

    /** Reports the client gate's connections and refusals under {@code ratelab_proxy_connections_*}. */
    void clients(ClientGate gate) {
        this.clients = gate;
    }

    /** Reports the admin listener's connections under {@code ratelab_proxy_admin_connections_*}. */
    void admin(AdminConnections connections) {
        this.adminConnections = connections;
    }

    void configRefused() {
        reloadsRefused.increment();
    }

    void traceDropped(LongSupplier dropped) {
        traceDropped = dropped;
    }

    /** Totals at this moment; exact once no request is in flight. */
    public Totals totals() {
        long s = 0;
        for (LimiterCounters c : limiters.values()) {
            s += c.shadowRejectedTotal();
        }
        return new Totals(received.sum(), byOutcome[Outcome.ADMITTED.ordinal()].sum(),
                byOutcome[Outcome.REJECTED.ordinal()].sum(), byOutcome[Outcome.ERROR.ordinal()].sum(),
                reloadsApplied.sum(), reloadsRefused.sum(), s);
    }

    /**
     * Totals over all limiters.
     *
     * @param received     requests that reached the limiting chain
     * @param admitted     answered by the upstream
     * @param rejected     refused by the limiter
     * @param errors       admitted but failed (502, 503, 504, broken)
     * @param configApplied limiter assemblies installed (the first one included)
     * @param configRefused configurations refused
     * @param shadowRejected refused in shadow mode and forwarded (counted in admitted or errors as well)
     */
    public record Totals(long received, long admitted, long rejected, long errors, long configApplied,
                         long configRefused, long shadowRejected) {

        /** Requests received and not yet completed. */
        public long inFlight() {
            return received - admitted - rejected - errors;
        }
    }

    /** The Prometheus text exposition (format 0.0.4) of every metric. */
    public String prometheus() {
        StringBuilder b = new StringBuilder(4096);
        family(b, "ratelab_proxy_requests_received_total", "counter", "Requests that reached the limiting chain.");
        b.append("ratelab_proxy_requests_received_total ").append(received.sum()).append('\n');
        family(b, "ratelab_proxy_requests_in_flight", "gauge", "Requests received and not yet answered.");
        b.append("ratelab_proxy_requests_in_flight ").append(received.sum() - completed.sum()).append('\n');
        byOutcome(b, Outcome.ADMITTED, "ratelab_proxy_admitted_total", "Requests admitted and answered by the upstream.");
        byOutcome(b, Outcome.REJECTED, "ratelab_proxy_rejected_total", "Requests refused by the limiter.");
        byOutcome(b, Outcome.ERROR, "ratelab_proxy_errors_total",
                "Requests admitted but not answered by the upstream (502 unreachable, 503 no connection, 504 timeout).");
        family(b, "ratelab_proxy_shadow_rejected_total", "counter",
                "Requests the limiter refused in shadow mode and forwarded all the same (also in admitted or errors).");
        for (LimiterCounters c : limiters.values()) {
            b.append("ratelab_proxy_shadow_rejected_total{limiter=\"").append(escape(c.limiter())).append("\"} ")
                    .append(c.shadowRejectedTotal()).append('\n');
        }
        histogram(b);
        family(b, "ratelab_proxy_limiter_active", "gauge", "1 for the limiter currently deciding.");
        for (String name : limiters.keySet()) {
            b.append("ratelab_proxy_limiter_active{limiter=\"").append(escape(name)).append("\"} ")
                    .append(name.equals(activeLimiter) ? 1 : 0).append('\n');
        }
        family(b, "ratelab_proxy_limiter_keys", "gauge", "Keys the active limiter holds.");
        b.append("ratelab_proxy_limiter_keys ").append(keysHeld.getAsLong()).append('\n');
        family(b, "ratelab_proxy_config_changes_total", "counter", "Limiter configurations applied or refused.");
        b.append("ratelab_proxy_config_changes_total{result=\"applied\"} ").append(reloadsApplied.sum()).append('\n');
        b.append("ratelab_proxy_config_changes_total{result=\"refused\"} ").append(reloadsRefused.sum()).append('\n');
        family(b, "ratelab_proxy_trace_dropped_total", "counter", "Trace records dropped because the writer fell behind.");
        b.append("ratelab_proxy_trace_dropped_total ").append(traceDropped.getAsLong()).append('\n');
        StoreHealth s = store;
        if (s != null) {
            storeFamilies(b, s);
        }
        ClientGate g = clients;
        if (g != null) {
            clientFamilies(b, g.snapshot());
        }
        AdminConnections a = adminConnections;
        if (a != null) {
            family(b, "ratelab_proxy_admin_connections_open", "gauge", "Admin listener connections open.");
            b.append("ratelab_proxy_admin_connections_open ").append(a.open()).append('\n');
            family(b, "ratelab_proxy_admin_connections_refused_total", "counter", "Admin connections answered 503 and"
                    + " closed at once: " + AdminConnections.MAX_OPEN + " were open.");
            b.append("ratelab_proxy_admin_connections_refused_total ").append(a.refused()).append('\n');
        }
        return b.toString();
    }

    private void storeFamilies(StringBuilder b, StoreHealth s) {
        String target = escape(s.target());
        family(b, "ratelab_proxy_store_up", "gauge", "1 while the shared Redis store answers, 0 after a failed call.");
        b.append("ratelab_proxy_store_up{store=\"").append(target).append("\"} ").append(s.isUp() ? 1 : 0)
                .append('\n');
        family(b, "ratelab_proxy_store_errors_total", "counter",
                "Redis calls that failed or timed out, probes included (the failure policy decided them).");
        b.append("ratelab_proxy_store_errors_total{store=\"").append(target).append("\"} ").append(s.errors())
                .append('\n');
        family(b, "ratelab_proxy_store_probes_total", "counter",
                "PING probes sent while the store was judged down (requests meanwhile are decided by the policy).");
        b.append("ratelab_proxy_store_probes_total{store=\"").append(target).append("\"} ").append(s.probes())
                .append('\n');
        family(b, "ratelab_proxy_store_fallback_decisions_total", "counter",
                "Decisions made by the store failure policy instead of Redis.");
        b.append("ratelab_proxy_store_fallback_decisions_total{policy=\"").append(storePolicy.id()).append("\"} ")
                .append(s.fallbackDecisions()).append('\n');
        family(b, "ratelab_proxy_store_state_changes_total", "counter", "Times the store went down or came back.");
        b.append("ratelab_proxy_store_state_changes_total ").append(s.transitions()).append('\n');
    }

    private static void clientFamilies(StringBuilder b, ClientGate.Snapshot s) {
        family(b, "ratelab_proxy_connections_open", "gauge", "Client connections open.");
        b.append("ratelab_proxy_connections_open ").append(s.open()).append('\n');
        family(b, "ratelab_proxy_connections_refused_total", "counter",
                "Client connections answered 503 and closed at once: clients.maxConnections or"
                        + " clients.maxConnectionsPerAddress reached.");
        b.append("ratelab_proxy_connections_refused_total{reason=\"max-connections\"} ")
                .append(s.refusedMaxConnections()).append('\n');
        b.append("ratelab_proxy_connections_refused_total{reason=\"per-address\"} ")
                .append(s.refusedPerAddress()).append('\n');
        family(b, "ratelab_proxy_header_bytes_in_flight", "gauge",
                "Bytes of request heads begun and not finished (those that did not arrive in one read).");
        b.append("ratelab_proxy_header_bytes_in_flight ").append(s.headerBytesInFlight()).append('\n');
        family(b, "ratelab_proxy_requests_refused_total", "counter",
                "Request heads answered before the limiting chain, then the connection closed: malformed (400, 501,"
                        + " 505), head-too-large (431), head-timeout (408), header-budget (431),"
                        + " expectation-failed (417: an Expect other than 100-continue); not in received.");
        for (ClientGate.Refused r : ClientGate.Refused.values()) {
            b.append("ratelab_proxy_requests_refused_total{reason=\"").append(r.label).append("\"} ")
                    .append(s.refusedRequests()[r.ordinal()]).append('\n');
        }
    }

    private void byOutcome(StringBuilder b, Outcome outcome, String name, String help) {
        family(b, name, "counter", help);
        for (LimiterCounters c : limiters.values()) {
            String limiter = escape(c.limiter());
            c.forEach(outcome, (status, count) -> b.append(name).append("{limiter=\"").append(limiter)
                    .append("\",status=\"").append(status).append("\"} ").append(count).append('\n'));
        }
    }

    private void histogram(StringBuilder b) {
        String name = "ratelab_proxy_request_duration_seconds";
        family(b, name, "histogram", "Time from arrival to the end of the response, every outcome.");
        long[] cumulative = latency.cumulative();
        for (int i = 0; i < LatencyBuckets.LABELS.length; i++) {
            b.append(name).append("_bucket{le=\"").append(LatencyBuckets.LABELS[i]).append("\"} ")
                    .append(cumulative[i]).append('\n');
        }
        long count = cumulative[cumulative.length - 1];
        b.append(name).append("_bucket{le=\"+Inf\"} ").append(count).append('\n');
        b.append(name).append("_sum ").append(latency.sumSeconds()).append('\n');
        b.append(name).append("_count ").append(count).append('\n');
    }

    private static void family(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
