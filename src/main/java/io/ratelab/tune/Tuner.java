package io.ratelab.tune;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Durations;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.scenario.TuneSpec;
import io.ratelab.sim.ClientCheck;
import io.ratelab.traffic.TrafficPlan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * The tuner: from a scenario's traffic and its {@code tune:} objectives to the limiter to deploy.
 * <ol>
 *   <li>reads the first attempts once ({@link TuneData}), splits off the holdout, applies growth;</li>
 *   <li>per family, the exact per-key frontier and its quantile across keys ({@link Frontier});</li>
 *   <li>candidates on that curve, rounded to what the target expresses ({@link Candidates});</li>
 *   <li>each candidate simulated in full ({@link ClientCheck}: retries, shaping delay, upstream, attack, growth)
 *       on the tuning data and again on the holdout, and scored ({@link Scores});</li>
 *   <li>the Pareto set, one recommendation by a stated rule with its why ({@link Recommender}), confidence, and the
 *       keys it rejects ({@link Explain}).</li>
 * </ol>
 * Pure computation: no I/O beyond reading the scenario's traces, no screen. Frontier settings and full checks run
 * in parallel on the common pool. Cancellable between steps.
 * <pre>{@code
 * Scenario s = Scenario.read(Path.of("simulations/tune-api.yaml"));
 * TuneResult r = Tuner.tune(s, Path.of("simulations"), Tuner.Options.of(Target.NGINX), null, null);
 * System.out.println(r.recommended().why());
 * }</pre>
 */
public final class Tuner {

    /** Data longer than this is split for holdout when no holdout is asked for. */
    public static final long AUTO_HOLDOUT_SPAN_NANOS = 10 * 60 * 1_000_000_000L;
    /** The holdout share used by default for long data. */
    public static final double AUTO_HOLDOUT = 0.3;

    /** Told which step runs and how far it is (0..1); called from computing threads. */
    @FunctionalInterface
    public interface Progress {
        void update(String step, double fraction);
    }

    /**
     * @param target     what the limiter is deployed on
     * @param algorithms the algorithms to try (empty: the target's defaults)
     * @param key        the key rule (null: the scenario's first limiter's)
     * @param holdout    the share of the span held out (null: 30% for data longer than 10 min, else none)
     * @param objectives the objectives (null: the scenario's {@code tune:} section)
     */
    public record Options(Target target, List<Algorithm> algorithms, KeyRule key, Double holdout,
                          TuneSpec objectives) {
        public Options {
            if (target == null) {
                target = Target.RATELAB;
            }
            algorithms = algorithms == null ? List.of() : List.copyOf(algorithms);
            if (holdout != null && (holdout < 0 || holdout >= 0.9)) {
                throw new IllegalArgumentException("--holdout: must be 0% to 90% (exclusive), got "
                        + TuneSpec.percent(holdout));
            }
        }

        public static Options of(Target target) {
            return new Options(target, List.of(), null, null, null);
        }
    }

    private Tuner() {
    }

    /**
     * Tunes {@code scenario}, trace and schedule files resolved against {@code baseDir}.
     *
     * @throws IllegalArgumentException {@code field: problem} for objectives the data cannot be tuned for
     * @throws TuneCancelled            when {@code cancelled} turned true
     */
    public static TuneResult tune(Scenario scenario, Path baseDir, Options options, Progress progress,
                                  BooleanSupplier cancelled) {
        if (progress != null) {
            progress.update("reading the traffic", 0);
        }
        return tune(scenario, scenario.trafficPlan(baseDir, true), options, progress, cancelled);
    }

