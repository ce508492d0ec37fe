package io.ratelab.ui.export;

import io.ratelab.export.ExportFormat;
import io.ratelab.export.ExportRequest;
import io.ratelab.export.ExportResult;
import io.ratelab.export.Exporter;
import io.ratelab.export.K8sSidecar;
import io.ratelab.export.ListenAddress;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * The export dialog: one limiter of the scenario as nginx, HAProxy, Envoy, Kubernetes or RateLab configuration, with
 * a preview, the exporter's notes on what is approximate (quantified on the scenario's traffic), copy and save. The
 * exporters do the work ({@code io.ratelab.export}); this only gathers the request.
 *
 * <p>An export may simulate the scenario, so it runs on {@code background}; its result is handed back through
 * {@code fx} (the FX thread in the window, a direct executor in tests). Properties are FX-thread only.
 */
public final class ExportViewModel {

    private final ScenarioLimiter limiter;
    private final Scenario scenario;
    private final Path baseDir;
    private final Executor background;
    private final Executor fx;
    private final ObjectProperty<ExportFormat> format = new SimpleObjectProperty<>(ExportFormat.NGINX);
    private final StringProperty listen = new SimpleStringProperty(ListenAddress.DEFAULT.toString());
    private final StringProperty upstream = new SimpleStringProperty(ExportRequest.DEFAULT_UPSTREAM.toString());
    private final BooleanProperty snippet = new SimpleBooleanProperty(false);
    private final BooleanProperty shadow = new SimpleBooleanProperty(false);
    private final ObjectProperty<K8sSidecar> sidecar = new SimpleObjectProperty<>(K8sSidecar.RATELAB);
    private final StringProperty deployment = new SimpleStringProperty("app");
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notes = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper exportable = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper saved = new ReadOnlyStringWrapper("");
    private ExportResult result;
    private long generation;

    /**
     * @param limiter    the limiter to export, with its key rule override
     * @param scenario   its scenario: the key rule, and the traffic on which approximations are quantified
     * @param baseDir    where the scenario's files are
     * @param background where exports run
     * @param fx         where results are applied to the properties
     */
    public ExportViewModel(ScenarioLimiter limiter, Scenario scenario, Path baseDir, Executor background,
                           Executor fx) {
        this.limiter = limiter;
        this.scenario = scenario;
        this.baseDir = baseDir;
        this.background = background;
        this.fx = fx;
        for (var p : new javafx.beans.Observable[]{format, listen, upstream, snippet, shadow, sidecar,
                deployment}) {
            p.addListener(o -> refresh());
        }
        refresh();
    }

    /** Rebuilds the preview from the current choices. */
    public void refresh() {
        ExportRequest request;
        try {
            request = new ExportRequest(limiter.spec(), limiter.keyOr(scenario.key()),
                    ListenAddress.parse(listen.get().strip()), URI.create(upstream.get().strip()), snippet.get(),
                    sidecar.get(), deployment.get().strip(), new ExportRequest.Traffic(scenario, baseDir))
                    .withShadow(shadow.get());
        } catch (IllegalArgumentException e) {
            // an invalid field: no preview, nothing to copy or save, and an export still running is forgotten
            generation++;
            busy.set(false);
            show(null, e.getMessage());
            return;
        }
        long gen = ++generation;
        busy.set(true);
        exportable.set(false);
        saved.set("");
        ExportFormat f = format.get();
        background.execute(() -> {
            ExportResult r = null;
            String problem = "";
            try {
                r = Exporter.forFormat(f).export(request);
            } catch (RuntimeException e) {
                problem = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            ExportResult done = r;
            String failed = problem;
            fx.execute(() -> apply(gen, done, failed));
        });
    }

    private void apply(long gen, ExportResult r, String problem) {
        if (gen != generation) {
            return;
        }
        busy.set(false);
        show(r, problem);
    }

    /** Shows an export, or none with the reason: the preview is always what the form describes now, or empty. */
    private void show(ExportResult r, String problem) {
        error.set(problem);
        result = r;
        preview.set(r == null ? "" : r.text());
        notes.set(r == null ? "" : String.join("\n", r.shownNotes()));
        exportable.set(r != null);
        saved.set("");
    }

    /**
     * Writes exactly the preview to {@code file}, and says where in {@link #savedProperty()}.
     *
     * @throws IOException when the file cannot be written, or there is no export of the current form to save
     */
    public void save(Path file) throws IOException {
        if (!exportable.get()) {
            throw new IOException("there is no export to save: " + (error.get().isEmpty() ? "it is still being made"
                    : error.get()));
        }
        try {
            Files.writeString(file, preview.get(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            saved.set("Not saved: " + e.getMessage());
            throw e;
        }
        saved.set("Saved to " + file.toAbsolutePath());
    }

    /** The file name the exporter suggests ({@code nginx.conf}, {@code haproxy-snippet.cfg}, ...). */
    public String suggestedFileName() {
        return result == null ? format.get().fileName() : result.fileName();
    }

    /** The limiter's name, for the dialog's title. */
    public String limiterName() {
        return limiter.name();
    }

    public ObjectProperty<ExportFormat> formatProperty() {
        return format;
    }

    public StringProperty listenProperty() {
        return listen;
    }

    public StringProperty upstreamProperty() {
        return upstream;
    }

    public BooleanProperty snippetProperty() {
        return snippet;
    }

    /** Shadow mode: the export counts and logs the would-be rejections and rejects nothing. */
    public BooleanProperty shadowProperty() {
        return shadow;
    }

    public ObjectProperty<K8sSidecar> sidecarProperty() {
        return sidecar;
    }

    public StringProperty deploymentProperty() {
        return deployment;
    }

    /** The configuration text. */
    public ReadOnlyStringProperty previewProperty() {
        return preview.getReadOnlyProperty();
    }

    /** What is exact and what is approximate, one line each. */
    public ReadOnlyStringProperty notesProperty() {
        return notes.getReadOnlyProperty();
    }

    /** Why the export failed (bad field, or the target cannot express the limiter), or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /**
     * True when the preview is the export of the form as it is now: no field is invalid, the exporter accepted the
     * limiter, and no newer export is running. Copy and Save are enabled only then.
     */
    public ReadOnlyBooleanProperty exportableProperty() {
        return exportable.getReadOnlyProperty();
    }

    /**
     * Where the last save wrote ("Saved to /path/nginx.conf"), or why it could not ("Not saved: ..."), until the form
     * changes; empty before.
     */
    public ReadOnlyStringProperty savedProperty() {
        return saved.getReadOnlyProperty();
    }

    /** True while an export runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
