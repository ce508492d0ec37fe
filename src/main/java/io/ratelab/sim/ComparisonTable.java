package io.ratelab.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link SimulationResult} as a readable text table: one row per limiter, then each group's counts under it.
 * Pure formatting, no I/O.
 */
public final class ComparisonTable {

    private static final String[] HEADER = {"limiter", "algorithm", "key", "offered", "sent", "admitted", "rejected",
            "errors", "delayed", "retries", "peak/window", "adm. p50 ms", "adm. p99 ms", "adm. max ms", "fairness",
            "polite rej.", "upstream"};

    private ComparisonTable() {
    }

    /** The table, lines ending in {@code \n}. */
    public static String render(SimulationResult r) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (LimiterResult l : r.limiters()) {
            rows.add(new String[]{l.name(), l.algorithm(), l.key(), count(l.offered()), count(l.sent()),
                    count(l.admitted()), count(l.rejected()), count(l.errors()), count(l.delayed()),
                    count(l.retries()), peak(l), num(l.latencyMs().p50()),
                    num(l.latencyMs().p99()), num(l.latencyMs().max()), String.format(Locale.ROOT, "%.3f", l.fairness()),
                    l.wellBehavedRejectedShare() == null ? "-" : percent(l.wellBehavedRejectedShare()),
                    percent(l.upstream().utilisation())});
            for (LimiterResult.GroupResult g : l.groups()) {
                rows.add(new String[]{"  " + g.name(), g.clients() + " client" + (g.clients() == 1 ? "" : "s"), "",
                        count(g.offered()), count(g.offered() + g.retries()), count(g.admitted()),
                        count(g.rejected()), count(g.errors()), count(g.delayed()), count(g.retries()), "", "", "", "",
                        "", "", ""});
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("scenario ").append(r.scenario()).append(": ").append(r.durationSeconds()).append(" s simulated, seed ")
                .append(r.seed()).append('\n');
        int[] widths = widths(rows);
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                boolean left = i < 3;
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(i == 0 ? "" : "  ").append(left ? cell + pad : pad + cell);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append(replicaLines(r));
        out.append(io.ratelab.metrics.Vocabulary.LEGEND).append('\n');
        out.append("adm. p50/p99/max: latency of admitted (2xx) requests; peak/window: most admitted (all keys) in any window of the limit's length; fairness: Jain's"
                + " index of admitted/fair share per client (1 = fair);\npolite rej.: share of sends rejected from"
                + " clients within their fair share of the limit; upstream: busy share of its capacity\n");
        return out.toString();
    }

    /**
     * For each limiter simulated both ways (a scenario with replicas), one line: what N local copies admitted against
     * the one shared limit, as a ratio.
     */
    static String replicaLines(SimulationResult r) {
        StringBuilder out = new StringBuilder();
        for (LimiterResult local : r.limiters()) {
            if (local.replicas() <= 1) {
                continue;
            }
            for (LimiterResult shared : r.limiters()) {
                if (shared.replicas() == 1 && shared.limiter().equals(local.limiter())) {
                    out.append(String.format(Locale.ROOT, "replicas: %s as %d local limiters admitted %s, %s the"
                                    + " %s of one shared limit%n", local.limiter(), local.replicas(),
                            count(local.admitted()), ratio(local.admitted(), shared.admitted()),
                            count(shared.admitted())));
                }
            }
        }
        return out.toString();
    }

    private static String ratio(long a, long b) {
        return b == 0 ? "vs" : String.format(Locale.ROOT, "%.2f×", (double) a / b);
    }

    private static int[] widths(List<String[]> rows) {
        int[] w = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        return w;
    }

    private static String peak(LimiterResult l) {
        return l.windowSeconds() == 0 ? "-" : count(l.peakAdmittedPerWindow()) + "/" + l.windowSeconds() + "s";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
