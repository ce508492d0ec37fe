package io.ratelab.ui.trace;

import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.scenario.TraceSpec;
import io.ratelab.scenario.TrafficSpec;
import io.ratelab.report.plot.ChartData;
import io.ratelab.traffic.trace.TraceFormat;
import io.ratelab.traffic.trace.TraceKey;
import io.ratelab.traffic.trace.TraceOptions;
import io.ratelab.traffic.trace.TraceReadReport;
import io.ratelab.traffic.trace.TraceReplay;
import io.ratelab.traffic.trace.TraceSummary;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The trace view's logic: open a recorded trace (format detected or picked, client key mapping), read it off the FX
 * thread into a {@link TraceSummary} (the one {@code trace inspect} prints), show its rate profile and summary, and
 * turn it into traffic — a scenario whose only group replays it at the chosen speed — for the live session and
 * compare mode. What is run on the open trace here has its own view models: {@link #simulation()} (the simulator)
 * and {@link #engineCheck()} (the engine that wrote it).
 *
 * <p>Threading: {@link #reload()} and the runs hand the work to one background executor, which publishes only
 * through volatiles; the frame pump calls {@link #pull()} once per frame to take the results. FX thread only; no
 * JavaFX nodes, so it is testable without the toolkit.
 */
public final class TraceViewModel {

    /** The format picker's choices; the field also takes an nginx {@code log_format} string. */
    public static final List<String> FORMATS = List.of(TraceChoices.AUTO_FORMAT, "combined", "common", "har", "csv",
            "jsonl", "ratelab");
    /** The key mapping's choices; the field takes any {@code header:NAME}. */
    public static final List<String> KEYS = List.of(TraceChoices.DEFAULT_KEY, "ip", "forwarded", "header:X-Api-Key",
            "user", "route", "key", "global");
    /** The replay speeds offered (× recorded). */
    public static final List<Double> SPEEDS = List.of(1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 100.0);
    private static final int TOP_CLIENTS = 10;

    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>();
    private final StringProperty format = new SimpleStringProperty(TraceChoices.AUTO_FORMAT);
    private final StringProperty key = new SimpleStringProperty(TraceChoices.DEFAULT_KEY);
    private final DoubleProperty speed = new SimpleDoubleProperty(10);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ObjectProperty<ChartData> profile = new SimpleObjectProperty<>(TraceCharts.EMPTY_PROFILE);
    private final ObservableList<TraceFact> facts = FXCollections.observableArrayList();
    private final ObservableList<String> topClients = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<TraceSummary> summary = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<TraceReadReport> readReport = new ReadOnlyObjectWrapper<>();
    private final Executor worker;
    private final EngineCheckViewModel engineCheck;
    private final TraceSimulationViewModel simulation;
    private volatile Object importOutcome;
    private TraceOptions loadedOptions;
    private long importGeneration;

    /** Reads and simulates on the daemon thread {@code ratelab-trace}. */
    public TraceViewModel() {
        this(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ratelab-trace");
            t.setDaemon(true);
            return t;
        }));
    }

    /** Reads and simulates on {@code worker} (tests pass a direct executor). */
    public TraceViewModel(Executor worker) {
        this.worker = worker;
        this.engineCheck = new EngineCheckViewModel(worker);
        this.simulation = new TraceSimulationViewModel(this, worker);
    }

    /** Opens {@code path} with the current format and key choices. */
    public void open(Path path) {
        file.set(path);
        engineCheck.clear();
        reload();
    }

    /**
     * Reads the open trace again (after the format or key changed), in the background.
     *
     * @return false when nothing was started: no file, or the format or key field is invalid (see {@link #errorProperty()})
     */
    public boolean reload() {
        Path p = file.get();
        if (p == null) {
            return false;
        }
        TraceOptions options;
        try {
            options = TraceChoices.options(format.get(), key.get());
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return false;
        }
        long gen = ++importGeneration;
        loading.set(true);
        error.set("");
        message.set("Reading " + p.getFileName() + "…");
        importOutcome = null;
        worker.execute(() -> {
            Object o;
            try {
                o = new Loaded(TraceSummary.scan(p, options, TOP_CLIENTS), options, gen);
            } catch (RuntimeException e) {
                o = new Failed(e, gen);
            }
            importOutcome = o;
        });
        return true;
    }

    /** "Simulate": the selected limiter on the open trace, in the simulator. */
    public TraceSimulationViewModel simulation() {
        return simulation;
    }

    /**
     * Compares {@code limiterName} of {@code current} with what the engine that wrote the open trace decided
     * ({@code ratelab verify}), in the background; see {@link #engineCheck()}.
     *
     * @return false when nothing was started: no trace is loaded, or a comparison runs
     */
    public boolean verify(Scenario current, String limiterName) {
        return loaded.get() && engineCheck.start(file.get(), current, limiterName);
    }

    /** "Compare with what the engine decided": its report and chart. */
    public EngineCheckViewModel engineCheck() {
        return engineCheck;
    }

    /**
     * {@code current} with the trace as its only traffic (its limiters, key rule, upstream, replicas, store and seed
     * kept), lasting as long as the trace takes to replay at the chosen speed.
     */
    public Scenario onTrace(Scenario current) {
        return onTrace(current, current.limiters());
    }

    /** {@code current} on the trace (see {@link #onTrace(Scenario)}) with {@code limiters} only. */
    Scenario onTrace(Scenario current, List<ScenarioLimiter> limiters) {
        if (!loaded.get()) {
            throw new IllegalStateException("no trace is open");
        }
        return new Scenario(current.name() + " on " + file.get().getFileName(), replayDuration(), current.seed(),
                current.key(), limiters, List.of(traceGroup()), current.upstream(), current.replicas(), current.store(),
                current.redis(), null, current.network());
    }

    /** The replay's length at the chosen speed: the recorded span ÷ speed, plus 1 ns to include the last request. */
    private java.time.Duration replayDuration() {
        return java.time.Duration.ofNanos((long) (summary.get().spanNanos() / speed.get()) + 1);
    }

    /** The open trace as a traffic group: {@code {name: trace, trace: {path, format, key, speed}}}, absolute path. */
    public TrafficSpec traceGroup() {
        TraceOptions o = loadedOptions;
        TraceSpec spec = new TraceSpec(file.get().toAbsolutePath().toString(), o.format().toString(),
                o.key().toString(), speed.get(), false, null);
        return new TrafficSpec("trace", null, null, null, null, spec, null);
    }

    /** Takes finished reads, simulations and engine checks, once per frame; true when something new arrived. */
    public boolean pull() {
        boolean changed = false;
        Object i = importOutcome;
        if (i != null) {
            importOutcome = null;
            changed = takeImport(i);
        }
        changed |= simulation.pull();
        return engineCheck.pull() | changed;
    }

    private boolean takeImport(Object o) {
        if (o instanceof Loaded l && l.generation == importGeneration) {
            loading.set(false);
            show(l.summary, l.options);
            return true;
        }
        if (o instanceof Failed f && f.generation == importGeneration) {
            loading.set(false);
            error.set(file.get() + ": " + f.error.getMessage());
            message.set("");
            return true;
        }
        return false;
    }

    private void show(TraceSummary s, TraceOptions options) {
        summary.set(s);
        readReport.set(TraceReadReport.of("trace", file.get().toString(), s));
        facts.setAll(TraceCharts.summaryRows(s).stream().map(r -> new TraceFact(r[0], r[1])).toList());
        topClients.setAll(TraceCharts.topClients(s));
        profile.set(TraceCharts.profile(s));
        simulation.clear();
        if (s.requests() == 0) {
            loaded.set(false);
            error.set(file.get() + ": holds no request that " + s.format() + " can read; skipped "
                    + TraceCharts.tally(s.skipped()));
            message.set("");
            return;
        }
        loadedOptions = options.withFormat(s.format()).withKey(s.key());
        loaded.set(true);
        message.set(String.format(java.util.Locale.ROOT, "%s: %,d client%s over %.1f s; %s",
                file.get().getFileName(), s.clients(), s.clients() == 1 ? "" : "s", s.spanNanos() / 1e9,
                readReport.get().describe()));
    }

    /** The chosen speed as {@code 10×}. */
    String speedText() {
        double v = speed.get();
        return (v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v)) + "×";
    }

    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    /** The format field: a choice of {@link #FORMATS} or an nginx log_format string. */
    public StringProperty formatProperty() {
        return format;
    }

    /** The key field: a choice of {@link #KEYS} or {@code header:NAME}. */
    public StringProperty keyProperty() {
        return key;
    }

    /** The replay speed (× recorded), above 0 and at most {@link TraceReplay#MAX_SPEED}. */
    public DoubleProperty speedProperty() {
        return speed;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** True when a trace with at least one request is open: the actions apply. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** What is wrong (file, format or key field, or the file itself: what and where), or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** A one-line description of the open trace, or progress. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ObjectProperty<ChartData> profileProperty() {
        return profile;
    }

    public ObservableList<TraceFact> facts() {
        return facts;
    }

    public ObservableList<String> topClients() {
        return topClients;
    }

    /** What reading the open trace did (the report {@code simulate} and {@code run} print), or null. */
    public ReadOnlyObjectProperty<TraceReadReport> readReportProperty() {
        return readReport.getReadOnlyProperty();
    }

    /** The open trace's summary, or null. */
    public ReadOnlyObjectProperty<TraceSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    private record Loaded(TraceSummary summary, TraceOptions options, long generation) {
    }

    private record Failed(RuntimeException error, long generation) {
    }
}
