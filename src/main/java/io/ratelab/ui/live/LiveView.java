package io.ratelab.ui.live;

import io.ratelab.metrics.Vocabulary;
import io.ratelab.ui.controls.NumberColumns;
import io.ratelab.ui.controls.RowSlots;
import io.ratelab.ui.controls.SplitShares;
import io.ratelab.ui.controls.TableFit;
import io.ratelab.ui.controls.Tips;
import io.ratelab.ui.chart.CanvasChart;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;

import java.util.List;
import java.util.Locale;

/**
 * The live tab: counters, group switches, the three live charts and the per-group table, bound to
 * {@link LiveViewModel} in {@link #initialize()}. The tables show their rows through {@link RowSlots}, so that a
 * live update repaints the cells that changed, not the window.
 */
public final class LiveView {

    private final LiveViewModel vm;
    private final ObservableBooleanValue dark;

    @FXML private Label offeredValue;
    @FXML private Label acceptedValue;
    @FXML private Label rejectedValue;
    @FXML private Label errorsValue;
    @FXML private Label errorsCaption;
    @FXML private Label rateValue;
    @FXML private Label rateCaption;
    @FXML private FlowPane toggleBar;
    @FXML private CheckBox totalsToggle;
    @FXML private CanvasChart ratesChart;
    @FXML private CanvasChart latencyChart;
    @FXML private CanvasChart percentilesChart;
    @FXML private SplitPane liveSplit;
    @FXML private SplitPane tableSplit;
    @FXML private TableView<ObjectProperty<GroupRow>> groupTable;
    @FXML private TableColumn<ObjectProperty<GroupRow>, String> groupColumn;
    @FXML private TableColumn<ObjectProperty<GroupRow>, Number> offeredColumn;
    @FXML private TableColumn<ObjectProperty<GroupRow>, Number> acceptedColumn;
    @FXML private TableColumn<ObjectProperty<GroupRow>, Number> rejectedColumn;
    @FXML private TableColumn<ObjectProperty<GroupRow>, Number> errorsColumn;
    @FXML private TableColumn<ObjectProperty<GroupRow>, Number> acceptedPercentColumn;
    @FXML private TableColumn<ObjectProperty<GroupRow>, Number> p50Column;
    @FXML private TableColumn<ObjectProperty<GroupRow>, Number> p99Column;
    @FXML private TableColumn<ObjectProperty<GroupRow>, Number> fairnessColumn;
    @FXML private Label topClientsCaption;
    @FXML private ChoiceBox<ClientRanking> clientRankingPicker;
    @FXML private TableView<ObjectProperty<ClientRow>> topClientsTable;
    @FXML private TableColumn<ObjectProperty<ClientRow>, String> clientKeyColumn;
    @FXML private TableColumn<ObjectProperty<ClientRow>, String> clientGroupColumn;
    @FXML private TableColumn<ObjectProperty<ClientRow>, Number> clientOfferedColumn;
    @FXML private TableColumn<ObjectProperty<ClientRow>, Number> clientAdmittedColumn;
    @FXML private TableColumn<ObjectProperty<ClientRow>, Number> clientRejectedColumn;
    @FXML private TableColumn<ObjectProperty<ClientRow>, Number> clientShareColumn;

    /** @param dark whether the charts paint with the dark palette */
    public LiveView(LiveViewModel vm, ObservableBooleanValue dark) {
        this.vm = vm;
        this.dark = dark;
    }

