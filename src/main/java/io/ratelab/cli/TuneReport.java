package io.ratelab.cli;

import io.ratelab.limit.LimiterSpec;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.TuneSpec;
import io.ratelab.tune.Scores;
import io.ratelab.tune.TuneResult;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ratelab tune}'s text: the objectives, a summary of the frontier, the Pareto candidates as a table (train and,
 * with holdout, unseen columns), and the recommendation with its why, confidence and the keys it rejects most.
 */
final class TuneReport {

    private TuneReport() {
    }

    static String render(TuneResult r) {
        StringBuilder b = new StringBuilder();
        TuneResult.DataSummary d = r.data();
        b.append("Objectives: ").append(objectives(r.objectives())).append('\n');
        b.append(String.format(Locale.ROOT, "Data: %,d requests, %,d keys (%,d legitimate), %.0f s; tuned on %.0f s%s%n",
                d.requests(), d.keys(), d.legitimateKeys(), d.spanSeconds(), d.tuningSeconds(),
                d.holdoutSeconds() > 0 ? String.format(Locale.ROOT, ", holdout %.0f s", d.holdoutSeconds()) : ""));
        b.append('\n').append(frontier(r)).append('\n');
        b.append("Pareto candidates (train").append(d.holdoutSeconds() > 0 ? " | holdout" : "").append("):\n");
        b.append(table(r)).append('\n');
        TuneResult.Recommendation rec = r.recommended();
        if (r.unmeetable() != null) {
            b.append("OBJECTIVES NOT MET: ").append(r.unmeetable().message()).append('\n');
            for (TuneResult.Closest c : r.unmeetable().closest()) {
                b.append("  closest: ").append(describe(c.spec())).append(" - ")
                        .append(String.join("; ", c.givesUp())).append('\n');
            }
            b.append('\n');
        }
        b.append("Recommended: ").append(describe(rec.spec())).append(" (confidence ").append(rec.confidence())
                .append(")\n");
        b.append("  ").append(FileFormats.json().valueToTree(rec.spec()).toString()).append('\n');
        b.append("Why: ").append(rec.why()).append('\n');
        b.append("Rule: ").append(rec.rule()).append('\n');
        if (rec.holdout() != null) {
            b.append("Holdout: ").append(scores(rec.holdout())).append('\n');
        }
        for (String reason : rec.reasons()) {
            b.append("Low confidence: ").append(reason).append('\n');
        }
        TuneResult.Explanation e = rec.explain();
        if (!e.topRejected().isEmpty()) {
            b.append("Keys rejected most:\n");
            for (TuneResult.KeyRejection k : e.topRejected()) {
                b.append(String.format(Locale.ROOT, "  %-28s %6d of %7d rejected (%s)%s%n", k.key(), k.rejected(),
                        k.sent(), TuneSpec.percent(k.rejectedShare()), k.legitimate() ? "" : "  not legitimate"));
            }
        }
        if (e.current() != null) {
            b.append(String.format(Locale.ROOT, "Against the current limiter '%s': %d keys newly rejected%s, %d keys"
                    + " newly admitted in full%s%n", e.current(), e.rejectedNewlyCount(), sample(e.rejectedNewly()),
                    e.admittedNewlyCount(), sample(e.admittedNewly())));
        }
        return b.toString();
    }

    private static String sample(List<String> keys) {
        return keys.isEmpty() ? "" : " (" + String.join(", ", keys.subList(0, Math.min(5, keys.size())))
                + (keys.size() > 5 ? ", ..." : "") + ")";
    }

    private static String objectives(Map<String, Object> o) {
        return FileFormats.json().valueToTree(o).toString();
    }

    private static String frontier(TuneResult r) {
        StringBuilder b = new StringBuilder("Frontier (burst needed to spare the share asked for):\n");
        String alg = null;
        List<TuneResult.FrontierPoint> pts = r.frontier();
        int step = Math.max(1, pts.size() / 24);
        for (int i = 0; i < pts.size(); i++) {
            TuneResult.FrontierPoint p = pts.get(i);
            if (!p.algorithm().equals(alg)) {
                alg = p.algorithm();
                b.append("  ").append(alg).append(" (").append(TuneSpec.percent(p.spareShare()))
                        .append(p.window() != null ? ", limit N per window W as N/W" : ", rate→burst").append("): ");
            } else if (i % step != 0) {
                continue;
            }
            if (p.window() != null) {
                b.append(p.burst()).append('/').append(p.window()).append("  ");
            } else {
                b.append(p.rate()).append("→").append(p.burst()).append("  ");
            }
        }
        return b.append('\n').toString();
    }

    private static String table(TuneResult r) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-44s %9s %10s %6s %10s %9s %8s%n",
                "limiter", "cost/min", "legit rej", "keys", "attack/s", "peak/s", "p99 ms"));
        for (TuneResult.Candidate c : r.candidates()) {
            if (!c.pareto()) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "  %-44s %9.0f %s%s%n", (c.meets() ? "* " : "  ") + describe(c.spec()),
                    c.cost(), row(c.train()), c.holdout() == null ? "" : " |" + row(c.holdout())));
        }
        return b.append("  (* meets every objective on the tuning data)\n").toString();
    }

    private static String row(Scores s) {
        return String.format(Locale.ROOT, "%10d %6d %10.1f %9.0f %8.1f", s.legitimateRejected(), s.keysAffected(),
                s.attackerAdmittedPerSecond(), s.peakAdmittedPerSecond(), s.p99Ms());
    }

    private static String scores(Scores s) {
        return String.format(Locale.ROOT, "spares %s, %d legitimate rejected (%s, %d keys), attack %.1f/s, peak"
                        + " %.0f/s, p99 %.1f ms", TuneSpec.percent(s.sparedShare()), s.legitimateRejected(),
                TuneSpec.percent(s.legitimateRejectedShare()), s.keysAffected(), s.attackerAdmittedPerSecond(),
                s.peakAdmittedPerSecond(), s.p99Ms());
    }

    static String describe(LimiterSpec spec) {
        return io.ratelab.tune.Describe.limiter(spec);
    }
}
