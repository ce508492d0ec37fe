package io.ratelab.ui.live;

import io.ratelab.metrics.LatencySummary;
import io.ratelab.report.RunCharts;
import io.ratelab.report.RunReport;
import io.ratelab.report.Verdict;
import io.ratelab.metrics.MetricsSnapshot;
import io.ratelab.metrics.CountedColumn;
import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.ChartMarker;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The live tab: counters, the three live charts, the per-group table (with each group's fairness) and the busiest
 * clients (a {@link TopClients}) of the running (or last) run.
 *
 * <p>Threading (STYLE.md point 9): the generator's sampler thread publishes {@link MetricsSnapshot}s; this view
 * model never receives calls from it. The workbench's single frame pump calls {@link #pull()} once per frame; it
 * reads the newest snapshot and, only when it is a new one at least {@link #UPDATE_EVERY_NANOS} of run time after the
 * one shown, appends what it adds. FX thread only.
 *
 * <p>Rendering (issue 21): every property set here makes the renderer paint again, and the renderer shares the CPU
 * with the load it shows. So numbers and charts change once a second, together in one frame (the sampler publishes ten
 * times a second; each frame the software renderer paints costs it 30-100 ms on a busy 2-core machine), the
 * percentile chart only when a second closes, tables only when a row changed; nothing changes between updates.
 */
public final class LiveViewModel {

    /** Snapshots are shown at most this often (in run time): once a second, as the charts' data changes. */
    static final long UPDATE_EVERY_NANOS = 1_000_000_000L;
    /** The distribution plot is recomputed from the cumulative histograms at most this often. */
    static final long LATENCY_EVERY_NANOS = 1_000_000_000L;

    private final ObjectProperty<ChartData> rates = new SimpleObjectProperty<>(RunCharts.EMPTY_RATES);
    private final ObjectProperty<ChartData> latency = new SimpleObjectProperty<>(RunCharts.EMPTY_LATENCY);
    private final ObjectProperty<ChartData> percentiles = new SimpleObjectProperty<>(RunCharts.EMPTY_PERCENTILES);
    private final LongProperty offered = new SimpleLongProperty();
    private final LongProperty accepted = new SimpleLongProperty();
    private final LongProperty rejected = new SimpleLongProperty();
    private final LongProperty errors = new SimpleLongProperty();
    private final javafx.beans.property.StringProperty errorCauses =
            new javafx.beans.property.SimpleStringProperty("errors");
    private final DoubleProperty achievedRate = new SimpleDoubleProperty();
    private final DoubleProperty retryRate = new SimpleDoubleProperty();
    private final DoubleProperty admittedP50 = new SimpleDoubleProperty();
    private final DoubleProperty admittedP99 = new SimpleDoubleProperty();
    private final DoubleProperty acceptedRate = new SimpleDoubleProperty();
    private final DoubleProperty lateRate = new SimpleDoubleProperty();
    private final DoubleProperty targetRate = new SimpleDoubleProperty();
    private final BooleanProperty ended = new SimpleBooleanProperty();
    private final BooleanProperty showTotals = new SimpleBooleanProperty(true);
    private final ObservableList<GroupToggle> groupToggles = FXCollections.observableArrayList();
    private final ObservableList<GroupRow> groupRows = FXCollections.observableArrayList();
    private final TopClients topClients = new TopClients();
    private List<ChartMarker> swapMarkers = List.of();
    private Supplier<MetricsSnapshot> source;
    private MetricsSnapshot last;
    private RunCharts charts;
    private long latencyAtNanos = -LATENCY_EVERY_NANOS;
    private long coarseShown = -1;
    private long snapshotsApplied;

    public LiveViewModel() {
        showTotals.addListener((obs, o, n) -> redrawRates());
    }

    /**
     * Follows a new run: clears the charts and reads snapshots from {@code newSource} from the next frame on.
     *
     * @param newSource returns the newest published snapshot, or null before the first; called on the FX thread
     */
    public void attach(Supplier<MetricsSnapshot> newSource) {
        source = newSource;
        ended.set(false);
        last = null;
        charts = null;
        latencyAtNanos = -LATENCY_EVERY_NANOS;
        coarseShown = -1;
        rates.set(RunCharts.EMPTY_RATES);
        latency.set(RunCharts.EMPTY_LATENCY);
        percentiles.set(RunCharts.EMPTY_PERCENTILES);
        groupRows.clear();
        topClients.clear();
        swapMarkers = List.of();
    }

    /**
     * Takes a last snapshot and stops following the run; the charts keep showing it. The achieved and target rates
     * become the run's averages: the last second's rate of a run that has stopped is no rate at all.
     */
    public void detach() {
        pull(true);
        if (last != null) {
            latency.set(RunCharts.latency(last));
            double seconds = last.elapsedNanos() / 1e9;
            if (seconds > 0) {
                achievedRate.set(offered.get() / seconds);
                retryRate.set(last.total(CountedColumn.RETRY) / seconds);
                acceptedRate.set(accepted.get() / seconds);
                targetRate.set(last.total(CountedColumn.SCHEDULED) / seconds);
            }
            ended.set(true);
        }
        source = null;
    }

    /** True once the followed run has ended: the rates shown are then its averages. */
    public BooleanProperty endedProperty() {
        return ended;
    }

    /**
     * Applies the newest snapshot if it is new and in a later second of the run than the one shown (the first and the
     * final snapshot at once). Called by the frame pump once per frame.
     *
     * @return true when a new snapshot was applied
     */
    public boolean pull() {
        return pull(false);
    }

    private boolean pull(boolean now) {
        MetricsSnapshot s = source == null ? null : source.get();
        if (s == null || s == last) {
            return false;
        }
        // the first snapshot of each new second of the run: the second that just closed shows at once
        if (!now && last != null && !s.finished()
                && s.elapsedNanos() / UPDATE_EVERY_NANOS <= last.elapsedNanos() / UPDATE_EVERY_NANOS) {
            return false;
        }
        last = s;
        snapshotsApplied++;
        if (charts == null) {
            charts = new RunCharts(s.groups(), 10);
            List<GroupToggle> toggles = new ArrayList<>();
            for (String g : s.groups()) {
                GroupToggle t = new GroupToggle(g);
                t.shownProperty().addListener((obs, o, n) -> redrawRates());
                toggles.add(t);
            }
            groupToggles.setAll(toggles);
        }
        charts.append(s);
        redrawRates();
        // a closed second is this chart's only new point, and its time axis grows by whole seconds (with the rates')
        long coarseAndSpan = ((long) s.coarse().size() << 32) | (long) Math.ceil(s.elapsedNanos() / 1e9);
        if (coarseAndSpan != coarseShown) {
            coarseShown = coarseAndSpan;
            redrawPercentiles();
        }
        if (s.finished() || s.elapsedNanos() - latencyAtNanos >= LATENCY_EVERY_NANOS) {
            latencyAtNanos = s.elapsedNanos();
            latency.set(RunCharts.latency(s));
        }
        updateCounters(s);
        return true;
    }

    private void updateCounters(MetricsSnapshot s) {
        offered.set(Verdict.OFFERED.total(s, -1));
        accepted.set(Verdict.ACCEPTED.total(s, -1));
        rejected.set(Verdict.REJECTED.total(s, -1));
        errors.set(Verdict.ERRORS.total(s, -1));
        String causes = io.ratelab.metrics.ErrorCauses.describe(s.errorCauses());
        errorCauses.set(causes.isEmpty() ? "errors" : "errors: " + causes);
        achievedRate.set(charts.lastRate(Verdict.OFFERED));
        lateRate.set(lastSecondRate(s, CountedColumn.LATE));
        retryRate.set(charts.lastRate(Verdict.RETRIES));
        admittedP50.set(LatencySummary.millis(s.byOutcome().admitted().p50Nanos()));
        admittedP99.set(LatencySummary.millis(s.byOutcome().admitted().p99Nanos()));
        acceptedRate.set(charts.lastRate(Verdict.ACCEPTED));
        List<GroupRow> rows = new ArrayList<>();
        for (int g = 0; g < s.groups().size(); g++) {
            LatencySummary l = s.groupByOutcome().get(g).admitted();
            rows.add(new GroupRow(s.groups().get(g), Verdict.OFFERED.total(s, g), Verdict.SENT.total(s, g),
                    Verdict.ACCEPTED.total(s, g),
                    Verdict.REJECTED.total(s, g), Verdict.ERRORS.total(s, g), LatencySummary.millis(l.p50Nanos()),
                    LatencySummary.millis(l.p99Nanos()), s.clients().groups().get(g).index()));
        }
        if (!rows.equals(groupRows)) {
            groupRows.setAll(rows);
        }
        topClients.show(s.clients());
    }

    /** {@code outcome} per second over the last second's fine intervals (at most the last ten). */
    private static double lastSecondRate(MetricsSnapshot s, CountedColumn outcome) {
        List<io.ratelab.metrics.IntervalStats> fine = s.fine();
        if (fine.isEmpty()) {
            return 0;
        }
        int from = Math.max(0, fine.size() - 10);
        long n = 0;
        for (int i = from; i < fine.size(); i++) {
            n += fine.get(i).count(outcome);
        }
        long span = fine.get(fine.size() - 1).endNanos() - fine.get(from).startNanos();
        return span <= 0 ? 0 : n * 1e9 / span;
    }

    private void redrawRates() {
        if (charts == null) {
            return;
        }
        Set<String> shown = new HashSet<>();
        for (GroupToggle t : groupToggles) {
            if (t.shownProperty().get()) {
                shown.add(t.group());
            }
        }
        ChartData d = charts.rates(showTotals.get(), shown);
        rates.set(swapMarkers.isEmpty() ? d : d.withMarkers(concat(d.markers(), swapMarkers)));
    }

    private void redrawPercentiles() {
        ChartData d = charts.percentilesOverTime();
        percentiles.set(swapMarkers.isEmpty() ? d : d.withMarkers(swapMarkers));
    }

    private static List<ChartMarker> concat(List<ChartMarker> a, List<ChartMarker> b) {
        List<ChartMarker> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Marks the limiter swaps of the run on both charts over time: a line at each swap (not at the first limiter),
     * the new limiter's name beside it and its settings in the hover read-out.
     *
     * @param changes the limiters in force, oldest first, each with the second it took effect
     */
    public void showLimiterChanges(List<RunReport.LimiterChange> changes) {
        swapMarkers = RunReport.swapMarkers(changes);
        if (charts != null) {
            redrawRates();
            redrawPercentiles();
        }
    }

    /** "12.3 s: the proxy switched to 'gcra': gcra 20/s, burst 40". */
    public static String swapText(RunReport.LimiterChange c) {
        return c.description();
    }

    public ObjectProperty<ChartData> ratesProperty() {
        return rates;
    }

    public ObjectProperty<ChartData> latencyProperty() {
        return latency;
    }

    public ObjectProperty<ChartData> percentilesProperty() {
        return percentiles;
    }

    public LongProperty offeredProperty() {
        return offered;
    }

    public LongProperty acceptedProperty() {
        return accepted;
    }

    public LongProperty rejectedProperty() {
        return rejected;
    }

    /** {@code errors}, or {@code errors: HTTP 400: 5, connection refused: 1}: why requests failed. */
    public javafx.beans.property.StringProperty errorCausesProperty() {
        return errorCauses;
    }

    public LongProperty errorsProperty() {
        return errors;
    }

    /** Requests offered (first attempts) per second over the last second; the run's average once it ended. */
    public DoubleProperty achievedRateProperty() {
        return achievedRate;
    }

    /** Sends per second over the last second that left more than the late threshold after their intended time. */
    public DoubleProperty lateRateProperty() {
        return lateRate;
    }

    /** Retries per second over the last second, apart from the offered rate; the run's average once it ended. */
    public DoubleProperty retryRateProperty() {
        return retryRate;
    }

    /** Median latency of admitted (2xx) requests since the start, ms (updated once a second). */
    public DoubleProperty admittedP50Property() {
        return admittedP50;
    }

    /** 99th percentile latency of admitted (2xx) requests since the start, ms (updated once a second). */
    public DoubleProperty admittedP99Property() {
        return admittedP99;
    }

    /** Requests accepted per second over the last second. */
    public DoubleProperty acceptedRateProperty() {
        return acceptedRate;
    }

    /** The rate the run aims at, requests per second over all groups (0 when unknown). */
    public DoubleProperty targetRateProperty() {
        return targetRate;
    }

    /** Whether the rates chart shows the all-groups lines. */
    public BooleanProperty showTotalsProperty() {
        return showTotals;
    }

    /** One switch per traffic group of the current run. */
    public ObservableList<GroupToggle> groupToggles() {
        return groupToggles;
    }

    public ObservableList<GroupRow> groupRows() {
        return groupRows;
    }

    /** The busiest or the least-served clients of the run (see {@link #clientRankingProperty()}), at most 20. */
    public ObservableList<ClientRow> topClients() {
        return topClients.rows();
    }

    /** The top-clients table's heading: how many are shown of how many sent anything, and their fairness. */
    public StringProperty topClientsCaptionProperty() {
        return topClients.captionProperty();
    }

    /** Whether the top-clients table shows the busiest clients or the least served. */
    public ObjectProperty<ClientRanking> clientRankingProperty() {
        return topClients.rankingProperty();
    }

    /** The newest applied snapshot, or null (reports use it). */
    public MetricsSnapshot lastSnapshot() {
        return last;
    }

    /** How many new snapshots have been applied since start (tests and the pulse log use it). */
    public long snapshotsApplied() {
        return snapshotsApplied;
    }

    /** True while following a run. */
    public boolean isAttached() {
        return source != null;
    }
}
