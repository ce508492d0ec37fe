package io.ratelab.ui;

import io.ratelab.scenario.Scenario;
import io.ratelab.ui.compare.CompareView;
import io.ratelab.ui.controls.SplitShares;
import io.ratelab.ui.controls.Tips;
import io.ratelab.ui.controls.ViewLoader;
import io.ratelab.ui.limiter.LimiterPanelView;
import io.ratelab.ui.live.LiveView;
import io.ratelab.ui.trace.TraceView;
import io.ratelab.ui.tune.TuneView;
import io.ratelab.ui.tune.TuneViewModel;
import io.ratelab.ui.traffic.TrafficPanelView;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
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
import javafx.stage.Window;
import javafx.stage.WindowEvent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The workbench window: menus, tool bar, the side panels, the Live and Compare tabs, and the status bar. Loads the
 * feature views into their places and binds to {@link MainWindowViewModel} in {@link #initialize()}. The File
 * menu's choosers and questions are {@link DocumentDialogs}; the export window is {@link ExportDialog}.
 */
public final class MainWindowView {

    private static final PseudoClass RUNNING = PseudoClass.getPseudoClass("running");

    private final MainWindowViewModel vm;
    /** What Quit does once nothing unsaved is lost; tests replace it (exiting would end their toolkit). */
    private Runnable exit = Platform::exit;
    private final DocumentDialogs documentDialogs;
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
        this.documentDialogs = new DocumentDialogs(vm.document(), this::window);
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
        scenarioLabel.textProperty().bind(vm.document().scenarioNameProperty());
        darkItem.selectedProperty().bindBidirectional(vm.darkProperty());
        themeButton.selectedProperty().bindBidirectional(vm.darkProperty());
        themeButton.textProperty().bind(Bindings.when(vm.darkProperty()).then("◑ Light").otherwise("◐ Dark"));
        startButton.textProperty().bind(Bindings.when(vm.runs().runningProperty()).then("■  Stop").otherwise("▶  Start"));
        // one item, "Start / stop", for F5 (it said "Start F5" though F5 also stops); Ctrl+R does the same
        root.sceneProperty().addListener((obs, o, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.R, KeyCombination.CONTROL_DOWN),
                        this::toggleRun);
            }
        });
        vm.runs().runningProperty().addListener((obs, o, n) -> startButton.pseudoClassStateChanged(RUNNING, n));
        StatusBarViewModel s = vm.status();
        proxyLink.textProperty().bind(s.proxyUrlProperty());
        upstreamLabel.textProperty().bind(s.upstreamProperty());
        rateLabel.textProperty().bind(s.rateProperty());
        warningLabel.textProperty().bind(s.warningProperty());
        messageLabel.textProperty().bind(s.messageProperty());
        // one line each (a long rate beside them made them wrap to several), the whole text in the tooltip; the
        // warning and the message take no line while empty
        for (Label l : List.of(warningLabel, messageLabel)) {
            l.managedProperty().bind(l.textProperty().isNotEmpty());
            l.visibleProperty().bind(l.managedProperty());
        }
        for (Label l : List.of(warningLabel, messageLabel, upstreamLabel)) {
            Tips.follow(l, l.textProperty());
        }
        documentDialogs.keepRecentMenu(recentMenu);
        SplitShares.keep(mainSplit);
    }

    /** The compare view, for PNG export and tests; built into its tab on first use. */
    public CompareView compareView() {
        if (compareView == null) {
            compareView = new CompareView(vm.compareMode(), vm.darkProperty(), vm.runs()::runComparison, vm.runs()::sendToProxy);
            compareTab.setContent(ViewLoader.<Parent>load(compareView));
        }
        return compareView;
    }

    /** The trace view, for PNG export and tests; built into its tab on first use. */
    public TraceView traceView() {
        if (traceView == null) {
            traceView = new TraceView(vm.trace(), vm.darkProperty(), vm.document()::chooserDirectory, vm.runs()::simulateTrace,
                    () -> { vm.runs().replayTrace(); showLive(); }, () -> { showCompare(); vm.runs().compareOnTrace(); },
                    vm.runs()::verifyTrace);
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
            tuneModel = new TuneViewModel(vm.document()::currentScenario, vm.document()::baseDir, TUNE_THREAD, Platform::runLater,
                    this::addLimiter, l -> exportLimiter(l, io.ratelab.export.ExportFormat.byId(
                            tuneModel.targetProperty().get().id())), vm.document()::setTuneObjectives,
                    vm.document()::trafficPlan);
            Scenario s = vm.document().currentScenario();
            if (s != null) {
                tuneModel.loadObjectives(s);
            }
            // another scenario opened: its tune: section fills the inputs
            vm.document().scenarioNameProperty().addListener((obs, o, n) -> {
                Scenario now = vm.document().currentScenario();
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

    private Window window() {
        return root.getScene().getWindow();
    }

    @FXML
    private void open() {
        documentDialogs.open();
    }

    @FXML
    private void newScenario() {
        documentDialogs.newScenario();
    }

    @FXML
    private void save() {
        documentDialogs.save();
    }

    @FXML
    private void saveAs() {
        documentDialogs.saveAs();
    }

    /** The window's close button: asks first when there are unsaved changes, and stays open on Cancel. */
    void onCloseRequest(WindowEvent e) {
        documentDialogs.onCloseRequest(e);
    }

    /** Replaces what Quit does after the question (tests). */
    void onExit(Runnable action) {
        exit = action;
    }

    /** Replaces the Open dialog's file chooser (tests). */
    void chooseScenarioWith(Supplier<Path> chooser) {
        documentDialogs.chooseScenarioWith(chooser);
    }

    @FXML
    private void exportConfig() {
        exportLimiter(vm.limiters().selectedLimiter(), null);
    }

    /** Opens the export dialog on {@code limiter}, with {@code format} chosen when not null. */
    private void exportLimiter(io.ratelab.scenario.ScenarioLimiter limiter, io.ratelab.export.ExportFormat format) {
        Scenario s = vm.document().currentScenario();
        if (s != null) {
            ExportDialog.show(window(), limiter, s, vm.document().baseDir(), format);
        }
    }

    /** Tunings run here, one at a time, off the FX thread (they use the common pool for their parallel parts). */
    private static final java.util.concurrent.Executor TUNE_THREAD =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ratelab-tune");
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
        List<Path> files = vm.runs().saveReport(dir.toPath(), comparison);
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
        if (documentDialogs.mayLeave("quitting")) {
            exit.run();
        }
    }

    @FXML
    private void toggleRun() {
        vm.runs().toggleRun();
        showLive();
    }

    @FXML
    private void compare() {
        tabs.getSelectionModel().select(compareTab);
        vm.runs().runComparison();
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