    /** Tunes {@code scenario} on {@code plan}, its traffic (see {@link Scenario#readPlanned}). */
    public static TuneResult tune(Scenario scenario, TrafficPlan plan, Options options, Progress progress,
                                  BooleanSupplier cancelled) {
        Progress p = progress == null ? (s, f) -> { } : progress;
        BooleanSupplier stop = cancelled == null ? () -> false : cancelled;
        TuneSpec o = options.objectives() != null ? options.objectives() : scenario.tuneOrDefaults();
        KeyRule rule = options.key() != null ? options.key() : scenario.limiters().get(0).keyOr(scenario.key());
        List<Family> families = options.target().families(options.algorithms());
        p.update("reading the traffic", 0);
        TuneData all = TuneData.read(plan, rule, o);
        checkCancelled(stop);
        double holdout = options.holdout() != null ? options.holdout()
                : all.spanNanos() > AUTO_HOLDOUT_SPAN_NANOS ? AUTO_HOLDOUT : 0;
        long split = holdout > 0 ? (long) (all.spanNanos() * (1 - holdout)) : all.spanNanos();
        TuneData train = (holdout > 0 ? all.slice(0, split) : all).grown(o.growth());
        TuneData unseen = holdout > 0 ? all.slice(split, all.spanNanos()).grown(o.growth()) : null;

        List<Frontier> frontiers = new ArrayList<>();
        for (int i = 0; i < families.size(); i++) {
            int fi = i;
            frontiers.add(Frontier.compute(train, families.get(i), o.spare().share(), o.spare().ofRequests(),
                    f -> p.update("frontier", (fi + f) / families.size()), stop));
        }
        int localReplicas = o.replicas() > 1 && !scenario.sharedStore() ? o.replicas() : 1;
        List<Candidates.Pick> picks = new ArrayList<>();
        for (Frontier f : frontiers) {
            picks.addAll(Candidates.pick(f, o.spare().share(), localReplicas));
        }
        Checks checks = check(scenario, o, rule, train, unseen, picks, localReplicas, p, stop);
        Recommender.Choice choice = Recommender.choose(checks.candidates, o, options.target(), train.spanNanos() / 1e9,
                localReplicas);
        TuneResult.Candidate rec = choice.candidate();
        int recIndex = checks.candidates.indexOf(rec);
        Scores.Checked recChecked = checks.trainChecked.get(recIndex);
        ScenarioLimiter current = currentOfFamily(scenario, rec.spec());
        Scores.Checked currentChecked = null;
        if (current != null) {
            TrafficPlan trainPlan = train.plan(o.attack(), scenario.seed());
            currentChecked = Scores.of(ClientCheck.run(trainPlan, current.spec(), rule, scenario.upstream(),
                    localReplicas, scenario.rttNanos()), train, trainPlan, current.spec(), o);
        }
        TuneResult.Explanation explain = Explain.of(train, recChecked, current == null ? null : current.name(),
                currentChecked);
        List<String> reasons = confidence(all, train, rec, choice);
        TuneResult.Recommendation recommendation = new TuneResult.Recommendation(rec.spec().withName("tuned"),
                choice.rule(), choice.why(), rec.train(), rec.holdout(), reasons.isEmpty() ? "normal" : "low",
                reasons, explain);
        p.update("done", 1);
        return new TuneResult(objectives(o, options, rule, holdout, families),
                new TuneResult.DataSummary(all.requests(), all.keys(), train.legitimateKeys(),
                        all.spanNanos() / 1e9, split / 1e9, (all.spanNanos() - split) / 1e9),
                frontierPoints(frontiers, o.spare().share()), curves(frontiers), checks.candidates, recommendation,
                choice.unmeetable());
    }

    /**
     * The scenario's limiter to compare the recommendation with: the first of the same algorithm, else, for the bucket
     * family (token bucket, GCRA, leaky bucket, Envoy, nginx), the first of that family; null when there is none.
     */
    static ScenarioLimiter currentOfFamily(Scenario scenario, LimiterSpec rec) {
        List<Algorithm> buckets = List.of(Algorithm.TOKEN_BUCKET, Algorithm.GCRA, Algorithm.LEAKY_BUCKET,
                Algorithm.ENVOY_LOCAL, Algorithm.NGINX_LIMIT_REQ);
        for (ScenarioLimiter l : scenario.limiters()) {
            if (l.spec().algorithm() == rec.algorithm()) {
                return l;
            }
        }
        for (ScenarioLimiter l : scenario.limiters()) {
            if (buckets.contains(l.spec().algorithm()) && buckets.contains(rec.algorithm())) {
                return l;
            }
        }
        return null;
    }

    private record Checks(List<TuneResult.Candidate> candidates, List<Scores.Checked> trainChecked) {
    }

