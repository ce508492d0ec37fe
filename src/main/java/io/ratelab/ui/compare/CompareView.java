package io.ratelab.ui.compare;

import io.ratelab.metrics.Vocabulary;
import io.ratelab.ui.controls.NumberColumns;
import io.ratelab.ui.controls.SplitShares;
import io.ratelab.ui.controls.TableFit;
import io.ratelab.ui.controls.Tips;
import io.ratelab.ui.chart.CanvasChart;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;

import java.util.List;
import java.util.function.Consumer;

/**
 * The compare tab: limiter picks, the run button with progress, three overlaid charts and the summary table whose
 * last column sends a limiter to the live proxy. Binds to {@link CompareViewModel} in {@link #initialize()}.
 */
public final class CompareView {

    private final CompareViewModel vm;
    private final ObservableBooleanValue dark;
    private final Runnable runComparison;
    private final Consumer<String> sendToProxy;

    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");
    private static final PseudoClass BEST = PseudoClass.getPseudoClass("best");

    @FXML private FlowPane choiceBar;
    @FXML private SplitPane results;
    @FXML private Button runButton;
    @FXML private ProgressBar progress;
    @FXML private Label message;
    @FXML private CanvasChart admittedChart;
    @FXML private CanvasChart rejectedChart;
    @FXML private CanvasChart latencyChart;
    @FXML private TableView<CompareRow> table;
    @FXML private TableColumn<CompareRow, String> nameColumn;
    @FXML private TableColumn<CompareRow, String> algorithmColumn;
    @FXML private TableColumn<CompareRow, String> keyColumn;
    @FXML private TableColumn<CompareRow, String> peakColumn;
    @FXML private TableColumn<CompareRow, Number> maxColumn;
    @FXML private TableColumn<CompareRow, Number> upstreamColumn;
    @FXML private Label bestLegend;
    @FXML private TableColumn<CompareRow, Number> offeredColumn;
    @FXML private TableColumn<CompareRow, Number> admittedColumn;
    @FXML private TableColumn<CompareRow, Number> rejectedColumn;
    @FXML private TableColumn<CompareRow, Number> admittedPercentColumn;
    @FXML private TableColumn<CompareRow, Number> retriesColumn;
    @FXML private TableColumn<CompareRow, Number> p50Column;
    @FXML private TableColumn<CompareRow, Number> p99Column;
    @FXML private TableColumn<CompareRow, Number> fairnessColumn;
    @FXML private TableColumn<CompareRow, Number> wellBehavedColumn;
    @FXML private TableColumn<CompareRow, String> sendColumn;

    /**
     * @param runComparison starts a comparison of the current scenario (the window assembles it)
     * @param sendToProxy   makes the named limiter the live proxy's
     */
    public CompareView(CompareViewModel vm, ObservableBooleanValue dark, Runnable runComparison,
                       Consumer<String> sendToProxy) {
        this.vm = vm;
        this.dark = dark;
        this.runComparison = runComparison;
        this.sendToProxy = sendToProxy;
    }

