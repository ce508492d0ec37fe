package io.ratelab.export;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.RateLimiter;
import io.ratelab.limit.SingleKeyLimiter;
import io.ratelab.limit.store.KeyedLimiter;
import io.ratelab.scenario.KeyRule;
import io.ratelab.traffic.trace.RecordedDecision;
import io.ratelab.traffic.trace.TraceException;
import io.ratelab.traffic.trace.TraceFormat;
import io.ratelab.traffic.trace.TraceKey;
import io.ratelab.traffic.trace.TraceOptions;
import io.ratelab.traffic.trace.TraceReader;
import io.ratelab.traffic.trace.TraceRequest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prediction against observation ({@code ratelab verify}): replays the requests of a trace that recorded what a
 * deployed limiter decided — RateLab's own {@code --record} file, an nginx access log with {@code $limit_req_status},
 * the log line of RateLab's HAProxy shadow export — through RateLab's model of that deployed limiter, in the order
 * and at the times recorded, and compares the model's decision with the recorded one, request by request, per second
 * and per key: the figures {@code FidelityTest} gives, on production data. The model is the one the export deployed: the
 * limiter itself for RateLab's sidecar (the same objects), {@link EngineMapping#forNginx} or
 * {@link EngineMapping#forHaproxy} for the engines, keyed as the proxy keys (the recording's own key, or the log's
 * field for the limiter's key rule).
 * <pre>{@code
 * VerificationReport r = Verification.verify(spec, KeyRule.IP, Path.of("shadow.log"), Verification.Options.DEFAULT);
 * System.out.print(r.text());
 * }</pre>
 * Runs on the calling thread, streaming the trace (memory: the limiter's keys and one counter row per key and per
 * second). Stateless.
 */
public final class Verification {

    /** The first differing requests a report lists. */
    static final int FIRST_DIFFERENCES = 10;

    private Verification() {
    }

    /** Which limiter wrote the trace, and so which model predicts it. */
    public enum Deployed {
        /** RateLab's sidecar: the model is the limiter itself. */
        RATELAB("RateLab's sidecar"),
        /** nginx {@code limit_req}: the nginx export's engine spec. */
        NGINX("nginx"),
        /** HAProxy {@code http_req_rate}: the HAProxy export's engine spec. */
        HAPROXY("HAProxy");

        private final String label;

        Deployed(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * How to read the trace.
     *
     * @param format          the trace format, or null to detect it (an nginx log in the shadow export's
     *                        {@code ratelab_shadow} format is recognised too)
     * @param key             the client key mapping, or null: the recording's own key, else the limiter's key rule
     * @param recordedLimiter for a RateLab recording, the limiter whose lines to compare, or null for the limiter's
     *                        own name (or the recording's only limiter, when no line has that name)
     */
    public record Options(TraceFormat format, TraceKey key, String recordedLimiter) {
        public static final Options DEFAULT = new Options(null, null, null);
    }

    /**
     * Verifies {@code limiter}, counting by {@code key}, against what {@code trace} recorded.
     *
     * @throws IllegalArgumentException naming what cannot be verified: the concurrency limit (a trace records no
     *                                  completion times), a format without decisions, a composed key rule read
     *                                  from an engine log
     * @throws TraceException           {@code path:} or {@code format:} problems of the trace, or a trace without a
     *                                  single recorded decision
     */
    public static VerificationReport verify(LimiterSpec limiter, KeyRule key, Path trace, Options options) {
        if (limiter.algorithm() == Algorithm.CONCURRENCY) {
            throw new IllegalArgumentException("limiter: the concurrency limit decides on requests in flight, which a"
                    + " trace does not record; verify a rate limiter");
        }
        TraceFormat format = options.format() != null ? options.format() : detect(trace, limiter, key);
        Deployed deployed = deployed(format);
        LimiterSpec model = switch (deployed) {
            case RATELAB -> limiter;
            case NGINX -> EngineMapping.forNginx(limiter).engine();
            case HAPROXY -> EngineMapping.forHaproxy(limiter).engine();
        };
        TraceKey traceKey = options.key() != null ? options.key() : traceKey(format, key);
        Tally tally = new Tally();
        String recordedName = options.recordedLimiter() != null ? options.recordedLimiter() : limiter.name();
        if (deployed == Deployed.RATELAB) {
            recordedName = recordedLimiterName(trace, format, recordedName, options.recordedLimiter() != null,
                    tally);
        }
        RateLimiter decider = key.isGlobal() ? new SingleKeyLimiter(model.build())
                : KeyedLimiter.builder(model.build()).maxKeys(1L << 20).build();
        try (TraceReader reader = TraceReader.open(trace, new TraceOptions(format, traceKey, 1,
                TraceOptions.AUTO, TraceOptions.DEFAULT_MAX_BUFFERED))) {
            while (reader.advance()) {
                TraceRequest r = reader.request();
                RecordedDecision recorded = r.recorded();
                if (recorded == null) {
                    tally.noDecision++;
                    continue;
                }
                if (recorded.limiter() != null && !recorded.limiter().equals(recordedName)) {
                    tally.otherLimiter++;
                    continue;
                }
                String k = reader.clientKey();
                boolean predicted = !decider.tryAcquire(k, reader.epochNanos()).allowed();
                tally.add(r, k, reader.epochNanos(), predicted, recorded);
            }
            if (tally.compared == 0) {
                throw new TraceException("trace: " + trace.getFileName() + " holds no request with a recorded"
                        + " decision" + (deployed == Deployed.RATELAB ? " by '" + recordedName + "'" : "")
                        + " (" + tally.noDecision + " without one, " + tally.otherLimiter + " by other limiters, "
                        + reader.skipped().count() + " unreadable lines" + firstSkipped(reader) + ")"
                        + (deployed == Deployed.NGINX ? "; an nginx log needs $limit_req_status in its log_format"
                        : ""));
            }
            return tally.report(trace, format, deployed, limiter, model, key, traceKey, recordedName,
                    reader.skipped().count(), reader.late().count());
        }
    }

    private static String firstSkipped(TraceReader reader) {
        return reader.skipped().count() == 0 ? "" : ": " + reader.skipped().first().get(0);
    }

    /**
     * The trace's format: detected, else the nginx shadow export's {@code ratelab_shadow} log format for this
     * limiter's key (what {@code export --format nginx --shadow} writes).
     */
    static TraceFormat detect(Path trace, LimiterSpec limiter, KeyRule key) {
        TraceFormat shadowLog = key.isComposed() ? null
                : TraceFormat.parse(NginxExporter.shadowLogLine(key, EngineMapping.forNginx(limiter).engine()));
        TraceFormat detected;
        try {
            detected = TraceFormat.detect(trace);
        } catch (TraceException e) {
            if (shadowLog == null) {
                throw e;
            }
            return shadowLog;
        } catch (IOException e) {
            throw new TraceException("path: cannot read " + trace + " (" + e.getMessage() + ")", e);
        }
        // the detected shadow line leaves out the key header a header-keyed export appends
        boolean shadowBase = detected.kind() == TraceFormat.Kind.NGINX
                && TraceFormat.NGINX_SHADOW_LOG.equals(detected.logFormat());
        return shadowBase && shadowLog != null ? shadowLog : detected;
    }

    private static Deployed deployed(TraceFormat format) {
        return switch (format.kind()) {
            case RATELAB -> Deployed.RATELAB;
            case HAPROXY -> Deployed.HAPROXY;
            case NGINX, COMBINED, COMMON -> Deployed.NGINX;
            default -> throw new IllegalArgumentException("format: " + format + " records no limiter decisions;"
                    + " verify reads a RateLab recording (ratelab), an nginx log_format with $limit_req_status, or"
                    + " the HAProxy shadow export's log (haproxy)");
        };
    }

    /** How a trace line's client maps to the limiter's key: the line's own key, or the field the key rule reads. */
    private static TraceKey traceKey(TraceFormat format, KeyRule key) {
        if (format.kind() == TraceFormat.Kind.RATELAB || format.kind() == TraceFormat.Kind.HAPROXY) {
            return TraceKey.KEY;
        }
        if (key.isComposed()) {
            throw new IllegalArgumentException("key: the composed rule '" + key + "' has no nginx form; give the"
                    + " trace's key mapping with --key");
        }
        return switch (key.kind()) {
            case GLOBAL -> TraceKey.parse("global");
            case IP -> TraceKey.IP;
            case HEADER -> TraceKey.parse("header:" + key.header());
            case ROUTE -> TraceKey.parse("route");
        };
    }

    /**
     * The recorded limiter name to compare: {@code wanted} when some line has it; when none does, not asked for
     * explicitly, and the recording holds exactly one limiter name, that one (noted in the report).
     */
    private static String recordedLimiterName(Path trace, TraceFormat format, String wanted, boolean explicit,
                                              Tally tally) {
        Map<String, Long> names = new LinkedHashMap<>();
        try (TraceReader reader = TraceReader.open(trace, new TraceOptions(format, TraceKey.KEY, 1,
                TraceOptions.AUTO, TraceOptions.DEFAULT_MAX_BUFFERED))) {
            while (reader.advance()) {
                RecordedDecision d = reader.request().recorded();
                if (d != null && d.limiter() != null) {
                    names.merge(d.limiter(), 1L, Long::sum);
                }
            }
        }
        if (names.isEmpty() || names.containsKey(wanted)) {
            return wanted;
        }
        if (!explicit && names.size() == 1) {
            String only = names.keySet().iterator().next();
            tally.note = "the recording names its limiter '" + only + "', not '" + wanted + "': compared its lines";
            return only;
        }
        throw new IllegalArgumentException("limiter: no line of " + trace.getFileName() + " was decided by '" + wanted
                + "'; the recording's limiters: " + names + "; choose one with --recorded-limiter NAME");
    }

    /** Counts as the replay goes. */
    private static final class Tally {
        long compared;
        long noDecision;
        long otherLimiter;
        long shadow;
        long predictedRejected;
        long observedRejected;
        long predictedOnly;
        long observedOnly;
        String note;
        final TreeMap<Long, long[]> seconds = new TreeMap<>();
        final Map<String, long[]> keys = new HashMap<>();
        final List<VerificationReport.Difference> first = new ArrayList<>();

        void add(TraceRequest r, String key, long epochNanos, boolean predicted, RecordedDecision recorded) {
            boolean observed = recorded.rejected();
            compared++;
            shadow += recorded.shadow() ? 1 : 0;
            predictedRejected += predicted ? 1 : 0;
            observedRejected += observed ? 1 : 0;
            if (predicted && !observed) {
                predictedOnly++;
            } else if (observed && !predicted) {
                observedOnly++;
            }
            if (predicted != observed && first.size() < FIRST_DIFFERENCES) {
                first.add(new VerificationReport.Difference(r.line(), epochNanos, key, predicted, observed));
            }
            count(seconds.computeIfAbsent(Math.floorDiv(epochNanos, 1_000_000_000L), s -> new long[3]), predicted,
                    observed);
            count(keys.computeIfAbsent(key, k -> new long[3]), predicted, observed);
        }

        private static void count(long[] row, boolean predicted, boolean observed) {
            row[0]++;
            row[1] += predicted ? 1 : 0;
            row[2] += observed ? 1 : 0;
        }

        VerificationReport report(Path trace, TraceFormat format, Deployed deployed, LimiterSpec limiter,
                                  LimiterSpec model, KeyRule key, TraceKey traceKey, String recordedName,
                                  long unreadable, long late) {
            List<VerificationReport.Second> perSecond = new ArrayList<>(seconds.size());
            seconds.forEach((s, row) -> perSecond.add(new VerificationReport.Second(s, row[0], row[1], row[2])));
            List<VerificationReport.Key> perKey = new ArrayList<>();
            keys.forEach((k, row) -> perKey.add(new VerificationReport.Key(k, row[0], row[1], row[2])));
            return new VerificationReport(trace.toString(), format.toString(), deployed,
                    EngineMapping.describe(limiter), EngineMapping.describe(model), key.toString(), traceKey.toString(),
                    deployed == Deployed.RATELAB ? recordedName : null, note, compared, noDecision, otherLimiter,
                    unreadable, late, shadow, predictedRejected, observedRejected, predictedOnly, observedOnly,
                    perSecond, perKey, List.copyOf(first));
        }
    }
}