    private static Checks check(Scenario scenario, TuneSpec o, KeyRule rule, TuneData train, TuneData unseen,
                                List<Candidates.Pick> picks, int replicas, Progress p, BooleanSupplier stop) {
        TrafficPlan trainPlan = train.plan(o.attack(), scenario.seed());
        TrafficPlan unseenPlan = unseen == null ? null : unseen.plan(o.attack(), scenario.seed());
        Scores.Checked[] trained = new Scores.Checked[picks.size()];
        Scores[] held = new Scores[picks.size()];
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, picks.size()).parallel().forEach(i -> {
            if (stop.getAsBoolean()) {
                return;
            }
            LimiterSpec spec = picks.get(i).spec();
            trained[i] = Scores.of(ClientCheck.run(trainPlan, spec, rule, scenario.upstream(), replicas,
                    scenario.rttNanos()), train,
                    trainPlan, spec, o);
            if (unseenPlan != null) {
                held[i] = Scores.of(ClientCheck.run(unseenPlan, spec, rule, scenario.upstream(), replicas,
                        scenario.rttNanos()), unseen,
                        unseenPlan, spec, o).scores();
            }
            p.update("simulating candidates", done.incrementAndGet() / (double) picks.size());
        });
        checkCancelled(stop);
        List<Integer> order = IntStream.range(0, picks.size()).boxed()
                .sorted((a, b) -> Double.compare(Candidates.cost(picks.get(a).spec()),
                        Candidates.cost(picks.get(b).spec()))).toList();
        List<Scores> scores = order.stream().map(i -> trained[i].scores()).toList();
        double[] costs = order.stream().mapToDouble(i -> Candidates.cost(picks.get(i).spec())).toArray();
        boolean[] pareto = Recommender.pareto(scores, costs);
        List<TuneResult.Candidate> out = new ArrayList<>();
        List<Scores.Checked> checked = new ArrayList<>();
        for (int j = 0; j < order.size(); j++) {
            int i = order.get(j);
            Candidates.Pick pick = picks.get(i);
            out.add(new TuneResult.Candidate(pick.spec(), pareto[j], trained[i].scores().misses(o).isEmpty(),
                    Scores.round(pick.roundingError(), 6), Scores.round(Candidates.cost(pick.spec()), 3),
                    trained[i].scores(), held[i], pick.margin()));
            checked.add(trained[i]);
        }
        return new Checks(out, checked);
    }

    private static void checkCancelled(BooleanSupplier stop) {
        if (stop.getAsBoolean()) {
            throw new TuneCancelled();
        }
    }

    /** Why the recommendation deserves low confidence; empty when it does not. */
    private static List<String> confidence(TuneData all, TuneData train, TuneResult.Candidate rec,
                                           Recommender.Choice choice) {
        List<String> reasons = new ArrayList<>();
        if (choice.unmeetable() != null) {
            reasons.add("the objectives cannot all be met; this is the closest candidate");
        }
        if (train.legitimateKeys() < 50) {
            reasons.add("only " + train.legitimateKeys() + " legitimate keys to tune on (fewer than 50)");
        }
        if (train.requests() < 1000) {
            reasons.add("only " + train.requests() + " requests to tune on (fewer than 1,000)");
        }
        double refill = Family.burst(rec.spec()) / Family.perSecond(rec.spec());
        if (train.spanNanos() / 1e9 < refill) {
            reasons.add(String.format(java.util.Locale.ROOT, "the tuning span (%.0f s) is shorter than the time the"
                    + " limiter takes to refill its burst (%.0f s): a key's bursts were not seen repeating",
                    train.spanNanos() / 1e9, refill));
        }
        return reasons;
    }

    private static Map<String, Object> objectives(TuneSpec o, Options options, KeyRule rule, double holdout,
                                                  List<Family> families) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spare", Map.of("share", o.spare().share(), "of", o.spare().of()));
        m.put("legitimate", o.legitimate().groups() != null ? o.legitimate().groups()
                : o.legitimate().clientsAbove() != null
                ? Map.of("exclude", Map.of("clientsAbove", o.legitimate().clientsAbove().toString())) : "all");
        if (o.protect() != null) {
            Map<String, Object> pr = new LinkedHashMap<>();
            if (o.protect().maxRate() != null) {
                pr.put("maxRate", o.protect().maxRate().toString());
            }
            if (o.protect().utilisation() != null) {
                pr.put("utilisation", o.protect().utilisation());
            }
            if (o.protect().p99() != null) {
                pr.put("p99Ms", o.protect().p99().toNanos() / 1e6);
            }
            m.put("protect", pr);
        }
        if (o.attack() != null) {
            m.put("attack", o.attack().group() != null ? o.attack().group()
                    : Map.of("clients", o.attack().clients(), "rate", o.attack().rate().toString()));
        }
        m.put("growth", o.growth());
        m.put("replicas", o.replicas());
        m.put("key", rule.toString());
        m.put("for", options.target().id());
        m.put("algorithms", families.stream().map(f -> f.algorithm().id()).toList());
        m.put("holdout", holdout);
        return m;
    }

    private static List<TuneResult.FrontierPoint> frontierPoints(List<Frontier> frontiers, double share) {
        List<TuneResult.FrontierPoint> out = new ArrayList<>();
        for (Frontier f : frontiers) {
            out.addAll(points(f, f.level(share)));
        }
        return out;
    }

    private static List<TuneResult.Curve> curves(List<Frontier> frontiers) {
        List<TuneResult.Curve> out = new ArrayList<>();
        for (Frontier f : frontiers) {
            for (int l = 0; l < f.levels().length; l++) {
                out.add(new TuneResult.Curve(f.family().algorithm().id(), f.levels()[l], points(f, l)));
            }
        }
        return out;
    }

    private static List<TuneResult.FrontierPoint> points(Frontier f, int level) {
        List<TuneResult.FrontierPoint> out = new ArrayList<>();
        for (Frontier.Point pt : f.points()) {
            double r = pt.perSecond(level);
            out.add(new TuneResult.FrontierPoint(f.family().algorithm().id(), Family.format(r),
                    Scores.round(r, 6), pt.bursts()[level], f.levels()[level],
                    f.family().isWindow() ? Durations.format(pt.setting().period()) : null));
        }
        return out;
    }
}
