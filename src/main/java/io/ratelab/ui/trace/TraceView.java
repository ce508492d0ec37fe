package io.ratelab.ui.trace;

import io.ratelab.ui.chart.CanvasChart;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The trace tab: open a trace (format and client key pickers), its rate profile and summary, and the actions that
 * use it as traffic — simulate the selected limiter, replay it live, compare limiters on it. Binds to
 * {@link TraceViewModel} in {@link #initialize()}; the window supplies the actions, which need the scenario.
 */
public final class TraceView {

    private final TraceViewModel vm;
    private final ObservableBooleanValue dark;
    private final Supplier<Path> startDirectory;
    private final Runnable simulate;
    private final Runnable replay;
    private final Runnable compare;
    private final Runnable verify;

    @FXML private VBox traceRoot;
    @FXML private Button openButton;
    @FXML private ComboBox<String> formatBox;
    @FXML private ComboBox<String> keyBox;
    @FXML private Button reloadButton;
    @FXML private ProgressIndicator loadingIndicator;
    @FXML private ComboBox<Double> speedBox;
    @FXML private Button simulateButton;
    @FXML private Button replayButton;
    @FXML private Button compareOnTraceButton;
    @FXML private Button verifyButton;
    @FXML private CanvasChart engineChart;
    @FXML private Label engineLabel;
    @FXML private Label messageLabel;
    @FXML private Label errorLabel;
    @FXML private CanvasChart profileChart;
    @FXML private CanvasChart simulationChart;
    @FXML private Label simulationLabel;
    @FXML private GridPane factGrid;
    @FXML private ListView<String> topClientList;

    /**
     * @param startDirectory where the file chooser starts
     * @param simulate       simulates the selected limiter on the trace (the window knows the scenario)
     * @param replay         replays the trace live against the selected limiter
     * @param compare        compares the picked limiters on the trace
     * @param verify         compares the selected limiter with what the engine that wrote the trace decided
     */
    public TraceView(TraceViewModel vm, ObservableBooleanValue dark, Supplier<Path> startDirectory, Runnable simulate,
                     Runnable replay, Runnable compare, Runnable verify) {
        this.vm = vm;
        this.dark = dark;
        this.startDirectory = startDirectory;
        this.simulate = simulate;
        this.replay = replay;
        this.compare = compare;
        this.verify = verify;
    }

    @FXML
    private void initialize() {
        formatBox.getItems().setAll(TraceViewModel.FORMATS);
        formatBox.valueProperty().bindBidirectional(vm.formatProperty());
        keyBox.getItems().setAll(TraceViewModel.KEYS);
        keyBox.valueProperty().bindBidirectional(vm.keyProperty());
        speedBox.getItems().setAll(TraceViewModel.SPEEDS);
        speedBox.setConverter(new SpeedText());
        speedBox.setValue(vm.speedProperty().get());
        speedBox.valueProperty().addListener((obs, o, n) -> {
            if (n != null) {
                vm.speedProperty().set(n);
            }
        });
        reloadButton.disableProperty().bind(vm.fileProperty().isNull().or(vm.loadingProperty()));
        loadingIndicator.visibleProperty().bind(vm.loadingProperty());
        simulateButton.disableProperty().bind(vm.loadedProperty().not().or(vm.simulation().simulatingProperty()));
        replayButton.disableProperty().bind(vm.loadedProperty().not());
        compareOnTraceButton.disableProperty().bind(vm.loadedProperty().not());
        EngineCheckViewModel check = vm.engineCheck();
        verifyButton.disableProperty().bind(vm.loadedProperty().not().or(check.checkingProperty()));
        engineChart.dataProperty().bind(check.chartProperty());
        engineLabel.textProperty().bind(check.textProperty());
        engineLabel.managedProperty().bind(check.textProperty().isNotEmpty());
        messageLabel.textProperty().bind(vm.messageProperty());
        errorLabel.textProperty().bind(vm.errorProperty());
        errorLabel.managedProperty().bind(vm.errorProperty().isNotEmpty());
        simulationLabel.textProperty().bind(vm.simulation().textProperty());
        for (CanvasChart c : charts()) {
            c.darkProperty().bind(dark);
        }
        profileChart.dataProperty().bind(vm.profileProperty());
        simulationChart.dataProperty().bind(vm.simulation().chartProperty());
        vm.facts().addListener((ListChangeListener<TraceFact>) c -> buildFacts());
        buildFacts();
        topClientList.setItems(vm.topClients());
    }

    /** One row per fact: its name in bold, its value wrapped (the first skipped lines take a line each). */
    private void buildFacts() {
        factGrid.getChildren().clear();
        int row = 0;
        for (TraceFact f : vm.facts()) {
            Label name = new Label(f.label());
            name.getStyleClass().add("status-key");
            name.setMinWidth(Region.USE_PREF_SIZE);
            Label value = new Label(f.value());
            value.setWrapText(true);
            value.setId("trace-fact-" + f.label().toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
            GridPane.setValignment(name, javafx.geometry.VPos.TOP);
            factGrid.addRow(row++, name, value);
        }
    }

    /** The chart nodes, for PNG export and tests. */
    public List<CanvasChart> charts() {
        return List.of(profileChart, simulationChart, engineChart);
    }

    /** Asks for a trace file and opens it (File > Open trace…). */
    @FXML
    public void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a trace");
        chooser.getExtensionFilters().setAll(
                new FileChooser.ExtensionFilter("Traces (logs, HAR, CSV, JSON lines)", "*.log", "*.log.gz", "*.txt",
                        "*.har", "*.csv", "*.jsonl", "*.json", "*.gz"),
                new FileChooser.ExtensionFilter("All files", "*"));
        Path traces = startDirectory.get().resolve("traces");
        File dir = (traces.toFile().isDirectory() ? traces : startDirectory.get()).toFile();
        if (dir.isDirectory()) {
            chooser.setInitialDirectory(dir);
        }
        File f = chooser.showOpenDialog(traceRoot.getScene().getWindow());
        if (f != null) {
            vm.open(f.toPath());
        }
    }

    @FXML
    private void reload() {
        vm.reload();
    }

    @FXML
    private void simulate() {
        simulate.run();
    }

    @FXML
    private void replay() {
        replay.run();
    }

    @FXML
    private void compare() {
        compare.run();
    }

    @FXML
    private void verify() {
        verify.run();
    }

    /** Speeds as {@code 10×}. */
    private static final class SpeedText extends StringConverter<Double> {
        @Override
        public String toString(Double v) {
            return v == null ? "" : (v == Math.rint(v) ? Long.toString(v.longValue()) : v.toString()) + "×";
        }

        @Override
        public Double fromString(String s) {
            return Double.valueOf(s.replace("×", "").trim());
        }
    }
}