    @FXML
    private void initialize() {
        vm.choices().addListener((ListChangeListener<CompareChoice>) c -> buildChoices());
        buildChoices();
        runButton.disableProperty().bind(vm.canRunProperty().not());
        runButton.setOnAction(e -> runComparison.run());
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.runningProperty());
        message.textProperty().bind(vm.messageProperty());
        // results of another scenario (or of this one before an edit) stay readable but greyed, until run again
        vm.staleProperty().addListener((obs, o, n) -> markStale(n));
        markStale(vm.staleProperty().get());
        for (CanvasChart c : charts()) {
            c.darkProperty().bind(dark);
        }
        // one line per limiter in each: hiding a limiter's line in one chart hides it in all three
        admittedChart.shareHiddenLinesWith(charts());
        // both over simulated time: a span zoomed in one is shown in the other
        admittedChart.shareZoomWith(List.of(rejectedChart));
        admittedChart.dataProperty().bind(vm.admittedProperty());
        rejectedChart.dataProperty().bind(vm.rejectedProperty());
        latencyChart.dataProperty().bind(vm.latencyProperty());
        table.setItems(vm.rows());
        NumberColumns.text(nameColumn, CompareRow::name);
        nameColumn.setCellFactory(c -> new NameCell());
        nameColumn.setSortable(false);      // group rows stay under their limiter
        NumberColumns.text(algorithmColumn, CompareRow::algorithm);
        NumberColumns.text(keyColumn, CompareRow::key);
        NumberColumns.text(peakColumn, CompareRow::peakPerWindow);
        NumberColumns.millis(maxColumn, CompareRow::maxMillis);
        NumberColumns.decimal(upstreamColumn, CompareRow::upstreamPercent, 1);
        NumberColumns.count(offeredColumn, CompareRow::offered);
        NumberColumns.count(admittedColumn, CompareRow::admitted);
        NumberColumns.count(rejectedColumn, CompareRow::rejected);
        NumberColumns.decimal(admittedPercentColumn, CompareRow::admittedPercent, 1);
        NumberColumns.count(retriesColumn, CompareRow::retries);
        NumberColumns.millis(p50Column, CompareRow::p50Millis);
        NumberColumns.millis(p99Column, CompareRow::p99Millis);
        NumberColumns.decimal(fairnessColumn, CompareRow::fairness, 3);
        NumberColumns.decimal(wellBehavedColumn, CompareRow::wellBehavedRejectedPercent, 1);
        NumberColumns.headerTip(nameColumn, "The limiter, as named in the scenario");
        NumberColumns.headerTip(algorithmColumn, "Its algorithm");
        NumberColumns.headerTip(offeredColumn, Vocabulary.OFFERED);
        NumberColumns.headerTip(admittedColumn, Vocabulary.ADMITTED);
        NumberColumns.headerTip(rejectedColumn, Vocabulary.REJECTED);
        NumberColumns.headerTip(retriesColumn, Vocabulary.RETRIES);
        NumberColumns.headerTip(p50Column, "Median " + Vocabulary.LATENCY_ADMITTED.toLowerCase(java.util.Locale.ROOT));
        NumberColumns.headerTip(admittedPercentColumn, Vocabulary.ADMITTED_SHARE);
        NumberColumns.headerTip(fairnessColumn, "Jain's index over the clients' normalised allocations: 1 is fair,"
                + " 1/n is one client taking everything");
        NumberColumns.headerTip(wellBehavedColumn, "Of the sends of clients that stayed within their fair share of the"
                + " limit, the share that was rejected: a good limiter keeps it near 0");
        NumberColumns.headerTip(p99Column, "99th percentile " + Vocabulary.LATENCY_ADMITTED.toLowerCase(
                java.util.Locale.ROOT));
        NumberColumns.headerTip(keyColumn, "Who is a client to the limiter: ip, header:NAME, route, global, ...");
        NumberColumns.headerTip(peakColumn, "The most requests admitted (all keys together) in any window of the"
                + " limit's length: how far a burst gets through");
        NumberColumns.headerTip(maxColumn, "The slowest admitted request, intended send to completion");
        NumberColumns.headerTip(upstreamColumn, "The share of the upstream's capacity (concurrency) busy during the"
                + " run");
        markBest(retriesColumn, CompareViewModel.Best.RETRIES);
        markBest(p50Column, CompareViewModel.Best.P50);
        markBest(p99Column, CompareViewModel.Best.P99);
        markBest(maxColumn, CompareViewModel.Best.MAX);
        markBest(fairnessColumn, CompareViewModel.Best.FAIRNESS);
        markBest(wellBehavedColumn, CompareViewModel.Best.POLITE_REJECTED);
        bestLegend.setText(CompareViewModel.Best.legend());
        addLiveColumns();
        NumberColumns.text(sendColumn, CompareRow::limiter);
        NumberColumns.headerTip(sendColumn, "Select the limiter; while live traffic runs the proxy switches to it");
        sendColumn.setCellFactory(c -> new SendCell());
        TableFit.apply(table);
        SplitShares.keep(results);
    }

    private void markStale(boolean stale) {
        results.pseudoClassStateChanged(STALE, stale);
        message.pseudoClassStateChanged(STALE, stale);
    }

    /**
     * The "Live" column pair after the simulated latency: what a limiter measured when it last ran live in this window
     * (admitted share and admitted p99), beside what the simulator predicts; empty for a limiter not run live.
     */
    private void addLiveColumns() {
        TableColumn<CompareRow, Number> share = new TableColumn<>("Live adm. %");
        TableColumn<CompareRow, Number> p99 = new TableColumn<>("Live p99 ms");
        share.setId("liveAdmittedPercentColumn");
        p99.setId("liveP99Column");
        share.setPrefWidth(78);
        p99.setPrefWidth(78);
        NumberColumns.decimal(share, CompareRow::liveAdmittedPercent, 1);
        NumberColumns.millis(p99, CompareRow::liveP99Millis);
        NumberColumns.headerTip(share, "Measured: admitted / offered when this limiter last ran live in this window"
                + " (Live tab, one limiter throughout) — compare with Adm. %, the simulator's prediction");
        NumberColumns.headerTip(p99, "Measured: p99 latency of admitted requests in that live run — compare with"
                + " p99 ms, the prediction");
        int at = table.getColumns().indexOf(p99Column) + 1;
        table.getColumns().addAll(at, List.of(share, p99));
    }

    /** The chart nodes, for PNG export. */
    public List<CanvasChart> charts() {
        return List.of(admittedChart, rejectedChart, latencyChart);
    }

    private void buildChoices() {
        choiceBar.getChildren().clear();
        for (CompareChoice c : vm.choices()) {
            CheckBox box = new CheckBox(c.name());
            box.setId("compare-choice-" + c.name());
            box.selectedProperty().bindBidirectional(c.chosenProperty());
            choiceBar.getChildren().add(box);
        }
    }

    /** Marks the cells of {@code column} that hold its best value ({@link CompareViewModel#isBest}). */
    private void markBest(TableColumn<CompareRow, Number> column, CompareViewModel.Best best) {
        var cells = column.getCellFactory();
        column.setCellFactory(c -> {
            TableCell<CompareRow, Number> cell = cells.call(c);
            cell.itemProperty().addListener(o -> cell.pseudoClassStateChanged(BEST,
                    vm.isBest(best, cell.getTableRow() == null ? null : cell.getTableRow().getItem())));
            cell.indexProperty().addListener(o -> cell.pseudoClassStateChanged(BEST,
                    vm.isBest(best, cell.getTableRow() == null ? null : cell.getTableRow().getItem())));
            return cell;
        });
    }

    /** The limiter's name with a ▸ / ▾ that shows or hides its traffic groups; a group's name indented. */
    private final class NameCell extends TableCell<CompareRow, String> {
        private final Button toggle = new Button();

        NameCell() {
            toggle.getStyleClass().add("row-toggle");
            toggle.setFocusTraversable(false);
            Tips.set(toggle, "Show or hide this limiter's traffic groups");
            toggle.setOnAction(e -> {
                CompareRow r = getTableRow() == null ? null : getTableRow().getItem();
                if (r != null && !r.isGroup()) {
                    vm.toggleGroups(r.name());
                }
            });
        }

        @Override
        protected void updateItem(String name, boolean empty) {
            super.updateItem(name, empty);
            CompareRow r = empty || getTableRow() == null ? null : getTableRow().getItem();
            if (r == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(r.isGroup() ? "    " + r.name() : r.name());
            toggle.setText(vm.isExpanded(r.name()) ? "▾" : "▸");
            setGraphic(r.isGroup() ? null : toggle);
            TableFit.growToFit(this, getText() + "    ");
        }
    }

    /** A button that sends its row's limiter to the live proxy. */
    private final class SendCell extends TableCell<CompareRow, String> {
        private final Button button = new Button("Use live");

        SendCell() {
            Tips.set(button, "Select this limiter; while live traffic runs the proxy switches to it at once");
            button.disableProperty().bind(vm.staleProperty());
            button.setOnAction(e -> {
                if (getItem() != null) {
                    sendToProxy.accept(getItem());
                }
            });
        }

        @Override
        protected void updateItem(String name, boolean empty) {
            super.updateItem(name, empty);
            CompareRow r = empty || getTableRow() == null ? null : getTableRow().getItem();
            setGraphic(empty || name == null || r != null && r.isGroup() ? null : button);
        }
    }
}
