package io.ratelab.ui;

import io.ratelab.export.ExportFormat;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.ui.controls.Tips;
import io.ratelab.ui.controls.ViewLoader;
import io.ratelab.ui.export.ExportView;
import io.ratelab.ui.export.ExportViewModel;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The export window (Limiter > Export, and the Tune tab's Export): a limiter of the current scenario as an engine's
 * configuration, styled like its owner. FX thread only.
 */
final class ExportDialog {

    /** Exports may simulate the scenario; they run here, one at a time, off the FX thread. */
    private static final Executor EXPORT_THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ratelab-export");
        t.setDaemon(true);
        return t;
    });

    private ExportDialog() {
    }

    /** Opens the export window on {@code limiter} of {@code scenario}, with {@code format} chosen when not null. */
    static void show(Window owner, ScenarioLimiter limiter, Scenario scenario, Path baseDir, ExportFormat format) {
        Stage dialog = new Stage();
        ExportViewModel export = new ExportViewModel(limiter, scenario, baseDir, EXPORT_THREAD, Platform::runLater);
        if (format != null) {
            export.formatProperty().set(format);
        }
        Parent content = ViewLoader.load(new ExportView(export, dialog::close));
        Scene scene = new Scene(content);
        scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        Tips.enable(scene);
        dialog.setScene(scene);
        dialog.setTitle("RateLab — export '" + export.limiterName() + "'");
        dialog.initOwner(owner);
        if (owner instanceof Stage stage) {
            dialog.getIcons().setAll(stage.getIcons());
        }
        dialog.show();
    }
}