    @FXML
    private void initialize() {
        offeredValue.textProperty().bind(count(vm.offeredProperty()));
        acceptedValue.textProperty().bind(count(vm.acceptedProperty()));
        rejectedValue.textProperty().bind(count(vm.rejectedProperty()));
        errorsValue.textProperty().bind(count(vm.errorsProperty()));
        errorsCaption.textProperty().bind(vm.errorCausesProperty());
        rateValue.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%,.0f req/s", vm.achievedRateProperty().get()),
                vm.achievedRateProperty()));
        rateCaption.textProperty().bind(Bindings.createStringBinding(() -> {
            double target = vm.targetRateProperty().get();
            String retries = String.format(Locale.ROOT, " · + %,.0f retries/s", vm.retryRateProperty().get());
            if (vm.endedProperty().get()) {
                return (target > 0 ? String.format(Locale.ROOT, "offered, average over the run, of %,.0f req/s"
                        + " target", target) : "offered, average over the run") + retries;
            }
            return (target > 0 ? String.format(Locale.ROOT, "offered, of %,.0f req/s target", target)
                    : "offered (last second)") + retries;
        }, vm.targetRateProperty(), vm.endedProperty(), vm.retryRateProperty()));
        vocabularyTips();
        totalsToggle.selectedProperty().bindBidirectional(vm.showTotalsProperty());
        vm.groupToggles().addListener((ListChangeListener<GroupToggle>) c -> buildToggles());
        for (CanvasChart chart : List.of(ratesChart, latencyChart, percentilesChart)) {
            chart.darkProperty().bind(dark);
        }
        // both over time since the start: a span zoomed in one is shown in the other
        ratesChart.shareZoomWith(List.of(percentilesChart));
        ratesChart.dataProperty().bind(vm.ratesProperty());
        latencyChart.dataProperty().bind(vm.latencyProperty());
        percentilesChart.dataProperty().bind(vm.percentilesProperty());
        percentilesChart.setHelp("Each second's p50 and p99 of corrected latency over all answers, and raw p99; in green"
                + " the admitted (2xx) answers' own p50 and p99. For all answers, a second with fewer than 100 answers"
                + " reaches back over the seconds before it (up to 10) until it has 100, so that a quiet second's p99"
                + " is not just its slowest answer.");
        latencyChart.setHelp("Admitted (2xx) is the headline: the latency of requests that got through, from their"
                + " intended send time (updated once a second). All answers (429s included) and raw (from the actual"
                + " send) beside it; corrected latency is free of coordinated omission.");
        groupTable.setItems(RowSlots.follow(vm.groupRows()));
        RowSlots.text(groupColumn, GroupRow::group);
        RowSlots.count(offeredColumn, GroupRow::offered);
        RowSlots.count(acceptedColumn, GroupRow::accepted);
        RowSlots.count(rejectedColumn, GroupRow::rejected);
        RowSlots.count(errorsColumn, GroupRow::errors);
        RowSlots.decimal(acceptedPercentColumn, GroupRow::acceptedPercent, 1);
        RowSlots.millis(p50Column, GroupRow::p50Millis);
        RowSlots.millis(p99Column, GroupRow::p99Millis);
        RowSlots.decimal(fairnessColumn, GroupRow::fairness, 3);
        p50Column.setText("Adm. p50 ms");
        p99Column.setText("Adm. p99 ms");
        NumberColumns.headerTip(groupColumn, "The traffic group of the scenario");
        NumberColumns.headerTip(offeredColumn, Vocabulary.OFFERED);
        NumberColumns.headerTip(acceptedColumn, Vocabulary.ADMITTED);
        NumberColumns.headerTip(rejectedColumn, Vocabulary.REJECTED);
        NumberColumns.headerTip(errorsColumn, Vocabulary.ERRORS);
        NumberColumns.headerTip(p50Column, "Median " + Vocabulary.LATENCY_ADMITTED.toLowerCase(Locale.ROOT)
                + " (updated once a second)");
        NumberColumns.headerTip(p99Column, "99th percentile " + Vocabulary.LATENCY_ADMITTED.toLowerCase(Locale.ROOT)
                + " (updated once a second)");
        NumberColumns.headerTip(acceptedPercentColumn, "Admitted (2xx) of the answered requests, in percent");
        NumberColumns.headerTip(fairnessColumn, "Jain's fairness index of the group's clients' admitted shares"
                + " (x = admitted / offered per client): (Σx)² / (n·Σx²). 1 = every client got the same share of what"
                + " it asked for; 1/n = one got through, the rest were starved. Updated once a second.");
        bindTopClients();
        TableFit.apply(groupTable);
        TableFit.apply(topClientsTable);
        SplitShares.keep(liveSplit);
        SplitShares.keep(tableSplit);
    }

    private void bindTopClients() {
        topClientsCaption.textProperty().bind(vm.topClientsCaptionProperty());
        clientRankingPicker.getItems().setAll(ClientRanking.values());
        clientRankingPicker.valueProperty().bindBidirectional(vm.clientRankingProperty());
        topClientsTable.setItems(RowSlots.follow(vm.topClients()));
        RowSlots.text(clientKeyColumn, ClientRow::key);
        RowSlots.text(clientGroupColumn, ClientRow::group);
        RowSlots.count(clientOfferedColumn, ClientRow::offered);
        RowSlots.count(clientAdmittedColumn, ClientRow::admitted);
        RowSlots.count(clientRejectedColumn, ClientRow::rejected);
        RowSlots.decimal(clientShareColumn, ClientRow::admittedPercent, 1);
        NumberColumns.headerTip(clientKeyColumn, "The client as the proxy sees it: its key header's value or its own"
                + " source address (its plan id when the key rule cannot tell clients apart)");
        NumberColumns.headerTip(clientGroupColumn, "The traffic group the client belongs to");
        NumberColumns.headerTip(clientOfferedColumn, Vocabulary.OFFERED);
        NumberColumns.headerTip(clientAdmittedColumn, "2xx answers to any attempt, retries included");
        NumberColumns.headerTip(clientRejectedColumn, "429 answers to any attempt, retries included");
        NumberColumns.headerTip(clientShareColumn, "Admitted / offered: the share of the client's requests that got"
                + " through");
    }

    /** The headline numbers' definitions, as every output words them ({@link Vocabulary}). */
    private void vocabularyTips() {
        Tips.set(offeredValue, Vocabulary.OFFERED);
        Tips.set(acceptedValue, Vocabulary.ADMITTED);
        Tips.set(rejectedValue, Vocabulary.REJECTED);
        Tips.set(errorsValue, Vocabulary.ERRORS);
        Tips.set(rateValue, Vocabulary.RATE);
        Tips.set(rateCaption, Vocabulary.RATE);
    }

    /** The chart nodes, for PNG export. */
    public List<CanvasChart> charts() {
        return List.of(ratesChart, latencyChart, percentilesChart);
    }

    private void buildToggles() {
        List<Node> keep = List.copyOf(toggleBar.getChildren().subList(0, 2));
        toggleBar.getChildren().setAll(keep);
        for (GroupToggle t : vm.groupToggles()) {
            CheckBox box = new CheckBox(t.group());
            box.setId("group-toggle-" + t.group());
            box.selectedProperty().bindBidirectional(t.shownProperty());
            Tips.set(box, "Draw the " + Vocabulary.WORD_ADMITTED + " (solid) and " + Vocabulary.WORD_REJECTED
                    + " (dashed) rates of " + t.group());
            toggleBar.getChildren().add(box);
        }
    }

    private static javafx.beans.binding.StringBinding count(javafx.beans.property.LongProperty p) {
        return Bindings.createStringBinding(() -> String.format(Locale.ROOT, "%,d", p.get()), p);
    }
}
