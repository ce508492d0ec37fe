package io.ratelab.ui;

import io.ratelab.scenario.Scenario;
import io.ratelab.ui.compare.CompareView;
import io.ratelab.ui.export.ExportView;
import io.ratelab.ui.export.ExportViewModel;
import io.ratelab.ui.limiter.LimiterPanelView;
import io.ratelab.ui.live.LiveView;
import io.ratelab.ui.trace.TraceView;
import io.ratelab.ui.tune.TuneView;
import io.ratelab.ui.tune.TuneViewModel;
import io.ratelab.ui.traffic.TrafficPanelView;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The workbench window: menus, tool bar, the side panels, the Live and Compare tabs, and the status bar. Loads the
 * feature views into their places and binds to {@link MainWindowViewModel} in {@link #initialize()}; menu actions
 * ask for files here and hand paths to the view model.
 */
public final class MainWindowView {

    private static final PseudoClass RUNNING = PseudoClass.getPseudoClass("running");

    private final MainWindowViewModel vm;
    /** What Quit does once nothing unsaved is lost; tests replace it (exiting would end their toolkit). */
    private Runnable exit = Platform::exit;
    /** Asks which scenario file to open (null: none); tests replace it (a native chooser cannot be driven). */
    private Supplier<Path> scenarioToOpen = this::chooseScenarioToOpen;
    private LiveView liveView;
    private CompareView compareView;
    private TraceView traceView;
    private TuneView tuneView;
    private TuneViewModel tuneModel;

    @FXML private BorderPane root;
    @FXML private Menu recentMenu;
    @FXML private CheckMenuItem darkItem;
    @FXML private Button startButton;
    @FXML private Label scenarioLabel;
    @FXML private ToggleButton themeButton;
    @FXML private VBox sidePanels;
    @FXML private SplitPane mainSplit;
    @FXML private TabPane tabs;
    @FXML private Tab liveTab;
    @FXML private Tab compareTab;
    @FXML private Tab traceTab;
    @FXML private Tab tuneTab;
    @FXML private Hyperlink proxyLink;
    @FXML private Label upstreamLabel;
    @FXML private Label rateLabel;
    @FXML private Label warningLabel;
    @FXML private Label messageLabel;

    public MainWindowView(MainWindowViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        sidePanels.getChildren().add(ViewLoader.load(new LimiterPanelView(vm.limiters())));
        sidePanels.getChildren().add(ViewLoader.load(new TrafficPanelView(vm.traffic())));
        liveView = new LiveView(vm.live(), vm.darkProperty());
        liveTab.setContent(ViewLoader.<Parent>load(liveView));
        // The Compare and Trace tabs are built when first shown: the window comes up sooner (start-up time, issue 10)
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, o, tab) -> {
            if (tab == compareTab) {
                compareView();
            } else if (tab == traceTab) {
                traceView();
            } else if (tab == tuneTab) {
                tuneView();
            }
        });
        scenarioLabel.textProperty().bind(vm.scenarioNameProperty());
        darkItem.selectedProperty().bindBidirectional(vm.darkProperty());
        themeButton.selectedProperty().bindBidirectional(vm.darkProperty());
        themeButton.textProperty().bind(Bindings.when(vm.darkProperty()).then("◑ Light").otherwise("◐ Dark"));
        startButton.textProperty().bind(Bindings.when(vm.runningProperty()).then("■  Stop").otherwise("▶  Start"));
        // one item, "Start / stop", for F5 (it said "Start F5" though F5 also stops); Ctrl+R does the same
        root.sceneProperty().addListener((obs, o, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.R, KeyCombination.CONTROL_DOWN),
                        this::toggleRun);
            }
        });
        vm.runningProperty().addListener((obs, o, n) -> startButton.pseudoClassStateChanged(RUNNING, n));
        StatusBarViewModel s = vm.status();
        proxyLink.textProperty().bind(s.proxyUrlProperty());
        upstreamLabel.textProperty().bind(s.upstreamProperty());
        rateLabel.textProperty().bind(s.rateProperty());
        warningLabel.textProperty().bind(s.warningProperty());
        messageLabel.textProperty().bind(s.messageProperty());
        // a long warning or message is cut off at the window's edge: the whole text shows on hover
        Tips.follow(warningLabel, warningLabel.textProperty());
        Tips.follow(messageLabel, messageLabel.textProperty());
        vm.recentFiles().addListener((ListChangeListener<Path>) c -> buildRecentMenu());
        buildRecentMenu();
        SplitShares.keep(mainSplit);
    }

    /** The compare view, for PNG export and tests; built into its tab on first use. */
    public CompareView compareView() {
        if (compareView == null) {
            compareView = new CompareView(vm.compareMode(), vm.darkProperty(), vm::runComparison, vm::sendToProxy);
            compareTab.setContent(ViewLoader.<Parent>load(compareView));
        }
        return compareView;
    }

    /** The trace view, for PNG export and tests; built into its tab on first use. */
    public TraceView traceView() {
        if (traceView == null) {
            traceView = new TraceView(vm.trace(), vm.darkProperty(), vm::chooserDirectory, vm::simulateTrace,
                    () -> { vm.replayTrace(); showLive(); }, () -> { showCompare(); vm.compareOnTrace(); },
                    vm::verifyTrace);
            traceTab.setContent(ViewLoader.<Parent>load(traceView));
            if (traceTab.getContent().lookup("#traceSplit") instanceof SplitPane split) {
                SplitShares.keep(split);
            }
        }
        return traceView;
    }

    /** The tune view, for tests; built into its tab on first use, its objectives read from the scenario. */
    public TuneView tuneView() {
        if (tuneView == null) {
            tuneModel = new TuneViewModel(vm::currentScenario, vm::baseDir, TUNE_THREAD, Platform::runLater,
                    this::addLimiter, l -> exportLimiter(l, io.ratelab.export.ExportFormat.byId(
                            tuneModel.targetProperty().get().id())), vm::setTuneObjectives, vm::trafficPlan);
            Scenario s = vm.currentScenario();
            if (s != null) {
                tuneModel.loadObjectives(s);
            }
            // another scenario opened: its tune: section fills the inputs
            vm.scenarioNameProperty().addListener((obs, o, n) -> {
                Scenario now = vm.currentScenario();
                if (now != null) {
                    tuneModel.loadObjectives(now);
                }
            });
            tuneView = new TuneView(tuneModel);
            tuneTab.setContent(ViewLoader.<Parent>load(tuneView));
        }
        return tuneView;
    }

    /** The Tune tab's view model, for tests (null until the tab is first shown). */
    public TuneViewModel tuneModel() {
        return tuneModel;
    }

    /** Adds {@code l} to the limiter list under a name not yet taken, and selects it (the Tune tab's Apply). */
    private void addLimiter(io.ratelab.scenario.ScenarioLimiter l) {
        var panel = vm.limiters();
        String name = l.name();
        for (int i = 2; taken(name); i++) {
            name = l.name() + " " + i;
        }
        panel.limiters().add(new io.ratelab.scenario.ScenarioLimiter(l.spec().withName(name), l.key()));
        panel.selectedProperty().set(panel.limiters().size() - 1);
    }

    private boolean taken(String name) {
        return vm.limiters().limiters().stream().anyMatch(x -> x.name().equals(name));
    }

    /** The live view, for PNG export and tests. */
    public LiveView liveView() {
        return liveView;
    }

    private void buildRecentMenu() {
        recentMenu.getItems().clear();
        for (Path p : vm.recentFiles()) {
            MenuItem item = new MenuItem(p.getFileName() + "  —  " + p.getParent());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> {
                if (mayLeave("opening " + p.getFileName())) {
                    openFile(p);
                }
            });
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    private Window window() {
        return root.getScene().getWindow();
    }

    @FXML
    private void open() {
        if (!mayLeave("opening another scenario")) {
            return;
        }
        Path p = scenarioToOpen.get();
        if (p != null) {
            openFile(p);
        }
    }

    private Path chooseScenarioToOpen() {
        File f = scenarioChooser("Open a scenario").showOpenDialog(window());
        return f == null ? null : f.toPath();
    }

    @FXML
    private void newScenario() {
        if (mayLeave("starting a new scenario")) {
            vm.newScenario();
        }
    }

    /**
     * Before the open scenario is left (quit, window close, open, new, a recent file): when it has unsaved changes,
     * asks Save / Discard / Cancel.
     *
     * @param leaving what the user is about to do, for the question ("quitting", "opening another scenario")
     * @return true to go on (nothing unsaved, saved, or discarded); false to stay (cancelled, or the save failed)
     */
    boolean mayLeave(String leaving) {
        if (!vm.isModified()) {
            return true;
        }
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.NO);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Path file = vm.file();
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, (file == null
                ? "This scenario has never been saved."
                : "The changes since it was last saved are not in " + file.getFileName() + ".")
                + " Save discards nothing; Discard loses the changes; Cancel goes back to the scenario.",
                save, discard, cancel);
        a.setTitle("Unsaved changes");
        a.setHeaderText("Save the changes to '" + vm.scenarioNameProperty().get() + "' before " + leaving + "?");
        a.initOwner(window());
        a.getDialogPane().setMinWidth(520);
        ButtonType answer = a.showAndWait().orElse(cancel);
        if (answer == discard) {
            return true;
        }
        return answer == save && saveNow();
    }

    /** Saves to the scenario's file, or asks for one; false when cancelled or not written. */
    private boolean saveNow() {
        if (vm.file() != null) {
            return vm.saveAs(vm.file());
        }
        File f = saveChooser().showSaveDialog(window());
        return f != null && vm.saveAs(f.toPath());
    }

    /** The window's close button: asks first when there are unsaved changes, and stays open on Cancel. */
    void onCloseRequest(WindowEvent e) {
        if (!mayLeave("closing the window")) {
            e.consume();
        }
    }

    /** Replaces what Quit does after the question (tests). */
    void onExit(Runnable action) {
        exit = action;
    }

    /** Replaces the Open dialog's file chooser (tests). */
    void chooseScenarioWith(Supplier<Path> chooser) {
        scenarioToOpen = chooser;
    }

    private void openFile(Path p) {
        String problem = vm.open(p);
        if (problem != null) {
            Alert a = new Alert(Alert.AlertType.ERROR, problem);
            a.setTitle("Cannot open the scenario");
            a.setHeaderText("Cannot open " + p.getFileName());
            a.initOwner(window());
            a.getDialogPane().setMinWidth(560);
            a.show();
        }
    }

    @FXML
    private void save() {
        if (!vm.save()) {
            saveAs();
        }
    }

    @FXML
    private void saveAs() {
        File f = saveChooser().showSaveDialog(window());
        if (f != null) {
            vm.saveAs(f.toPath());
        }
    }

    private FileChooser saveChooser() {
        FileChooser chooser = scenarioChooser("Save the scenario");
        chooser.setInitialFileName(vm.scenarioNameProperty().get().replaceAll(" \\(.*\\)$", "")
                .replaceAll("[^A-Za-z0-9._-]+", "-") + ".yaml");
        return chooser;
    }

    private FileChooser scenarioChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().setAll(
                new FileChooser.ExtensionFilter("Scenarios (YAML, JSON)", "*.yaml", "*.yml", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File dir = vm.chooserDirectory().toFile();
        if (dir.isDirectory()) {
            chooser.setInitialDirectory(dir);
        }
        return chooser;
    }

    @FXML
    private void exportConfig() {
        exportLimiter(vm.limiters().selectedLimiter(), null);
    }

    /** Opens the export dialog on {@code limiter}, with {@code format} chosen when not null. */
    private void exportLimiter(io.ratelab.scenario.ScenarioLimiter limiter, io.ratelab.export.ExportFormat format) {
        Scenario s = vm.currentScenario();
        if (s == null) {
            return;
        }
        Stage dialog = new Stage();
        ExportViewModel export = new ExportViewModel(limiter, s, vm.baseDir(), EXPORT_THREAD, Platform::runLater);
        if (format != null) {
            export.formatProperty().set(format);
        }
        Parent content = ViewLoader.load(new ExportView(export, dialog::close));
        Scene scene = new Scene(content);
        scene.getStylesheets().setAll(root.getScene().getStylesheets());
        Tips.enable(scene);
        dialog.setScene(scene);
        dialog.setTitle("RateLab — export '" + export.limiterName() + "'");
        dialog.initOwner(window());
        dialog.getIcons().setAll(((Stage) window()).getIcons());
        dialog.show();
    }

    /** Tunings run here, one at a time, off the FX thread (they use the common pool for their parallel parts). */
    private static final java.util.concurrent.Executor TUNE_THREAD =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ratelab-tune");
                t.setDaemon(true);
                return t;
            });

    /** Exports may simulate the scenario; they run here, one at a time, off the FX thread. */
    private static final java.util.concurrent.Executor EXPORT_THREAD =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ratelab-export");
                t.setDaemon(true);
                return t;
            });

    @FXML
    private void saveReport() {
        boolean comparison = tabs.getSelectionModel().getSelectedItem() == compareTab;
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(comparison ? "Save the comparison report into…" : "Save the live run report into…");
        File dir = chooser.showDialog(window());
        if (dir == null) {
            return;
        }
        List<Path> files = vm.saveReport(dir.toPath(), comparison);
        if (files.isEmpty()) {
            return;
        }
        try {
            ChartSnapshots.saveAll(comparison ? compareView().charts() : liveView.charts(), dir.toPath(),
                    comparison ? "compare" : "live");
            vm.status().say("Report written: " + files.get(0) + " (with JSON, CSV and PNG charts)");
        } catch (IOException e) {
            vm.status().warn("The report was written, the PNG charts not: " + e.getMessage());
        }
    }

    @FXML
    private void saveCharts() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Save the charts as PNG into…");
        File dir = chooser.showDialog(window());
        if (dir == null) {
            return;
        }
        try {
            boolean comparison = tabs.getSelectionModel().getSelectedItem() == compareTab;
            List<Path> files = ChartSnapshots.saveAll(comparison ? compareView().charts() : liveView.charts(),
                    dir.toPath(), comparison ? "compare" : "live");
            vm.status().say("Saved " + files.size() + " charts to " + dir);
        } catch (IOException e) {
            vm.status().warn("Could not save the charts: " + e.getMessage());
        }
    }

    @FXML
    private void quit() {
        if (mayLeave("quitting")) {
            exit.run();
        }
    }

    @FXML
    private void toggleRun() {
        vm.toggleRun();
        showLive();
    }

    @FXML
    private void compare() {
        tabs.getSelectionModel().select(compareTab);
        vm.runComparison();
    }

    @FXML
    private void showLive() {
        tabs.getSelectionModel().select(liveTab);
    }

    @FXML
    private void showCompare() {
        tabs.getSelectionModel().select(compareTab);
    }

    @FXML
    private void showTune() {
        tabs.getSelectionModel().select(tuneTab);
    }

    @FXML
    private void showTrace() {
        tabs.getSelectionModel().select(traceTab);
    }

    @FXML
    private void openTrace() {
        showTrace();
        traceView().chooseFile();
    }

    @FXML
    private void copyProxyUrl() {
        ClipboardContent c = new ClipboardContent();
        c.putString(vm.status().proxyUrlProperty().get());
        Clipboard.getSystemClipboard().setContent(c);
        vm.status().say("Copied " + vm.status().proxyUrlProperty().get());
    }

    @FXML
    private void showShortcuts() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setTitle("Keyboard and mouse");
        a.setHeaderText("Keyboard and mouse");
        a.getDialogPane().setContent(ShortcutsHelp.table());
        a.initOwner(window());
        a.show();
    }

    @FXML
    private void showAbout() {
        String v = MainWindowView.class.getPackage().getImplementationVersion();
        info("About RateLab", "RateLab " + (v == null ? "(development build)" : v)
                + "\nLoad-test HTTP services and tune the rate limiter in front of them.\nApache-2.0");
    }

    private void info(String title, String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION, text);
        a.setTitle(title);
        a.setHeaderText(title);
        a.initOwner(window());
        a.show();
    }
}
