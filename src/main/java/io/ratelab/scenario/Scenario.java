package io.ratelab.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratelab.limit.Durations;
import io.ratelab.traffic.TrafficGroup;
import io.ratelab.traffic.TrafficPlan;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A what-if: limiters compared on identical traffic in front of one upstream, for a duration, from a seed. One model
 * for JSON and YAML (see the README's "Scenario files"):
 * <pre>
 * name: greedy-client
 * duration: 60s
 * seed: 42                      # default 1
 * key: ip                       # global (default) | ip | header:NAME | route, or parts joined: ip+header:X-Api-Key
 * limiters: [ {name: tb, algorithm: token-bucket, rate: 10/s, burst: 20} ]     # see ScenarioLimiter
 * traffic:  [ {name: polite, clients: 100, arrival: {process: poisson, rate: 5/s}} ]   # see TrafficSpec
 * upstream: {concurrency: 32, serviceTime: {distribution: lognormal, median: 20ms, p99: 200ms}}  # optional
 * replicas: 4                   # optional, default 1: the limit is enforced by this many proxies
 * store: local                  # local (default): each replica counts alone | redis: they share one count
 * redis: redis://127.0.0.1:6379 # the shared store for live runs with store: redis (this is the default)
 * tune: { spare: { share: 99.9%, of: clients } }   # optional: the tuner's objectives, see TuneSpec
 * network: { rtt: 200us }       # optional: the clients' round trip to the proxy, see NetworkSpec
 * </pre>
 * Reading is strict (unknown keys, wrong units, non-positive rates, unknown names fail) and complete: a scenario that
 * {@link #read}s without an exception runs. Traffic groups may replay a recorded trace ({@link TraceSpec}).
 *
 * <p><b>Replicas.</b> With {@code replicas: N > 1} the simulator runs every limiter twice on the same traffic: as N
 * independent local limiters with the requests spread round-robin ({@code "NAME (N local)"}, what N Envoy or nginx
 * replicas with a local limit do) and as one shared limit ({@code "NAME (shared)"}, what the replicas do through
 * Redis), side by side. A live run starts N proxies; {@code store} says whether they count alone or share Redis.
 *
 * @param name     a label, default {@code scenario}
 * @param duration how long the run lasts, positive, at most 366 days simulated ({@link #checkLive() 1 day live}); a
 *                 scenario with a trace group may omit it and
 *                 then lasts as long as its longest trace takes to replay (rounded up to the millisecond) —
 *                 {@link #read} and {@link #parse} fill it in
 * @param seed     seeds every random choice; same seed, same run
 * @param key      the default key rule for limiters
 * @param limiters one to 32 limiters with distinct names
 * @param traffic  one or more traffic groups with distinct names
 * @param upstream the service model, or null for an instant one
 * @param replicas how many proxies enforce the limit, 1 to {@value #MAX_REPLICAS}; null means 1
 * @param store    {@code local} or {@code redis}; null means local
 * @param redis    the Redis URL for {@code store: redis}; null means {@value #DEFAULT_REDIS}
 * @param tune     the tuner's objectives ({@code ratelab tune}), or null for its defaults
 * @param network  the network between clients and proxy the simulator models, or null for
 *                 {@link NetworkSpec#DEFAULT}
 */
public record Scenario(String name, Duration duration, Long seed, KeyRule key, List<ScenarioLimiter> limiters,
                       List<TrafficSpec> traffic, UpstreamSpec upstream, Integer replicas, String store,
                       String redis, TuneSpec tune, NetworkSpec network) {

    /** The longest simulated duration accepted: a year of virtual time (a month-long trace at its own speed). */
    public static final Duration MAX_DURATION = Duration.ofDays(366);
    /** The longest live run: a day of wall-clock time. */
    public static final Duration MAX_LIVE_DURATION = Duration.ofDays(1);
    /** The most replicas a scenario may ask for. */
    public static final int MAX_REPLICAS = 64;
    /** The most requests a scenario may schedule: at about 10 M simulated requests a second, 1e10 is 20 minutes. */
    public static final double MAX_SIMULATED_REQUESTS = 1e10;
    /** The highest mean rate a live run may schedule: far above what one load generator sends (tens of thousands). */
    public static final double MAX_LIVE_RATE = 1e6;
    /** The largest scenario file read: scenarios are a few hundred bytes; traces and schedules are files apart. */
    public static final long MAX_FILE_BYTES = 1 << 20;
    /** The Redis a shared store uses when the scenario names none. */
    public static final String DEFAULT_REDIS = "redis://127.0.0.1:6379";

    public Scenario {
        if (name == null || name.isBlank()) {
            name = "scenario";
        }
        if (duration == null && (traffic == null || traffic.stream().noneMatch(t -> t != null && t.trace() != null))) {
            throw new IllegalArgumentException("duration: is required, e.g. 60s (units: ms, s, m, h); only a"
                    + " scenario that replays a trace may omit it");
        }
        if (duration != null && (duration.isZero() || duration.isNegative() || duration.compareTo(MAX_DURATION) > 0)) {
            throw new IllegalArgumentException("duration: must be positive and at most 366d (a live run: 1d), got "
                    + Durations.format(duration));
        }
        if (seed == null) {
            seed = 1L;
        }
        if (key == null) {
            key = KeyRule.GLOBAL;
        }
        if (limiters == null || limiters.isEmpty() || limiters.size() > 32) {
            throw new IllegalArgumentException("limiters: give 1 to 32 limiters, e.g. [{algorithm: token-bucket,"
                    + " rate: 10/s, burst: 20}]");
        }
        if (traffic == null || traffic.isEmpty()) {
            throw new IllegalArgumentException("traffic: give at least one group, e.g. [{name: users, clients: 10,"
                    + " arrival: {process: poisson, rate: 5/s}}]");
        }
        if (replicas != null && (replicas < 1 || replicas > MAX_REPLICAS)) {
            throw new IllegalArgumentException("replicas: must be 1 to " + MAX_REPLICAS + " (the number of proxies"
                    + " enforcing the limit), got " + replicas);
        }
        if (store != null && !store.equals("local") && !store.equals("redis")) {
            throw new IllegalArgumentException("store: must be local (each replica counts alone) or redis (the"
                    + " replicas share one count), got '" + store + "'");
        }
        if (redis != null && !redis.startsWith("redis://")) {
            throw new IllegalArgumentException("redis: must be a redis:// URL such as " + DEFAULT_REDIS + ", got '"
                    + redis + "'");
        }
        limiters = List.copyOf(limiters);
        traffic = List.copyOf(traffic);
        unique("limiters", limiters.stream().map(ScenarioLimiter::name).toList());
        unique("traffic", traffic.stream().map(TrafficSpec::name).toList());
        if (tune != null) {
            tune.checkGroups(traffic.stream().map(TrafficSpec::name).toList());
        }
    }

    /** A scenario without a {@code network:} section (the default network). */
    public Scenario(String name, Duration duration, Long seed, KeyRule key, List<ScenarioLimiter> limiters,
                    List<TrafficSpec> traffic, UpstreamSpec upstream, Integer replicas, String store, String redis,
                    TuneSpec tune) {
        this(name, duration, seed, key, limiters, traffic, upstream, replicas, store, redis, tune, null);
    }

    /** A scenario without a {@code tune:} section. */
    public Scenario(String name, Duration duration, Long seed, KeyRule key, List<ScenarioLimiter> limiters,
                    List<TrafficSpec> traffic, UpstreamSpec upstream, Integer replicas, String store, String redis) {
        this(name, duration, seed, key, limiters, traffic, upstream, replicas, store, redis, null, null);
    }

    /** A scenario enforced by one proxy: no {@code replicas}, {@code store} or {@code redis}. */
    public Scenario(String name, Duration duration, Long seed, KeyRule key, List<ScenarioLimiter> limiters,
                    List<TrafficSpec> traffic, UpstreamSpec upstream) {
        this(name, duration, seed, key, limiters, traffic, upstream, null, null, null, null, null);
    }

    /** This scenario with other limiters (replicas, store and traffic kept). */
    public Scenario withLimiters(List<ScenarioLimiter> others) {
        return new Scenario(name, duration, seed, key, others, traffic, upstream, replicas, store, redis, tune,
                network);
    }

    /** The round trip between the clients and the proxy the simulator models ({@link NetworkSpec}), in nanos. */
    public long rttNanos() {
        return (network == null ? NetworkSpec.DEFAULT : network).rttNanos();
    }

    /** The tuner's objectives: the {@code tune:} section, or the defaults. */
    public TuneSpec tuneOrDefaults() {
        return tune == null ? TuneSpec.DEFAULTS : tune;
    }

    /** How many proxies enforce the limit, at least 1. */
    public int replicaCount() {
        return replicas == null ? 1 : replicas;
    }

    /** True when the replicas share one count through Redis ({@code store: redis}). */
    public boolean sharedStore() {
        return "redis".equals(store);
    }

    /** The Redis URL of the shared store. */
    public String redisUri() {
        return redis == null ? DEFAULT_REDIS : redis;
    }

    /**
     * Reads and fully validates a scenario file (YAML for {@code .yaml}/{@code .yml}, else JSON); schedule files are
     * resolved against its directory.
     *
     * @throws ScenarioException naming the file, the line where known, the field path and what is allowed
     */
    public static Scenario read(Path file) {
        return readPlanned(file, false).scenario();
    }

    /**
     * A scenario with the traffic plan its validation built: a caller that replays the traffic at once (the tuner)
     * uses this plan instead of building another, so each trace is scanned once less.
     */
    public record Planned(Scenario scenario, TrafficPlan plan) {
    }

    /**
     * {@link #read}, keeping the traffic plan that validation built, its traces' requests kept in memory (12 bytes a
     * request, see {@code TraceReplay.recorded}) so that replaying the plan does not read the files again.
     */
    public static Planned readPlanned(Path file) {
        return readPlanned(file, true);
    }

    private static Planned readPlanned(Path file, boolean keepTraces) {
        String text;
        try {
            text = FileFormats.readText(file, "a scenario file", MAX_FILE_BYTES);
        } catch (FileFormats.UnreadableText e) {
            throw new ScenarioException(e.file(), e.line(), "", e.problem(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return parsePlanned(text, file.toString(), FileFormats.forPath(file), dir, keepTraces);
    }

    /** Parses scenario text in the given format; {@code source} names it in errors, {@code baseDir} resolves files. */
    public static Scenario parse(String text, String source, ObjectMapper mapper, Path baseDir) {
        return parsePlanned(text, source, mapper, baseDir, false).scenario();
    }

    private static Planned parsePlanned(String text, String source, ObjectMapper mapper, Path baseDir,
                                        boolean keepTraces) {
        int overlong = FileFormats.overlongYamlLine(text, mapper);
        if (overlong > 0) {
            throw new ScenarioException(source, overlong, "", FileFormats.overlongLineProblem(), null);
        }
        Scenario s;
        FieldLines fieldLines = null;
        try {
            fieldLines = FieldLines.of(text, mapper, Scenario.class, source);
            s = mapper.readValue(text, Scenario.class);
        } catch (JsonProcessingException e) {
            throw ScenarioErrors.of(source, e, fieldLines);
        } catch (IOException e) {
            throw new ScenarioException(source, 0, "", "cannot read the text (" + e.getMessage() + ")", e);
        }
        if (s == null) {
            throw new ScenarioException(source, 0, "", "the file is empty; a scenario needs duration, limiters and"
                    + " traffic", null);
        }
        TrafficPlan plan;
        try {
            plan = s.trafficPlan(baseDir, source, keepTraces);
        } catch (ScenarioException e) {
            throw new ScenarioException(source, fieldLines.lineOf(e.path()), e.path(), e.problem(), e.getCause());
        }
        double scheduled = plan.expectedArrivals();
        if (scheduled > MAX_SIMULATED_REQUESTS) {
            throw new ScenarioException(source, fieldLines.lineOf("traffic"), "traffic", "this scenario schedules "
                    + scientific(scheduled) + " requests; at most " + scientific(MAX_SIMULATED_REQUESTS) + " can be"
                    + " simulated (lower the rates, clients or duration)", null);
        }
        return new Planned(s.duration != null ? s : new Scenario(s.name, Duration.ofNanos(plan.durationNanos()),
                s.seed, s.key, s.limiters, s.traffic, s.upstream, s.replicas, s.store, s.redis, s.tune, s.network),
                plan);
    }

    /**
     * Why {@code plan} (this scenario's traffic) cannot be run live, or {@code null}: a mean rate above
     * {@link #MAX_LIVE_RATE} is refused up front with the estimate, instead of a run that falls hopelessly behind.
     */
    public static String liveWorkProblem(TrafficPlan plan) {
        double scheduled = plan.expectedArrivals();
        double seconds = plan.durationNanos() / 1e9;
        double rate = scheduled / seconds;
        if (rate <= MAX_LIVE_RATE) {
            return null;
        }
        return "traffic: this scenario schedules " + scientific(scheduled) + " requests in "
                + Durations.format(Duration.ofNanos(plan.durationNanos())) + " (" + scientific(rate) + " per second);"
                + " a live run sends at most " + scientific(MAX_LIVE_RATE) + " per second (lower the rates or clients)";
    }

    /** {@code 8.6e13}, {@code 1e10}, {@code 4.2e5}: one decimal, no plus sign, no trailing {@code .0}. */
    static String scientific(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.1e", v).replace("e+", "e").replace(".0e", "e");
        return s.replaceFirst("e0(\\d)", "e$1");
    }

    /** Writes this scenario as JSON or YAML (by {@code mapper}). */
    public String write(ObjectMapper mapper) {
        try {
            return mapper.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a valid scenario always serialises", e);
        }
    }

    /** The traffic this scenario sends, schedule files resolved against {@code baseDir}. */
    public TrafficPlan trafficPlan(Path baseDir) {
        return trafficPlan(baseDir, name, false);
    }

    /**
     * {@link #trafficPlan(Path)}, its traces' requests kept in memory when {@code keepTraces} (for a caller that
     * replays the plan at once, such as the tuner; see {@code TraceReplay.recorded}).
     */
    public TrafficPlan trafficPlan(Path baseDir, boolean keepTraces) {
        return trafficPlan(baseDir, name, keepTraces);
    }

    private TrafficPlan trafficPlan(Path baseDir, String source, boolean keepTraces) {
        List<TrafficGroup> groups = new ArrayList<>();
        for (int i = 0; i < traffic.size(); i++) {
            try {
                groups.add(traffic.get(i).toGroup(baseDir, seed, keepTraces));
            } catch (IllegalArgumentException e) {
                String[] fp = ScenarioErrors.splitField(e.getMessage());
                String within = traffic.get(i).trace() != null ? ".trace" : ".arrival";
                throw new ScenarioException(source, 0, "traffic[" + i + "]" + within + (fp[0].isEmpty() ? ""
                        : "." + fp[0]), fp[1], e);
            }
        }
        long durationNanos = duration != null ? duration.toNanos() : replayLength(groups, source);
        try {
            return new TrafficPlan(groups, durationNanos, seed);
        } catch (IllegalArgumentException e) {
            String[] fp = ScenarioErrors.splitField(e.getMessage());
            throw new ScenarioException(source, 0, fp[0], fp[1], e);
        }
    }

    /**
     * The duration in nanoseconds.
     *
     * @throws IllegalStateException for a trace scenario built without a duration and not yet {@link #read}
     */
    public long durationNanos() {
        if (duration == null) {
            throw new IllegalStateException("the duration of scenario " + name + " comes from its traces; read it with"
                    + " Scenario.read or Scenario.parse, which fill it in");
        }
        return duration.toNanos();
    }

    /**
     * Checks that this scenario can run live: at most {@link #MAX_LIVE_DURATION} of wall-clock time (the simulator
     * takes up to {@link #MAX_DURATION} of virtual time).
     *
     * @throws IllegalArgumentException {@code duration: ...} saying how long it would take and how to shorten it
     */
    public void checkLive() {
        long nanos = durationNanos();
        if (nanos <= MAX_LIVE_DURATION.toNanos()) {
            return;
        }
        boolean traces = traffic.stream().anyMatch(t -> t.trace() != null);
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "duration: a live run lasts at most"
                + " 1d, this one %.1f h; %s", nanos / 3.6e12, traces
                ? "replay the trace faster (speed: " + (long) Math.ceil(nanos / (double) MAX_LIVE_DURATION.toNanos())
                + " or more fits in a day) or give a shorter duration; simulate runs it at its own speed"
                : "give a shorter duration; simulate runs it as it is"));
    }

    /** The longest trace's replay, rounded up to the millisecond: the duration of a scenario that gives none. */
    private static long replayLength(List<TrafficGroup> groups, String source) {
        long longest = 0;
        for (TrafficGroup g : groups) {
            long length = g.arrivals().lengthNanos();
            if (length != io.ratelab.traffic.ArrivalProcess.END) {
                longest = Math.max(longest, length);
            }
        }
        if (longest == 0) {
            throw new ScenarioException(source, 0, "duration", "is required when every trace loops (loop: true);"
                    + " e.g. 60s", null);
        }
        long ms = (longest + 999_999) / 1_000_000;
        if (ms > MAX_DURATION.toMillis()) {
            throw new ScenarioException(source, 0, "duration", "the traces take " + ms / 1000 + " s to replay, more"
                    + " than 366d; give a duration or a higher speed", null);
        }
        return ms * 1_000_000;
    }

    private static void unique(String field, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (!seen.add(names.get(i))) {
                throw new IllegalArgumentException(field + ": the name '" + names.get(i) + "' is used twice; names"
                        + " label the results and must differ (entry " + i + ")");
            }
        }
    }
}
