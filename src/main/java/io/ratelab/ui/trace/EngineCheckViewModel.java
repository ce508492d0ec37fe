package io.ratelab.ui.trace;

import io.ratelab.export.Verification;
import io.ratelab.export.VerificationReport;
import io.ratelab.report.plot.AxisKind;
import io.ratelab.report.plot.ChartData;
import io.ratelab.report.plot.ChartSeries;
import io.ratelab.report.plot.SeriesColor;
import io.ratelab.report.plot.ValueFormat;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The trace view's "Compare with what the engine decided": {@code ratelab verify} on the open trace — a RateLab
 * recording, an nginx log with {@code $limit_req_status}, the HAProxy shadow log — for the selected limiter of the
 * scenario: the report's text and a chart of rejections per second, predicted by the model against those the engine
 * recorded. The verification runs on the trace view's worker and publishes through a volatile; {@link #pull()}
 * takes it once per frame. FX thread only; no JavaFX nodes.
 */
public final class EngineCheckViewModel {

    static final ChartData EMPTY = ChartData.empty(AxisKind.LINEAR, "time since the first request",
            "rejections / s", ValueFormat.elapsedSeconds(), ValueFormat.number(""),
            "Compare with what the engine decided: open a recording or a shadow log");
    /** Differing seconds and keys the text lists. */
    private static final int TOP = 5;

    private final Executor worker;
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ObjectProperty<ChartData> chart = new SimpleObjectProperty<>(EMPTY);
    private final ReadOnlyObjectWrapper<VerificationReport> report = new ReadOnlyObjectWrapper<>();
    private volatile Object outcome;
    private long generation;

    EngineCheckViewModel(Executor worker) {
        this.worker = worker;
    }

    /**
     * Verifies {@code limiterName} of {@code scenario} (the first limiter when none has that name) against the
     * decisions {@code trace} recorded, in the background.
     *
     * @return false when nothing was started: no trace or scenario, or a check is running
     */
    public boolean start(Path trace, Scenario scenario, String limiterName) {
        if (trace == null || scenario == null || checking.get()) {
            return false;
        }
        ScenarioLimiter l = scenario.limiters().stream().filter(x -> x.name().equals(limiterName)).findFirst()
                .orElse(scenario.limiters().get(0));
        long gen = ++generation;
        checking.set(true);
        outcome = null;
        report.set(null);
        chart.set(EMPTY);
        text.set("Comparing '" + l.name() + "' with what the engine decided in " + trace.getFileName() + "…");
        worker.execute(() -> {
            Object o;
            try {
                o = new Checked(Verification.verify(l.spec(), l.keyOr(scenario.key()), trace,
                        Verification.Options.DEFAULT), gen);
            } catch (RuntimeException e) {
                o = new Failed(e, gen);
            }
            outcome = o;
        });
        return true;
    }

    /** Forgets the last result (another trace was opened). */
    public void clear() {
        generation++;
        checking.set(false);
        outcome = null;
        report.set(null);
        chart.set(EMPTY);
        text.set("");
    }

    /** Takes a finished check, once per frame; true when something new arrived. */
    public boolean pull() {
        Object o = outcome;
        if (o == null) {
            return false;
        }
        outcome = null;
        if (o instanceof Checked c && c.generation == generation) {
            checking.set(false);
            report.set(c.report);
            chart.set(chart(c.report));
            text.set(c.report.text(TOP).strip());
            return true;
        }
        if (o instanceof Failed f && f.generation == generation) {
            checking.set(false);
            text.set("Cannot compare: " + f.error.getMessage());
            return true;
        }
        return false;
    }

    /** Rejections per second, predicted (dashed) and recorded by the engine, at the end of each second. */
    static ChartData chart(VerificationReport r) {
        List<VerificationReport.Second> seconds = r.seconds();
        if (seconds.isEmpty()) {
            return EMPTY;
        }
        long first = seconds.get(0).epochSecond();
        int n = seconds.size();
        double[] x = new double[n];
        double[] predicted = new double[n];
        double[] observed = new double[n];
        for (int i = 0; i < n; i++) {
            VerificationReport.Second s = seconds.get(i);
            x[i] = s.epochSecond() - first + 1;
            predicted[i] = s.predicted();
            observed[i] = s.observed();
        }
        String engine = r.deployed() == Verification.Deployed.RATELAB ? "recorded" : "recorded by "
                + r.deployed().label();
        return new ChartData(AxisKind.LINEAR, "time since the first request", "rejections / s",
                ValueFormat.elapsedSeconds(), ValueFormat.number(""), 0, x[n - 1],
                List.of(ChartSeries.of("predicted by the model", SeriesColor.BLUE, true, x, predicted),
                        ChartSeries.of(engine, SeriesColor.RED, false, x, observed)),
                "No request was compared");
    }

    public ReadOnlyBooleanProperty checkingProperty() {
        return checking.getReadOnlyProperty();
    }

    /** The report as {@code ratelab verify} prints it, progress, or why it failed. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ObjectProperty<ChartData> chartProperty() {
        return chart;
    }

    /** The last report, or null. */
    public ReadOnlyObjectProperty<VerificationReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    private record Checked(VerificationReport report, long generation) {
    }

    private record Failed(RuntimeException error, long generation) {
    }
}
