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
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The workbench window: menus, tool bar, the side panels, the Live and Compare tabs, and the status bar. Loads the
 * feature views into their places and binds to {@link MainWindowViewModel} in {@link #initialize()}; menu actions
 * ask for files here and hand paths to the view model.
 */
public final class MainWindowView {

    private static final PseudoClass RUNNING = PseudoClass.getPseudoClass("running");

    private final MainWindowViewModel vm;
    private LiveView liveView;
    private CompareView compareView;
    private TraceView traceView;
    private TuneView tuneView;
    private TuneViewModel tuneModel;

    @FXML private BorderPane root;
    @FXML private Menu recentMenu;
    @FXML private MenuItem startItem;
    @FXML private CheckMenuItem darkItem;
    @FXML private Button startButton;
    @FXML private Label scenarioLabel;
    @FXML private ToggleButton themeButton;
    @FXML private VBox sidePanels;
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
        startItem.textProperty().bind(Bindings.when(vm.runningProperty()).then("_Stop").otherwise("_Start"));
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
        }
        return traceView;
    }

    /** The tune view, for tests; built into its tab on first use, its objectives read from the scenario. */
    public TuneView tuneView() {
        if (tuneView == null) {
            tuneModel = new TuneViewModel(vm::currentScenario, vm::baseDir, TUNE_THREAD, Platform::runLater,
                    this::addLimiter, l -> exportLimiter(l, io.ratelab.export.ExportFormat.byId(
                            tuneModel.targetProperty().get().id())));
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
            item.setOnAction(e -> openFile(p));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    private Window window() {
        return root.getScene().getWindow();
    }

    @FXML
    private void open() {
        FileChooser chooser = scenarioChooser("Open a scenario");
        File f = chooser.showOpenDialog(window());
        if (f != null) {
            openFile(f.toPath());
        }
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
        FileChooser chooser = scenarioChooser("Save the scenario");
        chooser.setInitialFileName(vm.scenarioNameProperty().get().replaceAll(" \\(.*\\)$", "")
                .replaceAll("[^A-Za-z0-9._-]+", "-") + ".yaml");
        File f = chooser.showSaveDialog(window());
        if (f != null) {
            vm.saveAs(f.toPath());
        }
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
        Platform.exit();
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
        info("Keyboard and mouse", String.join("\n",
                "Ctrl+O\topen a scenario", "Ctrl+S\tsave it (Ctrl+Shift+S: save as)",
                "F5, Ctrl+R\tstart or stop live traffic", "Ctrl+M\tcompare the limiters (simulated)",
                "Ctrl+E\texport the selected limiter", "Ctrl+T\topen a trace",
                "Ctrl+1, Ctrl+2, Ctrl+3, Ctrl+4\tLive, Compare, Trace and Tune tabs",
                "Ctrl+Shift+D\tlight or dark theme", "Ctrl+Q\tquit", "",
                "On a chart:", "hover\tread each line's value at the pointer", "drag\tzoom in on a time span",
                "double-click\tzoom out", "click a legend name\thide or show its line",
                "right-click\tthe lines, zoom out, copy the chart as an image",
                "Escape\tzoom out (the chart with the focus)", "Shift+F10, menu key\tthe chart's menu"));
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
